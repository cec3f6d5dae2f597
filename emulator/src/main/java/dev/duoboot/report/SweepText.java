package dev.duoboot.report;

import dev.duoboot.analysis.BootReport;
import dev.duoboot.pipeline.Sweep;
import java.util.ArrayList;
import java.util.List;

/**
 * A sweep as text: one row per cell (its values, verdict, and the rule and first verified fix of
 * a failure), a summary, then each failing cell's verdict and diagnosis as a single check prints them
 * (or why its inputs could not be checked).
 */
public final class SweepText {

    private SweepText() {}

    public static String render(String base, Sweep.Mode mode, List<Sweep.Axis> axes, List<Sweep.Result> results) {
        StringBuilder s = new StringBuilder();
        s.append("duoboot sweep: ").append(base).append(", ").append(results.size()).append(" cells (")
                .append(String.join(" x ", axes.stream().map(a -> a.values().size() + " " + a.name()).toList()))
                .append("), each ").append(mode.description()).append("\n\n");
        List<String[]> rows = new ArrayList<>();
        List<String> header = new ArrayList<>(List.of("cell"));
        axes.forEach(a -> header.add(a.name()));
        header.addAll(List.of("verdict", "why", "verified fix"));
        rows.add(header.toArray(String[]::new));
        for (Sweep.Result r : results) {
            List<String> row = new ArrayList<>(List.of(String.valueOf(r.cell().index())));
            row.addAll(r.cell().values());
            if (r.badInput().isPresent()) {
                row.addAll(List.of("bad input", "(below)", ""));
            } else if (r.emulationError().isPresent()) {
                row.addAll(List.of("emulation error", "(below)", ""));
            } else {
                BootReport rep = r.report().orElseThrow();
                row.add(rep.verdict().id());
                row.add(rep.diagnosis().map(d -> d.rule().id()).orElse(""));
                row.add(rep.diagnosis().flatMap(d -> d.fixes().stream().filter(f -> f.verified()).findFirst())
                        .flatMap(f -> f.edit()).map(e -> e.describe()).orElse(""));
            }
            rows.add(row.toArray(String[]::new));
        }
        table(s, rows);
        long ok = results.stream().filter(Sweep.Result::success).count();
        long bad = results.stream().filter(r -> r.badInput().isPresent()).count();
        long crashed = results.stream().filter(r -> r.emulationError().isPresent()).count();
        s.append("\n").append(ok).append(" booted, ").append(results.size() - ok - bad - crashed).append(" failed, ").append(bad)
                .append(" bad input");
        if (crashed > 0) {
            s.append(", ").append(crashed).append(crashed == 1 ? " emulation error" : " emulation errors");
        }
        s.append('\n');
        for (Sweep.Result r : results) {
            if (r.success()) {
                continue;
            }
            s.append("\ncell ").append(r.cell().index()).append(": ").append(String.join(", ", r.cell().edits().stream()
                    .map(e -> e.describe()).toList())).append('\n');
            if (r.report().isEmpty()) {
                String why = r.badInput().map(m -> "bad input: " + m).orElseGet(() -> "emulation error: " + r.emulationError().orElseThrow());
                ReportText.wrap(s, why, "", "  ");
                continue;
            }
            BootReport rep = r.report().get();
            s.append("verdict: FAILED ").append(rep.verdict().id()).append('\n');
            ReportText.wrap(s, Words.verdict(rep.verdict()), "  ");
            rep.diagnosis().ifPresent(d -> ReportText.diagnosis(s, d));
        }
        return s.toString();
    }

    private static void table(StringBuilder s, List<String[]> rows) {
        int[] w = new int[rows.getFirst().length];
        for (String[] r : rows) {
            for (int i = 0; i < r.length; i++) {
                w[i] = Math.max(w[i], r[i].length());
            }
        }
        for (String[] r : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < r.length; i++) {
                line.append(i == 0 ? String.format("%" + w[i] + "s", r[i]) : "  " + r[i] + " ".repeat(w[i] - r[i].length()));
            }
            s.append(line.toString().stripTrailing()).append('\n');
        }
    }
}
