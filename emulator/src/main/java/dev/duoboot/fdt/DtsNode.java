package dev.duoboot.fdt;

import java.util.ArrayList;
import java.util.List;

/**
 * A node while a DTS is compiled (dtc struct node): deleted properties and children stay in
 * their lists, marked, because a later definition revives them in their old place. Also holds
 * the per-node state dtc's checks keep (phandle, cell sizes, bus type).
 */
final class DtsNode {
    String name;
    DtsNode parent;
    final List<DtsProperty> properties = new ArrayList<>();
    final List<DtsNode> children = new ArrayList<>();
    final List<DtsLabel> labels = new ArrayList<>();
    boolean deleted;
    boolean omitIfNoRef;
    boolean referenced;
    /** Where it was defined: the first span, then each merge ("also defined at"). */
    final List<SrcPos> positions = new ArrayList<>();
    /** Set by fill_fullpaths; null for a deleted node (dtc prints "(null)"). */
    String fullpath;
    int basenameLength;
    long phandle;
    /** Set by the addr_size_cells check (-1 when absent); 0 until it runs, as dtc's zeroed node. */
    int addrCells;
    int sizeCells;
    /** The bus a check found this node to be ("simple-bus", "pci", ...), or null. */
    String bus;

    DtsNode(SrcPos pos) {
        if (pos != null) {
            positions.add(pos);
        }
    }

    /** for_each_property: the live properties. */
    List<DtsProperty> liveProperties() {
        return properties.stream().filter(p -> !p.deleted).toList();
    }

    /** for_each_child: the live children. */
    List<DtsNode> liveChildren() {
        return children.stream().filter(c -> !c.deleted).toList();
    }

    /** get_property. */
    DtsProperty property(String propName) {
        for (DtsProperty p : properties) {
            if (!p.deleted && p.name.equals(propName)) {
                return p;
            }
        }
        return null;
    }

    /** get_unitname: what follows the first '@', or "". */
    String unitName() {
        int at = name.indexOf('@');
        return at < 0 ? "" : name.substring(at + 1);
    }

    String pathOrNull() {
        return fullpath == null ? "(null)" : fullpath;
    }

    SrcPos pos() {
        return positions.isEmpty() ? null : positions.get(0);
    }

    void addChild(DtsNode child) {
        child.parent = this;
        children.add(child);
    }

    /** delete_node: the node, its subtree, properties and labels, all marked deleted. */
    void delete() {
        deleted = true;
        for (DtsNode c : liveChildren()) {
            c.delete();
        }
        for (DtsProperty p : liveProperties()) {
            p.deleted = true;
            p.labels.forEach(l -> l.deleted = true);
        }
        labels.forEach(l -> l.deleted = true);
    }

    /** delete_property_by_name: the first property of that name (live or not) gets deleted. */
    void deleteProperty(String propName) {
        for (DtsProperty p : properties) {
            if (p.name.equals(propName)) {
                p.deleted = true;
                p.labels.forEach(l -> l.deleted = true);
                return;
            }
        }
    }

    /** delete_node_by_name: the first child of that name (live or not). */
    void deleteChild(String childName) {
        for (DtsNode c : children) {
            if (c.name.equals(childName)) {
                c.delete();
                return;
            }
        }
    }

    /**
     * merge_nodes: {@code other}'s labels, properties (replacing values in place, reviving
     * deleted ones) and children (merged by name) go into this node.
     */
    void merge(DtsNode other) {
        deleted = false;
        for (DtsLabel l : other.labels) {
            DtsLabel.add(labels, l.name);
        }
        for (DtsProperty np : other.properties) {
            if (np.deleted) {
                deleteProperty(np.name);
                continue;
            }
            DtsProperty old = null;
            for (DtsProperty p : properties) {
                if (p.name.equals(np.name)) {
                    old = p;
                    break;
                }
            }
            if (old != null) {
                for (DtsLabel l : np.labels) {
                    DtsLabel.add(old.labels, l.name);
                }
                old.value = np.value;
                old.deleted = false;
                old.pos = np.pos;
            } else {
                properties.add(np);
            }
        }
        for (DtsNode nc : other.children) {
            if (nc.deleted) {
                deleteChild(nc.name);
                continue;
            }
            DtsNode old = null;
            for (DtsNode c : children) {
                if (c.name.equals(nc.name)) {
                    old = c;
                    break;
                }
            }
            if (old != null) {
                old.merge(nc);
            } else {
                addChild(nc);
            }
        }
        positions.addAll(other.positions);
    }
}
