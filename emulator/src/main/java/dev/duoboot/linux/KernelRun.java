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

    KernelRun(Kernel k, ReservedMemory rmem) {
        this.k = k;
        this.rmem = rmem;
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

    Kernel kernel() {
        return k;
    }

    /** The state as a value. */
    public KernelReport report(LogLevel consoleLevel, Optional<RemoteprocOutcome> remoteproc) {
        return new KernelReport(k.profile().name(), memory(), reserved(), reservedMem(), lookups(), remoteproc,
                k.printk().visible(consoleLevel), explanations(), memInfo(), reservations());
    }
}
