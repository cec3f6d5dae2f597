package dev.duoboot.cpu;

import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;

import dev.duoboot.unicorn.Context;
import dev.duoboot.unicorn.RiscvRegister;
import dev.duoboot.unicorn.Unicorn;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;

/**
 * Where the saved context ({@code uc_context}, a copy of QEMU's {@code CPURISCVState}) keeps the
 * state Unicorn 2.0.1's API cannot reach: the privilege level, {@code mhartid}, the device half of
 * {@code mip}, the faulting address ({@code badaddr}) and the LR/SC reservation. The offsets are
 * private ABI, so they are found by a self-test on a throwaway engine once per process, never
 * trusted from a table (facts/unicorn-riscv.md §2.6 lists what 2.0.1 gives: priv 592+16, ...).
 *
 * @param pc        offset of the program counter (checked against {@code uc_reg_read(PC)})
 * @param priv      offset of the current privilege (3 after reset, 1 after an {@code mret} to S)
 * @param mhartid   offset of {@code mhartid} (a patched value is what {@code csrr mhartid} reads)
 * @param mip       offset of {@code mip}
 * @param badaddr   offset of the last faulting address (a misaligned AMO's address)
 * @param loadReservation offset of the {@code lr} reservation address
 */
record ContextLayout(int pc, int priv, int mhartid, int mip, int badaddr, int loadReservation) {

    private static final long CODE = 0x1000;
    private static final long DATA = 0x1800;
    private static final int WFI = 0x10500073;
    private static final int MRET = 0x30200073;

    /** The layout of the loaded library, found on first use (a failure is reported on every use). */
    static ContextLayout get() {
        if (Holder.LAYOUT == null) {
            throw Holder.FAILURE;
        }
        return Holder.LAYOUT;
    }

    private static final class Holder {
        static final ContextLayout LAYOUT;
        static final RuntimeException FAILURE;

        static {
            ContextLayout layout = null;
            RuntimeException failure = null;
            try {
                layout = probe();
            } catch (RuntimeException e) {
                failure = e;
            }
            LAYOUT = layout;
            FAILURE = failure;
        }
    }

    static ContextLayout probe() {
        try (Unicorn uc = Unicorn.openRiscv64();
                Context ctx = uc.newContext()) {
            uc.map(CODE, 0x1000, Unicorn.PROT_ALL);
            // an interrupt hook so the misaligned AMO below reports instead of ending the run
            uc.onInterrupt((u, intno) -> u.stop());
            MemorySegment blob = ctx.bytes();

            int pc = locate(uc, ctx, RiscvRegister.PC, 0x13572468L, 0x24681357L, "pc");
            int mstatus = locate(uc, ctx, RiscvRegister.MSTATUS, 0x1880L, 0x0820L, "mstatus");
            int mip = locate(uc, ctx, RiscvRegister.MIP, 0x222L, 0x020L, "mip");
            uc.writeRegister(RiscvRegister.MIP, 0);
            uc.writeRegister(RiscvRegister.MSTATUS, 0);

            // priv: 3 (M) after reset; an mret with MPP = S leaves 1 there
            uc.save(ctx);
            byte[] before = blob.toArray(java.lang.foreign.ValueLayout.JAVA_BYTE);
            uc.writeInt(CODE, MRET);
            uc.writeInt(CODE + 4, WFI);
            uc.writeRegister(RiscvRegister.MSTATUS, 1L << 11);
            uc.writeRegister(RiscvRegister.MEPC, CODE + 4);
            uc.start(CODE, Unicorn.NO_UNTIL, 0, 0);
            uc.save(ctx);
            List<Integer> priv = new ArrayList<>();
            for (int off = 0; off + 8 <= blob.byteSize(); off += 8) {
                if (longAt(before, off) == 3 && blob.get(JAVA_LONG_UNALIGNED, off) == 1) {
                    priv.add(off);
                }
            }
            int privOffset = only(priv, "priv");
            blob.set(JAVA_LONG_UNALIGNED, privOffset, 3);
            uc.restore(ctx);

            int mhartid = locateHartId(uc, ctx, pc, mstatus);

            // badaddr: a misaligned AMO faults (intno 4) and records its address
            uc.writeInt(CODE + 0x20, 0x00c5a52f); // amoadd.w a0, a2, (a1)
            uc.writeRegister(RiscvRegister.x(11), DATA + 2);
            uc.start(CODE + 0x20, Unicorn.NO_UNTIL, 0, 0);
            uc.writeRegister(RiscvRegister.x(11), 0);
            uc.save(ctx);
            int badaddr = only(find(blob, DATA + 2), "badaddr");

            // the LR reservation holds the address an lr.d reserved
            uc.writeInt(CODE + 0x30, 0x1005b52f); // lr.d a0, (a1)
            uc.writeInt(CODE + 0x34, WFI);
            uc.writeRegister(RiscvRegister.x(11), DATA + 0x100);
            uc.start(CODE + 0x30, Unicorn.NO_UNTIL, 0, 0);
            uc.writeRegister(RiscvRegister.x(11), 0);
            uc.save(ctx);
            int loadReservation = only(find(blob, DATA + 0x100), "load reservation");

            return new ContextLayout(pc, privOffset, mhartid, mip, badaddr, loadReservation);
        } catch (dev.duoboot.unicorn.UnicornUnavailableException e) {
            throw e; // already says which package to install
        } catch (RuntimeException e) {
            throw new IllegalStateException("the Unicorn context self-test failed (" + e.getMessage()
                    + "); duoboot needs Debian's libunicorn2 2.0.1", e);
        }
    }

    /** Writes two distinct values through the API and returns the one offset holding both in turn. */
    private static int locate(Unicorn uc, Context ctx, int register, long first, long second, String name) {
        uc.writeRegister(register, first);
        uc.save(ctx);
        List<Integer> a = find(ctx.bytes(), first);
        uc.writeRegister(register, second);
        uc.save(ctx);
        List<Integer> b = find(ctx.bytes(), second);
        a.retainAll(b);
        return only(a, name);
    }

    /**
     * {@code mhartid} cannot be written through the API, so try each zero slot between {@code pc} and
     * {@code mstatus} (where QEMU keeps the scalar machine state): patch it, run {@code csrr a0,
     * mhartid}, and keep the slot whose value comes back.
     */
    private static int locateHartId(Unicorn uc, Context ctx, int pc, int mstatus) {
        uc.writeInt(CODE + 0x10, 0xf1402573); // csrr a0, mhartid
        uc.writeInt(CODE + 0x14, WFI);
        MemorySegment blob = ctx.bytes();
        List<Integer> found = new ArrayList<>();
        for (int off = pc + 8; off < mstatus; off += 8) {
            uc.save(ctx);
            if (blob.get(JAVA_LONG_UNALIGNED, off) != 0) {
                continue;
            }
            blob.set(JAVA_LONG_UNALIGNED, off, 5);
            uc.restore(ctx);
            uc.start(CODE + 0x10, Unicorn.NO_UNTIL, 0, 0);
            if (uc.readRegister(RiscvRegister.A0) == 5) {
                found.add(off);
            }
            uc.save(ctx);
            blob.set(JAVA_LONG_UNALIGNED, off, 0);
            uc.restore(ctx);
        }
        return only(found, "mhartid");
    }

    private static List<Integer> find(MemorySegment blob, long value) {
        List<Integer> offsets = new ArrayList<>();
        for (int off = 0; off + 8 <= blob.byteSize(); off += 8) {
            if (blob.get(JAVA_LONG_UNALIGNED, off) == value) {
                offsets.add(off);
            }
        }
        return offsets;
    }

    private static int only(List<Integer> offsets, String name) {
        if (offsets.size() != 1) {
            throw new IllegalStateException(name + " found at offsets " + offsets + ", expected exactly one");
        }
        return offsets.getFirst();
    }

    private static long longAt(byte[] b, int off) {
        return MemorySegment.ofArray(b).get(JAVA_LONG_UNALIGNED, off);
    }
}
