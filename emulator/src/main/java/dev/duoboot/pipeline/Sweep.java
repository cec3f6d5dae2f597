package dev.duoboot.pipeline;

import dev.duoboot.DuobootException;
import dev.duoboot.EmulationException;
import dev.duoboot.analysis.BootReport;
import dev.duoboot.linux.KernelProfile;
import dev.duoboot.scenario.Expectations;
import dev.duoboot.scenario.Inputs;
import dev.duoboot.scenario.MemmapText;
import dev.duoboot.scenario.ResolvedInputs;
import dev.duoboot.scenario.Scenario;
import dev.duoboot.scenario.ScenarioEdit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Pattern;

/**
 * A matrix of runs: every combination of memmap.py constants and kernel lines, each cell a full
 * static check or a full emulated boot ({@link Mode}), its failure diagnosed and its fixes
 * re-checked. Cells run in parallel (one emulated machine per cell);
 * results come back in cell order, so the output does not depend on thread timing. A cell is
 * judged on its own: it should boot (the base scenario's expectations are for the base).
 */
public final class Sweep {

    private static final Pattern CONSTANT = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private Sweep() {}

    /** How each cell is run. */
    public enum Mode {
        /** {@link Pipeline#check}: milliseconds per cell. */
        CHECK("checked with the static chain"),
        /** {@link Pipeline#boot} with {@code duoboot boot}'s limits: seconds per cell. */
        BOOT("booted on the emulated SoC");

        private final String description;

        Mode(String description) {
            this.description = description;
        }

        /** For the report's headline: "each ..." */
        public String description() {
            return description;
        }

        BootReport report(Scenario s) {
            return switch (this) {
                case CHECK -> Pipeline.check(s);
                case BOOT -> Pipeline.boot(s);
            };
        }
    }

    /** One dimension of the matrix. */
    public sealed interface Axis {
        /** The column title. */
        String name();

        List<String> values();

        ScenarioEdit edit(String value);
    }

    /** A memmap.py constant and the Python expressions it takes ({@code 0x400000}, {@code 4 * SIZE_1M}). */
    public record MemmapAxis(String name, List<String> values) implements Axis {
        public MemmapAxis {
            values = List.copyOf(values);
        }

        public ScenarioEdit edit(String value) {
            return new ScenarioEdit.MemmapAssign(name, value);
        }
    }

    /** Kernel profiles. */
    public record KernelAxis(List<String> values) implements Axis {
        public KernelAxis {
            values = List.copyOf(values);
        }

        public String name() {
            return "kernel";
        }

        public ScenarioEdit edit(String value) {
            return new ScenarioEdit.UseKernel(value);
        }
    }

    /** One combination: the value of each axis, in axis order, and the edits that make it. */
    public record Cell(int index, List<String> values, List<ScenarioEdit> edits) {
        public Cell {
            values = List.copyOf(values);
            edits = List.copyOf(edits);
        }
    }

    /**
     * A cell's outcome: its report, or the one-line reason its inputs could not be checked
     * ({@code badInput}) or its emulation could not go on ({@code emulationError}).
     */
    public record Result(Cell cell, Optional<BootReport> report, Optional<String> badInput, Optional<String> emulationError) {
        public boolean success() {
            return report.map(r -> r.verdict().success()).orElse(false);
        }
    }

    /**
     * {@code NAME=v1,v2,...}; several constants may share one argument
     * ({@code FREERTOS_SIZE=0x200000,0x400000,ION_SIZE=0,0x1000000}).
     */
    public static List<MemmapAxis> parseVary(String spec) {
        List<MemmapAxis> out = new ArrayList<>();
        String name = null;
        List<String> values = new ArrayList<>();
        for (String token : spec.split(",", -1)) {
            int eq = token.indexOf('=');
            if (eq > 0 && CONSTANT.matcher(token.substring(0, eq).strip()).matches()) {
                if (name != null) {
                    out.add(axis(name, values));
                }
                name = token.substring(0, eq).strip();
                values = new ArrayList<>();
                token = token.substring(eq + 1);
            } else if (name == null) {
                throw new DuobootException("--vary " + spec + ": expected NAME=value,value,...");
            }
            values.add(token.strip());
        }
        out.add(axis(name, values));
        return out;
    }

    private static MemmapAxis axis(String name, List<String> values) {
        if (values.stream().anyMatch(String::isEmpty)) {
            throw new DuobootException("--vary " + name + ": an empty value");
        }
        return new MemmapAxis(name, values);
    }

    /** Every combination, the first axis varying slowest. */
    public static List<Cell> cells(List<Axis> axes) {
        List<Cell> out = new ArrayList<>();
        int total = 1;
        for (Axis a : axes) {
            total = Math.multiplyExact(total, a.values().size());
        }
        for (int i = 0; i < total; i++) {
            List<String> values = new ArrayList<>();
            List<ScenarioEdit> edits = new ArrayList<>();
            int rest = i;
            int stride = total;
            for (Axis a : axes) {
                stride /= a.values().size();
                String v = a.values().get(rest / stride);
                rest %= stride;
                values.add(v);
                edits.add(a.edit(v));
            }
            out.add(new Cell(i + 1, values, edits));
        }
        return out;
    }

    /**
     * Checks that the base scenario can take the axes at all (the constants exist in its
     * memmap.py, the kernels are known), so a mistyped name is one bad-input line, not a matrix of them.
     */
    public static void validate(Scenario base, List<Axis> axes) {
        ResolvedInputs in = Inputs.resolve(base);
        for (Axis a : axes) {
            switch (a) {
                case MemmapAxis m -> MemmapText.find(in.memmapSource(), m.name(), in.memmapPath());
                case KernelAxis k -> k.values().forEach(p -> KernelProfile.require(p, "--kernel"));
            }
        }
    }

    /** Runs every cell on {@code threads} threads; {@code done} is called once per finished cell, from any thread. */
    public static List<Result> run(Scenario base, List<Cell> cells, Mode mode, int threads, Runnable done) {
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads));
        try {
            List<Future<Result>> futures = new ArrayList<>();
            for (Cell c : cells) {
                futures.add(pool.submit(() -> {
                    try {
                        return runCell(base, c, mode);
                    } finally {
                        done.run();
                    }
                }));
            }
            List<Result> out = new ArrayList<>();
            for (Future<Result> f : futures) {
                out.add(f.get());
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("sweep interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("a sweep cell failed", e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    private static Result runCell(Scenario base, Cell c, Mode mode) {
        List<ScenarioEdit> edits = new ArrayList<>(base.edits());
        edits.addAll(c.edits());
        Scenario s = base.toBuilder().edits(edits).expect(Expectations.NONE).name(base.name() + " #" + c.index()).build();
        try {
            return new Result(c, Optional.of(mode.report(s)), Optional.empty(), Optional.empty());
        } catch (EmulationException e) {
            return new Result(c, Optional.empty(), Optional.empty(), Optional.of(e.getMessage()));
        } catch (DuobootException e) {
            return new Result(c, Optional.empty(), Optional.of(e.getMessage()), Optional.empty());
        }
    }
}
