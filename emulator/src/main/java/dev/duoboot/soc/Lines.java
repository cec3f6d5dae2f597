package dev.duoboot.soc;

import dev.duoboot.cpu.C906Hart;

/** The interrupt wires into the harts: each device sets its own {@code mip} bit of a hart. */
final class Lines {

    void set(C906Hart hart, long bit, boolean level) {
        long now = hart.interruptLines();
        hart.setInterruptLines(level ? now | bit : now & ~bit);
    }
}
