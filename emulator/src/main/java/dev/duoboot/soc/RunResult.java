package dev.duoboot.soc;

import dev.duoboot.cpu.Trap;
import java.util.List;
import java.util.Optional;

/**
 * How a {@link Machine#run} ended.
 *
 * @param outcome       why it stopped
 * @param detail        one line saying so (the matched text, the handler's reason, the fault)
 * @param virtualNanos  the machine's virtual time at the end (the most advanced hart's)
 * @param instructions  instructions executed by all harts
 * @param harts         per hart: instructions, traps, last trap
 */
public record RunResult(Outcome outcome, String detail, long virtualNanos, long instructions, List<HartReport> harts) {

    public enum Outcome {
        /** The console showed the {@code until} pattern. */
        MATCHED,
        /** A handler asked the machine to stop ({@link Machine#requestStop}). */
        STOPPED,
        /** The virtual-time limit was reached. */
        TIME_LIMIT,
        /** The instruction budget ran out: the guest is running away. */
        BUDGET,
        /** Every released hart waits for an interrupt nothing will raise. */
        IDLE,
        /** A hart faulted (unmapped access, an exception it cannot continue from). */
        FAULT,
        /** A hart accessed a device whose clock is gated and waits for an answer that never comes ({@link Machine#busHang}). */
        BUS_HANG
    }

    /** One hart's part of the run. */
    public record HartReport(int hart, boolean released, long pc, long instructions, long traps, Optional<Trap> lastTrap) {}

    public long traps() {
        return harts.stream().mapToLong(HartReport::traps).sum();
    }

    /** The summary line the CLI prints, e.g. "matched '=> ' at 1.234567 s virtual, 123 instructions, 4 traps". */
    public String summary() {
        StringBuilder s = new StringBuilder();
        s.append(switch (outcome) {
            case MATCHED -> "matched " + quote(detail);
            case STOPPED -> "stopped: " + detail;
            case TIME_LIMIT -> "virtual-time limit reached";
            case BUDGET -> "instruction budget exhausted: " + detail;
            case IDLE -> "all harts idle: " + detail;
            case FAULT -> "fault: " + detail;
            case BUS_HANG -> "bus hang: " + detail;
        });
        s.append(String.format(" at %d.%09d s virtual, %d instructions, %d traps", virtualNanos / 1_000_000_000L,
                virtualNanos % 1_000_000_000L, instructions, traps()));
        for (HartReport h : harts) {
            if (h.released()) {
                s.append(String.format("; hart %d: pc 0x%x, %d instructions, %d traps%s", h.hart(), h.pc(),
                        h.instructions(), h.traps(), h.lastTrap().map(t -> ", last trap " + t.describe()).orElse("")));
            }
        }
        return s.toString();
    }

    private static String quote(String text) {
        return "'" + text.replace("\n", "\\n").replace("\r", "\\r") + "'";
    }
}
