package dev.duoboot.fdt;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;

/**
 * Reads a DTB after the checks of libfdt's {@code fdt_check_full} (libfdt/fdt_check.c), in its
 * order: buffer size, {@code fdt_check_header} (libfdt/fdt.c), the reservation map
 * ({@code fdt_num_mem_rsv}, fdt_ro.c), then every tag as {@code fdt_next_tag} walks them, with
 * property names resolved by {@code fdt_get_string}. Each failure is one line naming the byte
 * offset and the libfdt error code that check returns.
 *
 * <p>Things libfdt accepts but duoboot does not are refused as well: a structure block with no
 * root node, a property outside any node, nesting deeper than {@link #MAX_DEPTH} (the tree code
 * recurses; Linux's unflatten gives up at 64), and versions before 16 (full-path node names,
 * 8-byte aligned values).
 */
final class DtbReader {
    static final int MAX_DEPTH = 1000;
    private static final int V2_HEADER_SIZE = 32;
    private static final int V3_HEADER_SIZE = 36;
    private static final long INT_MAX = Integer.MAX_VALUE;

    private final byte[] blob;
    private final long address;
    private final String source;
    private DtbHeader header;
    /** The limit fdt_offset_ptr puts on struct offsets: size_dt_struct (v17) or the blob's end. */
    private long structLimit;

    DtbReader(byte[] blob, long address, String source) {
        this.blob = blob;
        this.address = address;
        this.source = source;
    }

    DeviceTree read() {
        checkHeader();
        if (blob.length < header.totalSize()) {
            throw error(4, "FDT_ERR_TRUNCATED", "totalsize 0x%x is larger than the 0x%x bytes given",
                    header.totalSize(), blob.length);
        }
        if (header.version() < 16) {
            throw error(20, "FDT_ERR_BADVERSION",
                    "version %d uses full-path node names; only versions 16 and 17 are supported",
                    header.version());
        }
        DeviceTree tree = new DeviceTree();
        readMemReserves(tree);
        tree.setBootCpuid(header.bootCpuidPhys());
        readStructure(tree);
        return tree;
    }

    /** {@code fdt_check_full}'s size checks and {@code fdt_check_header}. */
    DtbHeader checkHeader() {
        if (blob.length < Dtb.V1_HEADER_SIZE) {
            throw error(0, "FDT_ERR_TRUNCATED", "only %d bytes, a DTB header needs at least %d",
                    blob.length, Dtb.V1_HEADER_SIZE);
        }
        long version = u32(20);
        int headerSize = headerSize(version);
        if (blob.length < headerSize) {
            throw error(0, "FDT_ERR_TRUNCATED", "only %d bytes, a version %d header needs %d",
                    blob.length, version, headerSize);
        }
        if ((address & 7) != 0) {
            throw error(0, "FDT_ERR_ALIGNMENT", "DTB address 0x%x is not 8-byte aligned", address);
        }
        long magic = u32(0);
        if (magic != (Dtb.MAGIC & 0xffffffffL)) {
            throw error(0, "FDT_ERR_BADMAGIC", "magic 0x%08x, expected 0xd00dfeed", magic);
        }
        long lastComp = u32(24);
        if (lastComp > 17) {
            throw error(24, "FDT_ERR_BADVERSION",
                    "last compatible version %d is newer than 17", lastComp);
        }
        if (version < 2 || version < lastComp) {
            throw error(20, "FDT_ERR_BADVERSION", "version %d (last compatible %d) is not supported",
                    version, lastComp);
        }
        long totalSize = u32(4);
        if (totalSize < headerSize || totalSize > INT_MAX) {
            throw error(4, "FDT_ERR_TRUNCATED", "totalsize 0x%x is outside 0x%x..0x%x",
                    totalSize, headerSize, INT_MAX);
        }
        long offRsv = u32(16);
        if (!offsetInBlob(headerSize, totalSize, offRsv)) {
            throw error(16, "FDT_ERR_TRUNCATED",
                    "off_mem_rsvmap 0x%x is outside the header end 0x%x .. totalsize 0x%x",
                    offRsv, headerSize, totalSize);
        }
        long offStruct = u32(8);
        long sizeStruct = version >= 17 ? u32(36) : 0;
        if (version < 17
                ? !offsetInBlob(headerSize, totalSize, offStruct)
                : !blockInBlob(headerSize, totalSize, offStruct, sizeStruct)) {
            throw error(8, "FDT_ERR_TRUNCATED",
                    "structure block 0x%x+0x%x is outside the header end 0x%x .. totalsize 0x%x",
                    offStruct, sizeStruct, headerSize, totalSize);
        }
        long offStrings = u32(12);
        long sizeStrings = version >= 3 ? u32(32) : 0;
        if (!blockInBlob(headerSize, totalSize, offStrings, sizeStrings)) {
            throw error(12, "FDT_ERR_TRUNCATED",
                    "strings block 0x%x+0x%x is outside the header end 0x%x .. totalsize 0x%x",
                    offStrings, sizeStrings, headerSize, totalSize);
        }
        long bootCpuid = version >= 2 ? u32(28) : 0;
        header = new DtbHeader(magic, totalSize, offStruct, offStrings, offRsv, version, lastComp,
                bootCpuid, sizeStrings, sizeStruct);
        structLimit = version >= 17 ? sizeStruct : totalSize - offStruct;
        return header;
    }

    /** {@code fdt_header_size_}. */
    private static int headerSize(long version) {
        if (version <= 1) {
            return Dtb.V1_HEADER_SIZE;
        } else if (version <= 2) {
            return V2_HEADER_SIZE;
        } else if (version <= 16) {
            return V3_HEADER_SIZE;
        }
        return Dtb.V17_HEADER_SIZE;
    }

    /** {@code check_off_}. */
    private static boolean offsetInBlob(long headerSize, long totalSize, long off) {
        return off >= headerSize && off <= totalSize;
    }

    /** {@code check_block_}: start and end inside, no 32-bit wrap. */
    private static boolean blockInBlob(long headerSize, long totalSize, long base, long size) {
        return offsetInBlob(headerSize, totalSize, base)
                && base + size <= 0xffffffffL
                && offsetInBlob(headerSize, totalSize, base + size);
    }

    /** {@code fdt_num_mem_rsv}: entries up to the first with size 0, each inside totalsize. */
    private void readMemReserves(DeviceTree tree) {
        for (long at = header.offMemRsvmap(); ; at += 16) {
            if (at > header.totalSize() - 16) {
                throw error(at, "FDT_ERR_TRUNCATED",
                        "reservation map runs past totalsize 0x%x without a terminating entry",
                        header.totalSize());
            }
            long address = u64((int) at);
            long size = u64((int) at + 8);
            if (size == 0) {
                return;
            }
            tree.memReserves().add(new MemReserve(address, size));
        }
    }

    /** The {@code fdt_check_full} tag loop, building nodes as it goes. */
    private void readStructure(DeviceTree tree) {
        Deque<Node> open = new ArrayDeque<>();
        boolean rootSeen = false;
        boolean expectEnd = false;
        long offset = 0;
        while (true) {
            long start = offset;
            if (!inStruct(start, 4)) {
                throw error(abs(start), "FDT_ERR_TRUNCATED",
                        "structure block ends at struct offset 0x%x, before FDT_END", start);
            }
            int tag = (int) u32((int) abs(start));
            offset = start + 4;
            String name = null;
            long valueLength = 0;
            switch (tag) {
                case Dtb.BEGIN_NODE -> {
                    long end = offset;
                    while (inStruct(end, 1) && blob[(int) abs(end)] != 0) {
                        end++;
                    }
                    if (!inStruct(end, 1)) {
                        throw error(abs(start), "FDT_ERR_BADSTRUCTURE",
                                "node name runs past the end of the structure block");
                    }
                    name = latin1((int) abs(offset), (int) (end - offset));
                    offset = end + 1;
                }
                case Dtb.PROP -> {
                    if (!inStruct(offset, 4)) {
                        throw error(abs(start), "FDT_ERR_BADSTRUCTURE",
                                "property header runs past the end of the structure block");
                    }
                    valueLength = u32((int) abs(offset));
                    offset += 8 + valueLength;
                    if (!inStruct(start, offset - start)) {
                        throw error(abs(start), "FDT_ERR_BADSTRUCTURE",
                                "property value of %d bytes runs past the end of the structure block",
                                valueLength);
                    }
                }
                case Dtb.END, Dtb.END_NODE, Dtb.NOP -> { }
                default -> throw error(abs(start), "FDT_ERR_BADSTRUCTURE",
                        "unknown tag 0x%08x", tag & 0xffffffffL);
            }
            long next = (offset + 3) & ~3L;
            if (expectEnd && tag != Dtb.END) {
                throw error(abs(start), "FDT_ERR_BADSTRUCTURE",
                        "tag 0x%x after the root node's end, expected FDT_END", tag);
            }
            switch (tag) {
                case Dtb.NOP -> { }
                case Dtb.END -> {
                    if (!open.isEmpty()) {
                        throw error(abs(start), "FDT_ERR_BADSTRUCTURE",
                                "FDT_END inside node %s", open.peek().path());
                    }
                    if (!rootSeen) {
                        throw error(abs(start), "FDT_ERR_BADSTRUCTURE",
                                "structure block has no root node");
                    }
                    return;
                }
                case Dtb.BEGIN_NODE -> {
                    Node node;
                    if (open.isEmpty()) {
                        if (!name.isEmpty()) {
                            throw error(abs(start), "FDT_ERR_BADSTRUCTURE",
                                    "root node is named '%s', expected an empty name", name);
                        }
                        node = tree.root();
                        rootSeen = true;
                    } else if (open.size() >= MAX_DEPTH) {
                        throw error(abs(start), "FDT_ERR_BADSTRUCTURE",
                                "nodes nested deeper than %d levels", MAX_DEPTH);
                    } else {
                        node = open.peek().addChild(new Node(name));
                    }
                    node.setStructureOffset((int) start);
                    open.push(node);
                }
                case Dtb.END_NODE -> {
                    if (open.isEmpty()) {
                        throw error(abs(start), "FDT_ERR_BADSTRUCTURE",
                                "FDT_END_NODE without a matching FDT_BEGIN_NODE");
                    }
                    open.pop();
                    expectEnd = open.isEmpty();
                }
                default -> { // PROP
                    String propName = propertyName(start);
                    if (open.isEmpty()) {
                        throw error(abs(start), "FDT_ERR_BADSTRUCTURE",
                                "property '%s' outside any node", propName);
                    }
                    int value = (int) abs(start + 12);
                    open.peek().appendProperty(new Property(propName,
                            Arrays.copyOfRange(blob, value, value + (int) valueLength)));
                }
            }
            offset = next;
        }
    }

    /** {@code fdt_get_string} for the name offset of the property at struct offset {@code prop}. */
    private String propertyName(long prop) {
        long field = abs(prop + 8);
        long nameOff = u32((int) field);
        long absolute = (nameOff + header.offDtStrings()) & 0xffffffffL;
        if (absolute >= header.totalSize() || nameOff > INT_MAX
                || (header.version() >= 17 && nameOff >= header.sizeDtStrings())) {
            throw error(field, "FDT_ERR_BADOFFSET",
                    "property name offset 0x%x is outside the strings block (size 0x%x)",
                    nameOff, header.sizeDtStrings());
        }
        long len = header.totalSize() - absolute;
        if (header.version() >= 17) {
            len = Math.min(len, header.sizeDtStrings() - nameOff);
        }
        for (int i = 0; i < len; i++) {
            if (blob[(int) absolute + i] == 0) {
                return latin1((int) absolute, i);
            }
        }
        throw error(field, "FDT_ERR_TRUNCATED",
                "property name at strings offset 0x%x has no terminating NUL", nameOff);
    }

    /** {@code fdt_offset_ptr}: {@code len} bytes at struct offset {@code offset} are readable. */
    private boolean inStruct(long offset, long len) {
        return offset >= 0 && abs(offset) + len <= header.totalSize() && offset + len <= structLimit;
    }

    private long abs(long structOffset) {
        return header.offDtStruct() + structOffset;
    }

    private long u32(int at) {
        return ((blob[at] & 0xffL) << 24) | ((blob[at + 1] & 0xffL) << 16)
                | ((blob[at + 2] & 0xffL) << 8) | (blob[at + 3] & 0xffL);
    }

    private long u64(int at) {
        return (u32(at) << 32) | u32(at + 4);
    }

    private String latin1(int at, int len) {
        return new String(blob, at, len, StandardCharsets.ISO_8859_1);
    }

    private FdtException error(long byteOffset, String libfdtError, String format, Object... args) {
        return new FdtException(String.format("%s: byte 0x%x: %s (%s)",
                source, byteOffset, String.format(format, args), libfdtError));
    }
}
