package dev.duoboot.soc;

/**
 * A device's registers as the harts' loads and stores reach them: {@code offset} is from the
 * start of the device's region, {@code size} is 1, 2, 4 or 8 bytes.
 */
interface RegisterBlock {
    long read(long offset, int size);

    void write(long offset, int size, long value);
}
