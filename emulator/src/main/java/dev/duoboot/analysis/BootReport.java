package dev.duoboot.analysis;

import dev.duoboot.boot.BootChain;
import dev.duoboot.boot.BootRecord;
import dev.duoboot.boot.MemoryRegion;
import dev.duoboot.boot.MemoryView;
import dev.duoboot.boot.StageId;
import dev.duoboot.boot.StageRecord;
import dev.duoboot.boot.Verdict;
import dev.duoboot.fdt.TreeDiff;
import dev.duoboot.linux.KernelReport;
import dev.duoboot.linux.LogLine;
import dev.duoboot.scenario.Expectations;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Everything one boot (checked or emulated) produced, as values: the inputs, what each stage did,
 * the consoles and the kernel log, the verdict and its diagnosis, the layout findings, the memory
 * map per stage, where the DRAM went (what Linux keeps, what ION and the rest took), the device
 * trees each stage passed on with their node-level diffs, and whether
 * the scenario's expectations held. Renderers in {@code report} turn it into text, JSON and SVG.
 */
public record BootReport(
        String scenario,
        String description,
        List<String> reports,
        BootChain.Kind chain,
        BootInputs inputs,
        List<StageRecord> stages,
        List<BootRecord.HartConsole> consoles,
        Optional<KernelReport> kernel,
        Verdict verdict,
        Optional<Diagnosis> diagnosis,
        List<Finding> findings,
        Optional<MemoryUse> memoryUse,
        List<MemoryView> views,
        List<String> dtcWarnings,
        List<DtFile> deviceTrees,
        List<DtDiff> diffs,
        Expectations expectations,
        List<String> unmet) {

    /** Where a device tree of the report came from. */
    public sealed interface DtOrigin {
        /** The board DT as one of the two builds compiles it. */
        record Board(StageRecord.BoardDt build) implements DtOrigin {}

        /** What a stage handed on. */
        record PassedBy(StageId stage) implements DtOrigin {}
    }

    /** A device tree blob for the report directory: file name, where it came from, where it lay. */
    public record DtFile(String fileName, DtOrigin origin, Optional<Long> addr, byte[] blob) {
        public DtFile {
            blob = blob.clone();
        }

        @Override
        public byte[] blob() {
            return blob.clone();
        }
    }

    /** What a stage changed in the device tree, node by node; {@code fileName} in dt-diff/. */
    public record DtDiff(String fileName, StageId stage, String from, String to, TreeDiff changes) {}

    public BootReport {
        reports = List.copyOf(reports);
        stages = List.copyOf(stages);
        consoles = List.copyOf(consoles);
        findings = List.copyOf(findings);
        views = List.copyOf(views);
        dtcWarnings = List.copyOf(dtcWarnings);
        deviceTrees = List.copyOf(deviceTrees);
        diffs = List.copyOf(diffs);
        unmet = List.copyOf(unmet);
    }

    /** The same report with its diagnosis as the pipeline tried it. */
    public BootReport withDiagnosis(Diagnosis d) {
        return new BootReport(scenario, description, reports, chain, inputs, stages, consoles, kernel, verdict, Optional.of(d), findings,
                memoryUse, views, dtcWarnings, deviceTrees, diffs, expectations, unmet);
    }

    /** The kernel's console lines, timestamps included (none when the boot did not reach it). */
    public List<String> kernelLog() {
        return kernel.map(k -> k.log().stream().map(LogLine::formatted).toList()).orElse(List.of());
    }

    /** Every line expectations are matched against: what a stopped build printed, each hart's console, then the kernel log. */
    public List<String> log() {
        List<String> out = new ArrayList<>();
        if (verdict instanceof Verdict.MemmapAssertFailed m) {
            out.addAll(m.buildOutput());
        }
        consoles.forEach(c -> out.addAll(c.lines()));
        out.addAll(kernelLog());
        return out;
    }

    /** Every region of every view (the memory map as data). */
    public List<MemoryRegion> regions() {
        return views.stream().flatMap(v -> v.regions().stream()).toList();
    }

    /** Whether the boot did what the scenario expects (or succeeded, when it expects nothing). */
    public boolean asExpected() {
        return unmet.isEmpty();
    }

    /** 0 as expected, 1 not (the CLI's exit code). */
    public int exitCode() {
        return asExpected() ? 0 : 1;
    }

    /** For a test suite: fails with every unmet expectation and the verdict. */
    public BootReport assertAsExpected() {
        if (!asExpected()) {
            throw new AssertionError(scenario + ": " + String.join("; ", unmet) + " (verdict " + verdict.id() + ")");
        }
        return this;
    }
}
