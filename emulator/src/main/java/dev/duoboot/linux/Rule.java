package dev.duoboot.linux;

/**
 * What decided an outcome: a behaviour in which kernel lines differ ({@link KernelRule}, chosen by
 * the profile) or one of the remoteproc code paths every line shares ({@link DriverRule}).
 */
public sealed interface Rule permits KernelRule, DriverRule {

    /** The id in reports ({@code NAME_COPY_8}, {@code RPROC_SEGMENT_OUTSIDE_CARVEOUT}). */
    String id();

    /** Kernel file, function and versions. */
    String source();
}
