package dev.duoboot.soc;

import dev.duoboot.platform.Platform;
import java.util.OptionalLong;

/**
 * An access the bus never answers: {@code hart} read or wrote {@code address} in {@code block}
 * while the clock that block's bus interface runs on was gated. The hart waits for ever; the
 * machine holds it and ends the run (docs/facts/failures.md §10.2: an AXI stall, not a bus error).
 * Unicorn ends a run at a block boundary, so what follows the access in its translation block has
 * executed when the run ends; {@code pc} is the access's own.
 *
 * @param pc the accessing instruction, when a guest made the access; empty for an access the Linux
 *     model made on the hart's behalf
 */
public record BusHang(int hart, long address, boolean write, String block, Platform.ClockGate clock, OptionalLong pc) {

    /** "hart 0 read 0x20b0004 (sec_sys) while clk_efuse (0x3002000 bit 11) is gated". */
    public String describe() {
        return String.format("hart %d %s 0x%x (%s)%s while %s is gated: the bus never answers", hart, write ? "wrote" : "read",
                address, block, pc.isPresent() ? String.format(" at pc 0x%x", pc.getAsLong()) : "", clock.describe());
    }
}
