package dev.duoboot.soc;

import dev.duoboot.platform.Platform;
import java.util.Map;

/**
 * The reset block. One bit of it is the C906L's active-low reset (the platform's
 * {@code little-core.reset}; facts §5.4, FSBL {@code reset_c906l}: clear it, program SEC_SYS, set
 * it): a 0 to 1 edge releases hart 1 at the SEC_SYS vector, a 1 to 0 edge holds it in reset again.
 * At power-on the bit is 0, so the C906L waits. The other soft-reset bits are plain storage.
 */
final class ResetController {

    /** What a change of the C906L reset bit does. */
    interface Target {
        void release();

        void hold();
    }

    private final Registers registers = new Registers(Map.of());
    private final Platform.RegisterBit c906lReset;
    private final Target c906l;

    /** @param c906lReset the C906L's reset bit, its register as an offset in the block */
    ResetController(Platform.RegisterBit c906lReset, Target c906l) {
        this.c906lReset = c906lReset;
        this.c906l = c906l;
    }

    long read(long offset, int size) {
        return registers.read(offset, size);
    }

    void write(long offset, int size, long value) {
        boolean before = (registers.word(c906lReset.register()) & c906lReset.mask()) != 0;
        registers.write(offset, size, value);
        boolean after = (registers.word(c906lReset.register()) & c906lReset.mask()) != 0;
        if (!before && after) {
            c906l.release();
        } else if (before && !after) {
            c906l.hold();
        }
    }
}
