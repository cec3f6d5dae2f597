package dev.duoboot.soc;

import dev.duoboot.cpu.C906Hart;
import dev.duoboot.cpu.HartFault;
import dev.duoboot.cpu.TrapCause;
import dev.duoboot.unicorn.RiscvRegister;
import java.util.ArrayList;
import java.util.List;

/**
 * Interleaves the harts deterministically: always the released, awake hart that is furthest behind
 * in virtual time (the lower id on a tie) runs next, for a quantum of instructions, less if its timer
 * fires sooner. A hart in {@code wfi} sleeps until an interrupt it has enabled in {@code mie} is
 * pending; when every hart sleeps, the one whose timer fires first skips forward to that moment. The
 * same inputs therefore always give the same interleaving, whatever the host does.
 */
final class Scheduler {

    /** Instructions per slice: about 100 µs of virtual time, a few hundred µs of host time. */
    static final long QUANTUM = 100_000;

    private final Machine machine;
    private final C906Hart[] harts;
    private final boolean[] held;
    private final boolean[] waiting;
    private int current = -1;
    private RunResult.Outcome stopOutcome;
    private String stopDetail;

    Scheduler(Machine machine) {
        this.machine = machine;
        this.harts = machine.harts();
        this.held = new boolean[harts.length];
        this.waiting = new boolean[harts.length];
    }

    void hold(int hart) {
        held[hart] = true;
        waiting[hart] = false;
        if (current == hart) {
            harts[hart].requestStop();
        }
    }

    void release(int hart) {
        held[hart] = false;
        waiting[hart] = false;
    }

    /** Whether the hart sleeps in {@code wfi} (or is stuck), waiting for something to wake it. */
    boolean isWaiting(int hart) {
        return waiting[hart];
    }

    boolean isHeld(int hart) {
        return held[hart];
    }

    /** The hart running now, or -1. */
    int current() {
        return current;
    }

    void requestStop(RunResult.Outcome outcome, String detail) {
        if (stopOutcome == null) {
            stopOutcome = outcome;
            stopDetail = detail;
        }
        if (current >= 0) {
            harts[current].requestStop();
        }
    }

    RunResult run(RunLimits limits) {
        stopOutcome = null;
        while (true) {
            if (stopOutcome != null) {
                return result(stopOutcome, stopDetail);
            }
            long used = totalInstructions(); // since the machine was made, like virtual time
            if (used >= limits.maxInstructions()) {
                return result(RunResult.Outcome.BUDGET, limits.maxInstructions() + " instructions executed");
            }
            if (machine.frontierNanos() >= limits.maxVirtualNanos()) {
                return result(RunResult.Outcome.TIME_LIMIT, "");
            }
            int h = next();
            if (h < 0) {
                String why = wakeSleepers(limits.maxVirtualNanos());
                if (why != null) {
                    return result(why.isEmpty() ? RunResult.Outcome.TIME_LIMIT : RunResult.Outcome.IDLE, why);
                }
                continue;
            }
            long slice = Math.min(QUANTUM, limits.maxInstructions() - used);
            slice = Math.min(slice, untilTimer(h));
            slice = Math.min(slice, untilSleepersWake(h));
            machine.beforeRun(h);
            current = h;
            C906Hart.Stop stop;
            try {
                stop = harts[h].run(Math.max(1, slice));
            } catch (HartFault f) {
                current = -1;
                return result(RunResult.Outcome.FAULT, f.getMessage());
            } finally {
                current = -1;
            }
            machine.clint(h).updateTimer();
            machine.afterSlice();
            if (stop == C906Hart.Stop.WFI && !harts[h].wakeupPending()) {
                waiting[h] = true;
            }
            if (stop == C906Hart.Stop.STUCK) {
                waiting[h] = true; // spinning in its trap loop until a reset: nothing it does matters
                machine.noteEvent("hart " + h + " stuck in a trap loop: " + harts[h].stuck().orElseThrow().describe());
            }
            wakeBy(h);
        }
    }

    /** The released, awake hart furthest behind in time, or -1. */
    private int next() {
        int best = -1;
        for (int h = 0; h < harts.length; h++) {
            if (!held[h] && !waiting[h]
                    && (best < 0 || machine.clock().nanos(h) < machine.clock().nanos(best))) {
                best = h;
            }
        }
        return best;
    }

    /** Instructions until hart {@code h}'s timer fires, if it can wake or interrupt it. */
    private long untilTimer(int h) {
        long deadline = machine.clint(h).deadlineNanos();
        long now = machine.clock().nanos(h);
        if (deadline == Long.MAX_VALUE || deadline <= now
                || (harts[h].csr(RiscvRegister.MIE) & TrapCause.MTIP) == 0) {
            return Long.MAX_VALUE;
        }
        return (deadline - now + VirtualClock.NANOS_PER_INSTRUCTION - 1) / VirtualClock.NANOS_PER_INSTRUCTION;
    }

    /**
     * Sleepers whose interrupt became pending (the running hart raised it) wake at its time; sleepers
     * whose own timer the running hart's time has passed wake at their deadline. A hart that never
     * sleeps (a spinning idle loop) thus still lets the other's timer fire on time.
     */
    private void wakeBy(int h) {
        long now = machine.clock().nanos(h);
        for (int o = 0; o < harts.length; o++) {
            if (o == h || !waiting[o] || harts[o].stuck().isPresent()) {
                continue;
            }
            if (harts[o].wakeupPending()) {
                waiting[o] = false;
                machine.clock().advanceTo(o, now);
                continue;
            }
            long deadline = armedDeadline(o);
            if (deadline <= now) {
                machine.clock().advanceTo(o, deadline);
                machine.clint(o).updateTimer();
                if (harts[o].wakeupPending()) {
                    waiting[o] = false;
                }
            }
        }
    }

    /** When hart {@code h}'s timer fires, if it is armed and enabled to wake it; else never. */
    private long armedDeadline(int h) {
        long deadline = machine.clint(h).deadlineNanos();
        return (harts[h].csr(RiscvRegister.MIE) & TrapCause.MTIP) == 0 ? Long.MAX_VALUE : deadline;
    }

    /** Instructions hart {@code h} may run before a sleeper's timer fires (so it wakes on time). */
    private long untilSleepersWake(int h) {
        long now = machine.clock().nanos(h);
        long first = Long.MAX_VALUE;
        for (int o = 0; o < harts.length; o++) {
            if (o != h && waiting[o] && !held[o] && harts[o].stuck().isEmpty()) {
                first = Math.min(first, armedDeadline(o));
            }
        }
        if (first == Long.MAX_VALUE) {
            return Long.MAX_VALUE;
        }
        return Math.max(1, (first - now + VirtualClock.NANOS_PER_INSTRUCTION - 1) / VirtualClock.NANOS_PER_INSTRUCTION);
    }

    /**
     * Every released hart sleeps: skip the one whose enabled timer fires first to that moment.
     * Returns null if one woke, "" if the time limit comes first, else why nothing can wake.
     */
    private String wakeSleepers(long limitNanos) {
        int first = -1;
        long when = Long.MAX_VALUE;
        List<String> asleep = new ArrayList<>();
        for (int h = 0; h < harts.length; h++) {
            if (held[h]) {
                continue;
            }
            if (harts[h].stuck().isPresent()) {
                asleep.add("hart " + h + " stuck in a trap loop at 0x" + Long.toHexString(harts[h].pc()));
                continue;
            }
            asleep.add("hart " + h + " in wfi at 0x" + Long.toHexString(harts[h].pc()));
            long deadline = machine.clint(h).deadlineNanos();
            if (deadline != Long.MAX_VALUE && (harts[h].csr(RiscvRegister.MIE) & TrapCause.MTIP) != 0
                    && deadline < when) {
                first = h;
                when = deadline;
            }
        }
        if (first < 0) {
            return asleep.isEmpty() ? "no hart released" : String.join(", ", asleep) + ", no timer armed";
        }
        if (when >= limitNanos) {
            for (int h = 0; h < harts.length; h++) {
                if (!held[h]) {
                    machine.clock().advanceTo(h, limitNanos);
                }
            }
            return "";
        }
        machine.clock().advanceTo(first, when);
        machine.clint(first).updateTimer();
        if (harts[first].wakeupPending()) {
            waiting[first] = false;
        }
        return null;
    }

    private long totalInstructions() {
        long n = 0;
        for (C906Hart hart : harts) {
            n += hart.instructions();
        }
        return n;
    }

    private RunResult result(RunResult.Outcome outcome, String detail) {
        List<RunResult.HartReport> reports = new ArrayList<>();
        for (int h = 0; h < harts.length; h++) {
            C906Hart hart = harts[h];
            reports.add(new RunResult.HartReport(h, !held[h], hart.pc(), hart.instructions(), hart.traps(),
                    hart.lastTrap()));
        }
        return new RunResult(outcome, detail, machine.frontierNanos(), totalInstructions(), reports);
    }
}
