package dev.duoboot.linux;

import java.util.List;
import java.util.Optional;

/**
 * What one kernel model run ended with: memblock, the reserved_mem table, lookups, remoteproc, log,
 * why, what mem_init_print_info() reported and why each reservation was made (empty for a kernel
 * that never ran).
 */
public record KernelReport(String profile, List<MemblockRegion> memory, List<MemblockRegion> reserved,
        List<ReservedRegion> reservedMem, List<Lookup> lookups, Optional<RemoteprocOutcome> remoteproc,
        List<LogLine> log, List<Explanation> explanations, Optional<MemInfo> memInfo, List<Reservation> reservations) {

    public KernelReport {
        reservations = List.copyOf(reservations);
    }
}
