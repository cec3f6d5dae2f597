package dev.duoboot.boot;

import dev.duoboot.soc.Machine;
import dev.duoboot.soc.RunLimits;
import dev.duoboot.soc.WriteTracker;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * After the kernel model: the C906B asks the C906L for CMD_TEST_A through the mailbox, as the
 * SDK's mailbox test does, and the record says what came back, where the C906L stood at the end
 * and the DRAM it was first to write in each stage (its data and stack).
 */
final class LittleCoreProbe {

    /** How long the C906B waits for the C906L's answer (the kernel driver waits about as long). */
    static final long TIMEOUT_MILLIS = 250;
    static final long TIMEOUT_TICKS = 25_000_000L * TIMEOUT_MILLIS / 1000; // at 25 MHz

    private LittleCoreProbe() {}

    static StageRecord run(EmulatedBoot boot, RunLimits limits) {
        Machine m = boot.machine();
        int before = m.console().linesOf(Machine.HART_C906B).size();
        Optional<Long> status = boot.afterKernel(EmulatedBoot.KERNEL_NEXT_MAILBOX_TEST, TIMEOUT_TICKS,
                limits.withMaxVirtualNanos(limits.maxVirtualNanos() + 1_000_000_000L));
        List<StageEvent> events = new ArrayList<>();
        events.add(new StageEvent.MailboxProbe(TIMEOUT_MILLIS));
        List<String> said = m.console().linesOf(Machine.HART_C906B);
        said.subList(Math.min(before, said.size()), said.size()).forEach(l -> events.add(new StageEvent.Printed(Machine.HART_C906B, l)));
        Optional<String> banner = m.console().linesOf(Machine.HART_C906L).stream().filter(l -> l.contains("little-core image"))
                .reduce((a, b) -> b).map(String::strip);
        events.add(status.<StageEvent>map(s -> s == 0 ? new StageEvent.LittleCoreAnswered(banner) : new StageEvent.NoValidAnswer(s))
                .orElse(new StageEvent.ProbeUnfinished()));
        return new StageRecord(StageId.LITTLE_CORE, events, new MemoryView("C906L", regions(m)), Optional.empty());
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
        if (m.board().dram().contains(pc)) {
            out.add(new MemoryRegion(pc, 4, String.format("C906L pc 0x%x at the end", pc), RegionKind.FIRMWARE));
        }
        return out;
    }
}
