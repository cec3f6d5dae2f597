package dev.duoboot.soc;

import java.util.Map;

/**
 * The RTC core's page (RTC_SYS + 0x26000; sophgo/fsbl {@code plat/cv18{0,1}x/include/rtc.h}): the
 * request enables, the power state machine's reasons, the analog macro at +0x400 and the 2 KiB core
 * SRAM at +0x800 (OpenSBI's and FSBL's warm-boot flag at its last 8 bytes).
 *
 * <p>FSBL's {@code set_rtc_en_registers()} (platform.c) writes 1 to each of EN_SHDN_REQ,
 * EN_WARM_RST_REQ, EN_PWR_CYC_REQ and EN_WDT_RST_REQ and spins until the register reads 1; U-Boot's
 * {@code cv_system_reset()} (board/cvitek/cv18{0,1}x/board.c) does the same before a reset. On the
 * chip these registers live in the 32 kHz domain and take a few of its cycles to settle; here a
 * write has settled by the next read. An enable decides whether the matching request in RTC_CTRL0
 * ({@link RtcControl}) takes the chip down.
 *
 * <p>After a cold power-on ST_ON_REASON reads 0 ("state changed from ST_OFF to ST_ON", rtc.h) and
 * ST_OFF_REASON 0; the SRAM and the rest read 0 until written.
 */
final class RtcCore implements RegisterBlock {

    static final long EN_PWR_WAKEUP = 0xBC;
    static final long EN_SHDN_REQ = 0xC0;
    static final long EN_PWR_CYC_REQ = 0xC8;
    static final long EN_WARM_RST_REQ = 0xCC;
    static final long EN_PWR_VBAT_DET = 0xD0;
    static final long EN_WDT_RST_REQ = 0xE0;
    static final long EN_SUSPEND_REQ = 0xE4;
    static final long ST_ON_REASON = 0xF8;
    static final long ST_OFF_REASON = 0xFC;

    private final Registers registers = new Registers(Map.of());

    @Override
    public long read(long offset, int size) {
        return registers.read(offset, size);
    }

    @Override
    public void write(long offset, int size, long value) {
        if (offset == ST_ON_REASON || offset == ST_OFF_REASON) {
            return; // the state machine's own record, read only
        }
        registers.write(offset, size, value);
    }

    /** Whether the request enable at {@code offset} (EN_SHDN_REQ, ...) is set. */
    boolean enabled(long offset) {
        return (registers.word(offset) & 1) != 0;
    }
}
