package dev.duoboot.sdk;

/**
 * One program header as stored; {@code headerOffset} is where it sits in the file. Unsigned fields
 * keep their bit pattern (see {@link ElfHeader}).
 */
public record ProgramHeader(
        int index,
        long headerOffset,
        long type,
        long flags,
        long offset,
        long vaddr,
        long paddr,
        long filesz,
        long memsz,
        long align) {

    public static final long PT_NULL = 0;
    public static final long PT_LOAD = 1;
    public static final long PT_DYNAMIC = 2;
    public static final long PT_INTERP = 3;
    public static final long PT_NOTE = 4;
    public static final long PT_PHDR = 6;
    public static final long PT_TLS = 7;
    public static final long PT_GNU_STACK = 0x6474e551L;
    public static final long PT_RISCV_ATTRIBUTES = 0x70000003L;

    public boolean isLoad() {
        return type == PT_LOAD;
    }

    /** readelf's name for the type, or the number in hex. */
    public String typeName() {
        return switch ((int) type) {
            case 0 -> "NULL";
            case 1 -> "LOAD";
            case 2 -> "DYNAMIC";
            case 3 -> "INTERP";
            case 4 -> "NOTE";
            case 6 -> "PHDR";
            case 7 -> "TLS";
            case 0x6474e551 -> "GNU_STACK";
            case 0x6474e552 -> "GNU_RELRO";
            case 0x70000003 -> "RISCV_ATTRIBUTES";
            default -> String.format("0x%x", type);
        };
    }

    /** Flags as readelf prints them: R, W, E. */
    public String flagString() {
        return ((flags & 4) != 0 ? "R" : " ") + ((flags & 2) != 0 ? "W" : " ") + ((flags & 1) != 0 ? "E" : " ");
    }
}
