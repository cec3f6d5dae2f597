package dev.duoboot.boot;

import dev.duoboot.soc.Machine;
import dev.duoboot.soc.RunLimits;
import dev.duoboot.soc.WriteTracker;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * After the kernel model: the C906B asks the C906L for CMD_TEST_A through the mailbox, as the
 * SDK's mailbox test does; then what the little core did is read off the machine: where it
 * stands, how much it ran, whose image is under its pc. The answer to the probe is one fact among
 * these, never the proof that the core runs (the SDK's own FreeRTOS does not serve CMD_TEST_A).
 */
final class LittleCoreProbe {

    /** How long the C906B waits for the C906L's answer (the kernel driver waits about as long). */
    static final long TIMEOUT_MILLIS = 250;
    static final long TIMEOUT_TICKS = 25_000_000L * TIMEOUT_MILLIS / 1000; // at 25 MHz
    /** The stub's statuses (firmware-fixtures/src/kernel/after_kernel.c mailbox_test()). */
    private static final long ANSWERED = 0;
    private static final long WRONG_ANSWER = 2;
    private static final long TIMEOUT = 3;

    private LittleCoreProbe() {}

    /** The record of the C906L stage and what the core did. */
    record Result(StageRecord record, LittleCoreObservation observation) {}

    /** @param memory the kernel model's memory: whether the core was restarted after remoteproc's load */
    static Result run(EmulatedBoot boot, KernelOutcome k, SocMemory memory, RunLimits limits) {
        Machine m = boot.machine();
        List<StageEvent> events = new ArrayList<>();
        LittleCoreObservation.Probe probe = LittleCoreObservation.Probe.NOT_PROBED;
        // a C906B whose bus hung runs nothing more, the mailbox test included
        if (!m.isHeld(Machine.HART_C906L) && m.busHang().isEmpty()) {
            int before = m.console().linesOf(Machine.HART_C906B).size();
            Optional<Long> status = boot.afterKernel(EmulatedBoot.KERNEL_NEXT_MAILBOX_TEST, TIMEOUT_TICKS,
                    limits.withMaxVirtualNanos(limits.maxVirtualNanos() + 1_000_000_000L));
            events.add(new StageEvent.MailboxProbe(TIMEOUT_MILLIS));
            List<String> said = m.console().linesOf(Machine.HART_C906B);
            said.subList(Math.min(before, said.size()), said.size()).forEach(l -> events.add(new StageEvent.Printed(Machine.HART_C906B, l)));
            probe = status.map(s -> s == ANSWERED ? LittleCoreObservation.Probe.ANSWERED
                    : s == WRONG_ANSWER ? LittleCoreObservation.Probe.WRONG_ANSWER
                    : s == TIMEOUT ? LittleCoreObservation.Probe.NO_ANSWER : LittleCoreObservation.Probe.NOT_PROBED)
                    .orElse(LittleCoreObservation.Probe.NOT_PROBED);
            events.add(new StageEvent.ProbeAnswer(probe));
        }
        LittleCoreObservation seen = LittleCoreFate.classify(!m.isHeld(Machine.HART_C906L), m.hart(Machine.HART_C906L).pc(),
                OptionalLong.of(m.hart(Machine.HART_C906L).instructions()), k, LittleCoreFate.fsblImage(boot.inputs()), probe,
                memory.littleCoreRestartedSinceLoad());
        events.add(new StageEvent.LittleCoreSeen(seen));
        return new Result(new StageRecord(StageId.LITTLE_CORE, events, new MemoryView("C906L", regions(m)), Optional.empty()), seen);
    }

    private static List<MemoryRegion> regions(Machine m) {
        List<MemoryRegion> out = new ArrayList<>();
        for (WriteTracker.Phase phase : m.writes().phases()) {
            for (WriteTracker.Write w : m.writes().writes(phase)) {
                if (w.hart() == Machine.HART_C906L) {
                    out.add(new MemoryRegion(w.base(), w.sizeBytes(),
                            String.format("C906L stored here (first at 0x%x, %s)", w.firstAddress(), phase.label()), RegionKind.LOADED));
                }
            }
        }
        long pc = m.hart(Machine.HART_C906L).pc();
        if (!m.isHeld(Machine.HART_C906L) && m.board().dram().contains(pc)) {
            out.add(new MemoryRegion(pc, 4, String.format("C906L pc 0x%x at the end", pc), RegionKind.FIRMWARE));
        }
        return out;
    }
}
