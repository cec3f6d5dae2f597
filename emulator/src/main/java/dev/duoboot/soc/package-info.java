/**
 * The modelled CV1800B / SG2002: {@link dev.duoboot.soc.Machine} with two harts, built from a board's
 * {@link dev.duoboot.platform.Platform} (its regions, interrupt wiring and little-core registers), shared RAM, the devices (UART, CLINT and PLIC per core, mailbox,
 * reset block, SEC_SYS, the clock generator whose closed gates leave their devices unanswered (a
 * {@link dev.duoboot.soc.BusHang}), plain register blocks, an "unimplemented" catch-all), the deterministic
 * {@code Scheduler}, the {@link dev.duoboot.soc.VirtualClock}, the {@link dev.duoboot.soc.Console}
 * and the {@link dev.duoboot.soc.WriteTracker}. Uses {@code platform}, {@code cpu} and {@code unicorn}. The devices
 * are package-private: only the machine wires them.
 */
package dev.duoboot.soc;
