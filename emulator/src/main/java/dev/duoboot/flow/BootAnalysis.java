package dev.duoboot.flow;

import dev.duoboot.fdt.Dtb;
import dev.duoboot.fdt.TreeDiff;
import dev.duoboot.soc.RunLimits;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Makes the {@link BootReport} of a boot from its inputs and the chain's record, whichever chain
 * ran: the verdict is the kernel stage's, the diagnosis's fixes are tried {@code fixCheck}'s way
 * (an emulated boot within {@code limits}), the findings and the memory map come from the record.
 */
public final class BootAnalysis {

    private BootAnalysis() {}

    public static BootReport report(ResolvedInputs in, ChainRecord record, FixCheck fixCheck, RunLimits limits) {
        KernelOutcome k = record.kernel();
        List<Finding> findings = LayoutChecks.run(in, record);
        Optional<Diagnosis> diagnosis = Diagnoser.diagnose(in, k, fixCheck, limits);
        List<MemoryView> views = MemoryViews.of(in, record, findings);

        List<BootReport.DtFile> dts = new ArrayList<>();
        dts.add(new BootReport.DtFile(StageRecord.PassedDt.BOARD_UBOOT,
                "the board DT as U-Boot's build compiles it (OpenSBI carries it)", Optional.empty(), in.ubootDtb()));
        dts.add(new BootReport.DtFile(StageRecord.PassedDt.BOARD_KERNEL,
                "the board DT as the kernel's build compiles it (boot.sd carries it)", Optional.empty(), in.kernelDtb()));
        List<BootReport.DtDiff> diffs = new ArrayList<>();
        for (StageRecord s : record.stages()) {
            if (s.dtPassedOn().isEmpty()) {
                continue;
            }
            StageRecord.PassedDt d = s.dtPassedOn().get();
            byte[] before = dts.stream().filter(f -> f.fileName().equals(d.basedOn())).findFirst()
                    .orElseThrow(() -> new IllegalStateException(s.stage() + " names an unknown base DT " + d.basedOn())).blob();
            dts.add(new BootReport.DtFile(d.fileName(), s.stage() + " passes it on", Optional.of(d.addr()), d.blob()));
            diffs.add(diff(s.stage(), d.basedOn(), d.fileName(), before, d.blob()));
        }

        List<String> unmet = in.scenario().expect().unmet(k.verdict(), logOf(record));
        return new BootReport(in.scenario().name(), in.scenario().description(), record.chain(), inputs(in), record.stages(),
                record.consoles(), k.report(), k.verdict(), diagnosis, findings, views, in.dtcWarnings(), dts, diffs,
                in.scenario().expect(), unmet);
    }

    private static List<String> logOf(ChainRecord r) {
        List<String> out = new ArrayList<>();
        r.consoles().forEach(c -> out.addAll(c.lines()));
        r.kernel().report().log().forEach(l -> out.add(l.formatted()));
        return out;
    }

    /** What {@code stage} changed, as dt-diff/{@code stage}.diff ({@code opensbi.diff}). */
    private static BootReport.DtDiff diff(String stage, String from, String to, byte[] before, byte[] after) {
        TreeDiff d = TreeDiff.between(Dtb.read(before, from), Dtb.read(after, to));
        String file = stage.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "-") + ".diff";
        return new BootReport.DtDiff(file, from, to, d.isEmpty() ? "(no changes)\n" : d.toText());
    }

    private static List<BootReport.Input> inputs(ResolvedInputs in) {
        List<BootReport.Input> out = new ArrayList<>();
        out.add(new BootReport.Input("board", in.board().describe()));
        out.add(new BootReport.Input("memmap.py", in.memmapPath() + String.format(": FREERTOS_ADDR 0x%x, FREERTOS_SIZE 0x%x, "
                + "KERNEL_MEMORY_SIZE 0x%x", in.mm("FREERTOS_ADDR"), in.mm("FREERTOS_SIZE"), in.mm("KERNEL_MEMORY_SIZE"))));
        out.add(new BootReport.Input("device tree", in.dtSource() + (in.scenario().dts().isPresent()
                ? " (with " + InputResolver.GENERATED_DIR + "/" + InputResolver.MEMMAP_HEADER + " from memmap.py)" : "")));
        out.add(new BootReport.Input("kernel", in.profile().name() + ": " + in.profile().description()));
        out.add(new BootReport.Input(".config", in.kernelConfig().map(c -> c.fileName() + ": "
                + KernelStage.driverSymbol(in.driver()) + tristate(in, KernelStage.driverSymbol(in.driver())))
                .orElse("(none: every driver counts as built in)")));
        out.add(new BootReport.Input("rproc driver", in.driver().id() + ": " + in.driver().description()));
        out.add(new BootReport.Input("firmware", in.firmware().choice().describe() + String.format(" (entry 0x%x, %d bytes)",
                in.firmware().file().entry(), in.firmware().file().size())));
        out.add(new BootReport.Input("chain", in.chain().id()));
        in.scenario().fip().ifPresent(f -> out.add(new BootReport.Input("fip.bin", f + " (its images behind duoboot's FSBL)")));
        in.scenario().parts().opensbi().ifPresent(f -> out.add(new BootReport.Input("OpenSBI", f + " (MONITOR, in place of the chain's)")));
        in.scenario().parts().uboot().ifPresent(f -> out.add(new BootReport.Input("U-Boot", f + " (LOADER_2ND, in place of the chain's)")));
        out.add(new BootReport.Input("bootargs", in.bootargs()));
        out.add(new BootReport.Input("start remoteproc", in.scenario().startRproc().map(b -> b ? "yes" : "no")
                .orElse("yes (when an rproc node exists)")));
        for (ScenarioEdit e : in.scenario().edits()) {
            out.add(new BootReport.Input("edit", e.describe()));
        }
        return out;
    }

    private static String tristate(ResolvedInputs in, String symbol) {
        return switch (in.tristate(symbol)) {
            case YES -> "=y";
            case MODULE -> "=m";
            case NO -> " is not set";
        };
    }
}
