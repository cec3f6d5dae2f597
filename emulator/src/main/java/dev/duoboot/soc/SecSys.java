package dev.duoboot.soc;

import dev.duoboot.platform.Platform;
import java.util.Map;

/**
 * SEC_SYS as FSBL's {@code reset_c906l} (sophgo/fsbl {@code plat/cv18{0,1}x/platform.c}) uses it:
 * an enable bit is set before the release and two registers hold the C906L's reset vector (low
 * and high halves), where the platform's {@code little-core} entry says. The rest is plain storage.
 */
final class SecSys {

    private final Registers registers = new Registers(Map.of());
    private final Platform.RegisterBit enable;
    private final long vectorLow;
    private final long vectorHigh;

    /** Offsets within the block. */
    SecSys(Platform.RegisterBit enable, long vectorLow, long vectorHigh) {
        this.enable = enable;
        this.vectorLow = vectorLow;
        this.vectorHigh = vectorHigh;
    }

    long read(long offset, int size) {
        return registers.read(offset, size);
    }

    void write(long offset, int size, long value) {
        registers.write(offset, size, value);
    }

    long c906lVector() {
        return registers.word(vectorLow) | (registers.word(vectorHigh) << 32);
    }

    /** "SEC_SYS+0x04 bit 13", for the event log. */
    String enableBitName() {
        return String.format("SEC_SYS+0x%02x bit %d", enable.register(), enable.bit());
    }

    boolean c906lEnabled() {
        return (registers.word(enable.register()) & enable.mask()) != 0;
    }
}
