package dev.duoboot.flow;

import dev.duoboot.soc.RunLimits;

/**
 * {@code duoboot boot}: a scenario through the emulated chain ({@link EmulatedChain}) and the
 * kernel model; the report has the same shape as {@code check}'s, plus the consoles of both
 * cores and what the stages really did. Fixes are re-checked with the static chain, which decides
 * the same way on these inputs and takes milliseconds instead of seconds, unless asked to boot each
 * one ({@link FixCheck#EMULATED_BOOT}).
 */
public final class EmulatedCheck {

    /** The limits of {@code duoboot boot} unless given: 2e9 instructions, 20 s of virtual time. */
    public static final RunLimits BOOT_LIMITS =
            RunLimits.defaults().withMaxInstructions(2_000_000_000L).withMaxVirtualNanos(20_000_000_000L);

    private EmulatedCheck() {}

    public static BootReport report(Scenario s, RunLimits limits) {
        return report(s, limits, FixCheck.STATIC_CHAIN);
    }

    /** The boot, its fixes tried {@code fixCheck}'s way (an emulated boot within the same limits). */
    public static BootReport report(Scenario s, RunLimits limits, FixCheck fixCheck) {
        ResolvedInputs in = InputResolver.resolve(s);
        ChainRecord record = new EmulatedChain(limits).boot(in, new KernelStage());
        return BootAnalysis.report(in, record, fixCheck, limits);
    }

    /** Only the verdict (no diagnosis, no map): for booting a fix. */
    static Verdict verdict(Scenario s, RunLimits limits) {
        ResolvedInputs in = InputResolver.resolve(s);
        return new EmulatedChain(limits).boot(in, new KernelStage()).kernel().verdict();
    }
}
