/**
 * The boot, stage by stage. Each {@link dev.duoboot.boot.Stage} (FSBL, OpenSBI, U-Boot) owns its
 * hand-off detection on the emulated machine, its record of what it did, and its static
 * counterpart; {@link dev.duoboot.boot.EmulatedChain} runs them on the modelled SoC
 * ({@link dev.duoboot.boot.EmulatedBoot}), {@link dev.duoboot.boot.StaticChain} computes them; both
 * hand the kernel's DTB to the {@link dev.duoboot.boot.KernelStage} (the Linux model and
 * remoteproc, on the chain's {@link dev.duoboot.boot.SocMemory}), which decides the {@link dev.duoboot.boot.Verdict}, and return a
 * {@link dev.duoboot.boot.BootRecord} of typed {@link dev.duoboot.boot.StageEvent}s and memory
 * views. Uses {@code scenario}, {@code firmware}, {@code soc} (through its boot-flow API),
 * {@code linux}, {@code sdk}, {@code fdt}, {@code platform}.
 */
package dev.duoboot.boot;
