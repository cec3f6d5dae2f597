package dev.duoboot.soc;

import java.util.Map;
import java.util.TreeMap;

/**
 * A block of plain 32-bit registers (TOP, CLKGEN, PINMUX): writes are kept and read back, unwritten
 * registers read as their reset value, 0 unless given. Enough for firmware that configures clocks and
 * pins it cannot observe.
 */
final class Registers implements RegisterBlock {

    private final Map<Long, Long> values = new TreeMap<>();

    Registers(Map<Long, Long> resetValues) {
        values.putAll(resetValues);
    }

    @Override
    public long read(long offset, int size) {
        if (size == 8) { // two 32-bit registers, low one first
            return read(offset, 4) | (read(offset + 4, 4) << 32);
        }
        long word = values.getOrDefault(offset & ~3L, 0L);
        return (word >>> (8 * (offset & 3))) & mask(size);
    }

    @Override
    public void write(long offset, int size, long value) {
        if (size == 8) {
            write(offset, 4, value);
            write(offset + 4, 4, value >>> 32);
            return;
        }
        long shift = 8 * (offset & 3);
        long m = mask(size) << shift;
        long word = values.getOrDefault(offset & ~3L, 0L);
        values.put(offset & ~3L, (word & ~m) | ((value << shift) & m));
    }

    long word(long offset) {
        return values.getOrDefault(offset, 0L);
    }

    /** Sets a whole 32-bit register, as the device itself does (status bits the hardware drives). */
    void set(long offset, long value) {
        values.put(offset & ~3L, value & 0xffffffffL);
    }

    /** The width-{@code size} mask. */
    static long mask(int size) {
        return size >= 4 ? 0xffffffffL : (1L << (8 * size)) - 1;
    }
}
