package dev.duoboot.analysis;

import dev.duoboot.scenario.Expectations;
import dev.duoboot.scenario.MemmapText;
import dev.duoboot.scenario.ResolvedInputs;
import dev.duoboot.scenario.ScenarioEdit;
import dev.duoboot.sdk.MemmapEvaluator;
import dev.duoboot.sdk.SdkFileException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * How much memory Linux keeps, against what the scenario wants ({@code expect: linux-memory-at-least})
 * or, without one, half of DRAM: a rule of thumb that makes the report say so, not a threshold the
 * reports justify (#132's scripts died with about 29 MiB of 64 left, others get by with less; the
 * workload decides). Below it the finding is a warning and the diagnosis names what took the memory;
 * only the scenario's own expectation fails a run.
 */
final class LinuxMemory {

    private static final long MIB = 1L << 20;

    private LinuxMemory() {}

    static Finding finding(ResolvedInputs in, MemoryUse u, long floor) {
        String from = in.scenario().expect().linuxMemoryAtLeast().isPresent() ? "the scenario's linux-memory-at-least"
                : "half of DRAM, the default";
        String text = "Linux keeps " + (u.linuxKeeps() >> 10) + "K of " + (u.dramBytes() >> 20) + " MiB of DRAM ("
                + percent(u.linuxKeeps(), u.dramBytes()) + "); ION " + (u.bytes(MemoryUse.Use.ION) >> 10) + "K, the rest "
                + ((u.dramBytes() - u.linuxKeeps() - u.bytes(MemoryUse.Use.ION)) >> 10) + "K";
        if (u.linuxKeeps() >= floor) {
            return Finding.ok(LayoutCheck.LINUX_MEMORY, text + "; at least " + Expectations.size(floor) + " (" + from + ")");
        }
        return new Finding(LayoutCheck.LINUX_MEMORY, Finding.Status.WARNING, text + ": less than " + Expectations.size(floor) + " ("
                + from + ")", List.of());
    }

    /** The biggest taker named; for ION, the ION_SIZE values that leave Linux enough and keep memmap.py's asserts. */
    static Optional<Diagnosis> diagnosis(ResolvedInputs in, MemoryUse u, long floor) {
        long ion = u.bytes(MemoryUse.Use.ION);
        List<MemoryUse.Share> takers = u.shares().stream().filter(s -> s.use() != MemoryUse.Use.LINUX_KEEPS)
                .sorted((a, b) -> Long.compare(b.bytes(), a.bytes())).toList();
        String short1 = "Linux keeps " + (u.linuxKeeps() >> 10) + "K (the available of its Memory: line), less than "
                + Expectations.size(floor) + "; of the " + (u.dramBytes() >> 20) + " MiB of DRAM " + String.join(", ", takers.stream()
                        .filter(s -> s.bytes() > 0).map(s -> s.use().label() + " " + (s.bytes() >> 10) + "K").toList());
        if (ion == 0 || takers.getFirst().use() != MemoryUse.Use.ION) {
            MemoryUse.Share top = takers.getFirst();
            return Optional.of(new Diagnosis(MemoryRule.LAYOUT_TAKES_LINUX_MEMORY, short1 + "; " + top.use().label() + " takes the most",
                    String.join(", ", top.what()), MemoryRule.LAYOUT_TAKES_LINUX_MEMORY.source(), List.of(), List.of(), Optional.empty(),
                    Optional.of(floor)));
        }
        String ionNode = String.join(", ", u.shares().stream().filter(s -> s.use() == MemoryUse.Use.ION).findFirst().orElseThrow().what());
        List<Diagnosis.Fix> fixes = new ArrayList<>();
        long ionSize = in.mm("ION_SIZE");
        long need = floor - u.linuxKeeps();
        long smaller = ((ionSize - need) / MIB) * MIB; // whole MiB, rounded down
        for (long candidate : new long[] {smaller, 0}) {
            if (candidate < 0 || candidate >= ionSize || (candidate == smaller && candidate == 0 && fixes.size() > 0)) {
                continue;
            }
            String expr = expression(in, candidate);
            if (fixes.stream().anyMatch(f -> f.edit().orElseThrow().equals(new ScenarioEdit.MemmapAssign("ION_SIZE", expr)))) {
                continue;
            }
            Optional<String> broken = assertFailure(in, expr);
            String where = where(in, expr) + (candidate == 0 ? " (no ION: what milkv-duo/duo-buildroot-sdk#132's reporter did; its users lose it)"
                    : " (the most ION, in whole MiB, that leaves Linux " + Expectations.size(floor) + ")");
            if (broken.isPresent()) {
                where += "; memmap.py's asserts do not hold then (" + broken.get() + ")";
            }
            fixes.add(new Diagnosis.Fix(where, Optional.of(new ScenarioEdit.MemmapAssign("ION_SIZE", expr)), new Diagnosis.Trial.NotTried()));
        }
        return Optional.of(new Diagnosis(MemoryRule.ION_TAKES_LINUX_MEMORY, short1 + "; ION (ION_SIZE " + Expectations.size(ionSize)
                + ") takes the most", "ION_SIZE, " + ionNode, MemoryRule.ION_TAKES_LINUX_MEMORY.source(), List.of(), fixes,
                Optional.empty(), Optional.of(floor)));
    }

    /** The first assert of memmap.py that fails with ION_SIZE = {@code expr}, if one does. */
    private static Optional<String> assertFailure(ResolvedInputs in, String expr) {
        try {
            String source = MemmapText.assign(in.memmapSource(), "ION_SIZE", expr, in.memmapPath());
            return MemmapEvaluator.evaluateThroughAsserts(in.memmapPath(), source).failedAssert()
                    .map(a -> "line " + a.line() + ": " + a.condition());
        } catch (SdkFileException e) {
            return Optional.of(e.getMessage());
        }
    }

    private static String expression(ResolvedInputs in, long bytes) {
        return in.memmapSource().contains("SIZE_1M") && bytes % MIB == 0 ? (bytes / MIB) + " * SIZE_1M" : "0x" + Long.toHexString(bytes);
    }

    private static String where(ResolvedInputs in, String value) {
        MemmapText.Assignment a = MemmapText.find(in.memmapSource(), "ION_SIZE", in.memmapPath());
        return in.memmapPath() + ":" + a.line() + ": ION_SIZE = " + a.expression() + " -> ION_SIZE = " + value;
    }

    private static String percent(long part, long whole) {
        return whole == 0 ? "0%" : (part * 100 / whole) + "%";
    }
}
