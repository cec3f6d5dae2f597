/**
 * The project's own binding to Debian's {@code libunicorn.so.2} (Unicorn 2.0.1) through {@code
 * java.lang.foreign}: engine lifecycle ({@link dev.duoboot.unicorn.Unicorn}), memory (including
 * host memory shared between engines, {@link dev.duoboot.unicorn.HostMemory}), registers, contexts,
 * hooks and MMIO. Uses the JDK only. The measured behaviour of 2.0.1 it is written against is in
 * {@code docs/facts/unicorn-riscv.md}.
 */
package dev.duoboot.unicorn;
