package dev.duoboot.card;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A FAT12, FAT16 or FAT32 volume, read-only: the boot partition of a card, whoever made it
 * ({@link Fat16Writer}, genimage's mkdosfs and mcopy, or {@code mkfs.vfat -F 32} as the SDK's
 * {@code sd_gen_burn_image.sh} does). The type follows from the cluster count as Microsoft's FAT
 * specification says. Long names are read (entries whose checksum does not match their short
 * entry are ignored, as Linux does); names compare ignoring case, as U-Boot's {@code fatload}
 * does. Every error is one line naming the volume and the place.
 */
public final class FatVolume {

    /** The FAT variant, from the number of clusters. */
    public enum FatType {
        FAT12, FAT16, FAT32
    }

    private final ImageBytes bytes;
    private final FatType type;
    private final int bytesPerSector;
    private final int sectorsPerCluster;
    private final long fatStart;
    private final long rootStart;
    private final int rootEntries;
    private final long rootCluster;
    private final long dataStart;
    private final long clusters;
    private final long volumeId;
    private final String bootSectorLabel;

    private FatVolume(ImageBytes bytes) {
        this.bytes = bytes;
        if (bytes.length() < 512) {
            throw new CardImageException(String.format("%s: %d bytes, too short for a FAT boot sector", bytes.name(), bytes.length()));
        }
        ByteBuffer b = ByteBuffer.wrap(bytes.read(0, 512)).order(ByteOrder.LITTLE_ENDIAN);
        int jump = b.get(0) & 0xff;
        if (jump != 0xeb && jump != 0xe9) {
            throw bad("jump instruction 0x%02x at byte 0x0 (expected 0xeb or 0xe9): no FAT boot sector", jump);
        }
        bytesPerSector = b.getShort(11) & 0xffff;
        if (bytesPerSector != 512 && bytesPerSector != 1024 && bytesPerSector != 2048 && bytesPerSector != 4096) {
            throw bad("bytes per sector %d at byte 0xb (expected 512, 1024, 2048 or 4096)", bytesPerSector);
        }
        sectorsPerCluster = b.get(13) & 0xff;
        if (sectorsPerCluster == 0 || Integer.bitCount(sectorsPerCluster) != 1) {
            throw bad("sectors per cluster %d at byte 0xd (expected a power of two, 1 to 128)", sectorsPerCluster);
        }
        int reserved = b.getShort(14) & 0xffff;
        if (reserved == 0) {
            throw bad("reserved sectors 0 at byte 0xe (expected at least 1)");
        }
        int fats = b.get(16) & 0xff;
        if (fats == 0) {
            throw bad("number of FATs 0 at byte 0x10 (expected 1 or more)");
        }
        rootEntries = b.getShort(17) & 0xffff;
        long total = b.getShort(19) & 0xffff;
        if (total == 0) {
            total = b.getInt(32) & 0xffffffffL;
        }
        if (total == 0) {
            throw bad("total sectors 0 at bytes 0x13 and 0x20");
        }
        long fatSize = b.getShort(22) & 0xffff;
        boolean fat32Bpb = fatSize == 0;
        if (fat32Bpb) {
            fatSize = b.getInt(36) & 0xffffffffL;
        }
        if (fatSize == 0) {
            throw bad("sectors per FAT 0 at bytes 0x16 and 0x24");
        }
        long rootSectors = ((long) rootEntries * 32 + bytesPerSector - 1) / bytesPerSector;
        fatStart = (long) reserved * bytesPerSector;
        rootStart = fatStart + fats * fatSize * bytesPerSector;
        dataStart = rootStart + rootSectors * bytesPerSector;
        long dataSectors = total - (dataStart / bytesPerSector);
        if (dataSectors <= 0) {
            throw bad("%d total sectors leave no room for data after %d reserved, %d FAT and %d root directory sectors",
                    total, reserved, fats * fatSize, rootSectors);
        }
        clusters = dataSectors / sectorsPerCluster;
        type = clusters < 4085 ? FatType.FAT12 : clusters < 65525 ? FatType.FAT16 : FatType.FAT32;
        if (type == FatType.FAT32) {
            rootCluster = b.getInt(44) & 0x0fffffffL;
            if (rootCluster < 2 || rootCluster > clusters + 1) {
                throw bad("FAT32 root directory cluster %d at byte 0x2c (expected 2 to %d)", rootCluster, clusters + 1);
            }
        } else {
            rootCluster = 0;
            if (rootEntries == 0) {
                throw bad("root directory entries 0 at byte 0x11 on a %s volume", type);
            }
        }
        if (total * bytesPerSector > bytes.length()) {
            throw new CardImageException(String.format(
                    "%s: the FAT volume claims %d bytes (%d sectors at byte 0x13/0x20) but only %d are there (truncated image?)",
                    bytes.name(), total * bytesPerSector, total, bytes.length()));
        }
        int bs = type == FatType.FAT32 ? 64 : 36; // extended boot signature, serial and label
        if ((b.get(bs + 2) & 0xff) == 0x29) {
            volumeId = b.getInt(bs + 3) & 0xffffffffL;
            bootSectorLabel = new String(bytes.read(bs + 7, 11), StandardCharsets.ISO_8859_1).stripTrailing();
        } else {
            volumeId = 0;
            bootSectorLabel = "";
        }
    }

    /** Reads the boot sector of {@code bytes}; one-line {@link CardImageException} when it is corrupt. */
    public static FatVolume open(ImageBytes bytes) {
        return new FatVolume(bytes);
    }

    public FatType type() {
        return type;
    }

    public long clusters() {
        return clusters;
    }

    public int clusterBytes() {
        return sectorsPerCluster * bytesPerSector;
    }

    public long volumeId() {
        return volumeId;
    }

    /** The label: the root directory's volume-label entry, else the boot sector's; "" for none. */
    public String label() {
        for (RawEntry e : rawEntries(rootCluster, "/")) {
            if (e.volumeLabel()) {
                return e.shortNameText().stripTrailing();
            }
        }
        return bootSectorLabel.equals("NO NAME") ? "" : bootSectorLabel;
    }

    /** The entries of the directory at {@code path} ("/" or "" for the root), in directory order. */
    public List<FatEntry> list(String path) {
        long cluster = directoryCluster(path);
        List<FatEntry> out = new ArrayList<>();
        for (RawEntry e : rawEntries(cluster, path)) {
            if (!e.volumeLabel() && !e.dotEntry()) {
                out.add(e.entry());
            }
        }
        return out;
    }

    /** The entry at {@code path}, if there is one. */
    public Optional<FatEntry> find(String path) {
        List<String> parts = parts(path);
        if (parts.isEmpty()) {
            return Optional.empty();
        }
        long cluster = rootCluster;
        FatEntry found = null;
        StringBuilder at = new StringBuilder("/");
        for (int i = 0; i < parts.size(); i++) {
            if (found != null) {
                if (!found.directory()) {
                    return Optional.empty();
                }
                cluster = found.firstCluster();
            }
            found = lookup(cluster, at.toString(), parts.get(i)).orElse(null);
            if (found == null) {
                return Optional.empty();
            }
            at.append(parts.get(i)).append('/');
        }
        return Optional.of(found);
    }

    /** The bytes of the file at {@code path}; one-line error when it is missing or its chain is broken. */
    public byte[] read(String path) {
        FatEntry e = find(path).orElseThrow(() -> missing(path));
        if (e.directory()) {
            throw new CardImageException(String.format("%s: '%s' is a directory, not a file", where(), path));
        }
        return readChain(e.firstCluster(), e.size(), path);
    }

    private CardImageException missing(String path) {
        List<String> parts = parts(path);
        String dir = "/" + String.join("/", parts.subList(0, Math.max(0, parts.size() - 1)));
        String holds;
        try {
            List<FatEntry> here = list(dir);
            holds = here.isEmpty() ? "it is empty" : "it holds " + here.stream().limit(8).map(FatEntry::name).collect(Collectors.joining(", "))
                    + (here.size() > 8 ? ", ..." : "");
        } catch (CardImageException notADirectory) {
            holds = "no such directory";
        }
        return new CardImageException(String.format("%s: no file '%s' (%s: %s)", where(), path, dir, holds));
    }

    private String where() {
        return bytes.name() + " (" + type + ")";
    }

    private long directoryCluster(String path) {
        if (parts(path).isEmpty()) {
            return rootCluster;
        }
        FatEntry e = find(path).orElseThrow(() -> new CardImageException(String.format("%s: no directory '%s'", where(), path)));
        if (!e.directory()) {
            throw new CardImageException(String.format("%s: '%s' is a file, not a directory", where(), path));
        }
        return e.firstCluster();
    }

    private Optional<FatEntry> lookup(long dirCluster, String dirPath, String name) {
        for (RawEntry e : rawEntries(dirCluster, dirPath)) {
            if (e.volumeLabel() || e.dotEntry()) {
                continue;
            }
            FatEntry f = e.entry();
            if (f.name().equalsIgnoreCase(name) || f.shortName().equalsIgnoreCase(name)) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }

    private static List<String> parts(String path) {
        List<String> out = new ArrayList<>();
        for (String p : path.split("/")) {
            if (!p.isEmpty() && !p.equals(".")) {
                out.add(p);
            }
        }
        return out;
    }

    /** One short entry with the long name that preceded it (if its checksum matched). */
    private record RawEntry(byte[] raw, Optional<String> longName) {
        int attr() {
            return raw[11] & 0xff;
        }

        boolean volumeLabel() {
            return (attr() & 0x08) != 0 && (attr() & 0x10) == 0;
        }

        boolean dotEntry() {
            return raw[0] == '.';
        }

        String shortNameText() {
            return new String(raw, 0, 11, StandardCharsets.ISO_8859_1);
        }

        FatEntry entry() {
            byte[] name11 = Arrays.copyOf(raw, 11);
            ShortName sn = new ShortName(name11, raw[12] & (ShortName.LOWER_BASE | ShortName.LOWER_EXT));
            ByteBuffer b = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
            long cluster = (b.getShort(26) & 0xffffL) | (b.getShort(20) & 0xffffL) << 16;
            boolean dir = (attr() & 0x10) != 0;
            String shortShown = new ShortName(name11, 0).display();
            return new FatEntry(longName.orElse(sn.display()), shortShown, dir, dir ? 0 : b.getInt(28) & 0xffffffffL, cluster);
        }
    }

    private List<RawEntry> rawEntries(long cluster, String dirPath) {
        byte[] dir;
        if (cluster == 0) {
            if (type == FatType.FAT32) {
                throw new CardImageException(String.format("%s: directory '%s' starts at cluster 0", where(), dirPath));
            }
            long len = (long) rootEntries * 32;
            dir = bytes.read(rootStart, (int) len);
        } else {
            dir = readChain(cluster, -1, dirPath);
        }
        List<RawEntry> out = new ArrayList<>();
        char[] lfn = null;
        int lfnCount = 0;
        int lfnChecksum = -1;
        int expect = 0;
        for (int at = 0; at + 32 <= dir.length; at += 32) {
            int first = dir[at] & 0xff;
            if (first == 0x00) {
                break;
            }
            if (first == 0xe5) {
                lfn = null;
                continue;
            }
            int attr = dir[at + 11] & 0xff;
            if ((attr & 0x3f) == 0x0f) {
                int seq = first & 0x1f;
                if ((first & 0x40) != 0) {
                    lfnCount = seq;
                    lfn = new char[seq * 13];
                    lfnChecksum = dir[at + 13] & 0xff;
                    expect = seq;
                }
                if (lfn == null || seq != expect || seq == 0 || (dir[at + 13] & 0xff) != lfnChecksum) {
                    lfn = null;
                    continue;
                }
                int[] slots = {1, 3, 5, 7, 9, 14, 16, 18, 20, 22, 24, 28, 30};
                for (int k = 0; k < 13; k++) {
                    lfn[(seq - 1) * 13 + k] = (char) ((dir[at + slots[k]] & 0xff) | (dir[at + slots[k] + 1] & 0xff) << 8);
                }
                expect--;
                continue;
            }
            byte[] raw = Arrays.copyOfRange(dir, at, at + 32);
            Optional<String> longName = Optional.empty();
            if (lfn != null && expect == 0 && new ShortName(Arrays.copyOf(raw, 11), 0).checksum() == lfnChecksum) {
                int end = 0;
                while (end < lfnCount * 13 && lfn[end] != 0) {
                    end++;
                }
                longName = Optional.of(new String(lfn, 0, end));
            }
            lfn = null;
            out.add(new RawEntry(raw, longName));
        }
        return out;
    }

    /**
     * The bytes of the chain from {@code cluster}: {@code size} of them for a file, the whole
     * chain for a directory ({@code size} -1).
     */
    private byte[] readChain(long cluster, long size, String path) {
        if (size == 0) {
            return new byte[0];
        }
        int cb = clusterBytes();
        long need = size < 0 ? -1 : (size + cb - 1) / cb;
        if (size > Integer.MAX_VALUE - 8) {
            throw new CardImageException(String.format("%s: '%s' is %d bytes, too large to read into memory", where(), path, size));
        }
        List<Long> chain = new ArrayList<>();
        long c = cluster;
        while (true) {
            if (c < 2 || c > clusters + 1) {
                throw new CardImageException(String.format("%s: '%s': cluster %d in its chain is outside 2..%d (corrupt FAT)", where(), path, c, clusters + 1));
            }
            chain.add(c);
            if (chain.size() > clusters) {
                throw new CardImageException(String.format("%s: '%s': its cluster chain loops (corrupt FAT)", where(), path));
            }
            if (need > 0 && chain.size() == need) {
                break;
            }
            long n = next(c);
            if (isEnd(n)) {
                if (need > 0) {
                    throw new CardImageException(String.format(
                            "%s: '%s': its cluster chain ends after %d clusters but its size %d needs %d (corrupt FAT)",
                            where(), path, chain.size(), size, need));
                }
                break;
            }
            c = n;
        }
        int len = size < 0 ? chain.size() * cb : (int) size;
        byte[] out = new byte[len];
        for (int i = 0; i < chain.size(); i++) {
            long off = dataStart + (chain.get(i) - 2) * cb;
            int n = Math.min(cb, len - i * cb);
            if (n <= 0) {
                break;
            }
            if (off + n > bytes.length()) {
                throw new CardImageException(String.format("%s: '%s': cluster %d at byte 0x%x is past the end of the volume (truncated image?)",
                        where(), path, chain.get(i), off));
            }
            bytes.read(off, out, i * cb, n);
        }
        return out;
    }

    private long next(long c) {
        return switch (type) {
            case FAT12 -> {
                long at = fatStart + c + c / 2;
                byte[] two = bytes.read(at, 2);
                int v = (two[0] & 0xff) | (two[1] & 0xff) << 8;
                yield (c & 1) == 0 ? v & 0xfff : v >>> 4;
            }
            case FAT16 -> {
                byte[] two = bytes.read(fatStart + c * 2, 2);
                yield (two[0] & 0xff) | (two[1] & 0xff) << 8;
            }
            case FAT32 -> {
                byte[] four = bytes.read(fatStart + c * 4, 4);
                yield ((four[0] & 0xffL) | (four[1] & 0xffL) << 8 | (four[2] & 0xffL) << 16 | (four[3] & 0xffL) << 24) & 0x0fffffffL;
            }
        };
    }

    private boolean isEnd(long n) {
        return switch (type) {
            case FAT12 -> n >= 0xff8;
            case FAT16 -> n >= 0xfff8;
            case FAT32 -> n >= 0x0ffffff8L;
        };
    }

    private CardImageException bad(String format, Object... args) {
        return new CardImageException(bytes.name() + ": FAT boot sector: " + String.format(Locale.ROOT, format, args));
    }
}
