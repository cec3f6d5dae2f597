package dev.duoboot.boot;

import java.util.List;
import java.util.Optional;

/**
 * One boot as a chain ran it: the stages before the kernel in order (and, emulated, the little
 * core after it), each hart's console, the kernel's part, what the little core does (observed on the
 * machine, or predicted by the static chain) and the verdict: the kernel stage's, unless what the
 * little core does contradicts it.
 */
public record BootRecord(BootChain.Kind chain, List<StageRecord> stages, List<HartConsole> consoles, Optional<KernelOutcome> kernel,
        Optional<LittleCoreObservation> littleCore, Verdict verdict) {

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
    public Optional<StageRecord> stage(StageId stage) {
        return stages.stream().filter(s -> s.stage() == stage).findFirst();
    }
}
