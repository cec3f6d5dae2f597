package dev.duoboot.soc;

import java.util.Map;

/**
 * The DDR controller at 0x08004000 ({@code cfg_base}, a Synopsys uMCTL2), as far as FSBL's DDR
 * bring-up waits on it (sophgo/fsbl {@code plat/cv18{0,1}x/ddr/ddr_sys.c} and the DDR
 * configuration's {@code ddrc_init.c}): its registers keep what {@code ddrc_init()} and the
 * training code write, and the status registers answer as a controller whose every command
 * completes at once and whose DRAM needs no timing:
 *
 * <ul>
 *   <li>STAT (+0x004) operating_mode reads 1, normal, once the PHY has completed DFI
 *       initialisation and DFIMISC.dfi_init_complete_en (bit 0) is set
 *       ({@code cvx16_polling_synp_normal_mode}); 0, init, before;
 *   <li>MRSTAT (+0x018) mr_wr_busy reads 0: a mode-register write is done when issued
 *       ({@code cvx16_synp_mrw});
 *   <li>DFIMISC (+0x1B0) bit 5 drives dfi_init_start to the PHY ({@code cvx16_set_dfi_init_start});
 *   <li>DFISTAT (+0x1BC) bit 0 shows the PHY's dfi_init_complete ({@code cvx16_wait_for_dfi_init_complete});
 *   <li>SWSTAT (+0x324) sw_done_ack follows SWCTL (+0x320) sw_done;
 *   <li>PSTAT (+0x3FC) reads 0: no port has a transaction outstanding ({@code cvx16_wrlvl_req} and
 *       the other training requests wait for it).
 * </ul>
 */
final class DdrController implements RegisterBlock {

    static final long STAT = 0x004;
    static final long MRCTRL0 = 0x010;
    static final long MRSTAT = 0x018;
    static final long DFIMISC = 0x1B0;
    static final long DFISTAT = 0x1BC;
    static final long SWCTL = 0x320;
    static final long SWSTAT = 0x324;
    static final long PSTAT = 0x3FC;
    static final int DFIMISC_INIT_COMPLETE_EN = 0;
    static final int DFIMISC_INIT_START = 5;
    static final int MRCTRL0_MR_WR = 31;

    private final Registers registers = new Registers(Map.of());
    private final DfiSignals dfi;

    DdrController(DfiSignals dfi) {
        this.dfi = dfi;
    }

    @Override
    public long read(long offset, int size) {
        long word = switch ((int) (offset & ~3L)) {
            case (int) STAT -> dfi.initComplete && bit(DFIMISC, DFIMISC_INIT_COMPLETE_EN) ? 1 : 0;
            case (int) MRSTAT, (int) PSTAT -> 0;
            case (int) DFISTAT -> dfi.initComplete ? 1 : 0;
            case (int) SWSTAT -> registers.word(SWCTL) & 1;
            default -> -1;
        };
        if (word < 0) {
            return registers.read(offset, size);
        }
        return (word >>> (8 * (offset & 3))) & Registers.mask(size);
    }

    @Override
    public void write(long offset, int size, long value) {
        long word = offset & ~3L;
        if (word == STAT || word == MRSTAT || word == DFISTAT || word == SWSTAT || word == PSTAT) {
            return; // read only
        }
        registers.write(offset, size, value);
        if (word == MRCTRL0) {
            registers.set(MRCTRL0, registers.word(MRCTRL0) & ~(1L << MRCTRL0_MR_WR)); // the write is issued and done
        } else if (word == DFIMISC) {
            dfi.initStart = bit(DFIMISC, DFIMISC_INIT_START);
        }
    }

    private boolean bit(long register, int n) {
        return (registers.word(register) & (1L << n)) != 0;
    }
}
