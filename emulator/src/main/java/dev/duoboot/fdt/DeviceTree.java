package dev.duoboot.fdt;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** A whole device tree: the root node, the memory reservation block and the header's boot CPU. */
public final class DeviceTree {
    private final Node root;
    private final List<MemReserve> memReserves = new ArrayList<>();
    private long bootCpuid;

    public DeviceTree() {
        this(new Node(""));
    }

    public DeviceTree(Node root) {
        if (!root.isRoot()) {
            throw new IllegalArgumentException("not a root node: " + root);
        }
        this.root = root;
    }

    public Node root() {
        return root;
    }

    /** The reservation block entries, in order (mutable). */
    public List<MemReserve> memReserves() {
        return memReserves;
    }

    public long bootCpuid() {
        return bootCpuid;
    }

    public void setBootCpuid(long bootCpuid) {
        this.bootCpuid = bootCpuid;
    }

    /**
     * The node at a path, resolved component by component as libfdt's {@code fdt_path_offset}
     * does: a component without '@' also matches {@code name@unit}, and a path not starting with
     * '/' begins with an alias from {@code /aliases} ({@code serial0}, {@code serial0/child}).
     */
    public Optional<Node> node(String path) {
        if (!path.startsWith("/")) {
            int slash = path.indexOf('/');
            String alias = slash < 0 ? path : path.substring(0, slash);
            Optional<String> target = node("/aliases").flatMap(a -> a.property(alias))
                    .flatMap(Property::asString).filter(t -> t.startsWith("/"));
            return target.flatMap(t -> node(slash < 0 ? t : t + path.substring(slash)));
        }
        Node n = root;
        for (String component : path.substring(1).split("/")) {
            if (component.isEmpty()) {
                continue;
            }
            Optional<Node> next = n.childForPathComponent(component);
            if (next.isEmpty()) {
                return Optional.empty();
            }
            n = next.get();
        }
        return Optional.of(n);
    }

    /** The first node (DTB order) whose {@code phandle} or {@code linux,phandle} equals {@code phandle}. */
    public Optional<Node> nodeByPhandle(long phandle) {
        if (phandle == 0 || phandle == 0xffffffffL) {
            return Optional.empty();
        }
        for (Node n : root.walk()) {
            if (n.phandle().filter(p -> p == phandle).isPresent()) {
                return Optional.of(n);
            }
        }
        return Optional.empty();
    }

    /** The node carrying this DTS label. */
    public Optional<Node> nodeByLabel(String label) {
        for (Node n : root.walk()) {
            if (n.labels().contains(label)) {
                return Optional.of(n);
            }
        }
        return Optional.empty();
    }
}
