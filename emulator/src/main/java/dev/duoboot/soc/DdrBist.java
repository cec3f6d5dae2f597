package dev.duoboot.soc;

import java.util.Map;
import java.util.TreeMap;

/**
 * The DDR BIST engine at 0x08010000 with its pattern SRAM at +0x1000 (sophgo/fsbl
 * {@code plat/cv18{0,1}x/ddr/ddr_sys.c}: {@code cvx16_bist_wr_prbs_init}, {@code
 * cvx16_bist_start_check}, {@code ctrl_init_detect_dram_size}).
 *
 * <p>Registers: +0x00 control, written through a mask (bits 31..16 choose which of bits 15..0 take
 * the value: {@code 0x00030003} starts it, {@code 0x00050000} stops it); +0x10 the DRAM address the
 * commands work at, in 16-byte units ({@code 1 << (cap + 20 - 4)} is {@code 2^cap} MiB); +0x14 the
 * end, +0x18 the step; +0x40.. six commands, each {@code op << 30 | sram_st << 21 | sram_sp << 12 |
 * pattern << 9 | dq_inv << 8 | ...} with op 1 write, 2 read, 0 none; +0x80 status, bit 2 done, bit 3
 * failed; +0x88..+0x94 the failing data.
 *
 * <p>Starting it runs the command queue at once: a write leaves its pattern (the command without
 * its op) at the address, a read compares what is there with its own pattern and fails on a
 * difference or on memory never written. The DRAM behind it is the board's: an address wraps
 * modulo its size, as the address lines of a smaller part do, so FSBL's capacity probe (write
 * PRBS at 0, inverted PRBS at 2^cap MiB, read 0 back) stops at the board's size. No data is stored
 * in the emulated DRAM: what FSBL later loads there is all that is in it.
 */
final class DdrBist implements RegisterBlock {

    static final long CTRL = 0x00;
    static final long ADDRESS = 0x10;
    static final long COMMANDS = 0x40;
    static final int COMMAND_SLOTS = 6;
    static final long STATUS = 0x80;
    static final long ERR_DATA_FIRST = 0x88;
    static final long ERR_DATA_END = 0x98;
    static final int STATUS_DONE = 2;
    static final int STATUS_FAIL = 3;
    static final int UNIT_BYTES = 16;

    private final Registers registers = new Registers(Map.of());
    private final long dramBytes;
    /** The pattern last written at each (wrapped) byte address. */
    private final Map<Long, Long> written = new TreeMap<>();
    private long ctrl;
    private long status;

    /** @param dramBytes the size of the DRAM behind the controller (the board's) */
    DdrBist(long dramBytes) {
        this.dramBytes = dramBytes;
    }

    @Override
    public long read(long offset, int size) {
        long word = offset & ~3L;
        if (word == CTRL) {
            return ctrl;
        }
        if (word == STATUS) {
            return (status >>> (8 * (offset & 3))) & Registers.mask(size);
        }
        if (word >= ERR_DATA_FIRST && word < ERR_DATA_END) {
            return 0; // no data ever differs bit by bit: a failing read differs in its pattern
        }
        return registers.read(offset, size);
    }

    @Override
    public void write(long offset, int size, long value) {
        long word = offset & ~3L;
        if (word == STATUS || word >= ERR_DATA_FIRST && word < ERR_DATA_END) {
            return; // read only
        }
        if (word == CTRL && size == 4) {
            long mask = (value >>> 16) & 0xffff;
            ctrl = (ctrl & ~mask) | (value & mask);
            if ((mask & 1) != 0 && (value & 1) != 0) {
                run();
            }
            return;
        }
        registers.write(offset, size, value);
    }

    private void run() {
        long at = Math.floorMod(registers.word(ADDRESS) * UNIT_BYTES, dramBytes);
        boolean failed = false;
        for (int i = 0; i < COMMAND_SLOTS; i++) {
            long cmd = registers.word(COMMANDS + 4L * i);
            long op = cmd >>> 30;
            long pattern = cmd & 0x3fffffffL;
            if (op == 1) {
                written.put(at, pattern);
            } else if (op == 2) {
                Long there = written.get(at);
                failed |= there == null || there != pattern;
            }
        }
        status = 1L << STATUS_DONE | (failed ? 1L << STATUS_FAIL : 0);
    }
}
