package dev.duoboot.soc;

import dev.duoboot.cpu.C906Hart;

/**
 * Virtual time, never the wall clock. Each hart has its own time: the instructions it executed at
 * one instruction per nanosecond (a 1 GHz C906 at one instruction per cycle), plus the idle time its
 * {@code wfi} waits skipped, plus the time it spent held in reset. The CLINT's {@code mtime} counts at
 * 25 MHz ({@code timebase-frequency}, facts §9) in the time of the hart reading it.
 *
 * <p>Observed time reads also move time: a hart that reads the time again without doing anything
 * else in between (no device access, no trap) is busy-waiting, so each such read skips ahead, 1 µs,
 * then twice as far each time, at most {@value #MAX_SKIP_NANOS} ns. A firmware delay loop of
 * seconds (U-Boot's autoboot countdown) then costs a few dozen reads instead of billions of
 * instructions; any wait overshoots by at most that cap.
 */
public final class VirtualClock {

    public static final long MTIME_HZ = 25_000_000L;
    public static final long NANOS_PER_TICK = 1_000_000_000L / MTIME_HZ;
    public static final long NANOS_PER_INSTRUCTION = 1;

    static final long FIRST_SKIP_NANOS = 1_000;
    static final long MAX_SKIP_NANOS = 1_000_000;

    private final C906Hart[] harts;
    private final long[] offsetNanos;
    private final long[] activity;
    private final long[] activityAtLastRead;
    private final long[] skipNanos;

    VirtualClock(C906Hart[] harts) {
        this.harts = harts;
        this.offsetNanos = new long[harts.length];
        this.activity = new long[harts.length];
        this.activityAtLastRead = new long[harts.length];
        this.skipNanos = new long[harts.length];
    }

    /** The guest reads the time ({@code rdtime}, or the low half of {@code mtime}). */
    long readMtime(int hart) {
        if (activity[hart] == activityAtLastRead[hart]) {
            skipNanos[hart] = skipNanos[hart] == 0 ? FIRST_SKIP_NANOS : Math.min(2 * skipNanos[hart], MAX_SKIP_NANOS);
            offsetNanos[hart] += skipNanos[hart];
        } else {
            skipNanos[hart] = 0;
        }
        activityAtLastRead[hart] = activity[hart];
        return mtime(hart);
    }

    /** The hart did something other than read the time: it is not busy-waiting. */
    void activity(int hart) {
        activity[hart]++;
    }

    /** Hart {@code hart}'s current time in nanoseconds. */
    public long nanos(int hart) {
        return harts[hart].instructions() * NANOS_PER_INSTRUCTION + offsetNanos[hart];
    }

    /** {@code mtime} as hart {@code hart} reads it. */
    public long mtime(int hart) {
        return nanos(hart) / NANOS_PER_TICK;
    }

    /** Moves an idle hart forward to {@code nanos} ({@code wfi} skip, or release from reset). */
    void advanceTo(int hart, long nanos) {
        long now = nanos(hart);
        if (nanos > now) {
            offsetNanos[hart] += nanos - now;
        }
    }

    /** The first nanosecond at which {@code mtime} reaches {@code ticks}. */
    static long nanosOfTicks(long ticks) {
        return ticks > Long.MAX_VALUE / NANOS_PER_TICK ? Long.MAX_VALUE : ticks * NANOS_PER_TICK;
    }
}
