/**
 * An executable model of the Linux kernel's early memory handling and remoteproc, per kernel line:
 * a {@link dev.duoboot.linux.KernelProfile} picks one {@link dev.duoboot.linux.KernelRule} from each
 * group in which the lines differ; {@link dev.duoboot.linux.KernelModel} runs memblock, the
 * {@code /memory} and {@code /reserved-memory} scans and the reserved_mem table on a DTB and prints
 * the kernel's own messages; {@link dev.duoboot.linux.Remoteproc} and the drivers
 * ({@link dev.duoboot.linux.CvitekRproc}, {@link dev.duoboot.linux.MainlineStyleRproc},
 * {@link dev.duoboot.linux.SophgoC906lRproc} with its syscon, reset line and the CV18xx clock gates of
 * {@link dev.duoboot.linux.Cv1800Clocks}) load firmware through {@link dev.duoboot.linux.PhysicalMemory};
 * an access that never completes stops the model there. Every outcome carries its
 * {@link dev.duoboot.linux.Explanation} with a typed {@link dev.duoboot.linux.Rule}. The SoC's
 * registers come from the board's platform; the model never sees Unicorn. Uses {@code fdt},
 * {@code sdk} and {@code platform} (data only).
 */
package dev.duoboot.linux;
