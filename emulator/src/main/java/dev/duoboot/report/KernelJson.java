package dev.duoboot.report;

import dev.duoboot.linux.Explanation;
import dev.duoboot.linux.KernelReport;
import dev.duoboot.linux.LogLine;
import dev.duoboot.linux.Lookup;
import dev.duoboot.linux.MemblockRegion;
import dev.duoboot.linux.Reservation;
import dev.duoboot.linux.ReservedRegion;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The kernel model's report as JSON values, with stable keys ({@code duoboot linux --json}, report.json). */
public final class KernelJson {

    private KernelJson() {}

    /** The kernel model's state as JSON values (LinkedHashMaps, so key order is fixed). */
    public static Map<String, Object> of(KernelReport r) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("profile", r.profile());
        Map<String, Object> mb = new LinkedHashMap<>();
        mb.put("memory", regions(r.memory()));
        mb.put("reserved", regions(r.reserved()));
        root.put("memblock", mb);
        List<Object> table = new ArrayList<>();
        for (ReservedRegion e : r.reservedMem()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", e.name());
            m.put("base", hex(e.base()));
            m.put("size", hex(e.size()));
            m.put("node", e.nodePath());
            e.storedNameBytes().ifPresent(b -> m.put("storedNameBytes", HexFormat.of().formatHex(b)));
            table.add(m);
        }
        root.put("reservedMem", table);
        List<Object> lookups = new ArrayList<>();
        for (Lookup l : r.lookups()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("consumer", l.consumer());
            m.put("index", l.index());
            m.put("target", l.target().orElse(null));
            m.put("result", l.result().json());
            m.put("base", l.region().map(x -> hex(x.base())).orElse(null));
            m.put("size", l.region().map(x -> hex(x.size())).orElse(null));
            l.why().ifPresent(w -> m.put("why", explanation(w)));
            lookups.add(m);
        }
        root.put("lookups", lookups);
        root.put("memInfo", r.memInfo().map(m -> {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("physBytes", m.physBytes());
            x.put("availableBytes", m.availableBytes());
            x.put("reservedBytes", m.reservedBytes());
            x.put("cmaBytes", m.cmaBytes());
            x.put("line", m.line());
            return (Object) x;
        }).orElse(null));
        List<Object> res = new ArrayList<>();
        for (Reservation v : r.reservations()) {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("purpose", v.purpose().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
            x.put("what", v.what());
            x.put("base", hex(v.base()));
            x.put("size", hex(v.size()));
            res.add(x);
        }
        root.put("reservations", res);
        root.put("log", r.log().stream().map(LogLine::formatted).toList());
        root.put("explanations", r.explanations().stream().map(KernelJson::explanation).toList());
        return root;
    }

    private static List<Object> regions(List<MemblockRegion> list) {
        List<Object> out = new ArrayList<>();
        for (MemblockRegion x : list) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("base", hex(x.base()));
            m.put("size", hex(x.size()));
            m.put("flags", x.sortedFlags().stream().map(Enum::name).toList());
            out.add(m);
        }
        return out;
    }

    public static Map<String, Object> explanation(Explanation e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("rule", e.rule().id());
        m.put("node", e.nodePath());
        m.put("source", e.kernelSource());
        m.put("text", e.text());
        m.put("otherProfiles", e.profileDifference());
        m.put("fix", e.fix().orElse(null));
        return m;
    }


    static String hex(long v) {
        return "0x" + Long.toHexString(v);
    }
}
