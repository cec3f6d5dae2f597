package dev.duoboot.sdk;

/** One symbol-table entry: name, value, size, {@code st_info} (bind and type), {@code st_other}, section index. */
public record ElfSymbol(String name, long value, long size, int info, int other, int shndx) {

    public int bind() {
        return info >>> 4;
    }

    public int type() {
        return info & 0xf;
    }

    public String bindName() {
        return switch (bind()) {
            case 0 -> "LOCAL";
            case 1 -> "GLOBAL";
            case 2 -> "WEAK";
            default -> Integer.toString(bind());
        };
    }

    public String typeName() {
        return switch (type()) {
            case 0 -> "NOTYPE";
            case 1 -> "OBJECT";
            case 2 -> "FUNC";
            case 3 -> "SECTION";
            case 4 -> "FILE";
            case 6 -> "TLS";
            default -> Integer.toString(type());
        };
    }
}
