package dev.duoboot.linux;

/**
 * What decided an outcome: a behaviour in which kernel lines differ ({@link KernelRule}, chosen by
 * the profile), one of the remoteproc code paths every line shares ({@link DriverRule}), or a fact
 * of the boot around the kernel (the boot package's rules: what the little core does).
 */
public interface Rule {

    /** The id in reports ({@code NAME_COPY_8}, {@code RPROC_SEGMENT_OUTSIDE_CARVEOUT}). */
    String id();

    /** Kernel file, function and versions. */
    String source();
}
