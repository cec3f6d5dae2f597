package dev.duoboot.fdt;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * What changed between two trees, node by node: the question "what did OpenSBI / U-Boot do to
 * my device tree". Nodes are matched by full name under the same parent, properties by name;
 * changes come in tree order (the old tree's order, new nodes after their old siblings).
 */
public record TreeDiff(List<MemReserve> reservesAdded, List<MemReserve> reservesRemoved,
        List<NodeChange> nodes) {

    /** What happened to one node. */
    public enum Kind { ADDED, REMOVED, CHANGED }

    /** A node that was added, removed, or kept with different properties. */
    public record NodeChange(String path, Kind kind, List<PropertyChange> properties) {}

    /**
     * A property added ({@code before} empty), removed ({@code after} empty) or changed. For an
     * added or removed node every property is listed as added or removed.
     */
    public record PropertyChange(String name, Optional<Property> before, Optional<Property> after) {
        public Kind kind() {
            return before.isEmpty() ? Kind.ADDED : after.isEmpty() ? Kind.REMOVED : Kind.CHANGED;
        }
    }

    public TreeDiff {
        reservesAdded = List.copyOf(reservesAdded);
        reservesRemoved = List.copyOf(reservesRemoved);
        nodes = List.copyOf(nodes);
    }

    public boolean isEmpty() {
        return reservesAdded.isEmpty() && reservesRemoved.isEmpty() && nodes.isEmpty();
    }

    /** The differences going from {@code before} to {@code after}. */
    public static TreeDiff between(DeviceTree before, DeviceTree after) {
        List<MemReserve> added = new ArrayList<>(after.memReserves());
        added.removeAll(before.memReserves());
        List<MemReserve> removed = new ArrayList<>(before.memReserves());
        removed.removeAll(after.memReserves());
        List<NodeChange> nodes = new ArrayList<>();
        compare(before.root(), after.root(), nodes);
        return new TreeDiff(added, removed, nodes);
    }

    private static void compare(Node a, Node b, List<NodeChange> out) {
        List<PropertyChange> props = new ArrayList<>();
        for (Property p : a.properties()) {
            Optional<Property> q = b.property(p.name());
            if (q.isEmpty()) {
                props.add(new PropertyChange(p.name(), Optional.of(p), Optional.empty()));
            } else if (!Arrays.equals(p.value(), q.get().value())) {
                props.add(new PropertyChange(p.name(), Optional.of(p), q));
            }
        }
        for (Property q : b.properties()) {
            if (!a.hasProperty(q.name())) {
                props.add(new PropertyChange(q.name(), Optional.empty(), Optional.of(q)));
            }
        }
        if (!props.isEmpty()) {
            out.add(new NodeChange(a.path(), Kind.CHANGED, props));
        }
        for (Node c : a.children()) {
            Optional<Node> d = b.child(c.name());
            if (d.isPresent()) {
                compare(c, d.get(), out);
            } else {
                whole(c, Kind.REMOVED, out);
            }
        }
        for (Node d : b.children()) {
            if (a.child(d.name()).isEmpty()) {
                whole(d, Kind.ADDED, out);
            }
        }
    }

    /** A node present on one side only, with its properties and its subtree. */
    private static void whole(Node n, Kind kind, List<NodeChange> out) {
        List<PropertyChange> props = new ArrayList<>();
        for (Property p : n.properties()) {
            props.add(kind == Kind.ADDED
                    ? new PropertyChange(p.name(), Optional.empty(), Optional.of(p))
                    : new PropertyChange(p.name(), Optional.of(p), Optional.empty()));
        }
        out.add(new NodeChange(n.path(), kind, props));
        for (Node c : n.children()) {
            whole(c, kind, out);
        }
    }

    /**
     * The diff as text, one line per change: {@code + node}, {@code - node}, {@code ~ node},
     * then indented {@code + prop = value;}, {@code - prop = value;} and
     * {@code ~ prop = new; (was old)}, values written as dtc writes them.
     */
    public String toText() {
        StringBuilder s = new StringBuilder();
        for (MemReserve r : reservesAdded) {
            s.append(String.format("+ /memreserve/ 0x%x 0x%x;\n", r.address(), r.size()));
        }
        for (MemReserve r : reservesRemoved) {
            s.append(String.format("- /memreserve/ 0x%x 0x%x;\n", r.address(), r.size()));
        }
        for (NodeChange n : nodes) {
            s.append(symbol(n.kind())).append(' ').append(n.path()).append('\n');
            for (PropertyChange p : n.properties()) {
                s.append("    ").append(symbol(p.kind())).append(' ');
                switch (p.kind()) {
                    case ADDED -> s.append(DtsWriter.property(p.after().orElseThrow()));
                    case REMOVED -> s.append(DtsWriter.property(p.before().orElseThrow()));
                    case CHANGED -> {
                        byte[] old = p.before().orElseThrow().value();
                        s.append(DtsWriter.property(p.after().orElseThrow())).append(" (was ")
                                .append(old.length == 0 ? "empty" : DtsWriter.valueText(old)).append(')');
                    }
                }
                s.append('\n');
            }
        }
        return s.toString();
    }

    private static char symbol(Kind k) {
        return switch (k) {
            case ADDED -> '+';
            case REMOVED -> '-';
            case CHANGED -> '~';
        };
    }
}
