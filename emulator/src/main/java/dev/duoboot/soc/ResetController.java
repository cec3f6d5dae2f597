package dev.duoboot.soc;

import java.util.Map;

/**
 * The reset block at 0x03003000. Bit 6 of +0x24 is the C906L's active-low reset (facts §5.4, FSBL
 * {@code reset_c906l}: clear it, program SEC_SYS, set it): a 0 to 1 edge releases hart 1 at the
 * SEC_SYS vector, a 1 to 0 edge holds it in reset again. At power-on the bit is 0, so the C906L
 * waits. The other soft-reset bits are plain storage.
 */
final class ResetController {

    static final long C906L_RESET = 0x24;
    static final long C906L_BIT = 1L << 6;

    /** What a change of the C906L reset bit does. */
    interface Target {
        void release();

        void hold();
    }

    private final Registers registers = new Registers(Map.of());
    private final Target c906l;

    ResetController(Target c906l) {
        this.c906l = c906l;
    }

    long read(long offset, int size) {
        return registers.read(offset, size);
    }

    void write(long offset, int size, long value) {
        boolean before = (registers.word(C906L_RESET) & C906L_BIT) != 0;
        registers.write(offset, size, value);
        boolean after = (registers.word(C906L_RESET) & C906L_BIT) != 0;
        if (!before && after) {
            c906l.release();
        } else if (before && !after) {
            c906l.hold();
        }
    }
}
