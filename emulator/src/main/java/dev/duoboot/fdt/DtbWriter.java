package dev.duoboot.fdt;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Writes a tree as {@code dtc -O dtb} does (dtc flattree.c, {@code dt_to_blob} with version 17 and
 * no padding options): header, reservation map ending in a zero entry, structure block in tree
 * order, then the strings block in first-use order with dtc's suffix sharing.
 */
final class DtbWriter {
    private final ByteArrayOutputStream struct = new ByteArrayOutputStream();
    private final ByteArrayOutputStream strings = new ByteArrayOutputStream();

    byte[] write(DeviceTree tree) {
        writeNode(tree.root());
        u32(struct, Dtb.END);

        ByteArrayOutputStream rsvmap = new ByteArrayOutputStream();
        for (MemReserve r : tree.memReserves()) {
            u64(rsvmap, r.address());
            u64(rsvmap, r.size());
        }
        u64(rsvmap, 0);
        u64(rsvmap, 0);

        // Reservation map right after the header, which is 40 bytes and so already 8-aligned.
        int offRsvmap = Dtb.V17_HEADER_SIZE;
        int offStruct = offRsvmap + rsvmap.size();
        int offStrings = offStruct + struct.size();
        int totalSize = offStrings + strings.size();

        ByteArrayOutputStream out = new ByteArrayOutputStream(totalSize);
        u32(out, Dtb.MAGIC);
        u32(out, totalSize);
        u32(out, offStruct);
        u32(out, offStrings);
        u32(out, offRsvmap);
        u32(out, Dtb.WRITE_VERSION);
        u32(out, Dtb.WRITE_LAST_COMP_VERSION);
        u32(out, (int) tree.bootCpuid());
        u32(out, strings.size());
        u32(out, struct.size());
        out.writeBytes(rsvmap.toByteArray());
        out.writeBytes(struct.toByteArray());
        out.writeBytes(strings.toByteArray());
        return out.toByteArray();
    }

    private void writeNode(Node node) {
        u32(struct, Dtb.BEGIN_NODE);
        struct.writeBytes(node.name().getBytes(StandardCharsets.ISO_8859_1));
        struct.write(0);
        pad();
        for (Property p : node.properties()) {
            byte[] value = p.value();
            u32(struct, Dtb.PROP);
            u32(struct, value.length);
            u32(struct, stringOffset(p.name()));
            struct.writeBytes(value);
            pad();
        }
        for (Node child : node.children()) {
            writeNode(child);
        }
        u32(struct, Dtb.END_NODE);
    }

    /**
     * dtc flattree.c {@code stringtable_insert}: the first position in the table where the name
     * and its NUL appear, which may be the tail of a longer name; otherwise appended.
     */
    private int stringOffset(String name) {
        byte[] table = strings.toByteArray();
        byte[] wanted = (name + "\0").getBytes(StandardCharsets.ISO_8859_1);
        for (int i = 0; i + wanted.length <= table.length; i++) {
            if (Arrays.equals(table, i, i + wanted.length, wanted, 0, wanted.length)) {
                return i;
            }
        }
        strings.writeBytes(wanted);
        return table.length;
    }

    private void pad() {
        while (struct.size() % 4 != 0) {
            struct.write(0);
        }
    }

    private static void u32(ByteArrayOutputStream out, int v) {
        out.write(v >>> 24);
        out.write(v >>> 16);
        out.write(v >>> 8);
        out.write(v);
    }

    private static void u64(ByteArrayOutputStream out, long v) {
        u32(out, (int) (v >>> 32));
        u32(out, (int) v);
    }
}
