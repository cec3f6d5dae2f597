package dev.duoboot.analysis;

import dev.duoboot.boot.BuildRule;
import dev.duoboot.scenario.MemmapText;
import dev.duoboot.scenario.ResolvedInputs;
import dev.duoboot.scenario.ScenarioEdit;
import dev.duoboot.sdk.MemmapAssertion;
import dev.duoboot.sdk.MemmapEvaluator;
import dev.duoboot.sdk.MemoryMap;
import dev.duoboot.sdk.SdkFileException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Why memmap.py's assert fails and which values of its constants make it hold, found by evaluating
 * memmap.py again with each candidate (its asserts are the judge, as when the SDK builds):
 * <ul>
 * <li>the sizes the condition's left side adds up and its right side does not, set to 0 (what
 * Milk-V's answer in milkv-duo/duo-buildroot-sdk#139 does for {@code ION_SIZE = 0} on the Duo256M:
 * {@code H26X_BITSTREAM_SIZE} and {@code ISP_MEM_BASE_SIZE} to 0 as well);</li>
 * <li>for each size the condition names, the nearest whole number of MiB at which every assert holds
 * (for the Duo256M's ION: 22 MiB, docs/facts/failures.md section 2.1).</li>
 * </ul>
 */
final class MemmapAssertDiagnosis {

    private static final Pattern NAME = Pattern.compile("\\b[A-Za-z_][A-Za-z0-9_]*\\b");
    private static final long MIB = 1L << 20;

    private final ResolvedInputs in;
    private final MemoryMap map;
    private final MemmapAssertion failed;

    MemmapAssertDiagnosis(ResolvedInputs in) {
        this.in = in;
        this.map = in.memmap();
        this.failed = map.failedAssert().orElseThrow();
    }

    Diagnosis diagnosis() {
        List<Diagnosis.Fix> fixes = new ArrayList<>();
        zeroLeftOnlySizes().ifPresent(fixes::add);
        for (String size : namedSizes()) {
            nearestPassing(size).ifPresent(fixes::add);
        }
        return new Diagnosis(BuildRule.MEMMAP_ASSERT, summary(), String.join(", ", failed.names().stream()
                .map(MemmapAssertion.NameValue::name).toList()), failed.file() + ":" + failed.line() + " (class "
                + failed.className().orElse("<module>") + "), run by " + BuildRule.MEMMAP_ASSERT.source(), List.of(), fixes,
                Optional.empty());
    }

    /** The condition, its two sides' values, and what the left side is made of. */
    private String summary() {
        StringBuilder s = new StringBuilder(failed.file() + ":" + failed.line() + " asserts " + failed.condition());
        failed.sides().ifPresent(x -> s.append(": ").append(x.left()).append(" is ").append(x.leftValue()).append(" and ")
                .append(x.right()).append(" is ").append(x.rightValue()));
        List<String> left = leftOnlySizes().stream().filter(n -> map.value(n).filter(v -> v.signum() != 0).isPresent()).toList();
        if (!left.isEmpty()) {
            s.append("; the left side adds up ").append(String.join(" + ", left.stream()
                    .map(n -> n + " (" + mib(map.value(n).orElse(BigInteger.ZERO)) + ")").toList()))
                    .append(" beyond what the right side holds");
        }
        s.append("; importing memmap.py stops there, so the SDK's build ends before anything is built");
        return s.toString();
    }

    /** Sizes (X_SIZE) the left side of the comparison depends on and the right side does not, in file order. */
    private List<String> leftOnlySizes() {
        if (failed.sides().isEmpty()) {
            return List.of();
        }
        Set<String> left = closure(names(failed.sides().get().left()));
        Set<String> right = closure(names(failed.sides().get().right()));
        return map.attributes().stream().map(MemoryMap.Attribute::name)
                .filter(n -> n.endsWith("_SIZE") && left.contains(n) && !right.contains(n)).toList();
    }

    /** Every size on the left only, set to 0: proposed when memmap.py's asserts then hold. */
    private Optional<Diagnosis.Fix> zeroLeftOnlySizes() {
        List<String> nonzero = leftOnlySizes().stream().filter(n -> map.value(n).filter(v -> v.signum() != 0).isPresent()).toList();
        if (nonzero.isEmpty()) {
            return Optional.empty();
        }
        String zero = in.memmapSource().contains("SIZE_1M") ? "0 * SIZE_1M" : "0";
        List<ScenarioEdit> edits = nonzero.stream().map(n -> (ScenarioEdit) new ScenarioEdit.MemmapAssign(n, zero)).toList();
        if (!holds(edits)) {
            return Optional.empty();
        }
        String where = String.join("; ", nonzero.stream().map(n -> where(n, zero)).toList())
                + " (the buffers the assert carves beyond it go as well, as Milk-V's answer to ION_SIZE = 0 in "
                + "milkv-duo/duo-buildroot-sdk#139 does; their users lose them)";
        ScenarioEdit edit = edits.size() == 1 ? edits.getFirst() : new ScenarioEdit.Together(edits);
        return Optional.of(new Diagnosis.Fix(where, Optional.of(edit), new Diagnosis.Trial.NotTried()));
    }

    /** The sizes the condition names itself, in order. */
    private List<String> namedSizes() {
        return failed.names().stream().map(MemmapAssertion.NameValue::name).filter(n -> n.endsWith("_SIZE"))
                .filter(n -> map.value(n).isPresent()).toList();
    }

    /**
     * The whole number of MiB nearest to {@code name}'s value (up, then down, each step 1 MiB, within
     * DRAM_SIZE) at which every assert of memmap.py holds, or nothing.
     */
    private Optional<Diagnosis.Fix> nearestPassing(String name) {
        long now = map.value(name).orElseThrow().longValue();
        long dram = map.value("DRAM_SIZE").map(BigInteger::longValue).orElse(512 * MIB);
        long start = now / MIB;
        for (long step = 1; step <= dram / MIB; step++) {
            for (long candidate : new long[] {start + step, start - step}) {
                if (candidate < 0 || candidate * MIB > dram) {
                    continue;
                }
                String expr = in.memmapSource().contains("SIZE_1M") ? candidate + " * SIZE_1M" : "0x" + Long.toHexString(candidate * MIB);
                ScenarioEdit e = new ScenarioEdit.MemmapAssign(name, expr);
                if (holds(List.of(e))) {
                    String why = candidate > start
                            ? " (the smallest whole MiB at which memmap.py's asserts hold)"
                            : " (the largest whole MiB below it at which memmap.py's asserts hold)";
                    return Optional.of(new Diagnosis.Fix(where(name, expr) + why, Optional.of(e), new Diagnosis.Trial.NotTried()));
                }
            }
        }
        return Optional.empty();
    }

    /** Whether memmap.py with {@code edits} evaluates with every assert holding. */
    private boolean holds(List<ScenarioEdit> edits) {
        String source = in.memmapSource();
        try {
            for (ScenarioEdit e : edits) {
                ScenarioEdit.MemmapAssign a = (ScenarioEdit.MemmapAssign) e;
                source = MemmapText.assign(source, a.name(), a.expression(), in.memmapPath());
            }
            return MemmapEvaluator.evaluateThroughAsserts(in.memmapPath(), source).failedAssert().isEmpty();
        } catch (SdkFileException e) {
            return false; // another error (a negative address, a name missing): not a fix
        }
    }

    private String where(String name, String value) {
        MemmapText.Assignment a = MemmapText.find(in.memmapSource(), name, in.memmapPath());
        return in.memmapPath() + ":" + a.line() + ": " + name + " = " + a.expression() + " -> " + name + " = " + value;
    }

    /** The class attributes {@code names} read, directly or through other attributes. */
    private Set<String> closure(List<String> names) {
        Set<String> out = new LinkedHashSet<>();
        List<String> todo = new ArrayList<>(names);
        while (!todo.isEmpty()) {
            String n = todo.removeLast();
            if (out.add(n)) {
                todo.addAll(map.references(n));
            }
        }
        return out;
    }

    private static List<String> names(String expression) {
        List<String> out = new ArrayList<>();
        Matcher m = NAME.matcher(expression);
        while (m.find()) {
            out.add(m.group());
        }
        return out;
    }

    private static String mib(BigInteger bytes) {
        BigInteger[] qr = bytes.divideAndRemainder(BigInteger.valueOf(MIB));
        return qr[1].signum() == 0 ? qr[0] + " MiB" : "0x" + bytes.toString(16);
    }
}
