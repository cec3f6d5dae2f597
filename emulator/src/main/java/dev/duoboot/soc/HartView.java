package dev.duoboot.soc;

import dev.duoboot.cpu.C906Hart;
import dev.duoboot.cpu.Privilege;
import dev.duoboot.unicorn.RiscvRegister;

/**
 * A hart as the boot flow drives it: which it is, where it is, in which mode, its argument
 * registers {@code a0..a7}. What a stage hand-off needs, without the CPU engine behind it.
 */
public final class HartView {

    private final C906Hart cpu;

    HartView(C906Hart cpu) {
        this.cpu = cpu;
    }

    public int id() {
        return cpu.id();
    }

    public long pc() {
        return cpu.pc();
    }

    public void setPc(long pc) {
        cpu.setPc(pc);
    }

    public Privilege privilege() {
        return cpu.privilege();
    }

    public void setPrivilege(Privilege p) {
        cpu.setPrivilege(p);
    }

    /** Argument register {@code a<n>} (0..7). */
    public long a(int n) {
        return cpu.register(argument(n));
    }

    public void setA(int n, long value) {
        cpu.setRegister(argument(n), value);
    }

    private static int argument(int n) {
        if (n < 0 || n > 7) {
            throw new IllegalArgumentException("a" + n);
        }
        return RiscvRegister.A0 + n;
    }
}
