package dev.duoboot.report;

import dev.duoboot.analysis.BootReport;
import dev.duoboot.pipeline.Sweep;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A sweep as JSON: the axes, then one object per cell in cell order. */
public final class SweepJson {

    private SweepJson() {}

    public static String render(String base, Sweep.Mode mode, List<Sweep.Axis> axes, List<Sweep.Result> results) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("base", base);
        m.put("mode", mode.name().toLowerCase(java.util.Locale.ROOT));
        List<Object> ax = new ArrayList<>();
        for (Sweep.Axis a : axes) {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("name", a.name());
            x.put("values", a.values());
            ax.add(x);
        }
        m.put("axes", ax);
        List<Object> cells = new ArrayList<>();
        for (Sweep.Result r : results) {
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("cell", r.cell().index());
            Map<String, Object> values = new LinkedHashMap<>();
            for (int i = 0; i < axes.size(); i++) {
                values.put(axes.get(i).name(), r.cell().values().get(i));
            }
            c.put("values", values);
            c.put("edits", r.cell().edits().stream().map(e -> e.describe()).toList());
            c.put("badInput", r.badInput().orElse(null));
            c.put("emulationError", r.emulationError().orElse(null));
            c.put("verdict", r.report().map(x -> ReportJson.verdict(x.verdict())).orElse(null));
            c.put("diagnosis", r.report().flatMap(BootReport::diagnosis).map(ReportJson::diagnosis).orElse(null));
            cells.add(c);
        }
        m.put("cells", cells);
        long ok = results.stream().filter(Sweep.Result::success).count();
        long bad = results.stream().filter(r -> r.badInput().isPresent()).count();
        long crashed = results.stream().filter(r -> r.emulationError().isPresent()).count();
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("booted", ok);
        summary.put("failed", results.size() - ok - bad - crashed);
        summary.put("badInput", bad);
        summary.put("emulationError", crashed);
        m.put("summary", summary);
        return Json.write(m) + "\n";
    }
}
