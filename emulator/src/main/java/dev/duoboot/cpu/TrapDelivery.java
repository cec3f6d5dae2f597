package dev.duoboot.cpu;

import static dev.duoboot.unicorn.RiscvRegister.MCAUSE;
import static dev.duoboot.unicorn.RiscvRegister.MEDELEG;
import static dev.duoboot.unicorn.RiscvRegister.MEPC;
import static dev.duoboot.unicorn.RiscvRegister.MIDELEG;
import static dev.duoboot.unicorn.RiscvRegister.MSTATUS;
import static dev.duoboot.unicorn.RiscvRegister.MTVAL;
import static dev.duoboot.unicorn.RiscvRegister.MTVEC;
import static dev.duoboot.unicorn.RiscvRegister.PC;
import static dev.duoboot.unicorn.RiscvRegister.SCAUSE;
import static dev.duoboot.unicorn.RiscvRegister.SEPC;
import static dev.duoboot.unicorn.RiscvRegister.STVAL;
import static dev.duoboot.unicorn.RiscvRegister.STVEC;

import dev.duoboot.unicorn.Unicorn;

/**
 * Takes a trap the way the privileged spec (§3.1.6.1, §3.1.8, §4.1.1) and QEMU's {@code
 * riscv_cpu_do_interrupt} do, because Unicorn 2.0.1 never delivers synchronous exceptions itself
 * (facts §2): pick M or S from {@code medeleg}/{@code mideleg} and the current privilege, write
 * {@code xepc}, {@code xcause}, {@code xtval}, push {@code xIE} into {@code xPIE} and the old
 * privilege into {@code xPP}, and jump to {@code xtvec} (vectored interrupts at base + 4 × cause).
 * M-level CSRs are written only after switching to M: from S/U the API drops such writes.
 */
final class TrapDelivery {

    static final long MSTATUS_SIE = 1L << 1;
    static final long MSTATUS_MIE = 1L << 3;
    static final long MSTATUS_SPIE = 1L << 5;
    static final long MSTATUS_MPIE = 1L << 7;
    static final long MSTATUS_SPP = 1L << 8;
    static final long MSTATUS_MPP = 3L << 11;

    private final Unicorn uc;
    private final PrivilegedState state;
    private final int hart;

    TrapDelivery(Unicorn uc, PrivilegedState state, int hart) {
        this.uc = uc;
        this.state = state;
        this.hart = hart;
    }

    /** Delivers {@code cause} (bit 63 set for an interrupt) taken at {@code epc}; returns what was done. */
    Trap deliver(long cause, long epc, long tval) {
        Privilege from = state.enterMachine();
        boolean interrupt = (cause & TrapCause.INTERRUPT) != 0;
        int code = (int) (cause & 63);
        // one native call for the state the decision needs, one for everything written
        long[] in = new long[4];
        uc.readRegisters(new int[] {interrupt ? MIDELEG : MEDELEG, MSTATUS, MTVEC, STVEC}, in);
        long status = in[1];
        boolean toSupervisor = from != Privilege.MACHINE && ((in[0] >>> code) & 1) != 0;
        long vector;
        Privilege to;
        int[] targets;
        if (toSupervisor) {
            long spie = (status & MSTATUS_SIE) != 0 ? MSTATUS_SPIE : 0;
            long spp = from == Privilege.SUPERVISOR ? MSTATUS_SPP : 0;
            status = (status & ~(MSTATUS_SPP | MSTATUS_SPIE | MSTATUS_SIE)) | spie | spp;
            targets = new int[] {SEPC, SCAUSE, STVAL, MSTATUS, PC};
            vector = in[3];
            to = Privilege.SUPERVISOR;
        } else {
            long mpie = (status & MSTATUS_MIE) != 0 ? MSTATUS_MPIE : 0;
            status = (status & ~(MSTATUS_MPP | MSTATUS_MPIE | MSTATUS_MIE)) | mpie | ((long) from.code() << 11);
            targets = new int[] {MEPC, MCAUSE, MTVAL, MSTATUS, PC};
            vector = in[2];
            to = Privilege.MACHINE;
        }
        long base = vector & ~3L;
        long pc = (vector & 3) == 1 && interrupt ? base + 4L * code : base;
        uc.writeRegisters(targets, new long[] {epc, cause, tval, status, pc});
        state.setPrivilege(to);
        return new Trap(hart, cause, epc, tval, from, to);
    }

    /**
     * The highest-priority device interrupt among {@code lines} that may be taken now, or -1. An
     * interrupt goes to M unless delegated in {@code mideleg}; an M-targeted one is enabled below M,
     * or in M with {@code mstatus.MIE}; an S-targeted one below S, or in S with {@code mstatus.SIE},
     * never in M. Interrupts for M are serviced before those for S (privileged spec §3.1.9).
     */
    int pendingInterrupt(long lines, long mie, long mideleg, long status, Privilege priv) {
        long pending = lines & mie;
        if (pending == 0) {
            return -1;
        }
        boolean machineEnabled = priv != Privilege.MACHINE || (status & MSTATUS_MIE) != 0;
        boolean supervisorEnabled = priv == Privilege.USER
                || (priv == Privilege.SUPERVISOR && (status & MSTATUS_SIE) != 0);
        for (int code : TrapCause.PRIORITY) {
            if (((pending >>> code) & 1) != 0 && ((mideleg >>> code) & 1) == 0 && machineEnabled) {
                return code;
            }
        }
        for (int code : TrapCause.PRIORITY) {
            if (((pending >>> code) & 1) != 0 && ((mideleg >>> code) & 1) != 0 && supervisorEnabled) {
                return code;
            }
        }
        return -1;
    }
}
