package dev.duoboot.cli;

import dev.duoboot.scenario.Preset;
import dev.duoboot.scenario.Scenario;
import dev.duoboot.scenario.VerdictKind;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code duoboot presets}: every built-in scenario with its board, the outcome it states (the
 * tests hold each to it under both chains) and where users reported what it reproduces.
 */
@Command(name = "presets", mixinStandardHelpOptions = true,
        description = "Lists the built-in scenarios: board, the outcome each reproduces, where it was reported.")
public final class PresetsCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--json", description = "one JSON object on stdout")
    boolean json;

    @Override
    public Integer call() {
        List<Scenario> all = Preset.all().stream().map(Preset::scenario).toList();
        if (json) {
            List<Object> out = new ArrayList<>();
            for (Scenario s : all) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("preset", s.name());
                m.put("board", s.board().map(b -> b.id()).orElse(null));
                m.put("outcome", outcome(s));
                m.put("description", s.description());
                m.put("reports", s.reports());
                out.add(m);
            }
            Json.print(spec.commandLine().getOut(), out);
            return 0;
        }
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"preset", "board", "outcome", "reported in"});
        for (Scenario s : all) {
            rows.add(new String[] {s.name(), s.board().map(b -> b.id()).orElse("(by DRAM_SIZE)"), outcome(s),
                    s.reports().isEmpty() ? "-" : String.join("; ", s.reports())});
        }
        StringBuilder text = new StringBuilder();
        int[] w = new int[3];
        for (String[] r : rows) {
            for (int i = 0; i < 3; i++) {
                w[i] = Math.max(w[i], r[i].length());
            }
        }
        for (String[] r : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < 3; i++) {
                line.append(r[i]).append(" ".repeat(w[i] - r[i].length() + 2));
            }
            text.append(line.append(r[3]).toString().stripTrailing()).append('\n');
        }
        spec.commandLine().getOut().print(text);
        spec.commandLine().getOut().flush();
        return 0;
    }

    private static String outcome(Scenario s) {
        return s.expect().verdict().map(VerdictKind::id).orElse("success");
    }
}
