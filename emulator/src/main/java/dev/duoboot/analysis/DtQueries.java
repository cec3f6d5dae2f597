package dev.duoboot.analysis;

import dev.duoboot.fdt.DeviceTree;
import dev.duoboot.fdt.Node;
import dev.duoboot.fdt.Property;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Small questions the checks and the diagnosis ask of a device tree. */
final class DtQueries {

    private DtQueries() {}

    /** An address range. */
    record Range(long base, long size) {
        long end() {
            return base + size;
        }

        boolean overlaps(Range o) {
            return size > 0 && o.size > 0 && Long.compareUnsigned(base, o.end()) < 0 && Long.compareUnsigned(o.base, end()) < 0;
        }

        boolean contains(Range o) {
            return Long.compareUnsigned(base, o.base) <= 0 && Long.compareUnsigned(o.end(), end()) <= 0;
        }

        @Override
        public String toString() {
            return String.format("[0x%x, +0x%x)", base, size);
        }
    }

    /** The nodes {@code memory-region} of {@code node} points at, in order (dangling phandles left out). */
    static List<Node> memoryRegions(DeviceTree t, Node node) {
        List<Node> out = new ArrayList<>();
        node.property("memory-region").ifPresent(p -> {
            for (int i = 0; i < p.cellCount(); i++) {
                t.nodeByPhandle(p.u32(i)).ifPresent(out::add);
            }
        });
        return out;
    }

    /** The first remoteproc carve-out: where the firmware's code is meant to go. */
    static Optional<Node> codeCarveout(DeviceTree t, Optional<String> rprocPath) {
        return rprocPath.flatMap(t::node).map(n -> memoryRegions(t, n)).filter(l -> !l.isEmpty()).map(List::getFirst);
    }

    /** The first reg entry in the parent's cells, if it can be read. */
    static Optional<Range> firstReg(Node n) {
        Optional<Property> reg = n.property("reg");
        Node parent = n.parent().orElse(null);
        if (reg.isEmpty() || parent == null) {
            return Optional.empty();
        }
        int a = parent.addressCells().orElse(2);
        int s = parent.sizeCells().orElse(1);
        if (a < 1 || a > 2 || s > 2 || reg.get().cellCount() < a + s) {
            return Optional.empty();
        }
        return Optional.of(new Range(reg.get().number(0, a), s == 0 ? 0 : reg.get().number(a, s)));
    }

    /** The first node whose first reg entry holds {@code address}. */
    static Optional<Node> nodeHolding(DeviceTree t, long address) {
        return t.root().walk().stream().filter(n -> firstReg(n).filter(r -> r.contains(new Range(address, 1))).isPresent()).findFirst();
    }

    /** The first node whose compatible list holds one of {@code compatibles}. */
    static Optional<Node> compatibleNode(DeviceTree t, List<String> compatibles) {
        return t.root().walk().stream().filter(n -> n.property("compatible")
                .map(p -> p.asStringList().stream().anyMatch(compatibles::contains)).orElse(false)).findFirst();
    }

    /** How a DTS names the node in a reference: its first label ({@code &clk}), else its path ({@code &{/soc/clk}}). */
    static String reference(Node n) {
        return n.labels().isEmpty() ? "&{" + n.path() + "}" : "&" + n.labels().getFirst();
    }
}
