package dev.duoboot.card;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A Milk-V Duo SD card image: the one a user flashes ({@code sdcard.img}), or one built here from
 * its parts. Its MBR lists partition 1, the FAT boot partition the boot ROM reads {@code fip.bin}
 * from and U-Boot's {@code fatload mmc 0 ${uImage_addr} boot.sd} reads {@code boot.sd} from (facts
 * sdk-boot-flow.md section 7), and partition 2, the ext4 root file system the kernel mounts as
 * {@code root=/dev/mmcblk0p2}. The image is never written: {@link #blockDevice()} keeps the
 * guest's writes in memory.
 *
 * <p>Building follows the SDK's genimage.cfg (see {@link CardLayout}): partition 1 type 0x0c and
 * bootable, as genimage.cfg says although mkdosfs makes FAT16 at 128 MiB; partition 2 type 0x83;
 * the optional third partition type 0x00. FAT is {@link Fat16Writer}'s, ext4 is Debian's mke2fs
 * ({@link Mke2fs}); a card without a rootfs needs no tool at all.
 */
public final class CardImage {

    /** The name messages use for a card built here. */
    public static final String BUILT_NAME = "built card";
    static final String FAT_LABEL = "boot";
    static final String EXT4_LABEL = "rootfs";
    static final int BOOT_PARTITION = 1;
    static final int ROOTFS_PARTITION = 2;

    private final ImageBytes bytes;
    private final Mbr mbr;

    private CardImage(ImageBytes bytes) {
        this.bytes = bytes;
        this.mbr = Mbr.read(bytes);
    }

    /** Opens a user's image file read-only; one-line error when it has no partition table. */
    public static CardImage open(Path image) {
        return new CardImage(ImageBytes.MappedFile.open(image));
    }

    /** Reads a card from bytes already at hand. */
    public static CardImage of(ImageBytes bytes) {
        return new CardImage(bytes);
    }

    /** Builds a card, looking for mke2fs only when the parts have a rootfs. */
    public static CardImage build(CardParts parts) {
        return build(parts, Mke2fs.defaultSearchPath());
    }

    /** As {@link #build(CardParts)}, with mke2fs and debugfs looked for in {@code toolDirs}. */
    public static CardImage build(CardParts parts, List<Path> toolDirs) {
        CardLayout layout = parts.layout();
        if (parts.fipBin().length == 0) {
            throw new CardImageException("card: fip.bin is empty; the boot ROM has nothing to load");
        }
        if (layout.swapBytes().isPresent() && parts.rootfs().isEmpty()) {
            throw new CardImageException("card: the layout's third partition follows the rootfs partition, and these parts have no rootfs");
        }
        Optional<Mke2fs> mke2fs = parts.rootfs().map(r -> Mke2fs.require(toolDirs));

        Map<String, byte[]> bootFiles = new LinkedHashMap<>();
        bootFiles.put("fip.bin", parts.fipBin());
        bootFiles.put("boot.sd", parts.bootSd());
        bootFiles.putAll(parts.extraBootFiles());
        long bootBytes = layout.bootBytes().orElseGet(() -> compactBootBytes(bootFiles));
        Fat16Writer fat = new Fat16Writer(Fat16Writer.Geometry.forSize(bootBytes), FAT_LABEL, parts.stamp().fatVolumeId(), parts.stamp().epochSecond());
        bootFiles.forEach(fat::add);

        Optional<SparseImage> rootfs = Optional.empty();
        long rootfsBytes = 0;
        if (parts.rootfs().isPresent()) {
            RootfsContent content = parts.rootfs().get();
            rootfsBytes = layout.rootfsBytes().orElseGet(() -> compactRootfsBytes(content));
            rootfs = Optional.of(mke2fs.orElseThrow().build(content, rootfsBytes, EXT4_LABEL, parts.stamp().rootfsUuid(), parts.stamp().epochSecond()));
        }

        List<MbrPartition> table = new ArrayList<>();
        long sector = 1; // genimage: the first partition right after the MBR (align 512)
        table.add(new MbrPartition(BOOT_PARTITION, 0x0c, true, sector, bootBytes / MbrPartition.SECTOR));
        sector += bootBytes / MbrPartition.SECTOR;
        if (rootfs.isPresent()) {
            table.add(new MbrPartition(ROOTFS_PARTITION, 0x83, false, sector, rootfsBytes / MbrPartition.SECTOR));
            sector += rootfsBytes / MbrPartition.SECTOR;
        }
        if (layout.swapBytes().isPresent()) {
            long swap = layout.swapBytes().getAsLong() / MbrPartition.SECTOR;
            table.add(new MbrPartition(3, 0x00, false, sector, swap));
            sector += swap;
        }
        if (sector > 0xffffffffL) {
            throw new CardImageException("card: " + sector + " sectors do not fit an MBR's 32-bit sector numbers");
        }
        Mbr mbr = new Mbr(0, table);
        SparseImage.Builder out = new SparseImage.Builder(BUILT_NAME, sector * MbrPartition.SECTOR);
        out.write(0, mbr.toSector());
        fat.writeTo(out, table.get(0).startByte());
        if (rootfs.isPresent()) {
            out.copy(table.get(1).startByte(), rootfs.get());
        }
        return new CardImage(out.build());
    }

    public String name() {
        return bytes.name();
    }

    /** The image's bytes (read-only). */
    public ImageBytes bytes() {
        return bytes;
    }

    public Mbr partitionTable() {
        return mbr;
    }

    public List<MbrPartition> partitions() {
        return mbr.partitions();
    }

    /** The bytes of partition {@code number}; one-line error when it is missing or runs past the image's end. */
    public ImageBytes partitionBytes(int number) {
        MbrPartition p = mbr.partition(number).orElseThrow(() -> new CardImageException(
                String.format("%s: no partition %d in the MBR (it has %s)", name(), number,
                        partitions().isEmpty() ? "none" : partitions().stream().map(q -> Integer.toString(q.number())).toList())));
        if (p.endByte() > bytes.length()) {
            throw new CardImageException(String.format("%s: %s ends past the end of the image (0x%x bytes): truncated image?",
                    name(), p.describe(), bytes.length()));
        }
        return bytes.slice(p.startByte(), p.sizeBytes(), name() + " partition " + number);
    }

    /** Partition 1 read as FAT. */
    public FatVolume bootVolume() {
        return FatVolume.open(partitionBytes(BOOT_PARTITION));
    }

    /** Partition 2 read as ext4, when the card has a partition 2. */
    public Optional<Ext4Volume> rootfs() {
        if (mbr.partition(ROOTFS_PARTITION).isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(Ext4Volume.open(partitionBytes(ROOTFS_PARTITION)));
    }

    /** A file from the boot partition ("fip.bin", "boot.sd"). */
    public byte[] readBootFile(String path) {
        return bootVolume().read(path);
    }

    /** A file from the root file system ("/lib/firmware/cvirtos.elf"). */
    public byte[] readRootfsFile(String path) {
        return rootfs().orElseThrow(() -> new CardImageException(
                String.format("%s: no partition 2 (the rootfs) to read '%s' from", name(), path))).read(path);
    }

    /** The whole image as one array (a built card; a user's file is read whole). */
    public byte[] toByteArray() {
        return switch (bytes) {
            case SparseImage s -> s.toByteArray();
            default -> {
                if (bytes.length() > Integer.MAX_VALUE - 8) {
                    throw new CardImageException(name() + ": the image is " + bytes.length() + " bytes, too large to hold in memory");
                }
                yield bytes.read(0, (int) bytes.length());
            }
        };
    }

    /** Writes the image to {@code file}; zero runs of a built card stay holes. */
    public void writeTo(Path file) {
        SparseImage sparse = bytes instanceof SparseImage s ? s : new SparseImage.Builder(name(), bytes.length()).copy(0, bytes).build();
        sparse.writeTo(file);
    }

    /**
     * Any image as the SD controller sees it, whatever it holds (a card without a partition table
     * is still a card): its length in whole blocks; the guest's writes stay in memory.
     */
    public static BlockDevice rawDevice(ImageBytes bytes) {
        long size = (bytes.length() + BlockDevice.BLOCK_SIZE - 1) / BlockDevice.BLOCK_SIZE * BlockDevice.BLOCK_SIZE;
        return new CopyOnWriteDevice(bytes, Math.max(size, SMALLEST_CARD));
    }

    /**
     * The card a user's image makes once flashed: as long as its partition table says (zeros past
     * the image's end), or the image as it is when it has none or is longer.
     */
    public static CardImage flashed(ImageBytes bytes) {
        CardImage image = new CardImage(bytes);
        long end = image.partitions().stream().mapToLong(MbrPartition::endByte).max().orElse(0);
        return end > bytes.length() ? new CardImage(new ImageBytes.ZeroExtended(bytes, end)) : image;
    }

    /** The smallest card the slot takes: the SDHC CSD's capacity unit (512 KiB). */
    private static final long SMALLEST_CARD = 512 * 1024;

    /**
     * The card as the SD controller sees it: as large as the image or its partition table, whichever
     * is larger, in whole blocks; the guest's writes stay in memory.
     */
    public BlockDevice blockDevice() {
        long end = bytes.length();
        for (MbrPartition p : partitions()) {
            end = Math.max(end, p.endByte());
        }
        long size = (end + BlockDevice.BLOCK_SIZE - 1) / BlockDevice.BLOCK_SIZE * BlockDevice.BLOCK_SIZE;
        return new CopyOnWriteDevice(bytes, size);
    }

    private static long compactBootBytes(Map<String, byte[]> files) {
        long need = CardLayout.MIB; // directories, slack
        for (byte[] f : files.values()) {
            need += roundUp(f.length, 16 * 1024); // covers clusters up to 16 KiB
        }
        return Math.max(CardLayout.COMPACT_MIN_BOOT, roundUp(need + need / 8, CardLayout.MIB));
    }

    private static long compactRootfsBytes(RootfsContent content) {
        long files = switch (content) {
            case RootfsContent.Files f -> f.files().values().stream().mapToLong(b -> roundUp(b.length, 4096) + 4096).sum();
            case RootfsContent.Directory d -> treeBytes(d.dir());
        };
        return Math.max(CardLayout.COMPACT_MIN_ROOTFS, roundUp(2 * files + 4 * CardLayout.MIB, CardLayout.MIB));
    }

    private static long treeBytes(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new CardImageException(dir + ": the rootfs directory does not exist");
        }
        try (Stream<Path> all = Files.walk(dir)) {
            long sum = 0;
            for (Path p : all.toList()) {
                long size = Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS) ? Files.size(p) : 0;
                sum += roundUp(size, 4096) + 4096;
            }
            return sum;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long roundUp(long a, long b) {
        return (a + b - 1) / b * b;
    }
}
