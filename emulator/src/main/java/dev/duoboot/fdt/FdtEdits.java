package dev.duoboot.fdt;

import java.util.ArrayList;
import java.util.List;

/**
 * Device-tree edits with libfdt's placement rules ({@code fdt_add_subnode()} puts a new node
 * before its parent's existing children; {@code fdt_setprop()} of a new property puts it before
 * the node's existing properties), so a modelled stage leaves nodes and properties in the order
 * the real code does.
 */
public final class FdtEdits {

    private FdtEdits() {}

    /** A deep copy (through the DTB format, which is what every stage hands on anyway). */
    public static DeviceTree copy(DeviceTree t, String name) {
        return Dtb.read(Dtb.write(t), name);
    }

    /** {@code fdt_setprop()}: replaces a property in place, or inserts a new one first. */
    public static void setProp(Node n, Property p) {
        if (n.hasProperty(p.name())) {
            n.setProperty(p);
            return;
        }
        List<Property> rest = new ArrayList<>(n.properties());
        rest.forEach(x -> n.removeProperty(x.name()));
        n.setProperty(p);
        rest.forEach(n::setProperty);
    }

    /** {@code fdt_add_subnode()}: the new node becomes the first child. */
    public static Node addSubnode(Node parent, String name) {
        return parent.addChild(0, new Node(name));
    }

    public static Property u32(String name, long v) {
        return new Property(name, new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v});
    }

    public static Property string(String name, String v) {
        byte[] b = v.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] out = new byte[b.length + 1];
        System.arraycopy(b, 0, out, 0, b.length);
        return new Property(name, out);
    }

    public static Property empty(String name) {
        return new Property(name, new byte[0]);
    }

    /** A reg value of one (address, size) entry in the given cell counts. */
    public static Property reg(long addr, long size, int addressCells, int sizeCells) {
        byte[] out = new byte[4 * (addressCells + sizeCells)];
        put(out, 0, addr, addressCells);
        put(out, 4 * addressCells, size, sizeCells);
        return new Property("reg", out);
    }

    private static void put(byte[] out, int at, long v, int cells) {
        for (int i = cells - 1, shift = 0; i >= 0; i--, shift += 32) {
            long part = shift >= 64 ? 0 : v >>> shift;
            int o = at + 4 * i;
            out[o] = (byte) (part >>> 24);
            out[o + 1] = (byte) (part >>> 16);
            out[o + 2] = (byte) (part >>> 8);
            out[o + 3] = (byte) part;
        }
    }

    /** The largest phandle in the tree, 0 if none ({@code fdt_find_max_phandle()}). */
    public static long maxPhandle(DeviceTree t) {
        long max = 0;
        for (Node n : t.root().walk()) {
            max = Math.max(max, n.phandle().orElse(0L));
        }
        return max;
    }
}
