package dev.duoboot.fdt;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * A device-tree node: its full name ({@code rtos_dram@8fe00000}), properties and children in
 * order, and the labels the DTS gave it. Mutable while a tree is being built or edited.
 *
 * <p>{@link #structureOffset()} is the node's offset in the structure block of the DTB it was
 * read from (libfdt's "node offset", the kernel's {@code fdt_node}), or -1 for a node that did
 * not come from a DTB. The kernel model needs it: the SDK's {@code char name[8]} copy is followed
 * in memory by that offset.
 */
public final class Node {
    private final String name;
    private Node parent;
    private final List<Property> properties = new ArrayList<>();
    private final List<Node> children = new ArrayList<>();
    private final List<String> labels = new ArrayList<>();
    private int structureOffset = -1;

    public Node(String name) {
        this.name = name;
    }

    /** Full name including the unit address; "" for the root. */
    public String name() {
        return name;
    }

    /** The name without its unit address ({@code rtos_dram} for {@code rtos_dram@8fe00000}). */
    public String baseName() {
        int at = name.indexOf('@');
        return at < 0 ? name : name.substring(0, at);
    }

    /** The unit address after '@', if any. */
    public Optional<String> unitAddress() {
        int at = name.indexOf('@');
        return at < 0 ? Optional.empty() : Optional.of(name.substring(at + 1));
    }

    public Optional<Node> parent() {
        return Optional.ofNullable(parent);
    }

    public boolean isRoot() {
        return parent == null;
    }

    /** Depth below the root (root = 0). */
    public int depth() {
        int d = 0;
        for (Node n = parent; n != null; n = n.parent) {
            d++;
        }
        return d;
    }

    /** Absolute path, "/" for the root. */
    public String path() {
        if (parent == null) {
            return "/";
        }
        String p = parent.path();
        return (p.equals("/") ? "" : p) + "/" + name;
    }

    public List<Property> properties() {
        return Collections.unmodifiableList(properties);
    }

    public List<Node> children() {
        return Collections.unmodifiableList(children);
    }

    public List<String> labels() {
        return Collections.unmodifiableList(labels);
    }

    public int structureOffset() {
        return structureOffset;
    }

    public void setStructureOffset(int offset) {
        this.structureOffset = offset;
    }

    public Optional<Property> property(String propName) {
        for (Property p : properties) {
            if (p.name().equals(propName)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    public boolean hasProperty(String propName) {
        return property(propName).isPresent();
    }

    /** The child with exactly this full name. */
    public Optional<Node> child(String fullName) {
        for (Node c : children) {
            if (c.name.equals(fullName)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    /**
     * The child a path component selects, as libfdt's {@code fdt_subnode_offset_namelen} does:
     * an exact full-name match, or, when the component has no '@', the first child whose name
     * before '@' equals it.
     */
    public Optional<Node> childForPathComponent(String component) {
        for (Node c : children) {
            if (c.name.equals(component)) {
                return Optional.of(c);
            }
            if (component.indexOf('@') < 0 && c.baseName().equals(component)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    /** Sets (replacing in place, or appending) a property. */
    public void setProperty(Property p) {
        for (int i = 0; i < properties.size(); i++) {
            if (properties.get(i).name().equals(p.name())) {
                properties.set(i, p);
                return;
            }
        }
        properties.add(p);
    }

    /**
     * Appends a property even when one of that name exists: a DTB may hold duplicates, and
     * lookups, like libfdt's, find the first.
     */
    void appendProperty(Property p) {
        properties.add(p);
    }

    public boolean removeProperty(String propName) {
        return properties.removeIf(p -> p.name().equals(propName));
    }

    /** Appends a child (its parent becomes this node). */
    public Node addChild(Node child) {
        if (child.parent != null) {
            throw new IllegalStateException("node " + child.name + " already has a parent");
        }
        child.parent = this;
        children.add(child);
        return child;
    }

    /** Inserts a child at {@code index} (libfdt's fdt_add_subnode inserts first). */
    public Node addChild(int index, Node child) {
        if (child.parent != null) {
            throw new IllegalStateException("node " + child.name + " already has a parent");
        }
        child.parent = this;
        children.add(index, child);
        return child;
    }

    public boolean removeChild(Node child) {
        if (children.remove(child)) {
            child.parent = null;
            return true;
        }
        return false;
    }

    public void addLabel(String label) {
        if (!labels.contains(label)) {
            labels.add(label);
        }
    }

    /** The node's phandle from {@code phandle} or, failing that, {@code linux,phandle}. */
    public Optional<Long> phandle() {
        Optional<Property> p = property("phandle").or(() -> property("linux,phandle"));
        return p.filter(x -> x.length() == 4).map(x -> x.u32(0));
    }

    /** {@code #address-cells} of this node, if present and one cell long. */
    public Optional<Integer> addressCells() {
        return property("#address-cells").filter(p -> p.length() == 4).map(p -> (int) p.u32(0));
    }

    /** {@code #size-cells} of this node, if present and one cell long. */
    public Optional<Integer> sizeCells() {
        return property("#size-cells").filter(p -> p.length() == 4).map(p -> (int) p.u32(0));
    }

    /**
     * libfdt {@code fdt_address_cells}: the #address-cells this node gives its children; 2 when
     * absent. Malformed values (not one cell, 0, or above FDT_MAX_NCELLS = 4) are an error.
     */
    public int childAddressCells() {
        int cells = cells("#address-cells", 2);
        if (cells == 0) {
            throw new FdtException(path() + ": #address-cells is 0 (FDT_ERR_BADNCELLS)");
        }
        return cells;
    }

    /** libfdt {@code fdt_size_cells}: the #size-cells this node gives its children; 1 when absent. */
    public int childSizeCells() {
        return cells("#size-cells", 1);
    }

    private int cells(String propName, int absent) {
        Optional<Property> p = property(propName);
        if (p.isEmpty()) {
            return absent;
        }
        if (p.get().length() != 4 || p.get().u32(0) > 4) {
            throw new FdtException(path() + ": " + propName + " is not one cell of at most 4"
                    + " (FDT_ERR_BADNCELLS)");
        }
        return (int) p.get().u32(0);
    }

    /**
     * The {@code reg} entries, decoded with the parent's cell sizes as libfdt's
     * {@code fdt_get_reg}-style readers do; empty without a reg property.
     *
     * @throws FdtException if the length is not a whole number of entries or a cell size is more
     *     than the 64 bits an entry here holds
     */
    public List<RegEntry> reg() {
        Optional<Property> reg = property("reg");
        if (reg.isEmpty() || parent == null) {
            return List.of();
        }
        int a = parent.childAddressCells();
        int s = parent.childSizeCells();
        if (a > 2 || s > 2) {
            throw new FdtException(path() + ": reg with #address-cells " + a + " / #size-cells " + s
                    + " does not fit 64-bit addresses and sizes");
        }
        int per = (a + s) * 4;
        if (reg.get().length() % per != 0) {
            throw new FdtException(path() + ": reg is " + reg.get().length() + " bytes, not a multiple of "
                    + per + " (#address-cells " + a + ", #size-cells " + s + ")");
        }
        List<RegEntry> out = new ArrayList<>();
        for (int cell = 0; cell < reg.get().cellCount(); cell += a + s) {
            out.add(new RegEntry(reg.get().number(cell, a), reg.get().number(cell + a, s)));
        }
        return out;
    }

    /** Depth-first pre-order walk of this node and its descendants (DTB order). */
    public List<Node> walk() {
        List<Node> out = new ArrayList<>();
        walkInto(out);
        return out;
    }

    private void walkInto(List<Node> out) {
        out.add(this);
        for (Node c : children) {
            c.walkInto(out);
        }
    }

    @Override
    public String toString() {
        return path();
    }
}
