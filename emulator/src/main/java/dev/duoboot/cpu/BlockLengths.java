package dev.duoboot.cpu;

import java.util.Arrays;

/**
 * Instruction counts of translated blocks, keyed by start address: the block hook reports a block's
 * size in bytes, and with 2- and 4-byte instructions mixed the count has to be decoded once from the
 * code. An open-addressing table, because it is consulted on every block.
 */
final class BlockLengths {

    /** Decodes the instruction count of {@code sizeBytes} of code at an address. */
    @FunctionalInterface
    interface Decoder {
        int count(long address, int sizeBytes);
    }

    private long[] addresses = new long[1 << 12];
    private int[] sizes = new int[1 << 12];
    private int[] counts = new int[1 << 12];
    private int used;

    BlockLengths() {
        Arrays.fill(addresses, -1L);
    }

    int count(long address, int sizeBytes, Decoder decoder) {
        int mask = addresses.length - 1;
        int i = hash(address) & mask;
        while (true) {
            long a = addresses[i];
            if (a == address) {
                if (sizes[i] != sizeBytes) { // retranslated differently (self-modified code)
                    sizes[i] = sizeBytes;
                    counts[i] = decoder.count(address, sizeBytes);
                }
                return counts[i];
            }
            if (a == -1L) {
                int n = decoder.count(address, sizeBytes);
                addresses[i] = address;
                sizes[i] = sizeBytes;
                counts[i] = n;
                if (++used * 2 > addresses.length) {
                    grow();
                }
                return n;
            }
            i = (i + 1) & mask;
        }
    }

    /** Forgets every block. */
    void clear() {
        reset(addresses.length);
    }

    /** Forgets every block that starts in [begin, end) (its code may have changed). */
    void forget(long begin, long end) {
        boolean any = false;
        for (long a : addresses) {
            if (a != -1L && a >= begin && a < end) {
                any = true;
                break;
            }
        }
        if (any) {
            long[] oldA = addresses;
            int[] oldS = sizes;
            int[] oldC = counts;
            reset(oldA.length);
            for (int i = 0; i < oldA.length; i++) {
                if (oldA[i] != -1L && (oldA[i] < begin || oldA[i] >= end)) {
                    put(oldA[i], oldS[i], oldC[i]);
                }
            }
        }
    }

    private void grow() {
        long[] oldA = addresses;
        int[] oldS = sizes;
        int[] oldC = counts;
        reset(oldA.length * 2);
        for (int i = 0; i < oldA.length; i++) {
            if (oldA[i] != -1L) {
                put(oldA[i], oldS[i], oldC[i]);
            }
        }
    }

    private void reset(int capacity) {
        addresses = new long[capacity];
        Arrays.fill(addresses, -1L);
        sizes = new int[capacity];
        counts = new int[capacity];
        used = 0;
    }

    private void put(long address, int size, int count) {
        int mask = addresses.length - 1;
        int i = hash(address) & mask;
        while (addresses[i] != -1L) {
            i = (i + 1) & mask;
        }
        addresses[i] = address;
        sizes[i] = size;
        counts[i] = count;
        used++;
    }

    private static int hash(long address) {
        long h = (address >>> 1) * 0x9E3779B97F4A7C15L;
        return (int) (h >>> 32);
    }
}
