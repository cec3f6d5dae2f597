package dev.duoboot.scenario;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a scenario expects of its boot: the verdict's kind, and log lines that must or must not
 * appear (each a substring of one line of the kernel log or a console). Empty: "it should succeed".
 */
public record Expectations(Optional<VerdictKind> verdict, List<String> logContains, List<String> logAbsent) {

    public static final Expectations NONE = new Expectations(Optional.empty(), List.of(), List.of());

    public Expectations {
        logContains = List.copyOf(logContains);
        logAbsent = List.copyOf(logAbsent);
    }

    public boolean isEmpty() {
        return verdict.isEmpty() && logContains.isEmpty() && logAbsent.isEmpty();
    }

    /** The expectations that do not hold for a boot ending as {@code v} with this log, one line each; empty when all hold. */
    public List<String> unmet(VerdictKind v, List<String> log) {
        List<String> out = new ArrayList<>();
        if (isEmpty() && !v.success()) {
            out.add("expected a successful boot, got " + v.id());
        }
        verdict.filter(e -> e != v).ifPresent(e -> out.add("expected verdict " + e.id() + ", got " + v.id()));
        for (String s : logContains) {
            if (log.stream().noneMatch(l -> l.contains(s))) {
                out.add("expected a log line containing \"" + s + "\"");
            }
        }
        for (String s : logAbsent) {
            log.stream().filter(l -> l.contains(s)).findFirst()
                    .ifPresent(l -> out.add("expected no log line containing \"" + s + "\", found: " + l.strip()));
        }
        return out;
    }
}
