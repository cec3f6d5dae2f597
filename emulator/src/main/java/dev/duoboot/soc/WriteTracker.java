package dev.duoboot.soc;

import dev.duoboot.cpu.C906Hart;
import dev.duoboot.unicorn.HostMemory;
import dev.duoboot.unicorn.Unicorn;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Who first wrote each DRAM granule in each stage, and cross-hart code coherence, both by page
 * protection rather than a per-access hook. DRAM is mapped into every engine as {@value #GRANULES}
 * regions of one granule each, each when the engine's hart first reaches it (mapping all of them up
 * front cost 60 ms per engine, and as much again at close); a granule is write-protected in an
 * engine while (a) no one has written it in the current stage, or (b) another hart has executed
 * code in it. The first store then faults once: the tracker records it and lifts the protection,
 * and if another hart has code there, that hart's translated blocks for the granule are dropped
 * before it runs again (Unicorn 2.0.1 keeps translations per engine and never sees the other
 * engine's stores, facts §3.1).
 *
 * <p>Why whole regions per granule: in 2.0.1 {@code uc_mem_protect} on part of a region splits it,
 * and each split unmaps the region with a per-page TLB flush and rebuilds the flat view, about 1 to
 * 4 ms each; past about 4096 sections QEMU aborts the process ({@code phys_section_add} assertion).
 * Toggling the permission of a whole region costs one flat-view rebuild and keeps translated code.
 */
public final class WriteTracker {

    /** How many regions DRAM is mapped as (mapping costs O(n²), each toggle O(n)). */
    public static final int GRANULES = 256;

    /**
     * A stretch of the run whose first writes are recorded apart (a boot stage): its place in the
     * sequence and a label for people.
     */
    public record Phase(int index, String label) {}

    /** The first write to a range of DRAM in a phase; {@code hart} is -1 for the host (a loader). */
    public record Write(long base, long sizeBytes, Phase phase, int hart, String writer, long firstAddress,
            long virtualNanos) {}

    private final long base;
    private final HostMemory dram;
    private final long granule;
    private final int granuleShift;
    private final C906Hart[] harts;
    private final VirtualClock clock;
    private final boolean[] writtenThisStage = new boolean[GRANULES];
    private final boolean[][] code;
    private final boolean[][] stale;
    private final boolean[][] protectedIn;
    private final boolean[][] mapped;
    private final List<Write> writes = new ArrayList<>();
    private final List<Phase> phases = new ArrayList<>();
    private Phase phase = new Phase(0, "start");
    private long faults;

    WriteTracker(long base, HostMemory dram, C906Hart[] harts, VirtualClock clock) {
        this.base = base;
        this.dram = dram;
        this.granule = dram.segment().byteSize() / GRANULES;
        if (Long.bitCount(granule) != 1) {
            throw new IllegalArgumentException("DRAM size must be a power of two times " + GRANULES);
        }
        this.granuleShift = Long.numberOfTrailingZeros(granule);
        this.harts = harts;
        this.clock = clock;
        this.code = new boolean[harts.length][GRANULES];
        this.stale = new boolean[harts.length][GRANULES];
        this.protectedIn = new boolean[harts.length][GRANULES];
        this.mapped = new boolean[harts.length][GRANULES];
        for (boolean[] p : protectedIn) {
            Arrays.fill(p, true); // read/execute-only until first written
        }
        phases.add(phase);
    }

    public long granuleBytes() {
        return granule;
    }

    /** The permissions of a write-protected granule. */
    private static int protectedPermissions() {
        return Unicorn.PROT_READ | Unicorn.PROT_EXEC;
    }

    /** Starts a new phase: every granule's next write is recorded again, under it. */
    public Phase beginPhase(String label) {
        phase = new Phase(phases.size(), label);
        phases.add(phase);
        Arrays.fill(writtenThisStage, false);
        for (int g = 0; g < GRANULES; g++) {
            reprotect(g);
        }
        return phase;
    }

    public Phase phase() {
        return phase;
    }

    /** Every first write so far, in the order they happened. */
    public List<Write> writes() {
        return List.copyOf(writes);
    }

    /** The first writes of one phase, adjacent granules of the same writer merged. */
    public List<Write> writes(Phase p) {
        List<Write> merged = new ArrayList<>();
        for (Write w : writes.stream().filter(w -> w.phase().equals(p))
                .sorted((a, b) -> Long.compare(a.base(), b.base())).toList()) {
            Write last = merged.isEmpty() ? null : merged.getLast();
            if (last != null && last.hart() == w.hart() && last.writer().equals(w.writer())
                    && last.base() + last.sizeBytes() == w.base()) {
                merged.set(merged.size() - 1, new Write(last.base(), last.sizeBytes() + w.sizeBytes(), p,
                        last.hart(), last.writer(), last.firstAddress(), Math.min(last.virtualNanos(), w.virtualNanos())));
            } else {
                merged.add(w);
            }
        }
        return merged;
    }

    public List<Phase> phases() {
        return List.copyOf(phases);
    }

    /** Protection faults taken so far (the cost of tracking). */
    public long faults() {
        return faults;
    }

    // ---- machine side -------------------------------------------------------------------------

    /** A guest store hit a protected granule of hart {@code hart}'s engine. */
    boolean onWriteFault(int hart, long address) {
        faults++;
        written(granuleOf(address), hart, "hart " + hart, address, clock.nanos(hart));
        return true;
    }

    /** The host wrote [address, address + length) (a loader). */
    void hostWrite(long address, long length, String writer, long nanos) {
        for (int g = granuleOf(address); g <= granuleOf(address + length - 1); g++) {
            written(g, -1, writer, Math.max(address, base + g * granule), nanos);
        }
    }

    private void written(int g, int hart, String writer, long address, long nanos) {
        if (!writtenThisStage[g]) {
            writtenThisStage[g] = true;
            writes.add(new Write(base + g * granule, granule, phase, hart, writer, address, nanos));
        }
        for (int h = 0; h < harts.length; h++) {
            if (h != hart && code[h][g]) {
                code[h][g] = false;
                stale[h][g] = true;
                harts[h].watchAgain(base + g * granule); // its next block there protects the granule again
            }
        }
        reprotect(g);
    }

    /**
     * Hart {@code hart} runs a block at {@code address}, its first in the granule since the last
     * {@link C906Hart#watchAgain}: protect its code granule from the others.
     */
    void onBlock(int hart, long address) {
        int g = granuleOf(address);
        if (!code[hart][g]) {
            code[hart][g] = true;
            reprotect(g);
        }
    }

    /**
     * Maps the granule of {@code address} into hart {@code hart}'s engine, with the protection it
     * is due, when the hart first reaches it; false if the address is not DRAM's or already mapped.
     */
    boolean mapOnDemand(int hart, long address) {
        long g = (address - base) >>> granuleShift; // unsigned: below DRAM wraps to a huge index
        if (g >= GRANULES || mapped[hart][(int) g]) {
            return false;
        }
        mapped[hart][(int) g] = true;
        harts[hart].engine().mapPointer(base + g * granule, dram, g * granule, granule,
                protectedIn[hart][(int) g] ? protectedPermissions() : Unicorn.PROT_ALL);
        return true;
    }

    /** Drops hart {@code hart}'s translations of granules someone else rewrote. */
    void beforeRun(int hart) {
        for (int g = 0; g < GRANULES; g++) {
            if (stale[hart][g]) {
                stale[hart][g] = false;
                harts[hart].invalidateCode(base + g * granule, base + (g + 1) * granule);
            }
        }
    }

    private void reprotect(int g) {
        for (int e = 0; e < harts.length; e++) {
            boolean otherCode = false;
            for (int h = 0; h < harts.length; h++) {
                otherCode |= h != e && code[h][g];
            }
            boolean want = !writtenThisStage[g] || otherCode;
            if (want != protectedIn[e][g]) {
                protectedIn[e][g] = want;
                if (mapped[e][g]) { // else it is mapped with this protection when first reached
                    harts[e].engine().protect(base + g * granule, granule,
                            want ? protectedPermissions() : Unicorn.PROT_ALL);
                }
            }
        }
    }

    private int granuleOf(long address) {
        return (int) ((address - base) >>> granuleShift);
    }
}
