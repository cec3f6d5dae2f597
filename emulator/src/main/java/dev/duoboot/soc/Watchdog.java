package dev.duoboot.soc;

import java.util.Map;
import java.util.function.LongSupplier;

/**
 * The TOP watchdog at 0x03010000, a Synopsys DW_apb_wdt as FSBL's {@code __system_reset()}
 * (sophgo/fsbl {@code plat/cv18{0,1}x/platform.c}) programs it: WDT_TORR (+0x04) = 0x66, a 0x20 to
 * +0x1C, the restart key 0x76 to WDT_CRR (+0x0C), then WDT_CR (+0x00) = 0x11 to enable it, "166ms".
 *
 * <p>The counter runs at 25 MHz: a timeout period {@code i} (TORR bits 3..0, bits 7..4 for the
 * first period after enabling) is 2^(16 + i) cycles, so 0x66 gives 2^22 cycles, the 167 ms FSBL's
 * comment names. WDT_CR bit 0 enables it (only a reset disables it again), bit 1 (RMOD) chooses an
 * interrupt first and the reset at the second expiry; writing 0x76 to WDT_CRR restarts the count
 * and clears the interrupt, WDT_CCVR (+0x08) reads the cycles left, WDT_STAT (+0x10) the interrupt
 * and a read of WDT_EOI (+0x14) clears it. The interrupt reaches no PLIC input here (Linux's IRQ 58
 * is not wired). An expiry that resets asks the chip to reset, which happens only if the RTC
 * passes watchdog resets on ({@link RtcControl#passesWatchdogReset}); the expiry is noticed at the
 * scheduler's next slice, within 100 µs of virtual time.
 */
final class Watchdog implements RegisterBlock {

    static final long CR = 0x00;
    static final long TORR = 0x04;
    static final long CCVR = 0x08;
    static final long CRR = 0x0C;
    static final long STAT = 0x10;
    static final long EOI = 0x14;
    static final long RESTART_KEY = 0x76;
    static final long CLOCK_HZ = 25_000_000L;

    /** What an expiry that resets does. */
    interface Expiry {
        void reset();
    }

    private final Registers registers = new Registers(Map.of());
    private final LongSupplier nowNanos;
    private final Expiry expiry;
    private boolean enabled;
    private boolean firstPeriod;
    private boolean interrupt;
    private long periodStartNanos;

    Watchdog(LongSupplier nowNanos, Expiry expiry) {
        this.nowNanos = nowNanos;
        this.expiry = expiry;
    }

    @Override
    public long read(long offset, int size) {
        poll();
        if (offset == CCVR) {
            return enabled ? Math.max(0, periodCycles() - elapsedCycles()) & 0xffffffffL : 0;
        }
        if (offset == STAT) {
            return interrupt ? 1 : 0;
        }
        if (offset == EOI) {
            interrupt = false;
            return 0;
        }
        return registers.read(offset, size);
    }

    @Override
    public void write(long offset, int size, long value) {
        poll();
        if (offset == CRR) {
            if ((value & 0xff) == RESTART_KEY) {
                restart();
            }
            return;
        }
        if (offset == CCVR || offset == STAT || offset == EOI) {
            return;
        }
        registers.write(offset, size, value);
        if (offset == CR && (value & 1) != 0 && !enabled) {
            enabled = true;
            firstPeriod = true;
            interrupt = false;
            periodStartNanos = nowNanos.getAsLong();
        }
    }

    /** Expires the count if its time has come (called on every access and between scheduler slices). */
    void poll() {
        if (!enabled || elapsedCycles() < periodCycles()) {
            return;
        }
        boolean interruptFirst = (registers.word(CR) & 2) != 0;
        if (interruptFirst && !interrupt) {
            interrupt = true;
            periodStartNanos += periodCycles() * 1_000_000_000L / CLOCK_HZ;
            firstPeriod = false;
            return;
        }
        enabled = false; // the reset clears the watchdog with everything else
        expiry.reset();
    }

    private void restart() {
        if (enabled) {
            periodStartNanos = nowNanos.getAsLong();
            firstPeriod = false;
            interrupt = false;
        }
    }

    private long periodCycles() {
        long torr = registers.word(TORR);
        int top = (int) (firstPeriod ? (torr >>> 4) & 0xf : torr & 0xf);
        return 1L << (16 + top);
    }

    private long elapsedCycles() {
        return (nowNanos.getAsLong() - periodStartNanos) * CLOCK_HZ / 1_000_000_000L;
    }
}
