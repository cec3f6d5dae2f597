package dev.duoboot.report;

import dev.duoboot.analysis.BootReport;
import dev.duoboot.analysis.Diagnosis;
import dev.duoboot.analysis.Finding;
import dev.duoboot.analysis.FixCheck;
import dev.duoboot.analysis.MemoryUse;
import dev.duoboot.boot.MemoryRegion;
import dev.duoboot.boot.MemoryView;
import dev.duoboot.boot.StageRecord;
import dev.duoboot.boot.Verdict;
import dev.duoboot.scenario.VerdictKind;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A boot report as JSON with stable keys and order (report.json, {@code check --json}). */
public final class ReportJson {

    private ReportJson() {}

    public static String render(BootReport r) {
        return Json.write(of(r)) + "\n";
    }

    /** The report as JSON values. */
    public static Map<String, Object> of(BootReport r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("scenario", r.scenario());
        m.put("description", r.description());
        m.put("reports", r.reports());
        m.put("chain", r.chain().description());
        Map<String, Object> inputs = new LinkedHashMap<>();
        List<String> edits = new ArrayList<>();
        for (Words.Input i : Words.inputs(r.inputs())) {
            if (i.what().equals("edit")) {
                edits.add(i.value());
            } else {
                inputs.put(i.what(), i.value());
            }
        }
        inputs.put("edits", edits);
        m.put("inputs", inputs);
        List<Object> stages = new ArrayList<>();
        for (StageRecord s : r.stages()) {
            Map<String, Object> st = new LinkedHashMap<>();
            st.put("stage", s.stage().label());
            st.put("actions", Words.events(s.events()));
            st.put("dtPassedOn", s.dtPassedOn().map(d -> pair("file", d.fileName(), "addr", hex(d.addr()))).orElse(null));
            stages.add(st);
        }
        m.put("stages", stages);
        List<Object> consoles = new ArrayList<>();
        r.consoles().forEach(c -> {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("hart", c.hart());
            x.put("name", c.name());
            x.put("lines", c.lines());
            consoles.add(x);
        });
        m.put("consoles", consoles);
        m.put("build", r.verdict() instanceof Verdict.MemmapAssertFailed f
                ? pair("stoppedAt", f.file() + ":" + f.line(), "output", f.buildOutput()) : null);
        m.put("kernel", r.kernel().map(KernelJson::of).orElse(null));
        m.put("verdict", verdict(r.verdict()));
        m.put("diagnosis", r.diagnosis().map(ReportJson::diagnosis).orElse(null));
        List<Object> findings = new ArrayList<>();
        for (Finding f : r.findings()) {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("check", f.check().label());
            x.put("status", f.status().word());
            x.put("text", f.text());
            x.put("ranges", f.ranges().stream().map(g -> pair("base", hex(g.base()), "size", hex(g.size()))).toList());
            findings.add(x);
        }
        m.put("findings", findings);
        m.put("memoryUse", r.memoryUse().map(ReportJson::memoryUse).orElse(null));
        m.put("memoryMap", r.views().stream().map(ReportJson::view).toList());
        m.put("dtcWarnings", r.dtcWarnings());
        List<Object> dts = new ArrayList<>();
        for (BootReport.DtFile d : r.deviceTrees()) {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("file", d.fileName());
            x.put("producedBy", Words.origin(d.origin()));
            x.put("addr", d.addr().map(ReportJson::hex).orElse(null));
            x.put("size", d.blob().length);
            dts.add(x);
        }
        m.put("deviceTrees", dts);
        List<Object> diffs = new ArrayList<>();
        for (BootReport.DtDiff d : r.diffs()) {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("file", d.fileName());
            x.put("from", d.from());
            x.put("to", d.to());
            x.put("changes", Words.changes(d).lines().toList());
            diffs.add(x);
        }
        m.put("deviceTreeDiffs", diffs);
        Map<String, Object> expect = new LinkedHashMap<>();
        expect.put("verdict", r.expectations().verdict().map(VerdictKind::id).orElse(null));
        expect.put("logContains", r.expectations().logContains());
        expect.put("logAbsent", r.expectations().logAbsent());
        expect.put("linuxMemoryAtLeast", r.expectations().linuxMemoryAtLeast().map(ReportJson::hex).orElse(null));
        m.put("expectations", expect);
        m.put("unmet", r.unmet());
        m.put("asExpected", r.asExpected());
        return m;
    }

    static Map<String, Object> verdict(Verdict v) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", v.id());
        m.put("success", v.success());
        m.put("summary", Words.verdict(v));
        if (v instanceof Verdict.BusHang h) {
            Map<String, Object> hang = new LinkedHashMap<>();
            hang.put("hart", h.hart());
            hang.put("access", h.write() ? "write" : "read");
            hang.put("address", String.format("0x%x", h.address()));
            hang.put("block", h.block());
            hang.put("clock", h.clock());
            hang.put("clockEnable", String.format("0x%x bit %d", h.clockRegister(), h.clockBit()));
            hang.put("during", h.during());
            m.put("busHang", hang);
        }
        return m;
    }

    static Map<String, Object> diagnosis(Diagnosis d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("rule", d.rule().id());
        m.put("summary", d.summary());
        m.put("node", d.node());
        m.put("source", d.kernelSource());
        m.put("otherProfiles", d.otherProfiles());
        List<Object> fixes = new ArrayList<>();
        for (Diagnosis.Fix f : d.fixes()) {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("change", Words.fixChange(f));
            x.put("edit", f.edit().map(e -> e.describe()).orElse(null));
            x.put("recheckedVerdict", f.result().map(Verdict::id).orElse(null));
            x.put("verified", f.verified());
            fixes.add(x);
        }
        m.put("fixesCheckedWith", d.fixesCheckedWith().map(FixCheck::id).orElse(null));
        m.put("fixes", fixes);
        return m;
    }

    private static Map<String, Object> memoryUse(MemoryUse u) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("dramBase", hex(u.dramBase()));
        m.put("dramBytes", u.dramBytes());
        List<Object> shares = new ArrayList<>();
        for (MemoryUse.Share s : u.shares()) {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("use", s.use().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
            x.put("label", s.use().label());
            x.put("bytes", s.bytes());
            x.put("what", s.what());
            shares.add(x);
        }
        m.put("shares", shares);
        m.put("linuxKeepsBytes", u.linuxKeeps());
        m.put("kernelLine", u.kernelCount().map(k -> k.line()).orElse(null));
        return m;
    }

    private static Map<String, Object> view(MemoryView v) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("title", v.title());
        List<Object> regions = new ArrayList<>();
        for (MemoryRegion r : v.regions()) {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("base", hex(r.base()));
            x.put("size", hex(r.size()));
            x.put("label", r.label());
            x.put("kind", r.kind().name().toLowerCase(java.util.Locale.ROOT));
            x.put("conflict", r.conflict());
            x.put("note", r.note().isEmpty() ? null : r.note());
            regions.add(x);
        }
        m.put("regions", regions);
        return m;
    }

    /** Two keys in this order (Map.of's order differs from run to run). */
    private static Map<String, Object> pair(String k1, Object v1, String k2, Object v2) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(k1, v1);
        m.put(k2, v2);
        return m;
    }

    static String hex(long v) {
        return Json.hex(v);
    }
}
