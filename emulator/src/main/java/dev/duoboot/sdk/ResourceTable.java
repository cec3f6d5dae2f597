package dev.duoboot.sdk;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A remoteproc resource table ({@code include/linux/remoteproc.h}, later {@code rsc_table.h}):
 * the {@code .resource_table} section of a firmware ELF, found and checked as the kernel's
 * {@code find_table()} does ({@code drivers/remoteproc/remoteproc_elf_loader.c}), and its entries
 * walked and checked as {@code rproc_handle_resources()} and the per-type handlers in
 * {@code remoteproc_core.c} do (5.10; the messages are the same in 6.1 and 6.12).
 *
 * <p>The table is read little-endian, as the kernel (a little-endian host that rejected every
 * other firmware in its sanity check) reads it.
 */
public final class ResourceTable {

    /** {@code sizeof(struct resource_table)} without the offsets. */
    public static final int HEADER_SIZE = 16;
    /** {@code sizeof(struct fw_rsc_hdr)}. */
    public static final int ENTRY_HEADER_SIZE = 4;
    public static final int RSC_CARVEOUT = 0;
    public static final int RSC_DEVMEM = 1;
    public static final int RSC_TRACE = 2;
    public static final int RSC_VDEV = 3;
    public static final int RSC_LAST = 4;
    public static final int RSC_VENDOR_START = 128;
    public static final int RSC_VENDOR_END = 512;
    static final int CARVEOUT_SIZE = 52;
    static final int DEVMEM_SIZE = 52;
    static final int TRACE_SIZE = 44;
    static final int VDEV_SIZE = 24;
    static final int VRING_SIZE = 20;
    /** {@code ARRAY_SIZE(rvdev->vring)}. */
    static final int MAX_VRINGS = 2;

    /** What {@code find_table()} made of the firmware. */
    public sealed interface Lookup {}

    /** No section is named {@code .resource_table}: the kernel returns -EINVAL without a message. */
    public record Missing() implements Lookup {}

    /** The first {@code .resource_table} section failed a check; {@code kernelMessage} is the ERR line. */
    public record Rejected(ElfSection section, String kernelMessage) implements Lookup {}

    /** The table passed {@code find_table()}'s checks. */
    public record Found(ResourceTable table) implements Lookup {}

    /** One resource entry's payload. Fields past the end of the table read as 0. */
    public sealed interface Resource {}

    /** {@code struct fw_rsc_carveout}. */
    public record Carveout(long da, long pa, long len, long flags, long reserved, String name) implements Resource {}

    /** {@code struct fw_rsc_devmem}. */
    public record DevMem(long da, long pa, long len, long flags, long reserved, String name) implements Resource {}

    /** {@code struct fw_rsc_trace}. */
    public record Trace(long da, long len, long reserved, String name) implements Resource {}

    /** {@code struct fw_rsc_vdev_vring}. */
    public record Vring(long da, long align, long num, long notifyid, long pa) {}

    /** {@code struct fw_rsc_vdev}; {@code vrings} holds those that lie inside the table. */
    public record Vdev(long id, long notifyid, long dfeatures, long gfeatures, long configLen, int status,
            int numOfVrings, int reserved0, int reserved1, List<Vring> vrings) implements Resource {}

    /** A type in the vendor range 128..512 (the cvitek driver has no {@code handle_rsc}). */
    public record Vendor(long type) implements Resource {}

    /** Any other type above {@code RSC_LAST}. */
    public record Unsupported(long type) implements Resource {}

    /**
     * The entry header is not inside the table: past its end (the kernel says "rsc table is
     * truncated"), or at an offset that is negative as the kernel's {@code int} (it then reads
     * memory before its copy of the table: undefined). Such an entry's type reads as -1.
     */
    public record OutsideTable() implements Resource {}

    /** How the kernel's handler takes an entry. */
    public enum Outcome {
        /** Accepted (carveouts and vdevs still face the allocation checks of the kernel model). */
        OK,
        /** A warning; the walk continues. */
        WARNING,
        /** -EINVAL; the walk stops. The message may be empty: some handlers fail silently. */
        ERROR,
        /** The kernel's behaviour is undefined (it reads outside the table). */
        UNDEFINED
    }

    /** A handler's verdict and the line it prints (empty for OK and silent failures). */
    public record Verdict(Outcome outcome, String message) {
        static Verdict ok() {
            return new Verdict(Outcome.OK, "");
        }

        static Verdict error(String message) {
            return new Verdict(Outcome.ERROR, message);
        }
    }

    /**
     * One entry: its index, offset of its {@code fw_rsc_hdr} in the table ({@code table->offset[i]}
     * as the kernel's {@code int}), raw type, {@code avail} (bytes after the entry header, as the
     * kernel computes it), and the payload.
     */
    public record Entry(int index, int offset, long type, int avail, Resource resource) {

        /**
         * The kernel's verdict on this entry: the walk's own truncation check, then the type's
         * handler checks up to the point where it would start allocating. {@code hasIommu} selects
         * the devmem behaviour (cvitek has none: devmem fails with -EINVAL silently).
         */
        public Verdict verdict(boolean hasIommu) {
            if (avail < 0) {
                return Verdict.error("rsc table is truncated");
            }
            return switch (resource) {
                case OutsideTable o -> new Verdict(Outcome.UNDEFINED,
                        "entry offset " + offset + " points before the table; the kernel reads outside it");
                case Carveout c -> CARVEOUT_SIZE > avail ? Verdict.error("carveout rsc is truncated")
                        : c.reserved() != 0 ? Verdict.error("carveout rsc has non zero reserved bytes")
                        : Verdict.ok();
                case DevMem d -> !hasIommu ? Verdict.error("")
                        : DEVMEM_SIZE > avail ? Verdict.error("devmem rsc is truncated")
                        : d.reserved() != 0 ? Verdict.error("devmem rsc has non zero reserved bytes")
                        : Verdict.ok();
                case Trace t -> TRACE_SIZE > avail ? Verdict.error("trace rsc is truncated")
                        : t.reserved() != 0 ? Verdict.error("trace rsc has non zero reserved bytes")
                        : Verdict.ok();
                case Vdev v -> vdevVerdict(v);
                case Vendor x -> new Verdict(Outcome.WARNING, "unsupported vendor resource " + (int) x.type());
                case Unsupported x -> new Verdict(Outcome.WARNING, "unsupported resource " + (int) x.type());
            };
        }

        /** {@code rproc_handle_vdev()} then {@code rproc_parse_vring()} for each vring. */
        private Verdict vdevVerdict(Vdev v) {
            long needed = VDEV_SIZE + (long) VRING_SIZE * v.numOfVrings() + v.configLen();
            if (needed > avail) {
                return Verdict.error("vdev rsc is truncated");
            }
            if (v.reserved0() != 0 || v.reserved1() != 0) {
                return Verdict.error("vdev rsc has non zero reserved bytes");
            }
            if (v.numOfVrings() > MAX_VRINGS) {
                return Verdict.error("too many vrings: " + v.numOfVrings());
            }
            for (Vring r : v.vrings()) {
                if (r.num() == 0 || r.align() == 0) {
                    return Verdict.error("invalid qsz (" + (int) r.num() + ") or alignment (" + (int) r.align() + ")");
                }
            }
            return Verdict.ok();
        }
    }

    private final ElfSection section;
    private final byte[] bytes;

    private ResourceTable(ElfSection section, byte[] bytes) {
        this.section = section;
        this.bytes = bytes;
    }

    /** {@code find_table()}: the first section named {@code .resource_table} and its checks, in order. */
    public static Lookup find(ElfFile elf) {
        Optional<ElfSection> found = elf.section(".resource_table");
        if (found.isEmpty()) {
            return new Missing();
        }
        ElfSection s = found.get();
        long end = s.offset() + s.size();
        if (Long.compareUnsigned(end, elf.size()) > 0 || Long.compareUnsigned(end, s.size()) < 0) {
            return new Rejected(s, "resource table truncated");
        }
        if (Long.compareUnsigned(s.size(), HEADER_SIZE) < 0) {
            return new Rejected(s, "header-less resource table");
        }
        byte[] table = elf.bytesAt(s.offset(), s.size()).orElseThrow();
        ResourceTable t = new ResourceTable(s, table);
        if (t.version() != 1) {
            return new Rejected(s, "unsupported fw ver: " + (int) t.version());
        }
        if (t.reserved0() != 0 || t.reserved1() != 0) {
            return new Rejected(s, "non zero reserved bytes");
        }
        if (HEADER_SIZE + 4 * t.num() > s.size()) {
            return new Rejected(s, "resource table incomplete");
        }
        return new Found(t);
    }

    /** The section the table came from ({@code sh_addr} is where the loaded copy lives). */
    public ElfSection section() {
        return section;
    }

    /** A copy of the table bytes ({@code sh_size} of them: the kernel's cached table). */
    public byte[] bytes() {
        return bytes.clone();
    }

    public int sizeBytes() {
        return bytes.length;
    }

    public long version() {
        return u32(0);
    }

    public long num() {
        return u32(4);
    }

    public long reserved0() {
        return u32(8);
    }

    public long reserved1() {
        return u32(12);
    }

    /** {@code table->offset[i]} for every entry, as stored. */
    public List<Long> offsets() {
        List<Long> out = new ArrayList<>();
        for (int i = 0; i < num(); i++) {
            out.add(u32(HEADER_SIZE + 4 * i));
        }
        return out;
    }

    /**
     * Every entry in table order, the way {@code rproc_handle_resources()} walks them. The walk a
     * kernel makes stops at the first entry whose {@link Entry#verdict} is ERROR or UNDEFINED; the
     * entries after it are still listed here.
     */
    public List<Entry> entries() {
        List<Entry> out = new ArrayList<>();
        List<Long> offsets = offsets();
        for (int i = 0; i < offsets.size(); i++) {
            int offset = (int) (long) offsets.get(i);
            int avail = (int) ((long) bytes.length - offset - ENTRY_HEADER_SIZE);
            if (avail < 0 || offset < 0) {
                out.add(new Entry(i, offset, -1, avail, new OutsideTable()));
                continue;
            }
            long type = u32(offset);
            out.add(new Entry(i, offset, type, avail, resource(type, offset + ENTRY_HEADER_SIZE)));
        }
        return out;
    }

    private Resource resource(long type, int p) {
        if (type >= RSC_VENDOR_START && type <= RSC_VENDOR_END) {
            return new Vendor(type);
        }
        return switch ((int) Math.min(type, RSC_LAST)) {
            case RSC_CARVEOUT -> new Carveout(u32(p), u32(p + 4), u32(p + 8), u32(p + 12), u32(p + 16), name(p + 20));
            case RSC_DEVMEM -> new DevMem(u32(p), u32(p + 4), u32(p + 8), u32(p + 12), u32(p + 16), name(p + 20));
            case RSC_TRACE -> new Trace(u32(p), u32(p + 4), u32(p + 8), name(p + 12));
            case RSC_VDEV -> vdev(p);
            default -> new Unsupported(type);
        };
    }

    private Vdev vdev(int p) {
        int n = u8(p + 21);
        List<Vring> vrings = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int v = p + VDEV_SIZE + i * VRING_SIZE;
            if ((long) v + VRING_SIZE > bytes.length) {
                break;
            }
            vrings.add(new Vring(u32(v), u32(v + 4), u32(v + 8), u32(v + 12), u32(v + 16)));
        }
        return new Vdev(u32(p), u32(p + 4), u32(p + 8), u32(p + 12), u32(p + 16), u8(p + 20), n,
                u8(p + 22), u8(p + 23), vrings);
    }

    /** A 32-byte name field up to its first NUL (printable ASCII kept, anything else as '?'). */
    private String name(int p) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 32; i++) {
            int c = u8(p + i);
            if (c == 0) {
                break;
            }
            sb.append(c >= 0x20 && c < 0x7f ? (char) c : '?');
        }
        return sb.toString();
    }

    private int u8(long o) {
        return o >= 0 && o < bytes.length ? bytes[(int) o] & 0xff : 0;
    }

    private long u32(long o) {
        return u8(o) | (long) u8(o + 1) << 8 | (long) u8(o + 2) << 16 | (long) u8(o + 3) << 24;
    }
}
