package dev.duoboot.soc;

import java.util.Map;

/**
 * SEC_SYS at 0x020B0000 as FSBL's {@code reset_c906l} (sophgo/fsbl {@code plat/cv18{0,1}x/platform.c})
 * uses it: +0x04 bit 13 is set before the release, +0x20/+0x24 hold the C906L's reset vector (low
 * and high halves). The rest is plain storage.
 */
final class SecSys {

    static final long CONTROL = 0x04;
    static final long C906L_ENABLE = 1L << 13;
    static final long VECTOR_LOW = 0x20;
    static final long VECTOR_HIGH = 0x24;

    private final Registers registers = new Registers(Map.of());

    long read(long offset, int size) {
        return registers.read(offset, size);
    }

    void write(long offset, int size, long value) {
        registers.write(offset, size, value);
    }

    long c906lVector() {
        return registers.word(VECTOR_LOW) | (registers.word(VECTOR_HIGH) << 32);
    }

    boolean c906lEnabled() {
        return (registers.word(CONTROL) & C906L_ENABLE) != 0;
    }
}
