package dev.duoboot.flow;

/**
 * {@code duoboot check}: a scenario through the static chain and the kernel model, no emulation.
 * Also what fixes and sweep cells are verified with.
 */
public final class StaticCheck {

    private StaticCheck() {}

    /** The full report: verdict, diagnosis (with its fixes re-checked), findings, memory map. */
    public static BootReport report(Scenario s) {
        ResolvedInputs in = InputResolver.resolve(s);
        ChainRecord record = new StaticChain().boot(in, new KernelStage());
        return BootAnalysis.report(in, record, FixCheck.STATIC_CHAIN, EmulatedCheck.BOOT_LIMITS);
    }

    /** Only the verdict (no diagnosis, no map): for re-checking a fix. */
    public static Verdict verdict(Scenario s) {
        ResolvedInputs in = InputResolver.resolve(s);
        return new StaticChain().boot(in, new KernelStage()).kernel().verdict();
    }
}
