package dev.duoboot.sdk;

import java.util.Arrays;
import java.util.Random;

/** Seeded byte-level mutations for fuzz tests: flips, field overwrites with edge values, cuts, growth. */
final class Mutator {

    private static final long[] EDGES = {0, 1, 0x7f, 0x80, 0xff, 0xffff, 0x7fffffffL, 0x80000000L, 0xffffffffL,
        0xfffffff0L, 0x1000, 0x200, -1L, Long.MAX_VALUE, Long.MIN_VALUE};

    private final Random rnd;

    Mutator(long seed) {
        this.rnd = new Random(seed);
    }

    byte[] mutate(byte[] input) {
        byte[] b = input.clone();
        int n = 1 + rnd.nextInt(4);
        for (int i = 0; i < n; i++) {
            b = once(b);
        }
        return b;
    }

    /** An offset biased toward the start of the file, where the headers are. */
    int offset(int length) {
        if (length == 0) {
            return 0;
        }
        return rnd.nextInt(3) == 0 ? rnd.nextInt(Math.min(length, 256)) : rnd.nextInt(length);
    }

    private byte[] once(byte[] b) {
        switch (rnd.nextInt(6)) {
            case 0 -> {
                if (b.length > 0) {
                    b[offset(b.length)] ^= (byte) (1 << rnd.nextInt(8));
                }
                return b;
            }
            case 1, 2 -> {
                int width = new int[] {1, 2, 4, 8}[rnd.nextInt(4)];
                if (b.length < width) {
                    return b;
                }
                int at = Math.min(offset(b.length) & ~(width - 1), b.length - width);
                long v = rnd.nextBoolean() ? EDGES[rnd.nextInt(EDGES.length)] : rnd.nextInt(b.length * 2 + 1);
                boolean bigEndian = rnd.nextInt(4) == 0;
                for (int i = 0; i < width; i++) {
                    int shift = 8 * (bigEndian ? width - 1 - i : i);
                    b[at + i] = (byte) (v >>> shift);
                }
                return b;
            }
            case 3 -> {
                return Arrays.copyOf(b, b.length == 0 ? 0 : rnd.nextInt(b.length));
            }
            case 4 -> {
                byte[] g = Arrays.copyOf(b, b.length + 1 + rnd.nextInt(64));
                for (int i = b.length; i < g.length; i++) {
                    g[i] = (byte) rnd.nextInt(256);
                }
                return g;
            }
            default -> {
                if (b.length > 8) {
                    int from = rnd.nextInt(b.length - 4);
                    int to = rnd.nextInt(b.length - 4);
                    System.arraycopy(b, from, b, to, 4);
                }
                return b;
            }
        }
    }

    int nextInt(int bound) {
        return rnd.nextInt(bound);
    }
}
