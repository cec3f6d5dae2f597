package dev.duoboot.flow;

/**
 * A way to get from the inputs to the kernel's entry: the static chain computes what each stage
 * does to memory and the device tree without running it; the emulated chain runs the stages.
 * Either one calls {@link KernelStage#enter} with the DTB the kernel receives and the physical
 * memory remoteproc writes, and returns what happened, from which the report is made.
 */
public interface BootChain {

    /** For reports: how the stages before the kernel were obtained. */
    String description();

    /** Boots {@code in} to the kernel, runs {@code kernel} there, and returns the whole record. */
    ChainRecord boot(ResolvedInputs in, KernelStage kernel);
}
