package dev.duoboot.linux;

import dev.duoboot.fdt.DeviceTree;
import java.util.ArrayList;
import java.util.List;

/** The state one modelled kernel boot shares between its steps. Not thread-safe; one per run. */
final class Kernel {

    private final KernelInputs inputs;
    private final Memblock memblock = new Memblock();
    private final Printk printk = new Printk();
    private final List<Explanation> explanations = new ArrayList<>();
    private final List<Reservation> reservations = new ArrayList<>();
    private final int addrCells;
    private final int sizeCells;
    private Bootargs bootargs;
    private java.util.Optional<String> oops = java.util.Optional.empty();
    private java.util.Optional<MemInfo> memInfo = java.util.Optional.empty();

    Kernel(KernelInputs inputs) {
        this.inputs = inputs;
        int[] cells = EarlyScan.rootCells(inputs.tree());
        this.addrCells = cells[0];
        this.sizeCells = cells[1];
    }

    KernelInputs inputs() {
        return inputs;
    }

    KernelProfile profile() {
        return inputs.profile();
    }

    DeviceTree tree() {
        return inputs.tree();
    }

    Memblock memblock() {
        return memblock;
    }

    Printk printk() {
        return printk;
    }

    int addrCells() {
        return addrCells;
    }

    int sizeCells() {
        return sizeCells;
    }

    Bootargs bootargs() {
        return bootargs;
    }

    void setBootargs(Bootargs b) {
        bootargs = b;
    }

    /** Reserves [base, base + size) in memblock and notes why. */
    void reserve(Reservation.Purpose purpose, String what, long base, long size) {
        memblock.reserve(base, size);
        noteReserved(purpose, what, base, size);
    }

    /** Notes why memory was reserved (by an allocation that already reserved it). */
    void noteReserved(Reservation.Purpose purpose, String what, long base, long size) {
        if (size != 0) {
            reservations.add(new Reservation(purpose, what, base, size));
        }
    }

    /** Forgets what a freed range was reserved for. */
    void noteFreed(long base, long size) {
        reservations.removeIf(r -> r.base() == base && r.size() == size);
    }

    /** The kernel oopsed during its own initcalls; {@code line} is its first alert. */
    void setOopsed(String line) {
        oops = java.util.Optional.of(line);
    }

    java.util.Optional<String> oops() {
        return oops;
    }

    void setMemInfo(MemInfo m) {
        memInfo = java.util.Optional.of(m);
    }

    java.util.Optional<MemInfo> memInfo() {
        return memInfo;
    }

    List<Reservation> reservations() {
        return reservations;
    }

    List<Explanation> explanations() {
        return explanations;
    }

    Explanation explain(KernelRule rule, String nodePath, String text, String fix) {
        Explanation e = Explanation.of(profile(), rule, nodePath, text, fix);
        explanations.add(e);
        return e;
    }

    /** {@code IS_ENABLED(CONFIG_x)} for a tristate: y or m. With no .config at all, {@code dflt}. */
    boolean configEnabled(String symbol, boolean dflt) {
        if (inputs.config().isEmpty()) {
            return dflt;
        }
        return inputs.configValue(symbol).filter(v -> v.equals("y") || v.equals("m")).isPresent();
    }
}
