/**
 * The vendor SDK's own files, read and written the way the SDK's tools do: the {@code memmap.py}
 * evaluator and the {@code mmap_conv.py} generators ({@link dev.duoboot.sdk.MemmapEvaluator},
 * {@link dev.duoboot.sdk.MemoryMap}), {@code fip.bin} ({@link dev.duoboot.sdk.FipImage}),
 * {@code boot.sd} FIT images, firmware ELF files with their remoteproc resource table
 * ({@link dev.duoboot.sdk.ElfFile}, {@link dev.duoboot.sdk.ResourceTable}) and kernel
 * {@code .config} files ({@link dev.duoboot.sdk.KernelConfig}). Uses the JDK, {@code dev.duoboot.fdt}
 * and the xz library only; never sees the machine.
 */
package dev.duoboot.sdk;
