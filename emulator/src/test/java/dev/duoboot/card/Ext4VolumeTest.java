package dev.duoboot.card;

import static dev.duoboot.card.DebianTools.random;
import static dev.duoboot.card.DebianTools.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ext4 made by Debian's mke2fs (through {@link Mke2fs}, and directly for the block-map layouts),
 * read back by our reader. Skipped where e2fsprogs is not installed.
 */
class Ext4VolumeTest {

    static final long MIB = 1 << 20;
    static final UUID UUID_A = UUID.fromString("01234567-89ab-cdef-0123-456789abcdef");

    @TempDir
    Path dir;

    @BeforeEach
    void tools() {
        assumeTrue(Mke2fs.find().isPresent(),
                "e2fsprogs is not installed (apt-get install e2fsprogs): ext4 rootfs building and reading not checked");
    }

    private static SparseImage build(RootfsContent content, long size) {
        return Mke2fs.find().orElseThrow().build(content, size, "rootfs", UUID_A, CardStamp.FAT_EPOCH);
    }

    @Test
    void filesGoInAndComeBackOut() {
        byte[] elf = random(300_000, 1);
        byte[] big = random(3_000_000, 2);
        TreeMap<String, byte[]> files = new TreeMap<>();
        files.put("/lib/firmware/cvirtos.elf", elf);
        files.put("/usr/lib/libbig.so", big);
        files.put("/etc/hostname", "milkv-duo\n".getBytes(StandardCharsets.US_ASCII));
        files.put("/empty", new byte[0]);
        Ext4Volume v = Ext4Volume.open(build(new RootfsContent.Files(files), 16 * MIB));
        assertThat(v.label()).isEqualTo("rootfs");
        assertThat(v.uuid()).isEqualTo(UUID_A);
        assertThat(v.read("/lib/firmware/cvirtos.elf")).isEqualTo(elf);
        assertThat(v.read("usr/lib/libbig.so")).isEqualTo(big);
        assertThat(v.read("/etc/hostname")).asString(StandardCharsets.US_ASCII).isEqualTo("milkv-duo\n");
        assertThat(v.read("/empty")).isEmpty();
        assertThat(v.list("/")).extracting(Ext4Entry::name).containsExactlyInAnyOrder("lost+found", "lib", "usr", "etc", "empty");
        Ext4Entry fw = v.find("/lib/firmware/cvirtos.elf").orElseThrow();
        assertThat(fw.kind()).isEqualTo(Ext4Entry.Kind.FILE);
        assertThat(fw.size()).isEqualTo(300_000);
        assertThat(fw.mode()).isEqualTo(0644);
        assertThat(List.of(fw.uid(), fw.gid())).containsExactly(0, 0);
        assertThat(v.find("/lib").orElseThrow().kind()).isEqualTo(Ext4Entry.Kind.DIRECTORY);
        assertThat(v.find("/lib/nothing")).isEmpty();
    }

    @Test
    void aDirectoryWithSymlinksAndModes() throws IOException {
        Path root = dir.resolve("root");
        Files.createDirectories(root.resolve("lib/firmware"));
        Files.createDirectories(root.resolve("usr/bin"));
        Files.write(root.resolve("lib/firmware/cvirtos.elf"), random(9000, 3));
        Files.write(root.resolve("usr/bin/tool"), random(100, 4));
        Files.setPosixFilePermissions(root.resolve("usr/bin/tool"), PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.createSymbolicLink(root.resolve("firmware"), Path.of("lib/firmware"));
        String longTarget = "/usr/bin/" + "x".repeat(80);
        Files.createSymbolicLink(root.resolve("long-link"), Path.of(longTarget));
        Files.createSymbolicLink(root.resolve("bin"), Path.of("/usr/bin"));
        Ext4Volume v = Ext4Volume.open(build(new RootfsContent.Directory(root), 16 * MIB));
        assertThat(v.read("/firmware/cvirtos.elf")).as("through a relative link").isEqualTo(Files.readAllBytes(root.resolve("lib/firmware/cvirtos.elf")));
        assertThat(v.read("/bin/tool")).as("through an absolute link").isEqualTo(Files.readAllBytes(root.resolve("usr/bin/tool")));
        assertThat(v.readLink("/firmware")).isEqualTo("lib/firmware");
        assertThat(v.readLink("/long-link")).as("a slow symlink, in a block").isEqualTo(longTarget);
        assertThat(v.find("/bin").orElseThrow().kind()).isEqualTo(Ext4Entry.Kind.SYMLINK);
        assertThat(v.find("/usr/bin/tool").orElseThrow().mode()).isEqualTo(0755);
        assertThatThrownBy(() -> v.read("/long-link"))
                .hasMessage("rootfs.ext4: no file '/long-link' (a symbolic link to '" + longTarget + "', which leads nowhere)");
        assertThatThrownBy(() -> v.read("/usr")).hasMessage("rootfs.ext4: '/usr' is a directory, not a regular file");
    }

    @Test
    void twoBuildsGiveTheSameBytesEvenWhenTheSourceWasTouched() throws IOException, InterruptedException {
        Path root = dir.resolve("root");
        Files.createDirectories(root.resolve("lib/firmware"));
        Path fw = root.resolve("lib/firmware/cvirtos.elf");
        Files.write(fw, random(20_000, 5));
        Files.setLastModifiedTime(fw, FileTime.fromMillis(1_234_567_891_234L)); // with nanoseconds' worth
        byte[] first = build(new RootfsContent.Directory(root), 8 * MIB).toByteArray();
        // a new ctime and mtime on every file: mke2fs copies them, the debugfs pass must undo it
        Thread.sleep(1100);
        Files.setPosixFilePermissions(fw, PosixFilePermissions.fromString("rw-------"));
        Files.setPosixFilePermissions(fw, PosixFilePermissions.fromString("rw-r--r--"));
        Files.setLastModifiedTime(fw, FileTime.fromMillis(System.currentTimeMillis()));
        byte[] second = build(new RootfsContent.Directory(root), 8 * MIB).toByteArray();
        assertThat(second).isEqualTo(first);
        Ext4Volume v = Ext4Volume.open(new ImageBytes.InMemory("rootfs.ext4", first));
        assertThat(v.inodesInTree()).hasSizeGreaterThanOrEqualTo(5).startsWith(2L);
    }

    @Test
    void blockMappedFilesAsTheSdksGenext2fsRootfsHasThem() throws IOException {
        // no extents: direct, single and double indirect blocks (1 KiB blocks: 12 + 256 + more)
        Path root = dir.resolve("root");
        Files.createDirectories(root.resolve("lib/firmware"));
        byte[] small = random(5000, 6);
        byte[] large = random(1_500_000, 7);
        Files.write(root.resolve("lib/firmware/cvirtos.elf"), small);
        Files.write(root.resolve("large.bin"), large);
        Path img = dir.resolve("ext2.img");
        run(dir, Map.of("E2FSPROGS_FAKE_TIME", "315532800"), "mke2fs", "-q", "-F", "-t", "ext2", "-b", "1024", "-d", root.toString(),
                img.toString(), "8M");
        Ext4Volume v = Ext4Volume.open(ImageBytes.MappedFile.open(img));
        assertThat(v.read("/lib/firmware/cvirtos.elf")).isEqualTo(small);
        assertThat(v.read("/large.bin")).isEqualTo(large);
        run(dir, "tune2fs", "-O", "extents,uninit_bg,dir_index,has_journal", img.toString()); // genimage's tune2fs step
        Ext4Volume tuned = Ext4Volume.open(ImageBytes.MappedFile.open(img));
        assertThat(tuned.read("/large.bin")).isEqualTo(large);
    }

    @Test
    void aSparseFileReadsZerosInItsHoles() throws IOException {
        Path root = dir.resolve("root");
        Files.createDirectories(root);
        try (var f = new java.io.RandomAccessFile(root.resolve("sparse").toFile(), "rw")) {
            f.seek(3 * MIB);
            f.write(new byte[] {7, 8, 9});
        }
        Ext4Volume v = Ext4Volume.open(build(new RootfsContent.Directory(root), 16 * MIB));
        byte[] s = v.read("/sparse");
        assertThat(s).hasSize((int) (3 * MIB + 3));
        assertThat(s[(int) (3 * MIB)]).isEqualTo((byte) 7);
        assertThat(s[12345]).isZero();
    }

    @Test
    void badVolumesAreOneLineErrors() {
        byte[] img = build(new RootfsContent.Files(new TreeMap<>(Map.of("/a", new byte[] {1}))), 8 * MIB).toByteArray();
        byte[] noMagic = img.clone();
        noMagic[0x438] = 0;
        assertThatThrownBy(() -> Ext4Volume.open(new ImageBytes.InMemory("p2", noMagic)))
                .isInstanceOf(CardImageException.class)
                .hasMessage("p2: ext4 superblock: no ext2/3/4 magic at byte 0x438 (found 0xef00, expected 0xef53)");
        byte[] metaBg = img.clone();
        metaBg[0x460] |= 0x10;
        assertThatThrownBy(() -> Ext4Volume.open(new ImageBytes.InMemory("p2", metaBg)))
                .hasMessage("p2: ext4 superblock: incompatible features 0x10 at byte 0x460 that this reader does not know (meta_bg)");
        byte[] cut = java.util.Arrays.copyOf(img, (int) (4 * MIB));
        assertThatThrownBy(() -> Ext4Volume.open(new ImageBytes.InMemory("p2", cut)))
                .hasMessage("p2: the ext4 volume claims 8388608 bytes (8192 blocks of 1024) but only 4194304 are there (truncated image?)");
        Ext4Volume v = Ext4Volume.open(new ImageBytes.InMemory("p2", img));
        assertThatThrownBy(() -> v.read("/lib/firmware/cvirtos.elf")).hasMessage("p2: no file '/lib/firmware/cvirtos.elf' (no directory /lib/firmware)");
        assertThatThrownBy(() -> v.read("/b")).hasMessage("p2: no file '/b' (/: it holds lost+found, a)");
    }

    @Test
    void tooSmallForTheFilesIsMke2fssMessage() {
        TreeMap<String, byte[]> files = new TreeMap<>(Map.of("/big", new byte[(int) (6 * MIB)]));
        files.put("/big", random((int) (6 * MIB), 9));
        assertThatThrownBy(() -> build(new RootfsContent.Files(files), 4 * MIB))
                .isInstanceOf(CardImageException.class)
                .hasMessageStartingWith("card: mke2fs failed (exit 1) building the rootfs partition: ");
    }
}
