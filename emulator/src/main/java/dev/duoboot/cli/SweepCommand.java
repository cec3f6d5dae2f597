package dev.duoboot.cli;

import dev.duoboot.DuobootException;
import dev.duoboot.pipeline.Sweep;
import dev.duoboot.report.ReportDirectory;
import dev.duoboot.report.SweepJson;
import dev.duoboot.report.SweepText;
import dev.duoboot.scenario.Scenario;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code duoboot sweep}: a matrix of static checks (or, with {@code --boot}, emulated boots) over
 * memmap.py constants and kernel lines, in
 * parallel on all cores, with a progress bar on stderr when it is a terminal, then the result
 * table (or JSON). Exit 0 when every cell boots, 1 when one does not, 2 for bad input.
 */
@Command(name = "sweep", mixinStandardHelpOptions = true,
        description = "Checks (or with --boot boots) every combination of memmap.py values and kernels (--vary, --kernel a,b) in parallel.")
public final class SweepCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ScenarioOptions inputs;

    @Option(names = "--vary", paramLabel = "NAME=v1,v2[,NAME2=w1,w2]", required = true,
            description = "memmap.py constants and the values (Python expressions) to try; repeatable")
    List<String> vary = new ArrayList<>();

    @Option(names = "--jobs", paramLabel = "N", description = "cells run in parallel (default: the number of cores)")
    Integer jobs;

    @Option(names = "--boot", description = "boot each cell on the emulated SoC (as duoboot boot; seconds per cell) instead of the static check")
    boolean boot;

    @Option(names = "--json", description = "the results as JSON on stdout instead of the table")
    boolean json;

    @Option(names = "--report-dir", paramLabel = "DIR",
            description = "write sweep.txt, sweep.json and each cell's full report to cell-N/ under DIR")
    Path reportDir;

    @Override
    public Integer call() {
        List<String> kernels = inputs.kernel == null ? List.of() : Arrays.asList(inputs.kernel.split(","));
        Scenario base = inputs.scenario(kernels.isEmpty() ? null : kernels.getFirst());
        List<Sweep.Axis> axes = new ArrayList<>();
        for (String v : vary) {
            axes.addAll(Sweep.parseVary(v));
        }
        if (kernels.size() > 1) {
            axes.add(new Sweep.KernelAxis(kernels));
        }
        Sweep.validate(base, axes);
        List<Sweep.Cell> cells = Sweep.cells(axes);
        int threads = jobs != null ? jobs : Runtime.getRuntime().availableProcessors();
        if (threads < 1) {
            throw new DuobootException("--jobs: expected at least 1, got " + threads);
        }
        Progress progress = new Progress(spec.commandLine().getErr(), cells.size(),
                System.console() != null && System.console().isTerminal());
        Sweep.Mode mode = boot ? Sweep.Mode.BOOT : Sweep.Mode.CHECK;
        List<Sweep.Result> results = Sweep.run(base, cells, mode, threads, progress::step);
        progress.finish();
        String text = SweepText.render(base.name(), mode, axes, results);
        String jsonText = SweepJson.render(base.name(), mode, axes, results);
        PrintWriter out = spec.commandLine().getOut();
        out.print(json ? jsonText : text);
        out.flush();
        if (reportDir != null) {
            write(results, text, jsonText);
        }
        return results.stream().allMatch(Sweep.Result::success) ? 0 : 1;
    }

    private void write(List<Sweep.Result> results, String text, String jsonText) {
        try {
            Files.createDirectories(reportDir);
            Files.writeString(reportDir.resolve("sweep.txt"), text, StandardCharsets.UTF_8);
            Files.writeString(reportDir.resolve("sweep.json"), jsonText, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new DuobootException(reportDir + ": cannot write the sweep: " + e.getMessage());
        }
        for (Sweep.Result r : results) {
            r.report().ifPresent(rep -> ReportDirectory.write(rep, reportDir.resolve("cell-" + r.cell().index())));
        }
    }

    /** A progress bar redrawn in place on stderr; silent unless stderr is a terminal. */
    private static final class Progress {
        private final PrintWriter err;
        private final int total;
        private final boolean shown;
        private final AtomicInteger done = new AtomicInteger();

        Progress(PrintWriter err, int total, boolean shown) {
            this.err = err;
            this.total = total;
            this.shown = shown;
        }

        void step() {
            int n = done.incrementAndGet();
            if (!shown) {
                return;
            }
            int width = 40;
            int filled = n * width / total;
            synchronized (err) {
                err.print("\r[" + "#".repeat(filled) + "-".repeat(width - filled) + "] " + n + "/" + total);
                err.flush();
            }
        }

        void finish() {
            if (shown) {
                err.println();
                err.flush();
            }
        }
    }
}
