package dev.duoboot.soc;

import java.util.Map;

/**
 * The DDR PHY: its digital registers (PHYD, 0x08000000) and its APB block with the DDR PLL
 * (CV_DDR_PHYD_APB, 0x08006000), as FSBL's DDR bring-up drives them (sophgo/fsbl
 * {@code plat/cv18{0,1}x/ddr/ddr_sys.c}). Everything keeps what is written; what the code waits on
 * answers as a PHY whose PLL locks, whose DLL calibrates and whose training finishes at once (the
 * trained delays stay as written: no DRAM timing is modelled):
 *
 * <ul>
 *   <li>APB +0x10 bit 15, the DDR PLL lock, reads 1 while the PLL divider is out of reset, APB +0x0C
 *       bit 7 (TOP_REG_DDRPLL_MAS_RSTZ_DIV; {@code cvx16_pll_init}, {@code cvx16_chg_pll_freq});
 *   <li>PHYD +0x3014 bit 16, the DLL lock, reads 1 once calibration is enabled, PHYD +0x40 bits 1
 *       and 17 ({@code cvx16_dll_cal});
 *   <li>PHYD +0x3028 bit 8 shows the controller's dfi_init_start ({@code cvx16_polling_dfi_init_start});
 *       writing PHYD +0x120 with bit 4 set completes DFI initialisation ({@code cvx16_set_dfi_init_complete});
 *   <li>PHYD +0x174: bit 0 (sw_dfi_phyupd_req) is answered at once, PHYD +0x3030 bits 9..8 (req, ack)
 *       read 3 until bit 4 (req_clr) is written ({@code cvx16_dfi_ca_park_prbs}); bit 8 (the DLL
 *       software update) sets PHYD +0x3030 bit 24, dline done ({@code cvx16_dll_sw_clr});
 *   <li>a training request, bit 0 of PHYD +0x180 (write leveling), +0x184 (read gate), +0x188 (read
 *       leveling) or +0x18C (write DQ leveling), sets its done bit, 0 to 3, in PHYD +0x3444
 *       ({@code cvx16_wrlvl_req}, {@code cvx16_rdglvl_req}, {@code cvx16_rdlvl_req},
 *       {@code cvx16_wdqlvl_req}); a done bit stays set.
 * </ul>
 */
final class DdrPhy {

    static final long APB_PLL_CTRL = 0x0C;
    static final long APB_PLL_STATUS = 0x10;
    static final int APB_PLL_RSTZ_DIV = 7;
    static final int APB_PLL_LOCK = 15;

    static final long DLL_CTRL = 0x0040;
    static final long INIT_COMPLETE = 0x0120;
    static final long PHYUPD = 0x0174;
    static final long TRAIN_REQ_FIRST = 0x0180;
    static final int TRAININGS = 4;
    static final long DLL_STATUS = 0x3014;
    static final long DFI_STATUS = 0x3028;
    static final long PHYUPD_STATUS = 0x3030;
    static final long TRAIN_DONE = 0x3444;

    private final Registers digital = new Registers(Map.of());
    private final Registers apb = new Registers(Map.of());
    private final DfiSignals dfi;
    private boolean phyupdRequested;
    private boolean dlineUpdated;
    private int trainingDone;

    DdrPhy(DfiSignals dfi) {
        this.dfi = dfi;
    }

    /** PHYD, at 0x08000000. */
    RegisterBlock digital() {
        return new RegisterBlock() {
            @Override
            public long read(long offset, int size) {
                long status = switch ((int) (offset & ~3L)) {
                    case (int) DLL_STATUS -> (digital.word(DLL_CTRL) & 0x20002L) == 0x20002L ? 1L << 16 : 0;
                    case (int) DFI_STATUS -> dfi.initStart ? 1L << 8 : 0;
                    case (int) PHYUPD_STATUS -> (phyupdRequested ? 3L << 8 : 0) | (dlineUpdated ? 1L << 24 : 0);
                    case (int) TRAIN_DONE -> trainingDone;
                    default -> -1;
                };
                if (status < 0) {
                    return digital.read(offset, size);
                }
                return (status >>> (8 * (offset & 3))) & Registers.mask(size);
            }

            @Override
            public void write(long offset, int size, long value) {
                long word = offset & ~3L;
                if (word == DLL_STATUS || word == DFI_STATUS || word == PHYUPD_STATUS || word == TRAIN_DONE) {
                    return; // read only
                }
                digital.write(offset, size, value);
                long now = digital.word(word);
                if (word == INIT_COMPLETE && (now & 0x10) != 0) {
                    dfi.initComplete = true;
                } else if (word == PHYUPD) {
                    if ((now & 0x10) != 0) {
                        phyupdRequested = false;
                    } else if ((now & 1) != 0) {
                        phyupdRequested = true;
                    }
                    if ((now & 0x100) != 0) {
                        dlineUpdated = true;
                    }
                } else if (word >= TRAIN_REQ_FIRST && word < TRAIN_REQ_FIRST + 4L * TRAININGS && (now & 1) != 0) {
                    trainingDone |= 1 << (int) ((word - TRAIN_REQ_FIRST) / 4);
                }
            }
        };
    }

    /** CV_DDR_PHYD_APB, at 0x08006000: power-down controls, ZQ, the DDR PLL. */
    RegisterBlock apb() {
        return new RegisterBlock() {
            @Override
            public long read(long offset, int size) {
                if ((offset & ~3L) == APB_PLL_STATUS) {
                    long locked = (apb.word(APB_PLL_CTRL) & (1L << APB_PLL_RSTZ_DIV)) != 0 ? 1L << APB_PLL_LOCK : 0;
                    long word = (apb.word(APB_PLL_STATUS) & ~(1L << APB_PLL_LOCK)) | locked;
                    return (word >>> (8 * (offset & 3))) & Registers.mask(size);
                }
                return apb.read(offset, size);
            }

            @Override
            public void write(long offset, int size, long value) {
                apb.write(offset, size, value);
            }
        };
    }
}
