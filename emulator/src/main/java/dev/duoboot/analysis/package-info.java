/**
 * What a boot means: the layout checks ({@link dev.duoboot.analysis.LayoutCheck},
 * {@link dev.duoboot.analysis.Finding}), the diagnosis of a failure by the rule that decided it
 * ({@link dev.duoboot.analysis.Diagnosis}, with fixes proposed in the user's terms), the memory map
 * per stage, and the {@link dev.duoboot.analysis.BootReport} holding it all as values. Reads a
 * {@code boot} record and the resolved inputs; never runs a boot (the pipeline tries the fixes).
 */
package dev.duoboot.analysis;
