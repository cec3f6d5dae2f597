package dev.duoboot.sdk;

import java.util.Optional;

/**
 * One section header as stored, with its name resolved the way the kernel's {@code find_table()}
 * does: the bytes from {@code sh_offset} of section {@code e_shstrndx} plus {@code sh_name} up to
 * the next NUL. {@code name} is empty when that runs outside the file.
 */
public record ElfSection(
        int index,
        long headerOffset,
        long nameOffset,
        Optional<String> name,
        long type,
        long flags,
        long addr,
        long offset,
        long size,
        long link,
        long info,
        long addralign,
        long entsize) {

    public static final long SHT_NULL = 0;
    public static final long SHT_PROGBITS = 1;
    public static final long SHT_SYMTAB = 2;
    public static final long SHT_STRTAB = 3;
    public static final long SHT_NOBITS = 8;
    public static final long SHT_DYNSYM = 11;

    /** The name, or {@code "<bad name>"} when it cannot be read. */
    public String displayName() {
        return name.orElse("<bad name>");
    }

    /** Whether the section occupies bytes in the file ({@code SHT_NOBITS} and {@code SHT_NULL} do not). */
    public boolean hasFileBytes() {
        return type != SHT_NOBITS && type != SHT_NULL;
    }

    public String typeName() {
        return switch ((int) type) {
            case 0 -> "NULL";
            case 1 -> "PROGBITS";
            case 2 -> "SYMTAB";
            case 3 -> "STRTAB";
            case 4 -> "RELA";
            case 5 -> "HASH";
            case 6 -> "DYNAMIC";
            case 7 -> "NOTE";
            case 8 -> "NOBITS";
            case 9 -> "REL";
            case 11 -> "DYNSYM";
            case 14 -> "INIT_ARRAY";
            case 15 -> "FINI_ARRAY";
            case 0x70000003 -> "RISCV_ATTRIBUTES";
            default -> String.format("0x%x", type);
        };
    }
}
