/**
 * Boards as data: one file per board under {@code resources/dev/duoboot/platforms/} read into a
 * {@link dev.duoboot.platform.Platform} (SoC and SDK names, memory and device regions with their
 * interrupts, the mask ROM's FSBL and param1 addresses, the C906L's reset and boot-vector
 * registers, the board DTS, the stock preset, the little-core fixture), checked when read, listed by
 * {@link dev.duoboot.platform.Platforms}. Everything that differs from board to board is asked of
 * the platform; no code decides by a board's name. Uses {@code fdt} (the board DTS) and {@code yaml}.
 */
package dev.duoboot.platform;
