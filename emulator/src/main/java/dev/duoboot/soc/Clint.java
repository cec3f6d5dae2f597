package dev.duoboot.soc;

import dev.duoboot.cpu.C906Hart;
import dev.duoboot.cpu.TrapCause;

/**
 * One C906's core-local interruptor at 0x74000000 (T-Head {@code thead,c900-clint}, SiFive CLINT
 * layout, {@code clint,has-no-64bit-mmio}): {@code msip} at 0x0, {@code mtimecmp} at 0x4000 (two
 * 32-bit halves), {@code mtime} at 0xbff8 (read-only here: the virtual clock). Each hart has its
 * own: the C906L is a separate core with its own CLINT and PLIC at the same addresses [I].
 */
final class Clint {

    private final C906Hart hart;
    private final VirtualClock clock;
    private final Lines lines;
    private final UnimplementedLog log;
    private boolean msip;
    // reset value all ones: no timer interrupt until software programs one
    private long mtimecmp = -1L;

    Clint(C906Hart hart, VirtualClock clock, Lines lines, UnimplementedLog log) {
        this.hart = hart;
        this.clock = clock;
        this.lines = lines;
        this.log = log;
    }

    long read(long offset, int size) {
        return switch ((int) offset) {
            case 0x0 -> msip ? 1 : 0;
            case 0x4000 -> mtimecmp & 0xffffffffL;
            case 0x4004 -> mtimecmp >>> 32;
            case 0xbff8 -> clock.readMtime(hart.id()) & 0xffffffffL;
            case 0xbffc -> clock.mtime(hart.id()) >>> 32;
            default -> log.read(hart, "clint", 0x7400_0000L + offset, size);
        };
    }

    void write(long offset, int size, long value) {
        switch ((int) offset) {
            case 0x0 -> {
                msip = (value & 1) != 0;
                lines.set(hart, TrapCause.MSIP, msip);
            }
            case 0x4000 -> {
                mtimecmp = (mtimecmp & ~0xffffffffL) | (value & 0xffffffffL);
                updateTimer();
            }
            case 0x4004 -> {
                mtimecmp = (mtimecmp & 0xffffffffL) | (value << 32);
                updateTimer();
            }
            default -> log.write(hart, "clint", 0x7400_0000L + offset, size, value);
        }
    }

    /** MTIP is level: pending while {@code mtime >= mtimecmp} (privileged spec §3.2.1). */
    void updateTimer() {
        lines.set(hart, TrapCause.MTIP, Long.compareUnsigned(clock.mtime(hart.id()), mtimecmp) >= 0);
    }

    /** When this hart's timer fires, in its virtual nanoseconds ({@code Long.MAX_VALUE}: never). */
    long deadlineNanos() {
        return mtimecmp < 0 ? Long.MAX_VALUE : VirtualClock.nanosOfTicks(mtimecmp);
    }
}
