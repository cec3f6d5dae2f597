package dev.duoboot.flow;

import dev.duoboot.soc.RunLimits;

/**
 * {@code duoboot boot}: a scenario through the emulated chain ({@link EmulatedChain}) and the
 * kernel model; the report has the same shape as {@code check}'s, plus the consoles of both
 * cores and what the stages really did. Fixes are re-checked with the static chain, which decides
 * the same way on these inputs and takes milliseconds instead of seconds.
 */
public final class EmulatedCheck {

    /** The limits of {@code duoboot boot} unless given: 2e9 instructions, 20 s of virtual time. */
    public static final RunLimits BOOT_LIMITS =
            RunLimits.defaults().withMaxInstructions(2_000_000_000L).withMaxVirtualNanos(20_000_000_000L);

    private EmulatedCheck() {}

    public static BootReport report(Scenario s, RunLimits limits) {
        ResolvedInputs in = InputResolver.resolve(s);
        ChainRecord record = new EmulatedChain(limits).boot(in, new KernelStage());
        return BootAnalysis.report(in, record, StaticCheck::verdict);
    }
}
