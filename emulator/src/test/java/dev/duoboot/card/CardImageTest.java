package dev.duoboot.card;

import static dev.duoboot.card.DebianTools.random;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CardImageTest {

    static final long MIB = 1 << 20;
    static final byte[] FIP = random(655_360, 11);
    static final byte[] BOOT_SD = random(2_900_000, 12);

    @TempDir
    Path dir;

    @Test
    void buildsACardAndReadsItsFilesBackByteForByte() {
        CardImage card = CardImage.build(CardParts.of(FIP, BOOT_SD));
        assertThat(card.partitions()).containsExactly(new MbrPartition(1, 0x0c, true, 1, 16 * MIB / 512));
        assertThat(card.bytes().length()).isEqualTo(512 + 16 * MIB);
        CardImage reopened = CardImage.of(new ImageBytes.InMemory("sdcard.img", card.toByteArray()));
        assertThat(reopened.readBootFile("fip.bin")).isEqualTo(FIP);
        assertThat(reopened.readBootFile("boot.sd")).isEqualTo(BOOT_SD);
        assertThat(reopened.bootVolume().label()).isEqualTo("boot");
        assertThat(reopened.bootVolume().type()).isEqualTo(FatVolume.FatType.FAT16);
        assertThat(reopened.rootfs()).isEmpty();
        assertThat(reopened.bootVolume().list("/")).extracting(FatEntry::name).containsExactly("fip.bin", "boot.sd");
    }

    @Test
    void aCardWithoutRootfsNeedsNoTool() {
        CardImage card = CardImage.build(CardParts.of(FIP, BOOT_SD).withExtraBootFile("overlays/duo camera.dtbo", new byte[] {5}), List.of(dir));
        assertThat(card.readBootFile("overlays/duo camera.dtbo")).containsExactly(5);
        assertThatThrownBy(() -> card.readRootfsFile("/lib/firmware/cvirtos.elf"))
                .isInstanceOf(CardImageException.class)
                .hasMessage("built card: no partition 2 (the rootfs) to read '/lib/firmware/cvirtos.elf' from");
    }

    @Test
    void aRootfsWithoutMke2fsIsOneLineNamingThePackage() {
        CardParts parts = CardParts.of(FIP, BOOT_SD).withRootfs(new RootfsContent.Files(new TreeMap<>(Map.of("/a", new byte[] {1}))));
        assertThatThrownBy(() -> CardImage.build(parts, List.of(dir)))
                .isInstanceOf(CardImageException.class)
                .hasMessage("card: building the rootfs partition needs mke2fs and debugfs from Debian's e2fsprogs (apt-get install e2fsprogs); not found in ["
                        + dir + "]");
    }

    @Test
    void sameInputsSameBytes() throws IOException {
        CardParts parts = CardParts.of(FIP, BOOT_SD).withExtraBootFile("uEnv.txt", "x=1\n".getBytes());
        byte[] a = CardImage.build(parts).toByteArray();
        byte[] b = CardImage.build(parts).toByteArray();
        assertThat(a).isEqualTo(b);
        CardImage.build(parts).writeTo(dir.resolve("a.img"));
        CardImage.build(parts).writeTo(dir.resolve("b.img"));
        assertThat(Files.readAllBytes(dir.resolve("a.img"))).isEqualTo(a).isEqualTo(Files.readAllBytes(dir.resolve("b.img")));
        byte[] other = CardImage.build(parts.withStamp(new CardStamp(CardStamp.FAT_EPOCH + 86400, 1, CardStamp.FIXED.rootfsUuid()))).toByteArray();
        assertThat(other).isNotEqualTo(a);
    }

    @Test
    void withARootfsFromMke2fs() {
        assumeTrue(Mke2fs.find().isPresent(), "e2fsprogs is not installed (apt-get install e2fsprogs): cards with a rootfs not checked");
        byte[] elf = random(8824, 13);
        CardParts parts = CardParts.of(FIP, BOOT_SD).withRootfs(new RootfsContent.Files(new TreeMap<>(Map.of("/lib/firmware/cvirtos.elf", elf))));
        CardImage card = CardImage.build(parts);
        assertThat(card.partitions()).extracting(MbrPartition::number, MbrPartition::type, MbrPartition::firstSector)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(1, 0x0c, 1L), org.assertj.core.groups.Tuple.tuple(2, 0x83, 1 + 16 * MIB / 512));
        assertThat(card.readRootfsFile("/lib/firmware/cvirtos.elf")).isEqualTo(elf);
        assertThat(card.rootfs().orElseThrow().label()).isEqualTo("rootfs");
        assertThat(CardImage.build(parts).toByteArray()).as("two builds, the same bytes").isEqualTo(card.toByteArray());
    }

    @Test
    void theSdkLayoutIsSparse() {
        assumeTrue(Mke2fs.find().isPresent(), "e2fsprogs is not installed (apt-get install e2fsprogs): the SDK's layout not checked");
        CardImage card = CardImage.build(CardParts.of(FIP, BOOT_SD).withLayout(CardLayout.milkvSdkWithSwap())
                .withRootfs(new RootfsContent.Files(new TreeMap<>(Map.of("/etc/hostname", "duo\n".getBytes())))));
        byte[] mbr = card.bytes().read(0, 512);
        assertThat(HexFormat.of().formatHex(mbr, 446, 510)).as("as the SDK's genimage wrote it").isEqualTo(MbrTest.GENIMAGE_ENTRIES);
        assertThat(card.bytes().length()).isEqualTo(512 + (128 + 768 + 256) * MIB);
        assertThat(((SparseImage) card.bytes()).storedPages()).as("64 KiB pages actually held").isLessThan(1200);
        assertThat(card.readBootFile("fip.bin")).isEqualTo(FIP);
        assertThat(card.readRootfsFile("/etc/hostname")).asString().isEqualTo("duo\n");
        assertThat(card.bootVolume().clusters()).isEqualTo(65399);
    }

    @Test
    void openingAUsersFileNeverWritesIt() throws IOException, NoSuchAlgorithmException {
        Path img = dir.resolve("sdcard.img");
        CardImage.build(CardParts.of(FIP, BOOT_SD)).writeTo(img);
        String before = sha256(img);
        CardImage card = CardImage.open(img);
        assertThat(card.name()).isEqualTo(img.toString());
        assertThat(card.readBootFile("boot.sd")).isEqualTo(BOOT_SD);
        BlockDevice dev = card.blockDevice();
        assertThat(dev.sizeBytes()).isEqualTo(512 + 16 * MIB);
        byte[] block = new byte[1024];
        dev.read(0, block);
        assertThat(Arrays.copyOf(block, 512)).isEqualTo(card.bytes().read(0, 512));
        byte[] ones = new byte[1024];
        Arrays.fill(ones, (byte) 0x5a);
        dev.write(512, ones);
        byte[] back = new byte[1536];
        dev.read(0, back);
        assertThat(Arrays.copyOfRange(back, 512, 1536)).isEqualTo(ones);
        assertThat(Arrays.copyOf(back, 512)).isEqualTo(card.bytes().read(0, 512));
        assertThat(card.bytes().read(512, 2)).as("the image is unchanged").isNotEqualTo(new byte[] {0x5a, 0x5a});
        assertThat(card.readBootFile("fip.bin")).isEqualTo(FIP);
        assertThat(sha256(img)).isEqualTo(before);
        assertThat(((CopyOnWriteDevice) dev).blocksWritten()).isEqualTo(2);
    }

    @Test
    void blockAccessMustBeWholeBlocksInside() {
        BlockDevice dev = CardImage.build(CardParts.of(FIP, BOOT_SD)).blockDevice();
        assertThatThrownBy(() -> dev.read(100, new byte[512])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> dev.read(0, new byte[100])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> dev.write(dev.sizeBytes(), new byte[512])).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aPartitionThatTheFileDoesNotCoverIsStillOnTheDevice() {
        // genimage leaves the SDK's unformatted third partition out of the file; the card is bigger
        byte[] built = CardImage.build(CardParts.of(FIP, BOOT_SD)).toByteArray();
        Mbr mbr = new Mbr(0, List.of(new MbrPartition(1, 0x0c, true, 1, 16 * MIB / 512), new MbrPartition(3, 0x00, false, 1 + 16 * MIB / 512, 2048)));
        System.arraycopy(mbr.toSector(), 0, built, 0, 512);
        CardImage card = CardImage.of(new ImageBytes.InMemory("sdcard.img", built));
        BlockDevice dev = card.blockDevice();
        assertThat(dev.sizeBytes()).isEqualTo(512 + 16 * MIB + 2048 * 512);
        byte[] tail = new byte[512];
        Arrays.fill(tail, (byte) 1);
        dev.read(dev.sizeBytes() - 512, tail);
        assertThat(tail).containsOnly(0);
        assertThat(card.readBootFile("fip.bin")).isEqualTo(FIP);
        assertThatThrownBy(() -> card.partitionBytes(3))
                .hasMessage("sdcard.img: partition 3 (type 0x00, bytes 0x1000200..0x1100200) ends past the end of the image (0x1000200 bytes): truncated image?");
    }

    @Test
    void badCardsAreOneLineErrors() throws IOException {
        byte[] good = CardImage.build(CardParts.of(FIP, BOOT_SD)).toByteArray();
        // no MBR
        Path blank = dir.resolve("blank.img");
        Files.write(blank, new byte[4096]);
        assertThatThrownBy(() -> CardImage.open(blank))
                .isInstanceOf(CardImageException.class)
                .hasMessage(blank + ": no MBR signature at byte 0x1fe (found 0x0000, expected 0x55aa)");
        assertThatThrownBy(() -> CardImage.open(dir.resolve("missing.img"))).hasMessage(dir.resolve("missing.img") + ": no such file");
        // truncated
        CardImage cut = CardImage.of(new ImageBytes.InMemory("sdcard.img", Arrays.copyOf(good, (int) (4 * MIB))));
        assertThatThrownBy(() -> cut.readBootFile("fip.bin"))
                .hasMessage("sdcard.img: partition 1 (type 0x0c, bytes 0x200..0x1000200) ends past the end of the image (0x400000 bytes): truncated image?");
        // FAT without the file
        CardImage noBootSd = CardImage.build(new CardParts(FIP, new byte[0], java.util.Optional.empty(), new TreeMap<>(), CardLayout.compact(), CardStamp.FIXED));
        assertThat(noBootSd.readBootFile("boot.sd")).isEmpty();
        CardImage card = CardImage.of(new ImageBytes.InMemory("sdcard.img", good));
        assertThatThrownBy(() -> card.readBootFile("uEnv.txt")).hasMessage("sdcard.img partition 1 (FAT16): no file 'uEnv.txt' (/: it holds fip.bin, boot.sd)");
        // corrupt FAT boot sector
        byte[] corrupt = good.clone();
        corrupt[512 + 13] = 0;
        assertThatThrownBy(() -> CardImage.of(new ImageBytes.InMemory("sdcard.img", corrupt)).readBootFile("fip.bin"))
                .hasMessage("sdcard.img partition 1: FAT boot sector: sectors per cluster 0 at byte 0xd (expected a power of two, 1 to 128)");
        // partition 2 that is not ext4
        byte[] two = good.clone();
        Mbr mbr = new Mbr(0, List.of(new MbrPartition(1, 0x0c, true, 1, 16 * MIB / 512 - 8), new MbrPartition(2, 0x83, false, 16 * MIB / 512 - 7, 8)));
        System.arraycopy(mbr.toSector(), 0, two, 0, 512);
        assertThatThrownBy(() -> CardImage.of(new ImageBytes.InMemory("sdcard.img", two)).readRootfsFile("/lib/firmware/cvirtos.elf"))
                .hasMessage("sdcard.img partition 2: ext4 superblock: no ext2/3/4 magic at byte 0x438 (found 0x0000, expected 0xef53)");
    }

    @Test
    void partsThatCannotMakeACard() {
        assertThatThrownBy(() -> CardImage.build(CardParts.of(new byte[0], BOOT_SD)))
                .hasMessage("card: fip.bin is empty; the boot ROM has nothing to load");
        assertThatThrownBy(() -> CardImage.build(CardParts.of(FIP, BOOT_SD).withLayout(CardLayout.milkvSdkWithSwap())))
                .hasMessage("card: the layout's third partition follows the rootfs partition, and these parts have no rootfs");
        assertThatThrownBy(() -> CardImage.build(CardParts.of(FIP, BOOT_SD).withExtraBootFile("FIP.BIN", new byte[1])))
                .hasMessage("card: FAT path 'FIP.BIN' given twice (FAT names ignore case)");
        assertThatThrownBy(() -> new CardLayout(OptionalLong.of(1000), OptionalLong.empty(), OptionalLong.empty()))
                .hasMessage("card: partition size 1000 is not a positive number of 512-byte sectors");
        assertThat(CardImage.build(CardParts.of(FIP, random((int) (40 * MIB), 3))).partitions().getFirst().sizeBytes())
                .as("the compact boot partition grows with its files").isEqualTo(47 * MIB);
    }

    private static String sha256(Path p) throws IOException, NoSuchAlgorithmException {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p)));
    }
}
