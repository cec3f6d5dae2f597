package dev.duoboot.cpu;

import java.util.Arrays;

/**
 * Instruction counts of translated blocks: the block hook reports a block's size in bytes, and with
 * 2- and 4-byte instructions mixed the count has to be decoded from the code, once per block. A
 * direct-mapped cache keyed by start address and size, because it is consulted on every block; a
 * collision only costs a decode.
 */
final class BlockLengths {

    /** Decodes the instruction count of {@code sizeBytes} of code at an address. */
    @FunctionalInterface
    interface Decoder {
        int count(long address, int sizeBytes);
    }

    private static final int SLOTS = 1 << 16;

    private final long[] addresses = new long[SLOTS];
    private final int[] sizes = new int[SLOTS];
    private final int[] counts = new int[SLOTS];
    private final Decoder decoder;

    BlockLengths(Decoder decoder) {
        this.decoder = decoder;
        clear();
    }

    int count(long address, int sizeBytes) {
        int slot = (int) (address >>> 1) & (SLOTS - 1);
        if (addresses[slot] == address && sizes[slot] == sizeBytes) {
            return counts[slot];
        }
        int n = decoder.count(address, sizeBytes);
        addresses[slot] = address;
        sizes[slot] = sizeBytes;
        counts[slot] = n;
        return n;
    }

    /** Forgets every block. */
    void clear() {
        Arrays.fill(addresses, -1L);
    }

    /** Forgets every block that starts in [begin, end) (its code may have changed). */
    void forget(long begin, long end) {
        for (int i = 0; i < SLOTS; i++) {
            if (addresses[i] >= begin && addresses[i] < end) {
                addresses[i] = -1L;
            }
        }
    }
}
