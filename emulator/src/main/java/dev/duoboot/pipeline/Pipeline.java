package dev.duoboot.pipeline;

import dev.duoboot.DuobootException;
import dev.duoboot.analysis.Analysis;
import dev.duoboot.analysis.BootReport;
import dev.duoboot.analysis.Diagnosis;
import dev.duoboot.analysis.FixCheck;
import dev.duoboot.boot.BootChain;
import dev.duoboot.boot.BootRecord;
import dev.duoboot.boot.EmulatedChain;
import dev.duoboot.boot.StaticChain;
import dev.duoboot.boot.Verdict;
import dev.duoboot.linux.MemInfo;
import dev.duoboot.scenario.Inputs;
import dev.duoboot.scenario.ResolvedInputs;
import dev.duoboot.scenario.Scenario;
import dev.duoboot.soc.RunLimits;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One scenario from its inputs to its report, always the same way round: the inputs are resolved
 * (memmap.py evaluated, device trees compiled, firmware read), a chain boots them through every
 * stage and the kernel model, the analysis makes the report and proposes fixes, and then each fix
 * is tried by running this pipeline again on a copy of the scenario with the fix applied, from
 * outside (the analysis never calls back into a boot).
 */
public final class Pipeline {

    /**
     * The limits of {@code duoboot boot} unless given: 5e9 instructions, 20 s of virtual time. The
     * budget counts both harts; the SDK's FreeRTOS idles in a spin loop (prvIdleTask), a billion
     * instructions a virtual second on the C906L, and the SDK's U-Boot waits a second at autoboot.
     */
    public static final RunLimits BOOT_LIMITS =
            RunLimits.defaults().withMaxInstructions(5_000_000_000L).withMaxVirtualNanos(20_000_000_000L);

    private Pipeline() {}

    /** {@code duoboot check}: the static chain and the kernel model, no emulation; fixes re-checked the same way. */
    public static BootReport check(Scenario s) {
        return run(s, new StaticChain(), FixCheck.STATIC_CHAIN, BOOT_LIMITS);
    }

    /** Writes the SD card a boot of {@code s} uses to {@code file} (the user's own image is written as it is). */
    public static void writeCard(Scenario s, java.nio.file.Path file) {
        EmulatedChain.card(Inputs.resolve(s)).writeTo(file);
    }

    /** {@code duoboot boot} with its default limits, fixes re-checked with the static chain. */
    public static BootReport boot(Scenario s) {
        return boot(s, BOOT_LIMITS, FixCheck.STATIC_CHAIN);
    }

    /**
     * {@code duoboot boot}: the emulated chain within {@code limits}; each fix tried {@code fixCheck}'s
     * way (an emulated boot within the same limits, or the static chain, which decides the same on
     * these inputs in milliseconds).
     */
    public static BootReport boot(Scenario s, RunLimits limits, FixCheck fixCheck) {
        return run(s, new EmulatedChain(limits), fixCheck, limits);
    }

    private static BootReport run(Scenario s, BootChain chain, FixCheck fixCheck, RunLimits limits) {
        ResolvedInputs in = Inputs.resolve(s);
        BootReport report = Analysis.report(in, chain.boot(in));
        return report.diagnosis().map(d -> report.withDiagnosis(tryFixes(s, d, fixCheck, limits))).orElse(report);
    }

    /** Each proposed fix applied to a copy of {@code s} and booted {@code how}; an edit that cannot be checked says why. */
    private static Diagnosis tryFixes(Scenario s, Diagnosis d, FixCheck how, RunLimits limits) {
        List<Diagnosis.Fix> tried = new ArrayList<>();
        for (Diagnosis.Fix f : d.fixes()) {
            if (f.edit().isEmpty()) {
                tried.add(f);
                continue;
            }
            Diagnosis.Trial t;
            try {
                BootRecord r = record(s.with(f.edit().get()), how, limits);
                t = new Diagnosis.Trial.Booted(r.verdict(), shortfalls(r, d.linuxMemoryAtLeast()));
            } catch (DuobootException e) {
                t = new Diagnosis.Trial.CannotCheck(e.getMessage());
            }
            tried.add(new Diagnosis.Fix(f.where(), f.edit(), t));
        }
        return d.withFixes(tried, how);
    }

    /** Only the verdict of {@code s} booted {@code how} (no analysis): what trying a fix needs. */
    static Verdict verdict(Scenario s, FixCheck how, RunLimits limits) {
        return record(s, how, limits).verdict();
    }

    private static BootRecord record(Scenario s, FixCheck how, RunLimits limits) {
        ResolvedInputs in = Inputs.resolve(s);
        BootChain chain = switch (how) {
            case STATIC_CHAIN -> new StaticChain();
            case EMULATED_BOOT -> new EmulatedChain(limits);
        };
        return chain.boot(in);
    }

    /** What the boot lacks of the diagnosis's demand: Linux keeping at least that much memory. */
    private static List<String> shortfalls(BootRecord r, Optional<Long> linuxMemoryAtLeast) {
        if (linuxMemoryAtLeast.isEmpty()) {
            return List.of();
        }
        long keeps = r.kernel().flatMap(k -> k.report().memInfo()).map(MemInfo::availableBytes).orElse(0L);
        return keeps >= linuxMemoryAtLeast.get() ? List.of()
                : List.of("Linux keeps " + (keeps >> 10) + "K, less than " + (linuxMemoryAtLeast.get() >> 10) + "K");
    }
}
