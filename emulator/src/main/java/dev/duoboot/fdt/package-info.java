/**
 * Flattened device trees: the in-memory tree ({@link dev.duoboot.fdt.DeviceTree},
 * {@link dev.duoboot.fdt.Node}, {@link dev.duoboot.fdt.Property}), DTB read/write, the DTS
 * compiler with its C preprocessor subset, DTS output and node-level diffs. Uses the JDK only.
 */
package dev.duoboot.fdt;
