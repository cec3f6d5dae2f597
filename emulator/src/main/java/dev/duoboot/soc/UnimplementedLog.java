package dev.duoboot.soc;

import dev.duoboot.cpu.C906Hart;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Accesses to addresses no modelled device answers: reads return 0, writes are dropped, and each is
 * logged with the hart and the accessing instruction's PC. A polling loop would flood the log, so
 * each address is logged the first few times and counted after that.
 */
final class UnimplementedLog {

    private static final Logger LOG = LoggerFactory.getLogger(UnimplementedLog.class);
    private static final int LOGGED_PER_ADDRESS = 3;

    private final List<String> entries = new ArrayList<>();
    private final Map<Long, Integer> counts = new TreeMap<>();

    long read(C906Hart hart, String where, long address, int size) {
        record(hart, where, "read of " + size + " bytes at 0x" + Long.toHexString(address), address);
        return 0;
    }

    void write(C906Hart hart, String where, long address, int size, long value) {
        record(hart, where, "write of " + size + " bytes (0x" + Long.toHexString(value) + ") at 0x"
                + Long.toHexString(address), address);
    }

    /** An access the Linux model made on {@code hart}'s behalf: no instruction to name. */
    void modelled(int hart, boolean write, long address, int size) {
        record(hart, -1, "device (modelled code)", (write ? "write" : "read") + " of " + size + " bytes at 0x"
                + Long.toHexString(address), address);
    }

    private void record(C906Hart hart, String where, String what, long address) {
        record(hart.id(), hart.accessingInstruction(address), where, what, address);
    }

    private void record(int hart, long pc, String where, String what, long address) {
        int n = counts.merge(address, 1, Integer::sum);
        if (n <= LOGGED_PER_ADDRESS) {
            String entry = "unimplemented " + where + ": hart " + hart + " " + what + (pc < 0 ? "" : " (pc 0x"
                    + Long.toHexString(pc) + ")");
            entries.add(entry);
            LOG.debug(entry);
        }
    }

    List<String> entries() {
        return List.copyOf(entries);
    }
}
