package dev.duoboot.analysis;

import dev.duoboot.boot.BootRecord;
import dev.duoboot.boot.KernelOutcome;
import dev.duoboot.boot.KernelStage;
import dev.duoboot.boot.MemoryView;
import dev.duoboot.boot.StageRecord;
import dev.duoboot.boot.Verdict;
import dev.duoboot.fdt.DeviceTree;
import dev.duoboot.fdt.TreeDiff;
import dev.duoboot.scenario.ResolvedInputs;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Makes the {@link BootReport} of a boot from its inputs and the chain's record, whichever chain
 * ran: the verdict is the kernel stage's; the findings, the diagnosis (its fixes proposed, not yet
 * tried) and the memory map come from the record.
 */
public final class Analysis {

    private Analysis() {}

    public static BootReport report(ResolvedInputs in, BootRecord record) {
        Optional<KernelOutcome> k = record.kernel();
        Optional<MemoryUse> use = k.flatMap(ko -> ko.report().memInfo().map(m -> MemoryUse.of(in.board().dram().base(),
                in.board().dram().sizeBytes(), ko.report(), ko.dtb().tree())));
        List<Finding> findings = new java.util.ArrayList<>(LayoutChecks.run(in, record));
        long floor = linuxMemoryFloor(in);
        use.ifPresent(u -> findings.add(LinuxMemory.finding(in, u, floor)));
        Optional<Diagnosis> diagnosis = Diagnoser.diagnose(in, k, record.verdict(), record.littleCore())
                .or(() -> use.filter(u -> u.linuxKeeps() < floor).flatMap(u -> LinuxMemory.diagnosis(in, u, floor)));
        List<MemoryView> views = MemoryViews.of(in, record, findings);

        List<BootReport.DtFile> dts = new ArrayList<>();
        dts.add(new BootReport.DtFile(StageRecord.BoardDt.UBOOT.fileName(), new BootReport.DtOrigin.Board(StageRecord.BoardDt.UBOOT),
                Optional.empty(), in.ubootDtb()));
        dts.add(new BootReport.DtFile(StageRecord.BoardDt.KERNEL.fileName(), new BootReport.DtOrigin.Board(StageRecord.BoardDt.KERNEL),
                Optional.empty(), in.kernelDtb()));
        List<BootReport.DtDiff> diffs = new ArrayList<>();
        for (StageRecord s : record.stages()) {
            if (s.dtPassedOn().isEmpty()) {
                continue;
            }
            StageRecord.PassedDt d = s.dtPassedOn().get();
            DeviceTree before = d.basedOn() == StageRecord.BoardDt.UBOOT ? in.ubootTree() : in.kernelTree();
            dts.add(new BootReport.DtFile(d.fileName(), new BootReport.DtOrigin.PassedBy(s.stage()), Optional.of(d.addr()),
                    d.dt().blob()));
            diffs.add(new BootReport.DtDiff(s.stage().fileStem() + ".diff", s.stage(), d.basedOn().fileName(), d.fileName(),
                    TreeDiff.between(before, d.dt().tree())));
        }

        List<String> unmet = in.scenario().expect().unmet(record.verdict().kind(), logOf(record), use.map(MemoryUse::linuxKeeps));
        return new BootReport(in.scenario().name(), in.scenario().description(), in.scenario().reports(), record.chain(), inputs(in), record.stages(),
                record.consoles(), k.map(KernelOutcome::report), record.verdict(), diagnosis, findings, use, views,
                record.verdict().kind().booted() ? in.dtcWarnings() : List.of(), dts, diffs,
                in.scenario().expect(), unmet);
    }

    /**
     * How much Linux must keep before the report warns: the scenario's {@code linux-memory-at-least},
     * else half of the board's DRAM (docs: a rule of thumb, not a fact from a report).
     */
    static long linuxMemoryFloor(ResolvedInputs in) {
        return in.scenario().expect().linuxMemoryAtLeast().orElse(in.board().dram().sizeBytes() / 2);
    }

    private static List<String> logOf(BootRecord r) {
        List<String> out = new ArrayList<>();
        if (r.verdict() instanceof Verdict.MemmapAssertFailed m) {
            out.addAll(m.buildOutput());
        }
        r.consoles().forEach(c -> out.addAll(c.lines()));
        r.kernel().ifPresent(k -> k.report().log().forEach(l -> out.add(l.formatted())));
        return out;
    }

    private static BootInputs inputs(ResolvedInputs in) {
        String symbol = KernelStage.driverSymbol(in.driver());
        return new BootInputs(in.board(), in.memmapPath(), in.mm("FREERTOS_ADDR"), in.mm("FREERTOS_SIZE"),
                in.mm("KERNEL_MEMORY_SIZE"), in.dtSource(), in.scenario().dts().isPresent(), in.profile(),
                new BootInputs.ConfigLine(in.kernelConfig().fileName(), symbol, in.tristate(symbol),
                        in.defaultConfig().map(d -> "no .config given: the default for " + in.profile().name() + ", " + d.source())),
                in.driver(),
                in.firmware().choice(), in.firmware().file().entry(), in.firmware().file().size(), in.chain(), in.stages(),
                in.scenario().fip(), in.scenario().image(), in.scenario().fsbl(),
                in.scenario().parts().opensbi(), in.scenario().parts().uboot(), in.bootargs(), in.scenario().startRproc(),
                in.scenario().edits());
    }
}
