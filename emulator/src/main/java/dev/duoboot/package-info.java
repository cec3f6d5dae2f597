/**
 * duoboot: an emulator of the Milk-V Duo dual-core boot flow. {@link dev.duoboot.Duoboot} is the
 * Java API (build a scenario, check or boot it, assert on the report); the errors a user can cause
 * are {@link dev.duoboot.DuobootException} (one line, exit 2) and {@link dev.duoboot.EmulationException}
 * (the guest crashed or ran away, exit 3). The packages, in the order data flows through them:
 * {@code scenario} (inputs) → {@code firmware} (images) → {@code soc}/{@code cpu}/{@code unicorn}
 * (the machine) → {@code boot} (the stages on it, and the kernel stage) → {@code linux} (the kernel
 * model) → {@code analysis} (findings, diagnosis) → {@code pipeline} (the whole run, fix trials,
 * sweeps) → {@code report} (text, JSON, SVG) → {@code cli}. Boards are data ({@code platform});
 * file formats are {@code fdt} and {@code sdk}. See {@code docs/DESIGN.md}.
 */
package dev.duoboot;
