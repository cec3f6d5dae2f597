package dev.duoboot.sdk;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes small, well-formed ELF files for tests: a header, PT_LOAD segments over given sections,
 * the sections' bytes, a {@code .shstrtab} and the section header table. Tests then corrupt the
 * bytes where they need to.
 */
final class ElfBuilder {

    record Section(String name, long type, long addr, byte[] bytes) {}

    private final boolean is64;
    private final boolean bigEndian;
    private long entry = 0x8fe00000L;
    private final List<Section> sections = new ArrayList<>();
    private final List<Integer> loadSections = new ArrayList<>();

    ElfBuilder(boolean is64, boolean bigEndian) {
        this.is64 = is64;
        this.bigEndian = bigEndian;
    }

    static ElfBuilder elf64() {
        return new ElfBuilder(true, false);
    }

    ElfBuilder entry(long e) {
        entry = e;
        return this;
    }

    /** A PROGBITS section covered by its own PT_LOAD segment (paddr = vaddr = addr). */
    ElfBuilder loadSection(String name, long addr, byte[] bytes) {
        loadSections.add(sections.size());
        sections.add(new Section(name, ElfSection.SHT_PROGBITS, addr, bytes));
        return this;
    }

    ElfBuilder section(String name, long type, byte[] bytes) {
        sections.add(new Section(name, type, 0, bytes));
        return this;
    }

    byte[] build() {
        int ehsize = is64 ? 64 : 52;
        int phsize = is64 ? 56 : 32;
        int shsize = is64 ? 64 : 40;
        ByteArrayOutputStream names = new ByteArrayOutputStream();
        names.write(0);
        List<Integer> nameOffsets = new ArrayList<>();
        for (Section s : sections) {
            nameOffsets.add(names.size());
            names.writeBytes((s.name() + "\0").getBytes(StandardCharsets.US_ASCII));
        }
        int shstrName = names.size();
        names.writeBytes(".shstrtab\0".getBytes(StandardCharsets.US_ASCII));

        int phoff = ehsize;
        int pos = phoff + phsize * loadSections.size();
        List<Integer> dataOffsets = new ArrayList<>();
        for (Section s : sections) {
            pos = (pos + 7) & ~7;
            dataOffsets.add(pos);
            pos += s.type() == ElfSection.SHT_NOBITS ? 0 : s.bytes().length;
        }
        int namesOff = pos;
        pos += names.size();
        int shoff = (pos + 7) & ~7;
        int shnum = sections.size() + 2;
        ByteBuffer b = ByteBuffer.allocate(shoff + shnum * shsize)
                .order(bigEndian ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {0x7f, 'E', 'L', 'F', (byte) (is64 ? 2 : 1), (byte) (bigEndian ? 2 : 1), 1});
        b.position(16);
        b.putShort((short) 2).putShort((short) ElfHeader.EM_RISCV).putInt(1);
        word(b, entry);
        word(b, loadSections.isEmpty() ? 0 : phoff);
        word(b, shoff);
        b.putInt(0).putShort((short) ehsize).putShort((short) phsize).putShort((short) loadSections.size())
                .putShort((short) shsize).putShort((short) shnum).putShort((short) (shnum - 1));
        b.position(phoff);
        for (int idx : loadSections) {
            Section s = sections.get(idx);
            long off = dataOffsets.get(idx);
            long size = s.bytes().length;
            if (is64) {
                b.putInt(1).putInt(7).putLong(off).putLong(s.addr()).putLong(s.addr()).putLong(size)
                        .putLong(size).putLong(8);
            } else {
                b.putInt(1).putInt((int) off).putInt((int) s.addr()).putInt((int) s.addr()).putInt((int) size)
                        .putInt((int) size).putInt(7).putInt(8);
            }
        }
        for (int i = 0; i < sections.size(); i++) {
            if (sections.get(i).type() != ElfSection.SHT_NOBITS) {
                b.put(dataOffsets.get(i), sections.get(i).bytes());
            }
        }
        b.put(namesOff, names.toByteArray());
        b.position(shoff + shsize); // section 0 stays all zero
        for (int i = 0; i < sections.size(); i++) {
            Section s = sections.get(i);
            sectionHeader(b, nameOffsets.get(i), s.type(), s.addr(), dataOffsets.get(i), s.bytes().length);
        }
        sectionHeader(b, shstrName, ElfSection.SHT_STRTAB, 0, namesOff, names.size());
        return b.array();
    }

    private void sectionHeader(ByteBuffer b, int name, long type, long addr, long off, long size) {
        b.putInt(name).putInt((int) type);
        word(b, 2);
        word(b, addr);
        word(b, off);
        word(b, size);
        b.putInt(0).putInt(0);
        word(b, 1);
        word(b, 0);
    }

    private void word(ByteBuffer b, long v) {
        if (is64) {
            b.putLong(v);
        } else {
            b.putInt((int) v);
        }
    }

    /** A resource table: {ver, num, 0, 0, offsets...} followed by the entries (each starting with its type). */
    static byte[] resourceTable(long ver, byte[]... entries) {
        int header = 16 + 4 * entries.length;
        ByteBuffer b = ByteBuffer.allocate(header + java.util.Arrays.stream(entries).mapToInt(e -> e.length).sum())
                .order(ByteOrder.LITTLE_ENDIAN);
        b.putInt((int) ver).putInt(entries.length).putInt(0).putInt(0);
        int off = header;
        for (byte[] e : entries) {
            b.putInt(off);
            off += e.length;
        }
        for (byte[] e : entries) {
            b.put(e);
        }
        return b.array();
    }

    static byte[] carveout(long da, long len, String name) {
        ByteBuffer b = ByteBuffer.allocate(4 + 52).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(ResourceTable.RSC_CARVEOUT).putInt((int) da).putInt((int) da).putInt((int) len).putInt(0).putInt(0);
        b.put(name.getBytes(StandardCharsets.US_ASCII));
        return b.array();
    }

    static byte[] vdev(int numOfVrings, int configLen, long[][] vrings) {
        ByteBuffer b = ByteBuffer.allocate(4 + 24 + 20 * vrings.length + configLen).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(ResourceTable.RSC_VDEV).putInt(7).putInt(0).putInt(1).putInt(0).putInt(configLen);
        b.put((byte) 0).put((byte) numOfVrings).put((byte) 0).put((byte) 0);
        for (long[] v : vrings) {
            b.putInt((int) v[0]).putInt((int) v[1]).putInt((int) v[2]).putInt(-1).putInt(0);
        }
        return b.array();
    }
}
