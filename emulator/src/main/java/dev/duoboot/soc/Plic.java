package dev.duoboot.soc;

import dev.duoboot.cpu.C906Hart;
import dev.duoboot.cpu.TrapCause;

/**
 * One C906's platform-level interrupt controller at 0x70000000 ({@code thead,c900-plic}, the SiFive
 * PLIC layout: priorities at 4 × source, pending bits at 0x1000, enables at 0x2000 + 0x80 × context,
 * threshold and claim/complete at 0x200000 + 0x1000 × context). Context 0 drives the hart's MEIP,
 * context 1 its SEIP ({@code interrupts-extended = <&cpu0_intc 11>, <&cpu0_intc 9>}). Sources are
 * level-triggered with the spec's gateway: a claimed source is not pending again until completed.
 * {@code riscv,ndev = <101>}; the T-Head control register at 0x1ffffc is plain storage.
 */
final class Plic {

    static final int SOURCES = 101;
    private static final int CONTEXTS = 2;

    private final C906Hart hart;
    private final Lines lines;
    private final UnimplementedLog log;
    private final int[] priority = new int[SOURCES + 1];
    private final boolean[] level = new boolean[SOURCES + 1];
    private final boolean[] pending = new boolean[SOURCES + 1];
    private final boolean[] inFlight = new boolean[SOURCES + 1];
    private final long[][] enable = new long[CONTEXTS][(SOURCES + 64) / 64];
    private final int[] threshold = new int[CONTEXTS];
    private int control;

    Plic(C906Hart hart, Lines lines, UnimplementedLog log) {
        this.hart = hart;
        this.lines = lines;
        this.log = log;
    }

    /** A device's interrupt output changed. */
    void setLevel(int source, boolean high) {
        level[source] = high;
        if (high && !inFlight[source]) {
            pending[source] = true;
        }
        update();
    }

    long read(long offset, int size) {
        int off = (int) offset;
        if (off < 0x1000 && off / 4 <= SOURCES) {
            return priority[off / 4];
        }
        if (off >= 0x1000 && off < 0x1000 + 4 * ((SOURCES + 32) / 32)) {
            return bits(pending, (off - 0x1000) / 4);
        }
        if (off >= 0x2000 && off < 0x2000 + 0x80 * CONTEXTS && (off & 0x7f) < 16) {
            int ctx = (off - 0x2000) / 0x80;
            int word = (off & 0x7f) / 4;
            return (enable[ctx][word / 2] >>> (32 * (word % 2))) & 0xffffffffL;
        }
        if (off >= 0x200000 && off < 0x200000 + 0x1000 * CONTEXTS) {
            int ctx = (off - 0x200000) / 0x1000;
            return switch (off & 0xfff) {
                case 0 -> threshold[ctx];
                case 4 -> claim(ctx);
                default -> log.read(hart, "plic", 0x7000_0000L + offset, size);
            };
        }
        if (off == 0x1ffffc) {
            return control;
        }
        return log.read(hart, "plic", 0x7000_0000L + offset, size);
    }

    void write(long offset, int size, long value) {
        int off = (int) offset;
        if (off < 0x1000 && off / 4 <= SOURCES) {
            priority[off / 4] = (int) value & 7; // max priority 7 (facts §9)
        } else if (off >= 0x2000 && off < 0x2000 + 0x80 * CONTEXTS && (off & 0x7f) < 16) {
            int ctx = (off - 0x2000) / 0x80;
            int word = (off & 0x7f) / 4;
            long mask = 0xffffffffL << (32 * (word % 2));
            long bitsValue = (value & 0xffffffffL) << (32 * (word % 2));
            enable[ctx][word / 2] = (enable[ctx][word / 2] & ~mask) | bitsValue;
        } else if (off >= 0x200000 && off < 0x200000 + 0x1000 * CONTEXTS && (off & 0xfff) <= 4) {
            int ctx = (off - 0x200000) / 0x1000;
            if ((off & 0xfff) == 0) {
                threshold[ctx] = (int) value & 7;
            } else {
                complete((int) value);
            }
        } else if (off == 0x1ffffc) {
            control = (int) value;
        } else {
            log.write(hart, "plic", 0x7000_0000L + offset, size, value);
            return;
        }
        update();
    }

    private long claim(int ctx) {
        int best = best(ctx);
        if (best > 0) {
            pending[best] = false;
            inFlight[best] = true;
            update();
        }
        return best;
    }

    private void complete(int source) {
        if (source > 0 && source <= SOURCES && inFlight[source]) {
            inFlight[source] = false;
            if (level[source]) {
                pending[source] = true;
            }
        }
    }

    /** The pending, enabled source of highest priority above the threshold (ties: lowest id). */
    private int best(int ctx) {
        int best = 0;
        int bestPriority = threshold[ctx];
        for (int s = 1; s <= SOURCES; s++) {
            if (pending[s] && priority[s] > bestPriority && ((enable[ctx][s / 64] >>> (s % 64)) & 1) != 0) {
                best = s;
                bestPriority = priority[s];
            }
        }
        return best;
    }

    private void update() {
        lines.set(hart, TrapCause.MEIP, best(0) > 0);
        lines.set(hart, TrapCause.SEIP, best(1) > 0);
    }

    private static long bits(boolean[] b, int word) {
        long v = 0;
        for (int i = 0; i < 32; i++) {
            int s = word * 32 + i;
            if (s < b.length && b[s]) {
                v |= 1L << i;
            }
        }
        return v;
    }
}
