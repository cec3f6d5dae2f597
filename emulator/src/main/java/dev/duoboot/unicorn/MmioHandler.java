package dev.duoboot.unicorn;

/**
 * A device behind {@link Unicorn#mapMmio}. Offsets are relative to the mapped base. Unicorn 2.0.1
 * splits 8-byte and misaligned accesses into aligned 4-byte (or smaller) callbacks.
 */
public interface MmioHandler {
    long read(Unicorn uc, long offset, int size);

    void write(Unicorn uc, long offset, int size, long value);
}
