package dev.duoboot.card;

import static dev.duoboot.card.DebianTools.random;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.duoboot.card.FatVolume.FatType;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Our FAT16 writer and our FAT reader, with no tool from outside. */
class FatVolumeTest {

    static final long MIB = 1 << 20;

    static ImageBytes volume(long size, Fat16Writer w) {
        SparseImage.Builder b = new SparseImage.Builder("boot.vfat", size);
        w.writeTo(b, 0);
        return b.build();
    }

    static Fat16Writer writer(long size) {
        return new Fat16Writer(Fat16Writer.Geometry.forSize(size), "boot", 0xd0b007edL, CardStamp.FAT_EPOCH);
    }

    @Test
    void geometryIsWhatMkfsFatChoosesForFat16() {
        // mkfs.fat 4.2 -F 16 -C on files of these sizes (KiB): sectors per cluster, reserved, FAT sectors, heads
        record Row(long kib, int spc, int reserved, int fat, int heads) {}
        for (Row r : List.of(new Row(9216, 4, 4, 20, 2), new Row(12288, 4, 4, 24, 2), new Row(16384, 4, 4, 32, 2),
                new Row(20480, 4, 4, 40, 4), new Row(32768, 4, 4, 64, 4), new Row(65536, 4, 4, 128, 8),
                new Row(131072, 4, 4, 256, 8), new Row(200000, 8, 8, 200, 16), new Row(262144, 8, 8, 256, 16))) {
            Fat16Writer.Geometry g = Fat16Writer.Geometry.forSize(r.kib() * 1024);
            assertThat(List.of(g.sectorsPerCluster(), g.reservedSectors(), g.fatSectors(), g.rootEntries(), g.heads()))
                    .as(r.kib() + " KiB").containsExactly(r.spc(), r.reserved(), r.fat(), 512, r.heads());
        }
        // the SDK's boot.vfat (128M): 65399 clusters of 2 KiB, data from sector 548
        Fat16Writer.Geometry sdk = Fat16Writer.Geometry.forSize(128 * MIB);
        assertThat(sdk.clusters()).isEqualTo(65399);
        assertThat(sdk.dataStartSector()).isEqualTo(548);
    }

    @Test
    void sizesFat16CannotUseAreOneLineErrors() {
        assertThatThrownBy(() -> Fat16Writer.Geometry.forSize(8 * MIB))
                .isInstanceOf(CardImageException.class)
                .hasMessage("card: a FAT16 boot partition of 8388608 bytes holds 4079 clusters, fewer than FAT16's 4085: use at least 9 MiB");
        assertThatThrownBy(() -> Fat16Writer.Geometry.forSize(4096 * MIB))
                .hasMessageContaining("larger than FAT16 allows");
    }

    @Test
    void roundTripsFilesDirectoriesAndLongNames() {
        byte[] fip = random(600_000, 1);
        byte[] bootSd = random(3_000_001, 2);
        byte[] dtbo = random(5000, 3);
        ImageBytes v = volume(16 * MIB, writer(16 * MIB)
                .add("fip.bin", fip)
                .add("boot.sd", bootSd)
                .add("overlays/Milk-V Duo camera.dtbo", dtbo)
                .add("overlays/README", "hello".getBytes(StandardCharsets.US_ASCII))
                .add("empty.txt", new byte[0])
                .add("a/b/c/deep file with a name longer than twenty-six characters.txt", new byte[] {42}));
        FatVolume fat = FatVolume.open(v);
        assertThat(fat.type()).isEqualTo(FatType.FAT16);
        assertThat(fat.label()).isEqualTo("boot");
        assertThat(fat.volumeId()).isEqualTo(0xd0b007edL);
        assertThat(fat.read("fip.bin")).isEqualTo(fip);
        assertThat(fat.read("/boot.sd")).isEqualTo(bootSd);
        assertThat(fat.read("BOOT.SD")).as("FAT names ignore case, as fatload does").isEqualTo(bootSd);
        assertThat(fat.read("overlays/milk-v duo camera.dtbo")).isEqualTo(dtbo);
        assertThat(fat.read("empty.txt")).isEmpty();
        assertThat(fat.read("a/b/c/deep file with a name longer than twenty-six characters.txt")).containsExactly(42);

        assertThat(fat.list("/")).extracting(FatEntry::name).containsExactly("fip.bin", "boot.sd", "overlays", "empty.txt", "a");
        assertThat(fat.list("/")).extracting(FatEntry::shortName).containsExactly("FIP.BIN", "BOOT.SD", "OVERLAYS", "EMPTY.TXT", "A");
        assertThat(fat.list("overlays")).extracting(FatEntry::name, FatEntry::shortName, FatEntry::size)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("Milk-V Duo camera.dtbo", "MILK-V~1.DTB", 5000L),
                        org.assertj.core.groups.Tuple.tuple("README", "README", 5L));
        assertThat(fat.find("overlays").orElseThrow().directory()).isTrue();
        assertThat(fat.find("nothing")).isEmpty();
    }

    @Test
    void filesLieInClustersInTheOrderAdded() {
        byte[] fip = random(5000, 1); // 3 clusters of 2 KiB
        FatVolume fat = FatVolume.open(volume(16 * MIB, writer(16 * MIB).add("fip.bin", fip).add("boot.sd", new byte[] {1})));
        assertThat(fat.find("fip.bin").orElseThrow().firstCluster()).isEqualTo(2);
        assertThat(fat.find("boot.sd").orElseThrow().firstCluster()).isEqualTo(5);
    }

    @Test
    void generatedShortNamesAreUnique() {
        FatVolume fat = FatVolume.open(volume(16 * MIB, writer(16 * MIB)
                .add("LongFileName.txt", new byte[] {1})
                .add("LongFileNameToo.txt", new byte[] {2})
                .add("Mixed.TXT", new byte[] {3})));
        assertThat(fat.list("/")).extracting(FatEntry::name, FatEntry::shortName).containsExactly(
                org.assertj.core.groups.Tuple.tuple("LongFileName.txt", "LONGFI~1.TXT"),
                org.assertj.core.groups.Tuple.tuple("LongFileNameToo.txt", "LONGFI~2.TXT"),
                org.assertj.core.groups.Tuple.tuple("Mixed.TXT", "MIXED~1.TXT"));
        assertThat(fat.read("longfi~2.txt")).containsExactly(2);
    }

    @Test
    void sameInputsSameBytes() {
        byte[] a = ((SparseImage) volume(16 * MIB, writer(16 * MIB).add("fip.bin", random(70_000, 5)).add("x/y.txt", new byte[] {1}))).toByteArray();
        byte[] b = ((SparseImage) volume(16 * MIB, writer(16 * MIB).add("fip.bin", random(70_000, 5)).add("x/y.txt", new byte[] {1}))).toByteArray();
        assertThat(a).isEqualTo(b);
        byte[] c = ((SparseImage) volume(16 * MIB, new Fat16Writer(Fat16Writer.Geometry.forSize(16 * MIB), "boot", 7, CardStamp.FAT_EPOCH)
                .add("fip.bin", random(70_000, 5)).add("x/y.txt", new byte[] {1}))).toByteArray();
        assertThat(c).as("the serial number is in the bytes").isNotEqualTo(a);
    }

    @Test
    void aMissingFileNamesTheVolumeAndWhatIsThere() {
        FatVolume fat = FatVolume.open(volume(16 * MIB, writer(16 * MIB).add("boot.sd", new byte[] {1})));
        assertThatThrownBy(() -> fat.read("fip.bin"))
                .isInstanceOf(CardImageException.class)
                .hasMessage("boot.vfat (FAT16): no file 'fip.bin' (/: it holds boot.sd)");
        assertThatThrownBy(() -> fat.read("overlays/x.dtbo"))
                .hasMessage("boot.vfat (FAT16): no file 'overlays/x.dtbo' (/overlays: no such directory)");
    }

    @Test
    void corruptBootSectorsAreOneLineErrors() {
        byte[] good = ((SparseImage) volume(16 * MIB, writer(16 * MIB).add("fip.bin", new byte[] {1}))).toByteArray();
        assertThat(bootSectorError(good, 11, 0)).isEqualTo("boot.vfat: FAT boot sector: bytes per sector 0 at byte 0xb (expected 512, 1024, 2048 or 4096)");
        assertThat(bootSectorError(good, 13, 3)).isEqualTo("boot.vfat: FAT boot sector: sectors per cluster 3 at byte 0xd (expected a power of two, 1 to 128)");
        assertThat(bootSectorError(good, 0, 0)).isEqualTo("boot.vfat: FAT boot sector: jump instruction 0x00 at byte 0x0 (expected 0xeb or 0xe9): no FAT boot sector");
        assertThat(bootSectorError(good, 16, 0)).isEqualTo("boot.vfat: FAT boot sector: number of FATs 0 at byte 0x10 (expected 1 or more)");
        byte[] cut = java.util.Arrays.copyOf(good, (int) (8 * MIB));
        assertThatThrownBy(() -> FatVolume.open(new ImageBytes.InMemory("boot.vfat", cut)))
                .hasMessage("boot.vfat: the FAT volume claims 16777216 bytes (32768 sectors at byte 0x13/0x20) but only 8388608 are there (truncated image?)");
    }

    private static String bootSectorError(byte[] good, int at, int value) {
        byte[] bad = good.clone();
        bad[at] = (byte) value;
        if (at == 11) {
            bad[12] = 0;
        }
        try {
            FatVolume.open(new ImageBytes.InMemory("boot.vfat", bad));
            return "no error";
        } catch (CardImageException e) {
            return e.getMessage();
        }
    }

    @Test
    void brokenChainsAreCaught() {
        Fat16Writer.Geometry g = Fat16Writer.Geometry.forSize(16 * MIB);
        byte[] img = ((SparseImage) volume(16 * MIB, writer(16 * MIB).add("fip.bin", random(5000, 1)))).toByteArray();
        int fat1 = g.reservedSectors() * 512;
        byte[] loop = img.clone();
        loop[fat1 + 4 * 2] = 2; // cluster 4 -> 2: a loop
        loop[fat1 + 4 * 2 + 1] = 0;
        FatVolume looped = FatVolume.open(new ImageBytes.InMemory("boot.vfat", loop));
        // make the file claim more than its chain: 3 clusters end at 0xffff after cluster 3
        byte[] shortChain = img.clone();
        shortChain[fat1 + 3 * 2] = (byte) 0xff;
        shortChain[fat1 + 3 * 2 + 1] = (byte) 0xff;
        assertThatThrownBy(() -> FatVolume.open(new ImageBytes.InMemory("boot.vfat", shortChain)).read("fip.bin"))
                .hasMessage("boot.vfat (FAT16): 'fip.bin': its cluster chain ends after 2 clusters but its size 5000 needs 3 (corrupt FAT)");
        byte[] free = img.clone();
        free[fat1 + 2 * 2] = 0;
        free[fat1 + 2 * 2 + 1] = 0;
        assertThatThrownBy(() -> FatVolume.open(new ImageBytes.InMemory("boot.vfat", free)).read("fip.bin"))
                .hasMessage("boot.vfat (FAT16): 'fip.bin': cluster 0 in its chain is outside 2..8168 (corrupt FAT)");
        assertThat(looped.read("fip.bin")).as("a file stops at its size even when the FAT loops after it").hasSize(5000);
    }

    @Test
    void aDirectoryLoopIsCaught() {
        Fat16Writer.Geometry g = Fat16Writer.Geometry.forSize(16 * MIB);
        byte[] img = ((SparseImage) volume(16 * MIB, writer(16 * MIB).add("d/x", new byte[] {1}))).toByteArray();
        int fat1 = g.reservedSectors() * 512;
        img[fat1 + 2 * 2] = 2; // directory d's cluster 2 points to itself
        img[fat1 + 2 * 2 + 1] = 0;
        FatVolume fat = FatVolume.open(new ImageBytes.InMemory("boot.vfat", img));
        assertThatThrownBy(() -> fat.list("d")).hasMessage("boot.vfat (FAT16): 'd': its cluster chain loops (corrupt FAT)");
    }

    @Test
    void tooManyFilesForTheVolumeOrTheRootDirectory() {
        assertThatThrownBy(() -> volume(16 * MIB, writer(16 * MIB).add("fip.bin", new byte[(int) (17 * MIB)])))
                .hasMessage("card: the FAT16 boot partition (16777216 bytes, 8167 clusters of 2048 bytes) is too small for its files; 'fip.bin' does not fit");
        Fat16Writer many = writer(16 * MIB);
        for (int i = 0; i < 512; i++) {
            many.add("F" + i, new byte[0]);
        }
        assertThatThrownBy(() -> volume(16 * MIB, many)).hasMessage("card: the FAT root directory holds 512 entries, these files need 513");
    }

    @Test
    void badNamesAndDuplicates() {
        assertThatThrownBy(() -> writer(16 * MIB).add("a:b", new byte[0]))
                .hasMessage("card: FAT path 'a:b': character 0x3a may not appear in a FAT file name");
        assertThatThrownBy(() -> writer(16 * MIB).add("fip.bin", new byte[0]).add("FIP.BIN", new byte[0]))
                .hasMessage("card: FAT path 'FIP.BIN' given twice (FAT names ignore case)");
        assertThatThrownBy(() -> writer(16 * MIB).add("x", new byte[0]).add("x/y", new byte[0]))
                .hasMessage("card: FAT path 'x/y': 'x' is a file, not a directory");
    }
}
