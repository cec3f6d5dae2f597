package dev.duoboot.fdt;

/**
 * The flattened device tree blob (DTB) format: reading with libfdt's {@code fdt_check_full} checks
 * and writing byte-identical to {@code dtc -O dtb}.
 *
 * <p>Format constants follow {@code libfdt/fdt.h}.
 */
public final class Dtb {
    static final int MAGIC = 0xd00dfeed;
    static final int BEGIN_NODE = 1;
    static final int END_NODE = 2;
    static final int PROP = 3;
    static final int NOP = 4;
    static final int END = 9;

    /** The header sizes by version ({@code FDT_V1_SIZE} .. {@code FDT_V17_SIZE}). */
    static final int V1_HEADER_SIZE = 28;
    static final int V17_HEADER_SIZE = 40;

    /** The version dtc writes and the oldest it declares compatible (flattree.c, version 17 table entry). */
    static final int WRITE_VERSION = 17;
    static final int WRITE_LAST_COMP_VERSION = 16;

    private Dtb() {}

    /**
     * Checks a blob the way {@code fdt_check_full} does and builds its tree. Each node records its
     * {@link Node#structureOffset()}. The blob is taken to sit at an 8-byte aligned address.
     *
     * @param sourceName named in error messages (a file name, or e.g. "DTB at 0x80080000")
     * @throws FdtException naming the byte offset and the libfdt error the check corresponds to
     */
    public static DeviceTree read(byte[] blob, String sourceName) {
        return new DtbReader(blob, 0, sourceName).read();
    }

    /**
     * As {@link #read(byte[], String)} for a blob found at {@code address} in memory; like
     * {@code fdt_check_header}, rejects an address that is not 8-byte aligned.
     */
    public static DeviceTree readAt(byte[] blob, long address, String sourceName) {
        return new DtbReader(blob, address, sourceName).read();
    }

    /** The checked header of a blob (the header checks of {@code fdt_check_header} only). */
    public static DtbHeader header(byte[] blob, String sourceName) {
        return new DtbReader(blob, 0, sourceName).checkHeader();
    }

    /** The blob {@code dtc -I dts -O dtb} writes for this tree: version 17, no padding. */
    public static byte[] write(DeviceTree tree) {
        return new DtbWriter().write(tree);
    }
}
