package dev.duoboot.fdt;

/**
 * Writes a tree as DTS the way {@code dtc -I dtb -O dts} does (treesource.c, dtc 1.6.1): a blob
 * carries no types, so each value is shown as a string, cells or bytes by dtc's
 * {@code guess_value_type}, with dtc's escapes, hex formats and blank lines before child nodes.
 */
public final class DtsWriter {
    private DtsWriter() {}

    /** The whole tree: header, /memreserve/ lines, then the nodes. */
    public static String write(DeviceTree tree) {
        StringBuilder out = new StringBuilder("/dts-v1/;\n\n");
        for (MemReserve r : tree.memReserves()) {
            out.append(String.format("/memreserve/\t0x%016x 0x%016x;\n", r.address(), r.size()));
        }
        writeNode(out, tree.root(), 0);
        return out.toString();
    }

    /** One property as dtc writes it in a node, without indentation: {@code reg = <0x00 0x80>;}. */
    public static String property(Property p) {
        StringBuilder out = new StringBuilder();
        for (String l : p.labels()) {
            out.append(l).append(": ");
        }
        return out.append(p.name()).append(value(p.value())).toString();
    }

    /** A value as dtc writes it after the name: {@code ;} or {@code  = ...;}. */
    static String value(byte[] v) {
        return v.length == 0 ? ";" : " = " + valueText(v) + ";";
    }

    /** A non-empty value as dtc shows it: {@code "a\0b"}, {@code <0x01 0x02>} or {@code [00 01]}. */
    public static String valueText(byte[] v) {
        return switch (guessType(v)) {
            case STRING -> string(v);
            case CELLS -> "<" + cells(v) + ">";
            case BYTES -> "[" + bytes(v) + "]";
        };
    }

    private static void writeNode(StringBuilder out, Node node, int level) {
        out.append("\t".repeat(level));
        for (String l : node.labels()) {
            out.append(l).append(": ");
        }
        out.append(node.isRoot() ? "/" : node.name()).append(" {\n");
        for (Property p : node.properties()) {
            out.append("\t".repeat(level + 1)).append(property(p)).append('\n');
        }
        for (Node c : node.children()) {
            out.append('\n');
            writeNode(out, c, level + 1);
        }
        out.append("\t".repeat(level)).append("};\n");
    }

    private enum Type { STRING, CELLS, BYTES }

    /** treesource.c guess_value_type. */
    private static Type guessType(byte[] v) {
        int notString = 0;
        int nuls = 0;
        for (byte b : v) {
            int c = b & 0xff;
            if (!(isPrint(c) || c == 0 || "\u0007\b\t\n\u000b\f\r".indexOf(c) >= 0)) {
                notString++;
            }
            if (c == 0) {
                nuls++;
            }
        }
        if (v[v.length - 1] == 0 && notString == 0 && nuls <= v.length - nuls) {
            return Type.STRING;
        }
        return v.length % 4 == 0 ? Type.CELLS : Type.BYTES;
    }

    /** write_propval_string: escapes, and \0 between the strings of a list. */
    private static String string(byte[] v) {
        StringBuilder s = new StringBuilder("\"");
        for (int i = 0; i < v.length - 1; i++) {
            int c = v[i] & 0xff;
            switch (c) {
                case 7 -> s.append("\\a");
                case '\b' -> s.append("\\b");
                case '\t' -> s.append("\\t");
                case '\n' -> s.append("\\n");
                case 0x0b -> s.append("\\v");
                case '\f' -> s.append("\\f");
                case '\r' -> s.append("\\r");
                case '\\' -> s.append("\\\\");
                case '"' -> s.append("\\\"");
                case 0 -> s.append("\\0");
                default -> s.append(isPrint(c) ? String.valueOf((char) c) : String.format("\\x%02x", c));
            }
        }
        return s.append('"').toString();
    }

    private static String cells(byte[] v) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < v.length; i += 4) {
            long cell = ((v[i] & 0xffL) << 24) | ((v[i + 1] & 0xffL) << 16) | ((v[i + 2] & 0xffL) << 8)
                    | (v[i + 3] & 0xffL);
            s.append(i > 0 ? " " : "").append(String.format("0x%02x", cell));
        }
        return s.toString();
    }

    private static String bytes(byte[] v) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < v.length; i++) {
            s.append(i > 0 ? " " : "").append(String.format("%02x", v[i] & 0xff));
        }
        return s.toString();
    }

    /** isprint() in the C locale. */
    private static boolean isPrint(int c) {
        return c >= 0x20 && c < 0x7f;
    }
}
