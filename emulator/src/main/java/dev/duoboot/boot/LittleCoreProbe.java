package dev.duoboot.boot;

import dev.duoboot.soc.Machine;
import dev.duoboot.soc.RunLimits;
import dev.duoboot.soc.WriteTracker;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * After the kernel model: the C906B runs duo-examples' mailbox_test ({@link MailboxTest}) when
 * the user runs it or the C906L was released, the machine running on meanwhile; then what the
 * little core did is read off the machine: where it stands, how much it ran, whose image is under
 * its pc. The test's answer is one fact among these, never the proof that the core runs.
 */
final class LittleCoreProbe {

    /** The stub's statuses (firmware-fixtures/src/kernel/after_kernel.c). */
    private static final long ANSWERED = 0;
    private static final long NO_SLOT = 1;
    private static final long WRONG_ANSWER = 2;
    private static final long TIMEOUT = 3;

    private LittleCoreProbe() {}

    /** The record of the C906L stage and what the core did. */
    record Result(StageRecord record, LittleCoreObservation observation) {}

    /** @param memory the kernel model's memory: whether the core was restarted after remoteproc's load */
    static Result run(EmulatedBoot boot, KernelOutcome k, SocMemory memory, RunLimits limits) {
        Machine m = boot.machine();
        List<StageEvent> events = new ArrayList<>();
        // earlier in the boot the core may have got stuck (its code overwritten) before a reset freed it
        m.events().stream().filter(e -> e.startsWith("hart " + Machine.HART_C906L + " stuck"))
                .forEach(e -> events.add(new StageEvent.Note("the C906L got " + e.substring(e.indexOf("stuck")) + " (until a reset)")));
        LittleCoreObservation.Probe probe = LittleCoreObservation.Probe.NOT_PROBED;
        boolean released = !m.isHeld(Machine.HART_C906L);
        // a C906B whose bus hung runs nothing more, the mailbox test included
        if ((released || boot.inputs().scenario().mailboxTest()) && m.busHang().isEmpty()) {
            events.add(new StageEvent.MailboxTestRun(k.rtosCmdquNode(), false));
            RunLimits after = limits.withMaxVirtualNanos(limits.maxVirtualNanos() + 1_000_000_000L);
            int before = m.console().linesOf(Machine.HART_C906B).size();
            if (k.rtosCmdquNode().isEmpty()) {
                // the program cannot open the device; the machine runs on as long as it would have waited
                probe = LittleCoreObservation.Probe.NO_DEVICE;
                MailboxTest.output(probe, 0).forEach(l -> events.add(new StageEvent.Printed(Machine.HART_C906B, l)));
                if (released) {
                    boot.afterKernel(EmulatedBoot.KERNEL_NEXT_IDLE, MailboxTest.WAIT_TICKS, after);
                }
            } else {
                Optional<Long> status = boot.afterKernel(EmulatedBoot.KERNEL_NEXT_MAILBOX_TEST, MailboxTest.WAIT_TICKS, after);
                List<String> said = m.console().linesOf(Machine.HART_C906B);
                said.subList(Math.min(before, said.size()), said.size()).forEach(l -> events.add(new StageEvent.Printed(Machine.HART_C906B, l)));
                probe = status.map(LittleCoreProbe::probe).orElse(LittleCoreObservation.Probe.NOT_PROBED);
            }
            events.add(new StageEvent.ProbeAnswer(probe));
        }
        LittleCoreObservation seen = LittleCoreFate.classify(released, m.hart(Machine.HART_C906L).pc(),
                OptionalLong.of(m.hart(Machine.HART_C906L).instructions()), k, LittleCoreFate.fsblImage(boot.inputs()), probe,
                memory.littleCoreRestartedSinceLoad());
        events.add(new StageEvent.LittleCoreSeen(seen));
        return new Result(new StageRecord(StageId.LITTLE_CORE, events, new MemoryView("C906L", regions(m)), Optional.empty()), seen);
    }

    private static LittleCoreObservation.Probe probe(long status) {
        if (status == ANSWERED) {
            return LittleCoreObservation.Probe.ANSWERED;
        } else if (status == NO_SLOT) {
            return LittleCoreObservation.Probe.MAILBOX_FULL;
        } else if (status == WRONG_ANSWER) {
            return LittleCoreObservation.Probe.WRONG_ANSWER;
        } else if (status == TIMEOUT) {
            return LittleCoreObservation.Probe.NO_ANSWER;
        }
        return LittleCoreObservation.Probe.NOT_PROBED;
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
