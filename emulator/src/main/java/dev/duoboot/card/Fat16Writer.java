package dev.duoboot.card;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Writes a FAT16 volume the way the SDK's card has one: genimage's {@code vfat} image is
 * {@code mkdosfs -n boot} on a 128 MiB file (dosfstools picks FAT16 there) filled by
 * {@code mcopy}, and the boot ROM, FSBL and U-Boot's {@code fatload} read it. The geometry is
 * dosfstools 4.2's choice for the size ({@link Geometry#forSize}); names that fit 8.3 get one entry
 * with the NT case bits, as mtools writes them, others get long-name entries and a generated
 * {@code ~N} short name. Files are laid out in the order added (cluster 2 first), each in one
 * contiguous run, directories depth first.
 *
 * <p>Deterministic: the volume id, label and the one timestamp every entry carries are
 * parameters; nothing is read from the clock. The boot sector's code area is zero (nothing boots
 * an x86 from this card) and its OEM name is {@code "duoboot "}.
 */
public final class Fat16Writer {

    static final int SECTOR = 512;
    static final int ENTRY = 32;
    static final int ATTR_DIRECTORY = 0x10;
    static final int ATTR_ARCHIVE = 0x20;
    static final int ATTR_VOLUME_ID = 0x08;
    static final int ATTR_LONG_NAME = 0x0f;
    /** FAT16 holds at least 4085 and at most 65524 clusters (Microsoft's FAT spec, "FAT type determination"). */
    static final int MIN_CLUSTERS = 4085;
    static final int MAX_CLUSTERS = 65524;
    private static final int MEDIA_FIXED = 0xf8;

    /**
     * Where a FAT16 volume's parts are.
     *
     * @param totalSectors      the volume's 512-byte sectors
     * @param sectorsPerCluster 4 and up, doubled until the clusters fit FAT16
     * @param reservedSectors   the boot sector's area, rounded up to a cluster (dosfstools aligns
     *                          the data area to the cluster size)
     * @param fatSectors        each of the two FATs, rounded up to a cluster
     * @param rootEntries       512 (16 sectors per cluster more when clusters are larger)
     * @param heads             the BPB's CHS heads (32 sectors per track)
     */
    public record Geometry(long totalSectors, int sectorsPerCluster, int reservedSectors, int fatSectors, int rootEntries, int heads) {

        /**
         * dosfstools 4.2's FAT16 geometry for a volume of {@code bytes} (checked against
         * {@code mkfs.fat -F 16} for 9 to 256 MiB; larger volumes are
         * laid out by the same rule, where mkfs.fat also trims the size to whole 63-sector tracks): start at 4 sectors per cluster; the reserved
         * area and each FAT are rounded up to whole clusters; the cluster count is what the rest
         * holds after the FATs that number of clusters needs; double the cluster while the count
         * is over FAT16's 65524. One-line error for a size FAT16 cannot use.
         */
        public static Geometry forSize(long bytes) {
            if (bytes % SECTOR != 0) {
                throw new CardImageException("card: a FAT16 volume of " + bytes + " bytes is not whole 512-byte sectors");
            }
            long total = bytes / SECTOR;
            for (int spc = 4; spc <= 64; spc *= 2) {
                int reserved = spc;
                int rootSectors = Math.max(32, spc);
                long data = total - reserved - rootSectors;
                // clusters and their two FAT entries (2 bytes each, in both FATs) share the space
                long clusters = (data * SECTOR + 2L * 4) / ((long) spc * SECTOR + 2L * 2);
                long fat = roundUp(ceilDiv((clusters + 2) * 2, SECTOR), spc);
                if (clusters > MAX_CLUSTERS) {
                    continue;
                }
                Geometry g = new Geometry(total, spc, reserved, (int) fat, rootSectors * SECTOR / ENTRY, heads(total));
                if (g.clusters() < MIN_CLUSTERS) {
                    throw new CardImageException(String.format(
                            "card: a FAT16 boot partition of %d bytes holds %d clusters, fewer than FAT16's %d: use at least 9 MiB",
                            bytes, g.clusters(), MIN_CLUSTERS));
                }
                return g;
            }
            throw new CardImageException("card: a FAT16 boot partition of " + bytes + " bytes is larger than FAT16 allows with 32 KiB clusters (2 GiB)");
        }

        /**
         * dosfstools' heads (with 32 sectors per track) for an image file, as mkfs.fat 4.2 set them
         * for sizes from 9 to 256 MiB: 2 up to 16 MiB, 4 up to 32 MiB, 8 up to 128 MiB, then 16.
         * (Past 256 MiB mkfs.fat moves to 63 sectors per track; nothing reads these fields.)
         */
        private static int heads(long totalSectors) {
            long bytes = totalSectors * SECTOR;
            return bytes <= 16L << 20 ? 2 : bytes <= 32L << 20 ? 4 : bytes <= 128L << 20 ? 8 : 16;
        }

        public int rootSectors() {
            return rootEntries * ENTRY / SECTOR;
        }

        public long rootStartSector() {
            return reservedSectors + 2L * fatSectors;
        }

        public long dataStartSector() {
            return rootStartSector() + rootSectors();
        }

        public long clusters() {
            return Math.min((totalSectors - dataStartSector()) / sectorsPerCluster, (long) fatSectors * SECTOR / 2 - 2);
        }

        public int clusterBytes() {
            return sectorsPerCluster * SECTOR;
        }

        public long sizeBytes() {
            return totalSectors * SECTOR;
        }
    }

    private sealed interface Node permits FileNode, DirNode {
        String name();

        ShortName shortName();
    }

    private record FileNode(String name, ShortName shortName, byte[] data) implements Node {}

    private record DirNode(String name, ShortName shortName, Map<String, Node> children) implements Node {}

    private final Geometry geometry;
    private final byte[] label;
    private final long volumeId;
    private final int dosDate;
    private final int dosTime;
    private final DirNode root = new DirNode("", null, new LinkedHashMap<>());

    /**
     * @param label       up to 11 ASCII characters, kept as given ("boot", as genimage passes it)
     * @param volumeId    the 32-bit serial number
     * @param epochSecond the time every entry and the label carry (1980 to 2107, UTC)
     */
    public Fat16Writer(Geometry geometry, String label, long volumeId, long epochSecond) {
        this.geometry = geometry;
        if (label.length() > 11 || !StandardCharsets.US_ASCII.newEncoder().canEncode(label)) {
            throw new CardImageException("card: FAT label '" + label + "' is not up to 11 ASCII characters");
        }
        this.label = (label + " ".repeat(11 - label.length())).getBytes(StandardCharsets.US_ASCII);
        this.volumeId = volumeId & 0xffffffffL;
        LocalDateTime t = LocalDateTime.ofEpochSecond(epochSecond, 0, ZoneOffset.UTC);
        if (t.getYear() < 1980 || t.getYear() > 2107) {
            throw new CardImageException("card: FAT time stamps hold 1980 to 2107, not " + t.getYear());
        }
        this.dosDate = (t.getYear() - 1980) << 9 | t.getMonthValue() << 5 | t.getDayOfMonth();
        this.dosTime = t.getHour() << 11 | t.getMinute() << 5 | t.getSecond() / 2;
    }

    public Geometry geometry() {
        return geometry;
    }

    /** Adds a file at {@code path} ("fip.bin", "overlays/x.dtbo"), making its directories. */
    public Fat16Writer add(String path, byte[] data) {
        List<String> parts = splitPath(path);
        DirNode dir = root;
        for (int i = 0; i < parts.size() - 1; i++) {
            String part = parts.get(i);
            Node n = dir.children().get(key(part));
            if (n instanceof FileNode) {
                throw new CardImageException("card: FAT path '" + path + "': '" + part + "' is a file, not a directory");
            }
            if (n == null) {
                n = new DirNode(part, shortNameFor(dir, part), new LinkedHashMap<>());
                dir.children().put(key(part), n);
            }
            dir = (DirNode) n;
        }
        String leaf = parts.getLast();
        if (dir.children().containsKey(key(leaf))) {
            throw new CardImageException("card: FAT path '" + path + "' given twice (FAT names ignore case)");
        }
        dir.children().put(key(leaf), new FileNode(leaf, shortNameFor(dir, leaf), data.clone()));
        return this;
    }

    /** Writes the whole volume into {@code out} at byte {@code offset}. */
    public void writeTo(SparseImage.Builder out, long offset) {
        long clusters = geometry.clusters();
        int[] fat = new int[(int) clusters + 2];
        fat[0] = 0xff00 | MEDIA_FIXED;
        fat[1] = 0xffff;
        Map<Node, Integer> first = new IdentityHashMap<>(); // nodes, not equal values
        int[] next = {2};
        allocate(root, fat, first, next, clusters);

        if (entryCount(root) + 1 > geometry.rootEntries()) {
            throw new CardImageException(String.format("card: the FAT root directory holds %d entries, these files need %d",
                    geometry.rootEntries(), entryCount(root) + 1));
        }
        out.write(offset, bootSector());
        byte[] fatBytes = new byte[geometry.fatSectors() * SECTOR];
        ByteBuffer fb = ByteBuffer.wrap(fatBytes).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < fat.length; i++) {
            fb.putShort(i * 2, (short) fat[i]);
        }
        out.write(offset + (long) geometry.reservedSectors() * SECTOR, fatBytes);
        out.write(offset + ((long) geometry.reservedSectors() + geometry.fatSectors()) * SECTOR, fatBytes);
        byte[] rootBytes = new byte[geometry.rootSectors() * SECTOR];
        fillDirectory(rootBytes, root, 0, 0, first);
        out.write(offset + geometry.rootStartSector() * SECTOR, rootBytes);
        writeData(out, offset, root, 0, first);
    }

    private void allocate(DirNode dir, int[] fat, Map<Node, Integer> first, int[] next, long clusters) {
        for (Node n : dir.children().values()) {
            long bytes = switch (n) {
                case FileNode f -> f.data().length;
                case DirNode d -> (long) entryCount(d) * ENTRY;
            };
            int count = (int) ceilDiv(bytes, geometry.clusterBytes());
            if (count == 0) {
                first.put(n, 0);
            } else {
                if (next[0] - 2L + count > clusters) {
                    throw new CardImageException(String.format(
                            "card: the FAT16 boot partition (%d bytes, %d clusters of %d bytes) is too small for its files; '%s' does not fit",
                            geometry.sizeBytes(), clusters, geometry.clusterBytes(), n.name()));
                }
                first.put(n, next[0]);
                for (int i = 0; i < count; i++) {
                    int c = next[0]++;
                    fat[c] = i == count - 1 ? 0xffff : c + 1;
                }
            }
            if (n instanceof DirNode d) {
                allocate(d, fat, first, next, clusters);
            }
        }
    }

    private void writeData(SparseImage.Builder out, long offset, DirNode dir, int dirCluster, Map<Node, Integer> first) {
        for (Node n : dir.children().values()) {
            int c = first.get(n);
            long at = offset + (geometry.dataStartSector() + (long) (c - 2) * geometry.sectorsPerCluster()) * SECTOR;
            switch (n) {
                case FileNode f -> {
                    if (c != 0) {
                        out.write(at, f.data());
                    }
                }
                case DirNode d -> {
                    byte[] bytes = new byte[(int) roundUp((long) entryCount(d) * ENTRY, geometry.clusterBytes())];
                    fillDirectory(bytes, d, c, dirCluster, first);
                    out.write(at, bytes);
                    writeData(out, offset, d, c, first);
                }
            }
        }
    }

    /** Entries of a directory: "." and ".." (not in the root) and each child's long and short entries. */
    private int entryCount(DirNode dir) {
        int n = dir == root ? 0 : 2;
        for (Node c : dir.children().values()) {
            n += 1 + longEntries(c);
        }
        return n;
    }

    private static int longEntries(Node n) {
        return ShortName.exact(n.name()).isPresent() ? 0 : (int) ceilDiv(n.name().length(), 13);
    }

    private void fillDirectory(byte[] into, DirNode dir, int self, int parent, Map<Node, Integer> first) {
        int at = 0;
        if (dir == root) {
            at = putEntry(into, at, label, ATTR_VOLUME_ID, 0, 0, 0);
        } else {
            at = putEntry(into, at, ".          ".getBytes(StandardCharsets.US_ASCII), ATTR_DIRECTORY, 0, self, 0);
            at = putEntry(into, at, "..         ".getBytes(StandardCharsets.US_ASCII), ATTR_DIRECTORY, 0, parent, 0);
        }
        for (Node n : dir.children().values()) {
            ShortName s = n.shortName();
            int lfn = longEntries(n);
            String name = n.name();
            for (int seq = lfn; seq >= 1; seq--) {
                into[at] = (byte) (seq | (seq == lfn ? 0x40 : 0));
                into[at + 11] = ATTR_LONG_NAME;
                into[at + 13] = (byte) s.checksum();
                int[] slots = {1, 3, 5, 7, 9, 14, 16, 18, 20, 22, 24, 28, 30};
                for (int k = 0; k < 13; k++) {
                    int ci = (seq - 1) * 13 + k;
                    int ch = ci < name.length() ? name.charAt(ci) : ci == name.length() ? 0 : 0xffff;
                    into[at + slots[k]] = (byte) ch;
                    into[at + slots[k] + 1] = (byte) (ch >>> 8);
                }
                at += ENTRY;
            }
            int attr = n instanceof DirNode ? ATTR_DIRECTORY : ATTR_ARCHIVE;
            long size = n instanceof FileNode f ? f.data().length : 0;
            at = putEntry(into, at, s.bytes(), attr, s.caseFlags(), first.get(n), size);
        }
    }

    private int putEntry(byte[] into, int at, byte[] name11, int attr, int caseFlags, int cluster, long size) {
        ByteBuffer e = ByteBuffer.wrap(into, at, ENTRY).order(ByteOrder.LITTLE_ENDIAN);
        e.put(name11);
        e.put((byte) attr);
        e.put((byte) caseFlags);
        e.put((byte) 0); // creation time, tenths
        e.putShort((short) dosTime);
        e.putShort((short) dosDate);
        e.putShort((short) dosDate); // last access date
        e.putShort((short) 0); // cluster high: always 0 on FAT16
        e.putShort((short) dosTime);
        e.putShort((short) dosDate);
        e.putShort((short) cluster);
        e.putInt((int) size);
        return at + ENTRY;
    }

    private byte[] bootSector() {
        byte[] s = new byte[SECTOR];
        ByteBuffer b = ByteBuffer.wrap(s).order(ByteOrder.LITTLE_ENDIAN);
        b.put(0, new byte[] {(byte) 0xeb, 0x3c, (byte) 0x90});
        b.put(3, "duoboot ".getBytes(StandardCharsets.US_ASCII));
        b.putShort(11, (short) SECTOR);
        b.put(13, (byte) geometry.sectorsPerCluster());
        b.putShort(14, (short) geometry.reservedSectors());
        b.put(16, (byte) 2);
        b.putShort(17, (short) geometry.rootEntries());
        b.putShort(19, (short) (geometry.totalSectors() < 0x10000 ? geometry.totalSectors() : 0));
        b.put(21, (byte) MEDIA_FIXED);
        b.putShort(22, (short) geometry.fatSectors());
        b.putShort(24, (short) 32);
        b.putShort(26, (short) geometry.heads());
        b.putInt(28, 0); // hidden sectors: 0 as in the SDK's boot.vfat, made as a file before genimage placed it
        b.putInt(32, (int) (geometry.totalSectors() < 0x10000 ? 0 : geometry.totalSectors()));
        b.put(36, (byte) 0x80);
        b.put(38, (byte) 0x29);
        b.putInt(39, (int) volumeId);
        b.put(43, label);
        b.put(54, "FAT16   ".getBytes(StandardCharsets.US_ASCII));
        s[510] = 0x55;
        s[511] = (byte) 0xaa;
        return s;
    }

    private static ShortName shortNameFor(DirNode dir, String name) {
        Set<String> taken = new HashSet<>();
        for (Node n : dir.children().values()) {
            taken.add(n.shortName().key());
        }
        ShortName s = ShortName.exact(name).orElseGet(() -> ShortName.generated(name, taken));
        if (taken.contains(s.key())) {
            throw new CardImageException("card: FAT name '" + name + "' has the same 8.3 name as another file in its directory");
        }
        return s;
    }

    private static String key(String name) {
        return name.toUpperCase(Locale.ROOT);
    }

    static List<String> splitPath(String path) {
        List<String> parts = new ArrayList<>();
        for (String p : path.split("/")) {
            if (p.isEmpty()) {
                continue;
            }
            checkName(path, p);
            parts.add(p);
        }
        if (parts.isEmpty()) {
            throw new CardImageException("card: FAT path '" + path + "' names no file");
        }
        return parts;
    }

    private static void checkName(String path, String name) {
        if (name.equals(".") || name.equals("..") || name.length() > 255 || name.endsWith(".") || name.endsWith(" ")) {
            throw new CardImageException("card: FAT path '" + path + "': '" + name + "' is not a FAT file name");
        }
        for (char c : name.toCharArray()) {
            if (c < 0x20 || "\\:*?\"<>|".indexOf(c) >= 0) {
                throw new CardImageException(String.format("card: FAT path '%s': character 0x%02x may not appear in a FAT file name", path, (int) c));
            }
        }
    }

    private static long ceilDiv(long a, long b) {
        return (a + b - 1) / b;
    }

    private static long roundUp(long a, long b) {
        return ceilDiv(a, b) * b;
    }
}
