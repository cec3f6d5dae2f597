package dev.duoboot.linux;

import java.util.List;
import java.util.Optional;

/** What one kernel model run ended with: memblock, the reserved_mem table, lookups, remoteproc, log, why. */
public record KernelReport(String profile, List<MemblockRegion> memory, List<MemblockRegion> reserved,
        List<ReservedRegion> reservedMem, List<Lookup> lookups, Optional<RemoteprocOutcome> remoteproc,
        List<LogLine> log, List<Explanation> explanations) {}
