package dev.duoboot.cpu;

import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;

import dev.duoboot.unicorn.Context;
import dev.duoboot.unicorn.Unicorn;
import java.lang.foreign.MemorySegment;

/**
 * The hart state Unicorn 2.0.1 keeps out of the API's reach, read and patched through a saved
 * context ({@link ContextLayout}): privilege, {@code mhartid}, the device-driven {@code mip} bits,
 * {@code badaddr}. A patch is save, modify, restore, which is also safe inside a hook.
 *
 * <p>Host access to an M-level CSR while the hart is in S or U is silently dropped or returns
 * garbage (facts §1), so callers switch to M first ({@link #enterMachine()}).
 */
final class PrivilegedState implements AutoCloseable {

    private final Unicorn uc;
    private final ContextLayout layout;
    private final Context context;
    private final MemorySegment blob;

    PrivilegedState(Unicorn uc, ContextLayout layout) {
        this.uc = uc;
        this.layout = layout;
        this.context = uc.newContext();
        this.blob = context.bytes();
    }

    Privilege privilege() {
        uc.save(context);
        return Privilege.of(blob.get(JAVA_LONG_UNALIGNED, layout.priv()));
    }

    /**
     * Sets the privilege level and, as QEMU's {@code riscv_cpu_set_mode} does on every trap and
     * return, drops the LR reservation.
     */
    void setPrivilege(Privilege p) {
        uc.save(context);
        blob.set(JAVA_LONG_UNALIGNED, layout.priv(), p.code());
        blob.set(JAVA_LONG_UNALIGNED, layout.loadReservation(), -1L);
        uc.restore(context);
    }

    /** Switches to M if needed (so M-level CSRs can be accessed) and returns the previous level. */
    Privilege enterMachine() {
        uc.save(context);
        Privilege was = Privilege.of(blob.get(JAVA_LONG_UNALIGNED, layout.priv()));
        if (was != Privilege.MACHINE) {
            blob.set(JAVA_LONG_UNALIGNED, layout.priv(), Privilege.MACHINE.code());
            uc.restore(context);
        }
        return was;
    }

    /** Returns to {@code p} after {@link #enterMachine()}, without touching the reservation. */
    void leaveMachine(Privilege p) {
        if (p != Privilege.MACHINE) {
            uc.save(context);
            blob.set(JAVA_LONG_UNALIGNED, layout.priv(), p.code());
            uc.restore(context);
        }
    }

    /** Reads a CSR with M privilege whatever the current level. */
    long readCsr(int register) {
        Privilege was = enterMachine();
        try {
            return uc.readRegister(register);
        } finally {
            leaveMachine(was);
        }
    }

    /** Writes a CSR with M privilege whatever the current level. */
    void writeCsr(int register, long value) {
        Privilege was = enterMachine();
        try {
            uc.writeRegister(register, value);
        } finally {
            leaveMachine(was);
        }
    }

    void setHartId(long id) {
        uc.save(context);
        blob.set(JAVA_LONG_UNALIGNED, layout.mhartid(), id);
        uc.restore(context);
    }

    /** Replaces the {@code mask} bits of {@code mip} (device lines the API cannot set: MTIP, MSIP, MEIP). */
    void setMipBits(long mask, long bits) {
        uc.save(context);
        long mip = blob.get(JAVA_LONG_UNALIGNED, layout.mip());
        blob.set(JAVA_LONG_UNALIGNED, layout.mip(), (mip & ~mask) | (bits & mask));
        uc.restore(context);
    }

    /** The address of the last access fault or misaligned access (QEMU's {@code env->badaddr}). */
    long badAddress() {
        uc.save(context);
        return blob.get(JAVA_LONG_UNALIGNED, layout.badaddr());
    }

    @Override
    public void close() {
        context.close();
    }
}
