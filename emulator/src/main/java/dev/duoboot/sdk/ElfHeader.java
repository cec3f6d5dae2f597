package dev.duoboot.sdk;

/**
 * The ELF file header, every field as stored (unsigned values kept as their bit pattern in a
 * {@code long}, so wrap-around arithmetic and {@link Long#compareUnsigned} behave like the kernel's
 * u64 arithmetic). {@code elfClass} and {@code data} are {@code e_ident[EI_CLASS]} and
 * {@code e_ident[EI_DATA]}.
 */
public record ElfHeader(
        int elfClass,
        int data,
        int identVersion,
        int osAbi,
        int type,
        int machine,
        long version,
        long entry,
        long phoff,
        long shoff,
        long flags,
        int ehsize,
        int phentsize,
        int phnum,
        int shentsize,
        int shnum,
        int shstrndx) {

    public static final int ELFCLASS32 = 1;
    public static final int ELFCLASS64 = 2;
    public static final int ELFDATA2LSB = 1;
    public static final int ELFDATA2MSB = 2;
    public static final int EM_RISCV = 243;

    public boolean is64() {
        return elfClass == ELFCLASS64;
    }

    /** {@code sizeof(struct elf32_hdr)} or {@code sizeof(struct elf64_hdr)}. */
    public static int headerSize(int elfClass) {
        return elfClass == ELFCLASS64 ? 64 : 52;
    }

    /** {@code sizeof} one program header for the class (what the kernel steps by, not e_phentsize). */
    public static int programHeaderSize(int elfClass) {
        return elfClass == ELFCLASS64 ? 56 : 32;
    }

    /** {@code sizeof} one section header for the class (the kernel's {@code elf_size_of_shdr}). */
    public static int sectionHeaderSize(int elfClass) {
        return elfClass == ELFCLASS64 ? 64 : 40;
    }
}
