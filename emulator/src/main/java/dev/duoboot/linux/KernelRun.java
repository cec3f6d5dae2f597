package dev.duoboot.linux;

import dev.duoboot.fdt.Node;
import dev.duoboot.fdt.Property;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A booted kernel model: memblock, the reserved-memory table, the log so far. Lookups and the
 * remoteproc steps run against it; {@link #report} freezes the whole state.
 */
public final class KernelRun {

    private final Kernel k;
    private final ReservedMemory rmem;
    private final Optional<Cv1800Clocks> clocks;
    private List<Cv1800Clocks.Gate> gatedUnused = List.of();
    private Optional<Long> hungAt = Optional.empty();

    KernelRun(Kernel k, ReservedMemory rmem) {
        this.k = k;
        this.rmem = rmem;
        this.clocks = k.profile().uses(KernelRule.CLK_UNUSED_GATES_EFUSE) ? Cv1800Clocks.probe(k.tree()) : Optional.empty();
    }

    /** The CV18xx clock provider, if this line has the driver (CLK_UNUSED_GATES_EFUSE) and the DT the node. */
    Optional<Cv1800Clocks> clocks() {
        return clocks;
    }

    /**
     * late_initcall_sync, after the built-in drivers probed: {@code clk_disable_unused()}
     * (drivers/clk/clk.c) on the lines that have it, unless {@code clk_ignore_unused}.
     */
    public void lateInitcallSync(PhysicalMemory memory) {
        if (!k.profile().uses(KernelRule.CLK_UNUSED_GATES_EFUSE) || hung()) {
            return;
        }
        // after the built-in drivers' probes; a module's probe comes later still
        k.printk().advanceTo(Math.max(k.printk().now() + 10_000, 1_000_000_000L));
        if (k.bootargs().clkIgnoreUnused()) {
            k.printk().print(LogLevel.WARNING, "clk: ", "Not disabling unused clocks\n");
            return;
        }
        k.printk().print(LogLevel.INFO, "clk: ", "Disabling unused clocks\n");
        gatedUnused = clocks().map(c -> c.disableUnused(memory)).orElse(List.of());
    }

    /** The clocks clk_disable_unused() gated. */
    public List<String> gatedUnused() {
        return gatedUnused.stream().map(Cv1800Clocks.Gate::name).toList();
    }

    /** Whether the kernel stopped at an access the bus never answered (the CPU waits for ever). */
    public boolean hung() {
        return hungAt.isPresent();
    }

    /**
     * The access at {@code address} never completed: the kernel stops here. Explains it in the
     * kernel's terms: which clocks it gated, and the node whose registers those are.
     */
    void hang(long address, String nodePath, boolean nodeHasClocks) {
        hungAt = Optional.of(address);
        String gated = gatedUnused.isEmpty() ? "" : String.join(" and ", gatedUnused());
        String text = String.format("the access to 0x%x (%s) never completed", address, nodePath)
                + (gated.isEmpty() ? "" : "; at late_initcall clk_disable_unused() gated " + gated + ", which no consumer held enabled")
                + (nodeHasClocks ? "" : ", and " + nodePath + " names no clocks for its regmap to enable around each access");
        k.explanations().add(Explanation.of(k.profile(), k.profile().rule(KernelRule.Group.CLK_UNUSED), nodePath, text,
                "clocks = <&clk CLK_EFUSE>; in " + nodePath + " (drivers/mfd/syscon.c attaches it to the regmap), or clk_ignore_unused"));
    }

    public KernelProfile profile() {
        return k.profile();
    }

    public KernelInputs inputs() {
        return k.inputs();
    }

    public List<MemblockRegion> memory() {
        return k.memblock().memory();
    }

    public List<MemblockRegion> reserved() {
        return k.memblock().reserved();
    }

    public List<ReservedRegion> reservedMem() {
        return rmem.table();
    }

    public Printk printk() {
        return k.printk();
    }

    public List<Explanation> explanations() {
        return List.copyOf(k.explanations());
    }

    /** What mem_init_print_info() printed (or would have, when the line is not shown). */
    public Optional<MemInfo> memInfo() {
        return k.memInfo();
    }

    /** Why each memblock reservation the model made was made. */
    public List<Reservation> reservations() {
        return List.copyOf(k.reservations());
    }

    /** The first alert of an oops in the kernel's own initcalls (before any driver of ours probes). */
    public Optional<String> oops() {
        return k.oops();
    }

    /** {@code of_reserved_mem_lookup()} of a node, as a driver holding it would call it. */
    public Lookup lookup(Node target) {
        return rmem.lookup(target.path(), 0, target);
    }

    /** One lookup per entry of every {@code memory-region} property in the tree, in tree order. */
    public List<Lookup> lookups() {
        List<Lookup> out = new ArrayList<>();
        for (Node n : k.tree().root().walk()) {
            Optional<Property> mr = n.property("memory-region");
            if (mr.isEmpty()) {
                continue;
            }
            long[] ph = KernelModel.phandles(mr.get());
            for (int i = 0; i < ph.length; i++) {
                out.add(lookupAt(n, i, ph[i]));
            }
        }
        return out;
    }

    Lookup lookupAt(Node consumer, int index, long phandle) {
        Optional<Node> target = k.tree().nodeByPhandle(phandle);
        if (target.isEmpty()) {
            return new Lookup(consumer.path(), index, Optional.empty(), Lookup.Result.NO_PHANDLE, Optional.empty(),
                    Optional.of(Explanation.of(k.profile(), k.profile().rule(KernelRule.Group.RMEM_NODE), consumer.path(),
                            "memory-region entry " + index + " is phandle " + phandle + ", which no node has; a driver walking the list gets a NULL node",
                            "point memory-region at an existing node's label")));
        }
        Lookup l = rmem.lookup(consumer.path(), index, target.get());
        return new Lookup(consumer.path(), index, l.target(), l.result(), l.region(), l.why());
    }

    /**
     * The node the vendor's rtos_cmdqu driver binds (an available {@code cvitek,rtos_cmdqu}),
     * which gives user space {@code /dev/cvi-rtos-cmdqu}; empty on a line without that driver.
     */
    public Optional<String> rtosCmdquNode() {
        if (!k.profile().uses(KernelRule.CMDQU_MISC_DEVICE)) {
            return Optional.empty();
        }
        return k.tree().root().walk().stream()
                .filter(n -> ReservedMemory.compatible(n, RTOS_CMDQU_COMPATIBLE) && EarlyScan.isAvailable(n))
                .map(Node::path).findFirst();
    }

    /** The vendor mailbox driver's compatible (rtos_cmdqu.c cvi_rtos_cmdqu_match). */
    public static final String RTOS_CMDQU_COMPATIBLE = "cvitek,rtos_cmdqu";

    Kernel kernel() {
        return k;
    }

    /** The state as a value. */
    public KernelReport report(LogLevel consoleLevel, Optional<RemoteprocOutcome> remoteproc) {
        return new KernelReport(k.profile().name(), memory(), reserved(), reservedMem(), lookups(), remoteproc,
                k.printk().visible(consoleLevel), explanations(), memInfo(), reservations());
    }
}
