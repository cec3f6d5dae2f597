package dev.duoboot.soc;

import java.util.Map;
import java.util.TreeMap;

/**
 * A block of plain 32-bit registers (TOP, CLKGEN, PINMUX): writes are kept and read back, unwritten
 * registers read as their reset value, 0 unless given. Enough for firmware that configures clocks and
 * pins it cannot observe.
 */
final class Registers {

    private final Map<Long, Long> values = new TreeMap<>();

    Registers(Map<Long, Long> resetValues) {
        values.putAll(resetValues);
    }

    long read(long offset, int size) {
        long word = values.getOrDefault(offset & ~3L, 0L);
        return (word >>> (8 * (offset & 3))) & mask(size);
    }

    void write(long offset, int size, long value) {
        long shift = 8 * (offset & 3);
        long m = mask(size) << shift;
        long word = values.getOrDefault(offset & ~3L, 0L);
        values.put(offset & ~3L, (word & ~m) | ((value << shift) & m));
    }

    long word(long offset) {
        return values.getOrDefault(offset, 0L);
    }

    private static long mask(int size) {
        return size >= 4 ? 0xffffffffL : (1L << (8 * size)) - 1;
    }
}
