package dev.duoboot.flow;

import java.util.List;

/**
 * One boot as a chain ran it: the stages before the kernel in order, each hart's console, and the
 * kernel's part. The static chain has no consoles.
 */
public record ChainRecord(String chain, List<StageRecord> stages, List<HartConsole> consoles, KernelOutcome kernel) {

    public ChainRecord {
        stages = List.copyOf(stages);
        consoles = List.copyOf(consoles);
    }

    /** What one hart printed, line by line. */
    public record HartConsole(int hart, String name, List<String> lines) {
        public HartConsole {
            lines = List.copyOf(lines);
        }
    }
}
