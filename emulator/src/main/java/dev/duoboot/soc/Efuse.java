package dev.duoboot.soc;

import java.util.Map;

/**
 * The eFuse controller at TOP + 0x50000 (sophgo/fsbl {@code plat/cv18{0,1}x/security/security.c},
 * {@code include/security/efuse.h}) over a part whose fuses are all unprogrammed: 64 words of 32
 * fuses (EFUSE_SIZE 0x100), each read through its shadow register at +0x100 + 4 * word.
 *
 * <p>The controller's protocol as FSBL's {@code lock_efuse_chipsn()} drives it: wait until
 * EFUSE_STATUS (+0x10) bit 0 (busy) reads 0; EFUSE_MODE (+0x00) 0x10 powers the array on, 0x18
 * off; with EFUSE_ADR (+0x04) = {@code bit << 7 | word << 1} (then the same with bit 0 set, the
 * second half of the pulse), EFUSE_MODE 0x14 burns that fuse; EFUSE_MODE 0x30 copies the array
 * into the shadow registers. Here every operation is done at once (the controller is never busy),
 * a burn takes effect only while the array is powered, and the shadows change only on a refresh,
 * as FSBL expects: it burns the chip-serial lock bits FTSN3/FTSN4 of word 0x26 and reads them back
 * through EFUSE_W_LOCK0 (+0x198, the shadow of word 0x26) after the refresh.
 */
final class Efuse implements RegisterBlock {

    static final long MODE = 0x00;
    static final long ADR = 0x04;
    static final long RD_DATA = 0x0C;
    static final long STATUS = 0x10;
    static final long SHADOW = 0x100;
    static final int WORDS = 64;

    static final long MODE_POWER_ON = 0x10;
    static final long MODE_PROGRAM = 0x14;
    static final long MODE_POWER_OFF = 0x18;
    static final long MODE_REFRESH_SHADOW = 0x30;

    private final Registers registers = new Registers(Map.of());
    private final long[] fuses = new long[WORDS];
    private final long[] shadow = new long[WORDS];
    private boolean powered;

    @Override
    public long read(long offset, int size) {
        if (offset >= SHADOW && offset < SHADOW + 4L * WORDS) {
            long word = shadow[(int) ((offset - SHADOW) >>> 2)];
            return (word >>> (8 * (offset & 3))) & Registers.mask(size);
        }
        if (offset == STATUS) {
            return 0; // idle: every operation completed when it was asked for
        }
        return registers.read(offset, size);
    }

    @Override
    public void write(long offset, int size, long value) {
        if (offset >= SHADOW && offset < SHADOW + 4L * WORDS || offset == STATUS) {
            return; // read only
        }
        registers.write(offset, size, value);
        if (offset != MODE) {
            return;
        }
        long mode = value & 0xff;
        if (mode == MODE_POWER_ON) {
            powered = true;
        } else if (mode == MODE_POWER_OFF) {
            powered = false;
        } else if (mode == MODE_PROGRAM && powered) {
            long adr = registers.word(ADR) & 0xfff;
            fuses[(int) ((adr >>> 1) & 0x3f)] |= 1L << ((adr >>> 7) & 0x1f);
        } else if (mode == MODE_REFRESH_SHADOW) {
            System.arraycopy(fuses, 0, shadow, 0, WORDS);
        }
    }
}
