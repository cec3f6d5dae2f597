package dev.duoboot.soc;

import static dev.duoboot.asm.Asm.A0;
import static dev.duoboot.asm.Asm.A1;
import static dev.duoboot.asm.Asm.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.duoboot.asm.Asm;
import dev.duoboot.platform.Platforms;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The devices the SDK's FSBL initialises and waits on, each as FSBL's code drives it (sophgo/fsbl
 * plat/cv18{0,1}x: platform.c, security/security.c, ddr/ddr_sys.c), and their wiring into the
 * machine.
 */
class ChipDevicesTest {

    /** What the chip was asked to do. */
    private static final class Recorder implements SystemControl {
        final List<String> done = new ArrayList<>();

        @Override
        public void powerOff(String why) {
            done.add("off: " + why);
        }

        @Override
        public void reset(String why) {
            done.add("reset: " + why);
        }
    }

    @Test
    void rtcCtrl0TakesMaskedWritesOnlyAfterTheUnlockKeyAndItsStatusFollowsTheClockGate() {
        RtcControl rtc = new RtcControl(new RtcCore(), new Recorder());
        rtc.write(RtcControl.CTRL0, 4, 0x08000800L); // locked: ignored
        assertThat(rtc.read(RtcControl.CTRL0, 4)).isZero();
        rtc.write(RtcControl.UNLOCKKEY, 4, 0xAB18);
        rtc.write(RtcControl.CTRL0, 4, 0x08000800L); // switch_rtc_mode_1st_stage: bit 11 alone
        assertThat(rtc.read(RtcControl.CTRL0, 4)).isEqualTo(0x800L);
        assertThat(rtc.read(RtcControl.CTRL0_STATUS0, 4)).isEqualTo(1L << 25);
        rtc.write(RtcControl.CTRL0, 4, 0x04000400L | 0xffffL); // mask only bit 10: the other ones stay
        assertThat(rtc.read(RtcControl.CTRL0, 4)).isEqualTo(0xc00L);
        rtc.write(RtcControl.CTRL0, 4, 0x08000000L); // clear bit 11: the 32 kHz clock gate closes
        assertThat(rtc.read(RtcControl.CTRL0_STATUS0, 4)).isZero();
    }

    @Test
    void aRequestInRtcCtrl0TakesTheChipDownOnlyWhenTheRtcCoreEnablesIt() {
        RtcCore core = new RtcCore();
        Recorder chip = new Recorder();
        RtcControl rtc = new RtcControl(core, chip);
        rtc.write(RtcControl.UNLOCKKEY, 4, 0xAB18);
        rtc.write(RtcControl.CTRL0, 4, 0xffff0810L); // cv_system_reset() without EN_WARM_RST_REQ
        assertThat(chip.done).isEmpty();
        core.write(RtcCore.EN_WARM_RST_REQ, 4, 1);
        assertThat(core.read(RtcCore.EN_WARM_RST_REQ, 4)).isEqualTo(1); // what FSBL and U-Boot spin on
        rtc.write(RtcControl.CTRL0, 4, 0xffff0810L);
        core.write(RtcCore.EN_SHDN_REQ, 4, 1);
        rtc.write(RtcControl.CTRL0, 4, 0xffff0801L); // cv_system_off()
        assertThat(chip.done).containsExactly("reset: RTC_CTRL0 warm-reset request (EN_WARM_RST_REQ set)",
                "off: RTC_CTRL0 shutdown request (EN_SHDN_REQ set)");
        core.write(RtcCore.ST_ON_REASON, 4, 9); // the state machine's own record
        assertThat(core.read(RtcCore.ST_ON_REASON, 4)).isZero(); // a cold boot from ST_OFF
    }

    @Test
    void aShutdownRequestEndsTheRunWithItsReason() {
        try (Machine m = Machine.create(Platforms.require("duo", "test"))) {
            long dram = m.board().dram().base();
            // cv_system_off(): EN_SHDN_REQ, wait for it, unlock, request
            Asm guest = new Asm(dram).li(A1, 0x05026000L).addi(T0, 0, 1).sw(T0, A1, 0xC0)
                    .label("wait").lw(A0, A1, 0xC0).bne(A0, T0, "wait")
                    .li(A1, 0x05025000L).li(T0, 0xAB18).sw(T0, A1, 4).li(T0, 0xFFFF0801L).sw(T0, A1, 8)
                    .label("spin").j("spin");
            m.load(dram, guest.bytes(), "test");
            m.startHart(Machine.HART_C906B, dram);
            RunResult r = m.run(RunLimits.defaults().withMaxInstructions(1_000_000));
            assertThat(r.outcome()).isEqualTo(RunResult.Outcome.STOPPED);
            assertThat(r.detail()).matches("the guest powered off the SoC at 0\\.0000\\d{5} s \\(RTC_CTRL0 shutdown request \\(EN_SHDN_REQ set\\)\\)");
            assertThat(m.guestStop()).hasValueSatisfying(g -> assertThat(g.kind()).isEqualTo(Machine.GuestStop.Kind.POWER_OFF));
            assertThat(m.events()).contains("power off: RTC_CTRL0 shutdown request (EN_SHDN_REQ set)");
        }
    }

    @Test
    void aBlankEfuseLocksTheChipSerialAsLockEfuseChipsnAsks() {
        Efuse e = new Efuse();
        assertThat(e.read(0x198, 4)).isZero(); // EFUSE_W_LOCK0: unprogrammed
        assertThat(e.read(Efuse.STATUS, 4)).isZero(); // never busy
        e.write(Efuse.ADR, 4, 3 << 7 | 0x26 << 1); // FTSN3_LOCK of word 0x26, while powered off: no burn
        e.write(Efuse.MODE, 4, Efuse.MODE_PROGRAM);
        e.write(Efuse.MODE, 4, Efuse.MODE_REFRESH_SHADOW);
        assertThat(e.read(0x198, 4)).isZero();
        e.write(Efuse.MODE, 4, Efuse.MODE_POWER_ON);
        for (int bit : new int[] {3, 4}) {
            e.write(Efuse.ADR, 4, bit << 7 | 0x26 << 1);
            e.write(Efuse.MODE, 4, Efuse.MODE_PROGRAM);
            e.write(Efuse.ADR, 4, bit << 7 | 0x26 << 1 | 1);
            e.write(Efuse.MODE, 4, Efuse.MODE_PROGRAM);
        }
        assertThat(e.read(0x198, 4)).as("the shadow changes on a refresh only").isZero();
        e.write(Efuse.MODE, 4, Efuse.MODE_REFRESH_SHADOW);
        assertThat(e.read(0x198, 4)).isEqualTo(0x18);
        assertThat(e.read(0x194, 4)).isZero();
        e.write(Efuse.MODE, 4, Efuse.MODE_POWER_OFF);
    }

    @Test
    void theWatchdogResetsAfterItsPeriodUnlessRestarted() {
        long[] now = {0};
        int[] resets = {0};
        Watchdog w = new Watchdog(() -> now[0], () -> resets[0]++);
        now[0] = 10_000_000_000L;
        w.poll();
        assertThat(resets[0]).as("disabled").isZero();
        // __system_reset(): TORR 0x66 (2^22 cycles at 25 MHz, 167.77 ms), restart, enable
        w.write(Watchdog.TORR, 4, 0x66);
        w.write(Watchdog.CRR, 4, 0x76);
        w.write(Watchdog.CR, 4, 0x11);
        long period = (1L << 22) * 40; // ns
        now[0] += period - 1000;
        w.poll();
        assertThat(resets[0]).isZero();
        assertThat(w.read(Watchdog.CCVR, 4)).isEqualTo(25); // 1 µs of 25 MHz cycles left
        w.write(Watchdog.CRR, 4, 0x76); // kicked
        now[0] += period - 1000;
        w.poll();
        assertThat(resets[0]).isZero();
        now[0] += 2000;
        w.poll();
        assertThat(resets[0]).isEqualTo(1);
    }

    @Test
    void inInterruptModeTheWatchdogInterruptsFirstAndResetsAtTheSecondExpiry() {
        long[] now = {0};
        int[] resets = {0};
        Watchdog w = new Watchdog(() -> now[0], () -> resets[0]++);
        w.write(Watchdog.TORR, 4, 0x00); // 2^16 cycles
        w.write(Watchdog.CR, 4, 0x03); // RMOD: interrupt first
        long period = (1L << 16) * 40;
        now[0] += period;
        w.poll();
        assertThat(w.read(Watchdog.STAT, 4)).isEqualTo(1);
        assertThat(resets[0]).isZero();
        now[0] += period;
        w.poll();
        assertThat(resets[0]).isEqualTo(1);
    }

    @Test
    void theDdrControllerAndPhyHandshakeAsTheBringUpWaitsForThem() {
        DfiSignals dfi = new DfiSignals();
        DdrController ctrl = new DdrController(dfi);
        DdrPhy phy = new DdrPhy(dfi);
        RegisterBlock phyd = phy.digital();
        RegisterBlock apb = phy.apb();
        // cvx16_pll_init: the PLL locks once its divider leaves reset
        assertThat(apb.read(DdrPhy.APB_PLL_STATUS, 4) & (1 << 15)).isZero();
        apb.write(DdrPhy.APB_PLL_CTRL, 4, 0x030b | 1 << 7);
        assertThat(apb.read(DdrPhy.APB_PLL_STATUS, 4) & (1 << 15)).isNotZero();
        // cvx16_set_dfi_init_start -> cvx16_polling_dfi_init_start
        assertThat(phyd.read(DdrPhy.DFI_STATUS, 4) & (1 << 8)).isZero();
        ctrl.write(DdrController.SWCTL, 4, 0);
        ctrl.write(DdrController.DFIMISC, 4, 1 << 5);
        ctrl.write(DdrController.SWCTL, 4, 1);
        assertThat(ctrl.read(DdrController.SWSTAT, 4)).isEqualTo(1);
        assertThat(phyd.read(DdrPhy.DFI_STATUS, 4) & (1 << 8)).isNotZero();
        // cvx16_set_dfi_init_complete -> cvx16_wait_for_dfi_init_complete -> cvx16_polling_synp_normal_mode
        assertThat(ctrl.read(DdrController.DFISTAT, 4)).isZero();
        phyd.write(DdrPhy.INIT_COMPLETE, 4, 0x10);
        assertThat(ctrl.read(DdrController.DFISTAT, 4)).isEqualTo(1);
        assertThat(ctrl.read(DdrController.STAT, 4) & 7).as("init until dfi_init_complete_en").isZero();
        ctrl.write(DdrController.DFIMISC, 4, 5);
        assertThat(ctrl.read(DdrController.STAT, 4) & 7).isEqualTo(1);
        // cvx16_dll_cal, a training request, a mode-register write, the ports
        phyd.write(DdrPhy.DLL_CTRL, 4, 1 << 1 | 1 << 17);
        assertThat(phyd.read(DdrPhy.DLL_STATUS, 4) & (1 << 16)).isNotZero();
        phyd.write(0x184, 4, 1); // param_phyd_dfi_rdglvl_req
        assertThat(phyd.read(DdrPhy.TRAIN_DONE, 4)).isEqualTo(1 << 1);
        ctrl.write(DdrController.MRCTRL0, 4, 1L << 31);
        assertThat(ctrl.read(DdrController.MRSTAT, 4) & 1).isZero();
        assertThat(ctrl.read(DdrController.PSTAT, 4)).isZero();
        ctrl.write(0x64, 4, 0x0071004B); // RFSHTMG, as ctrl_init_update_by_dram_size writes it: kept
        assertThat(ctrl.read(0x64, 4)).isEqualTo(0x0071004BL);
    }

    /** ctrl_init_detect_dram_size() (DDR3): the log2 of the DRAM's size in MiB, as FSBL finds it. */
    private static int probeCapacity(DdrBist bist) {
        int cap = 4;
        bist.write(DdrBist.ADDRESS, 4, 0);
        bist.write(DdrBist.COMMANDS, 4, (1L << 30) + (3 << 12) + (5 << 9));
        bist.write(DdrBist.CTRL, 4, 0x00010001);
        bist.write(DdrBist.CTRL, 4, 0x00010000);
        long status;
        do {
            cap++;
            bist.write(DdrBist.ADDRESS, 4, 1L << (cap + 20 - 4));
            bist.write(DdrBist.COMMANDS, 4, (1L << 30) + (3 << 12) + (5 << 9) + (1 << 8));
            bist.write(DdrBist.CTRL, 4, 0x00010001);
            bist.write(DdrBist.CTRL, 4, 0x00010000);
            bist.write(DdrBist.ADDRESS, 4, 0);
            bist.write(DdrBist.COMMANDS, 4, (2L << 30) + (3 << 12) + (5 << 9));
            bist.write(DdrBist.CTRL, 4, 0x00010001);
            status = bist.read(DdrBist.STATUS, 4);
            bist.write(DdrBist.CTRL, 4, 0x00010000);
            assertThat(status & 1 << DdrBist.STATUS_DONE).isNotZero();
        } while ((status & 1 << DdrBist.STATUS_FAIL) == 0 && cap < 15);
        return cap;
    }

    @Test
    void theBistsCapacityProbeFindsTheBoardsDramSize() {
        assertThat(probeCapacity(new DdrBist(64L << 20))).isEqualTo(6);
        assertThat(probeCapacity(new DdrBist(256L << 20))).isEqualTo(8);
        assertThat(probeCapacity(new DdrBist(512L << 20))).isEqualTo(9);
    }

    @Test
    void aBistReadPassesWhereItsPatternWasWrittenAndFailsElsewhere() {
        DdrBist bist = new DdrBist(256L << 20);
        long write = (1L << 30) | (511 << 12) | (5 << 9);
        long read = (2L << 30) | (511 << 12) | (5 << 9);
        bist.write(DdrBist.COMMANDS, 4, write); // cvx16_bist_wr_prbs_init: write, then read back
        bist.write(DdrBist.COMMANDS + 4, 4, read);
        bist.write(DdrBist.CTRL, 4, 0x00030003);
        assertThat(bist.read(DdrBist.STATUS, 4)).isEqualTo(1 << DdrBist.STATUS_DONE);
        bist.write(DdrBist.CTRL, 4, 0x00050000);
        bist.write(DdrBist.ADDRESS, 4, 0x1000); // nothing was ever written there
        bist.write(DdrBist.COMMANDS, 4, read);
        bist.write(DdrBist.COMMANDS + 4, 4, 0);
        bist.write(DdrBist.CTRL, 4, 0x00030003);
        assertThat(bist.read(DdrBist.STATUS, 4)).isEqualTo(1 << DdrBist.STATUS_DONE | 1 << DdrBist.STATUS_FAIL);
    }

    @Test
    void eachBoardsConfInfoCarriesItsPackageStrap() {
        for (String[] board : new String[][] {{"duo", "3"}, {"duo256m", "5"}, {"duos", "1"}, {"licheerv-nano", "5"},
                {"sg2002-wevb", "5"}}) {
            try (Machine m = Machine.create(Platforms.require(board[0], "test"))) {
                assertThat((m.deviceRead(0, 0x03000004L, 4) >>> 28) & 7).as(board[0]).isEqualTo(Long.parseLong(board[1]));
            }
        }
    }
}
