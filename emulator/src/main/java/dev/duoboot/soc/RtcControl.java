package dev.duoboot.soc;

import java.util.Map;

/**
 * RTC_CTRL (RTC_SYS + 0x25000, sophgo/fsbl {@code plat/cv18{0,1}x/include/rtc.h}): the RTC's
 * control register RTC_CTRL0, its unlock key and status, and the RTC reset controls.
 *
 * <p>RTC_CTRL0 (+0x08) is written through a mask: bits 31..16 choose which of bits 15..0 take the
 * written value, the others keep theirs, and a read returns bits 15..0. Every writer uses it so:
 * FSBL's {@code switch_rtc_mode_1st_stage()} writes {@code 0x08000000 | ...} to change bit 11 alone
 * and {@code set_rtc_en_registers()} writes {@code 0xffff0000 | ...}; U-Boot's {@code
 * cv_system_reset()} sets {@code 0xFFFF0800 | (1 << 4)}. It takes writes only after the key 0xAB18
 * was written to RTC_CTRL0_UNLOCKKEY (+0x04), as each of them does first.
 *
 * <p>Bits, from those writers: 0 shutdown request ({@code cv_system_off}), 3 power-cycle request
 * (FSBL {@code __system_reset}), 4 warm-reset request ({@code cv_system_reset}), 6 hardware
 * watchdog reset enable, 10 rtc_mode, 11 the 32 kHz clock gate enable. A request whose enable is
 * set in the RTC core ({@link RtcCore}: EN_SHDN_REQ, EN_PWR_CYC_REQ, EN_WARM_RST_REQ) powers the
 * chip off or resets it; one whose enable is clear does nothing. RTC_CTRL0_STATUS0 (+0x0C) bit 25,
 * cg_en_out_clk_32k, follows bit 11 (FSBL clears bit 11 and spins until bit 25 reads 0).
 *
 * <p>At power-on RTC_CTRL0 reads 0 (rtc_mode 0: FSBL switches the RTC mode on a cold boot); the
 * other registers are plain storage, reading 0 until written.
 */
final class RtcControl implements RegisterBlock {

    static final long UNLOCKKEY = 0x04;
    static final long CTRL0 = 0x08;
    static final long CTRL0_STATUS0 = 0x0C;
    static final long UNLOCK_KEY_VALUE = 0xAB18;

    static final int REQ_SHUTDOWN = 0;
    static final int REQ_POWER_CYCLE = 3;
    static final int REQ_WARM_RESET = 4;
    static final int HW_WATCHDOG_RESET_EN = 6;
    static final int CLK32K_CG_EN = 11;
    static final int STATUS0_CG_EN_OUT_CLK_32K = 25;

    private final Registers registers = new Registers(Map.of());
    private final RtcCore core;
    private final SystemControl chip;
    private boolean unlocked;
    private long ctrl0;

    RtcControl(RtcCore core, SystemControl chip) {
        this.core = core;
        this.chip = chip;
    }

    @Override
    public long read(long offset, int size) {
        if (offset == CTRL0) {
            return ctrl0;
        }
        if (offset == CTRL0_STATUS0) {
            return bit(CLK32K_CG_EN) ? 1L << STATUS0_CG_EN_OUT_CLK_32K : 0;
        }
        return registers.read(offset, size);
    }

    @Override
    public void write(long offset, int size, long value) {
        if (offset == UNLOCKKEY) {
            unlocked = (value & 0xffff) == UNLOCK_KEY_VALUE;
            registers.write(offset, size, value);
        } else if (offset == CTRL0) {
            if (!unlocked || size != 4) {
                return;
            }
            long mask = (value >>> 16) & 0xffff;
            ctrl0 = (ctrl0 & ~mask) | (value & mask);
            requests();
        } else if (offset != CTRL0_STATUS0) {
            registers.write(offset, size, value);
        }
    }

    private void requests() {
        if (bit(REQ_SHUTDOWN) && core.enabled(RtcCore.EN_SHDN_REQ)) {
            ctrl0 &= ~(1L << REQ_SHUTDOWN);
            chip.powerOff("RTC_CTRL0 shutdown request (EN_SHDN_REQ set)");
        }
        if (bit(REQ_WARM_RESET) && core.enabled(RtcCore.EN_WARM_RST_REQ)) {
            ctrl0 &= ~(1L << REQ_WARM_RESET);
            chip.reset("RTC_CTRL0 warm-reset request (EN_WARM_RST_REQ set)");
        }
        if (bit(REQ_POWER_CYCLE) && core.enabled(RtcCore.EN_PWR_CYC_REQ)) {
            ctrl0 &= ~(1L << REQ_POWER_CYCLE);
            chip.reset("RTC_CTRL0 power-cycle request (EN_PWR_CYC_REQ set)");
        }
    }

    /** Whether a watchdog expiry resets the chip: hw_wdg_rst_en here and EN_WDT_RST_REQ in the core. */
    boolean passesWatchdogReset() {
        return bit(HW_WATCHDOG_RESET_EN) && core.enabled(RtcCore.EN_WDT_RST_REQ);
    }

    private boolean bit(int n) {
        return (ctrl0 & (1L << n)) != 0;
    }
}
