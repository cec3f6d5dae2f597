package dev.duoboot.boot;

import java.util.List;

/**
 * One boot as a chain ran it: the stages before the kernel in order (and, emulated, the little
 * core after it), each hart's console, and the kernel's part. The static chain has no consoles.
 */
public record BootRecord(BootChain.Kind chain, List<StageRecord> stages, List<HartConsole> consoles, KernelOutcome kernel) {

    public BootRecord {
        stages = List.copyOf(stages);
        consoles = List.copyOf(consoles);
    }

    /** What one hart printed, line by line. */
    public record HartConsole(int hart, String name, List<String> lines) {
        public HartConsole {
            lines = List.copyOf(lines);
        }
    }

    /** The record of {@code stage}, if the boot got there. */
    public java.util.Optional<StageRecord> stage(StageId stage) {
        return stages.stream().filter(s -> s.stage() == stage).findFirst();
    }
}
