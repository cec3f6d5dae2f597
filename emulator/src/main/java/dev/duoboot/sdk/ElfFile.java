package dev.duoboot.sdk;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * An ELF32 or ELF64 file, either endianness.
 *
 * <p>Two ways in. {@link #of} never rejects content: it is a raw view for code that must make its
 * own checks in its own order, as the kernel's {@code rproc_elf_sanity_check()} does, so every
 * header field is exposed as stored and the tables are read only as far as the file holds them.
 * {@link #parse} and {@link #read} additionally {@link #validated() validate} the structure a
 * listing needs (magic, class, data, header and table bounds, section names) and throw a one-line
 * {@link SdkFileException} naming the file, the byte offset and the field.
 */
public final class ElfFile {

    private static final byte[] MAGIC = {0x7f, 'E', 'L', 'F'};
    private static final int EI_CLASS = 4;
    private static final int EI_DATA = 5;

    private final String name;
    private final byte[] data;
    private final boolean bigEndian;

    private ElfFile(String name, byte[] data) {
        this.name = name;
        this.data = data;
        this.bigEndian = data.length > EI_DATA && data[EI_DATA] == ElfHeader.ELFDATA2MSB;
    }

    /** A raw view of {@code data} (copied); never throws for malformed content. */
    public static ElfFile of(String name, byte[] data) {
        return new ElfFile(name, data.clone());
    }

    /** {@link #of} followed by {@link #validated()}. */
    public static ElfFile parse(String name, byte[] data) {
        return of(name, data).validated();
    }

    /** Reads and validates a file. */
    public static ElfFile read(Path path) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(path);
        } catch (IOException e) {
            throw new SdkFileException(path + ": cannot read: " + e.getMessage(), e);
        }
        return new ElfFile(path.toString(), bytes).validated();
    }

    public String name() {
        return name;
    }

    /** The file size in bytes ({@code fw->size}). */
    public int size() {
        return data.length;
    }

    /** A copy of the whole file. */
    public byte[] bytes() {
        return data.clone();
    }

    /** {@code length} bytes at {@code offset} (both unsigned), or empty if that is not all inside the file. */
    public Optional<byte[]> bytesAt(long offset, long length) {
        if (!inFile(offset, length)) {
            return Optional.empty();
        }
        return Optional.of(Arrays.copyOfRange(data, (int) offset, (int) (offset + length)));
    }

    /** {@code e_ident[index]}, or -1 when the file is shorter. */
    public int identByte(int index) {
        return index < data.length ? data[index] & 0xff : -1;
    }

    /** Whether the file starts with {@code \x7fELF}. */
    public boolean hasElfMagic() {
        return data.length >= MAGIC.length && Arrays.equals(data, 0, MAGIC.length, MAGIC, 0, MAGIC.length);
    }

    /**
     * The file header, when {@code EI_CLASS} and {@code EI_DATA} are valid and the file holds a
     * whole header of that class. The magic is not required (the kernel checks it separately).
     */
    public Optional<ElfHeader> header() {
        int cls = identByte(EI_CLASS);
        int enc = identByte(EI_DATA);
        if ((cls != ElfHeader.ELFCLASS32 && cls != ElfHeader.ELFCLASS64)
                || (enc != ElfHeader.ELFDATA2LSB && enc != ElfHeader.ELFDATA2MSB)
                || data.length < ElfHeader.headerSize(cls)) {
            return Optional.empty();
        }
        boolean is64 = cls == ElfHeader.ELFCLASS64;
        int w = is64 ? 8 : 4; // width of addresses and offsets
        int p = 24;
        long entry = word(p, is64);
        long phoff = word(p + w, is64);
        long shoff = word(p + 2 * w, is64);
        p += 3 * w;
        return Optional.of(new ElfHeader(cls, enc, u8(6), u8(7), u16(16), u16(18), u32(20),
                entry, phoff, shoff, u32(p), u16(p + 4), u16(p + 6), u16(p + 8), u16(p + 10),
                u16(p + 12), u16(p + 14)));
    }

    /**
     * The {@code e_phnum} program headers at {@code e_phoff}, stepping by the class's header size
     * as the kernel does, as far as the file holds them.
     */
    public List<ProgramHeader> programHeaders() {
        Optional<ElfHeader> h = header();
        if (h.isEmpty()) {
            return List.of();
        }
        ElfHeader eh = h.get();
        int step = ElfHeader.programHeaderSize(eh.elfClass());
        List<ProgramHeader> out = new ArrayList<>();
        for (int i = 0; i < eh.phnum(); i++) {
            long at = eh.phoff() + (long) i * step;
            if (!inFile(at, step)) {
                break;
            }
            int o = (int) at;
            if (eh.is64()) {
                out.add(new ProgramHeader(i, at, u32(o), u32(o + 4), u64(o + 8), u64(o + 16), u64(o + 24),
                        u64(o + 32), u64(o + 40), u64(o + 48)));
            } else {
                out.add(new ProgramHeader(i, at, u32(o), u32(o + 24), u32(o + 4), u32(o + 8), u32(o + 12),
                        u32(o + 16), u32(o + 20), u32(o + 28)));
            }
        }
        return out;
    }

    /** Whether all {@code e_phnum} program headers lie inside the file. */
    public boolean programHeadersInFile() {
        return header().map(h -> programHeaders().size() == h.phnum()).orElse(false);
    }

    /** The {@code e_shnum} section headers at {@code e_shoff}, as far as the file holds them. */
    public List<ElfSection> sections() {
        Optional<ElfHeader> h = header();
        if (h.isEmpty()) {
            return List.of();
        }
        ElfHeader eh = h.get();
        int step = ElfHeader.sectionHeaderSize(eh.elfClass());
        long namesAt = -1;
        long strAt = eh.shoff() + (long) eh.shstrndx() * step;
        if (inFile(strAt, step)) {
            namesAt = eh.is64() ? u64((int) strAt + 24) : u32((int) strAt + 16);
        }
        List<ElfSection> out = new ArrayList<>();
        for (int i = 0; i < eh.shnum(); i++) {
            long at = eh.shoff() + (long) i * step;
            if (!inFile(at, step)) {
                break;
            }
            int o = (int) at;
            long nameOff = u32(o);
            Optional<String> secName = namesAt == -1 ? Optional.empty() : cString(namesAt + nameOff);
            if (eh.is64()) {
                out.add(new ElfSection(i, at, nameOff, secName, u32(o + 4), u64(o + 8), u64(o + 16),
                        u64(o + 24), u64(o + 32), u32(o + 40), u32(o + 44), u64(o + 48), u64(o + 56)));
            } else {
                out.add(new ElfSection(i, at, nameOff, secName, u32(o + 4), u32(o + 8), u32(o + 12),
                        u32(o + 16), u32(o + 20), u32(o + 24), u32(o + 28), u32(o + 32), u32(o + 36)));
            }
        }
        return out;
    }

    /** Whether all {@code e_shnum} section headers lie inside the file. */
    public boolean sectionHeadersInFile() {
        return header().map(h -> sections().size() == h.shnum()).orElse(false);
    }

    /** The first section with this name, in header order (the order {@code find_table()} searches). */
    public Optional<ElfSection> section(String sectionName) {
        for (ElfSection s : sections()) {
            if (s.name().filter(sectionName::equals).isPresent()) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    /** The {@code p_filesz} bytes at {@code p_offset}, or empty if they are not all in the file. */
    public Optional<byte[]> segmentBytes(ProgramHeader ph) {
        return bytesAt(ph.offset(), ph.filesz());
    }

    /** The {@code sh_size} bytes at {@code sh_offset}; empty for NOBITS or when outside the file. */
    public Optional<byte[]> sectionBytes(ElfSection s) {
        return s.hasFileBytes() ? bytesAt(s.offset(), s.size()) : Optional.empty();
    }

    /** {@code e_entry} ({@code rproc_elf_get_boot_addr}); 0 when there is no readable header. */
    public long entry() {
        return header().map(ElfHeader::entry).orElse(0L);
    }

    /** The symbols of every SYMTAB and DYNSYM section, in order, skipping entries outside the file. */
    public List<ElfSymbol> symbols() {
        Optional<ElfHeader> h = header();
        if (h.isEmpty()) {
            return List.of();
        }
        boolean is64 = h.get().is64();
        int step = is64 ? 24 : 16;
        List<ElfSection> secs = sections();
        List<ElfSymbol> out = new ArrayList<>();
        for (ElfSection s : secs) {
            if (s.type() != ElfSection.SHT_SYMTAB && s.type() != ElfSection.SHT_DYNSYM) {
                continue;
            }
            long strOff = s.link() < secs.size() ? secs.get((int) s.link()).offset() : -1;
            for (long at = s.offset(); Long.compareUnsigned(at + step, s.offset() + s.size()) <= 0; at += step) {
                if (!inFile(at, step)) {
                    break;
                }
                int o = (int) at;
                long nameOff = u32(o);
                String symName = strOff == -1 ? "" : cString(strOff + nameOff).orElse("<bad name>");
                if (is64) {
                    out.add(new ElfSymbol(symName, u64(o + 8), u64(o + 16), u8(o + 4), u8(o + 5), u16(o + 6)));
                } else {
                    out.add(new ElfSymbol(symName, u32(o + 4), u32(o + 8), u8(o + 12), u8(o + 13), u16(o + 14)));
                }
            }
        }
        return out;
    }

    /**
     * This file, after checking what a faithful listing needs: magic, class, data, a whole header,
     * the program and section header tables inside the file with the standard entry sizes, a valid
     * {@code e_shstrndx}, every section's bytes inside the file and every section name inside the
     * section-name table. Segment contents are not required to be inside the file (the kernel
     * reports that itself, as "truncated fw").
     */
    public ElfFile validated() {
        if (data.length < MAGIC.length || !hasElfMagic()) {
            byte[] start = Arrays.copyOf(data, Math.min(4, data.length));
            throw fail(0, "e_ident", "not an ELF file: expected magic 7f 45 4c 46, found "
                    + (start.length == 0 ? "an empty file" : HexFormat.ofDelimiter(" ").formatHex(start)));
        }
        int cls = identByte(EI_CLASS);
        if (cls != ElfHeader.ELFCLASS32 && cls != ElfHeader.ELFCLASS64) {
            throw fail(EI_CLASS, "EI_CLASS", "expected 1 (ELF32) or 2 (ELF64), found " + cls);
        }
        int enc = identByte(EI_DATA);
        if (enc != ElfHeader.ELFDATA2LSB && enc != ElfHeader.ELFDATA2MSB) {
            throw fail(EI_DATA, "EI_DATA", "expected 1 (little-endian) or 2 (big-endian), found " + enc);
        }
        int hsize = ElfHeader.headerSize(cls);
        if (data.length < hsize) {
            throw fail(data.length, "header", "file ends inside the " + hsize + "-byte ELF header ("
                    + data.length + " bytes)");
        }
        ElfHeader h = header().orElseThrow();
        int fieldBase = h.is64() ? 0x36 : 0x2a; // offset of e_phentsize
        if (h.phnum() > 0) {
            checkEntrySize(h.phentsize(), ElfHeader.programHeaderSize(cls), fieldBase, "e_phentsize");
            checkTable(h.phoff(), h.phnum(), h.phentsize(), h.is64() ? 0x20 : 0x1c, "e_phoff", "program header");
        }
        if (h.shnum() == 0 && h.shoff() != 0) {
            throw fail(h.is64() ? 0x3c : 0x30, "e_shnum",
                    "0 with e_shoff set (extended section numbering is not supported)");
        }
        if (h.shnum() > 0) {
            checkEntrySize(h.shentsize(), ElfHeader.sectionHeaderSize(cls), fieldBase + 4, "e_shentsize");
            checkTable(h.shoff(), h.shnum(), h.shentsize(), h.is64() ? 0x28 : 0x20, "e_shoff", "section header");
            if (h.shstrndx() >= h.shnum()) {
                throw fail(fieldBase + 8, "e_shstrndx", "expected a section index below e_shnum "
                        + h.shnum() + ", found " + h.shstrndx());
            }
            validateSections(h);
        }
        return this;
    }

    private void validateSections(ElfHeader h) {
        List<ElfSection> secs = sections();
        ElfSection names = secs.get(h.shstrndx());
        for (ElfSection s : secs) {
            if (s.hasFileBytes() && !inFile(s.offset(), s.size())) {
                throw fail(s.headerOffset(), "section " + s.index() + " sh_offset/sh_size",
                        String.format("bytes 0x%x+0x%x lie outside the %d-byte file", s.offset(), s.size(),
                                data.length));
            }
            if (Long.compareUnsigned(s.nameOffset(), names.size()) >= 0 || s.name().isEmpty()
                    || Long.compareUnsigned(s.nameOffset() + s.name().get().length(), names.size()) >= 0) {
                throw fail(s.headerOffset(), "section " + s.index() + " sh_name",
                        String.format("0x%x is not a NUL-terminated name inside the section-name table (0x%x bytes)",
                                s.nameOffset(), names.size()));
            }
        }
    }

    private void checkEntrySize(int found, int expected, int fieldOffset, String field) {
        if (found != expected) {
            throw fail(fieldOffset, field, "expected " + expected + ", found " + found);
        }
    }

    private void checkTable(long offset, int count, int entrySize, int fieldOffset, String field, String what) {
        long bytes = (long) count * entrySize;
        if (!inFile(offset, bytes)) {
            throw fail(fieldOffset, field, String.format("the %d %ss at 0x%x (0x%x bytes) do not fit in the %d-byte file",
                    count, what, offset, bytes, data.length));
        }
    }

    private SdkFileException fail(long offset, String field, String message) {
        return new SdkFileException(String.format("%s: offset 0x%x: %s: %s", name, offset, field, message));
    }

    /** Whether [offset, offset+length) (unsigned, without wrap-around) lies inside the file. */
    private boolean inFile(long offset, long length) {
        long end = offset + length;
        return Long.compareUnsigned(offset, data.length) <= 0
                && Long.compareUnsigned(length, data.length) <= 0
                && Long.compareUnsigned(end, data.length) <= 0;
    }

    /** The NUL-terminated string at {@code offset}, if it ends inside the file. */
    private Optional<String> cString(long offset) {
        if (Long.compareUnsigned(offset, data.length) >= 0) {
            return Optional.empty();
        }
        for (int i = (int) offset; i < data.length; i++) {
            if (data[i] == 0) {
                return Optional.of(new String(data, (int) offset, i - (int) offset, StandardCharsets.ISO_8859_1));
            }
        }
        return Optional.empty();
    }

    private int u8(int o) {
        return data[o] & 0xff;
    }

    private int u16(int o) {
        int a = data[o] & 0xff;
        int b = data[o + 1] & 0xff;
        return bigEndian ? (a << 8) | b : (b << 8) | a;
    }

    private long u32(int o) {
        long a = u16(o);
        long b = u16(o + 2);
        return bigEndian ? (a << 16) | b : (b << 16) | a;
    }

    private long u64(int o) {
        long a = u32(o);
        long b = u32(o + 4);
        return bigEndian ? (a << 32) | b : (b << 32) | a;
    }

    private long word(int o, boolean is64) {
        return is64 ? u64(o) : u32(o);
    }
}
