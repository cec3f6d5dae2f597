package dev.duoboot.scenario;

import dev.duoboot.DuobootException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a scenario expects of its boot: the verdict's kind, log lines that must or must not appear
 * (each a substring of one line of the kernel log or a console), and how much memory Linux must at
 * least keep (the "available" of its {@code Memory:} line). Empty: "it should succeed".
 */
public record Expectations(Optional<VerdictKind> verdict, List<String> logContains, List<String> logAbsent,
        Optional<Long> linuxMemoryAtLeast) {

    public static final Expectations NONE = new Expectations(Optional.empty(), List.of(), List.of(), Optional.empty());

    public Expectations {
        logContains = List.copyOf(logContains);
        logAbsent = List.copyOf(logAbsent);
    }

    public Expectations(Optional<VerdictKind> verdict, List<String> logContains, List<String> logAbsent) {
        this(verdict, logContains, logAbsent, Optional.empty());
    }

    public boolean isEmpty() {
        return verdict.isEmpty() && logContains.isEmpty() && logAbsent.isEmpty() && linuxMemoryAtLeast.isEmpty();
    }

    /** The same with {@code linux-memory-at-least}. */
    public Expectations withLinuxMemoryAtLeast(Optional<Long> bytes) {
        return new Expectations(verdict, logContains, logAbsent, bytes);
    }

    /** The expectations that do not hold for a boot ending as {@code v} with this log, one line each; empty when all hold. */
    public List<String> unmet(VerdictKind v, List<String> log) {
        return unmet(v, log, Optional.empty());
    }

    /** As {@link #unmet(VerdictKind, List)}, with what Linux keeps (empty: the kernel never counted its memory). */
    public List<String> unmet(VerdictKind v, List<String> log, Optional<Long> linuxKeeps) {
        List<String> out = new ArrayList<>();
        if (verdict.isEmpty() && logContains.isEmpty() && logAbsent.isEmpty() && !v.success()) {
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
        linuxMemoryAtLeast.ifPresent(want -> {
            if (linuxKeeps.isEmpty()) {
                out.add("expected Linux to keep at least " + size(want) + ", but the kernel never counted its memory");
            } else if (linuxKeeps.get() < want) {
                out.add("expected Linux to keep at least " + size(want) + ", it keeps " + (linuxKeeps.get() >> 10)
                        + "K (the available of its Memory: line)");
            }
        });
        return out;
    }

    private static final Pattern SIZE = Pattern.compile("(0x[0-9a-fA-F]+|[0-9]+)\\s*(KiB|MiB|GiB|K|M|G)?");

    /** {@code 32MiB}, {@code 32 MiB}, {@code 32M}, {@code 0x2000000}: a size in bytes, or a one-line error naming {@code place}. */
    public static long parseSize(String text, String place) {
        Matcher m = SIZE.matcher(text.strip());
        if (!m.matches()) {
            throw new DuobootException(place + ": '" + text + "' is not a size, expected a number with KiB, MiB or GiB (32MiB) or bytes");
        }
        long n = Long.decode(m.group(1));
        String unit = m.group(2) == null ? "" : m.group(2).substring(0, 1);
        return switch (unit) {
            case "K" -> n << 10;
            case "M" -> n << 20;
            case "G" -> n << 30;
            default -> n;
        };
    }

    /** A size as the report says it: whole MiB or KiB where it is one, else bytes. */
    public static String size(long bytes) {
        if (bytes % (1L << 20) == 0) {
            return (bytes >> 20) + " MiB";
        }
        return bytes % 1024 == 0 ? (bytes >> 10) + " KiB" : bytes + " bytes";
    }
}
