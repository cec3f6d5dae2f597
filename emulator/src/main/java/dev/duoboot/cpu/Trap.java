package dev.duoboot.cpu;

/**
 * One trap the hart delivered: its cause ({@link TrapCause}, bit 63 for interrupts), the {@code
 * xepc} and {@code xtval} written, and the privilege it came from and went to.
 */
public record Trap(int hart, long cause, long epc, long tval, Privilege from, Privilege to) {

    /** E.g. "illegal instruction at 0x80200abc (tval 0x7c0025f3), S -> M". */
    public String describe() {
        return TrapCause.name(cause) + " at 0x" + Long.toHexString(epc)
                + (tval != 0 ? " (tval 0x" + Long.toHexString(tval) + ")" : "")
                + ", " + from.letter() + " -> " + to.letter();
    }

    /** E.g. "hart 0: illegal instruction at 0x80200abc (tval 0x7c0025f3), S -> M". */
    @Override
    public String toString() {
        return "hart " + hart + ": " + describe();
    }
}
