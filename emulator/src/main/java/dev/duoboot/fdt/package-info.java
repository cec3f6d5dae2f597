/**
 * Flattened device trees, as the Milk-V Duo SDK builds and the boot stages pass them along.
 *
 * <ul>
 *   <li>The tree: {@link dev.duoboot.fdt.DeviceTree}, {@link dev.duoboot.fdt.Node},
 *       {@link dev.duoboot.fdt.Property}, {@link dev.duoboot.fdt.MemReserve}.
 *   <li>Blobs: {@link dev.duoboot.fdt.Dtb} reads with libfdt's {@code fdt_check_full} checks
 *       (recording libfdt node offsets) and writes what {@code dtc -O dtb} writes.
 *   <li>Sources: {@link dev.duoboot.fdt.DtsCompiler} is {@code cpp -nostdinc -undef -x
 *       assembler-with-cpp} followed by dtc 1.6.1 ({@code Preprocessor}, {@code DtsLexer},
 *       {@code DtsParser}, {@code DtcChecks} inside), with the tools' messages.
 *   <li>Showing trees: {@link dev.duoboot.fdt.DtsWriter} ({@code dtc -I dtb -O dts}) and
 *       {@link dev.duoboot.fdt.TreeDiff}.
 * </ul>
 *
 * <p>Uses the JDK only.
 */
package dev.duoboot.fdt;
