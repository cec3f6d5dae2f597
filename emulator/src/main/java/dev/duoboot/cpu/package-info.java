/**
 * The T-Head C906 hart on Unicorn 2.0.1 ({@link dev.duoboot.cpu.C906Hart}): what the engine leaves
 * out, done by the project. Trap delivery to M or S ({@code TrapDelivery}), privilege changes through
 * the saved context located by a self-test ({@code ContextLayout}), the T-Head cache/sync
 * instructions and vendor CSRs ({@code TheadExtensions}), the {@code time} CSR, device interrupts with
 * the spec's priority, and an exact, block-counted instruction budget. Uses {@code unicorn} only.
 */
package dev.duoboot.cpu;
