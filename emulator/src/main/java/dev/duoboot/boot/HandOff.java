package dev.duoboot.boot;

import dev.duoboot.cpu.Privilege;
import java.util.Optional;

/**
 * One hand-off of the emulated boot: which stage starts, on which hart, in which mode, where, with
 * which argument registers, at what virtual time, and the device tree it was given.
 */
public record HandOff(StageId stage, int hart, Privilege privilege, long entry, long a0, long a1, long a2,
        long virtualNanos, Optional<byte[]> deviceTree) {

    /** The hand-off as an event of the stage before it ({@code a2}: OpenSBI's fw_dynamic_info; the DTB's size: the kernel's). */
    StageEvent.Entered entered(boolean withA2, boolean withDtbSize) {
        return new StageEvent.Entered(stage, entry, privilege, a0, a1, withA2 ? Optional.of(a2) : Optional.empty(),
                withDtbSize ? deviceTree.map(d -> d.length) : Optional.empty());
    }
}
