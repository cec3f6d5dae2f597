package dev.duoboot.card;

import static dev.duoboot.card.DebianTools.random;
import static dev.duoboot.card.DebianTools.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.duoboot.card.FatVolume.FatType;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Our FAT reader on volumes Debian's dosfstools and mtools made, and our writer's volumes read by
 * them. Skipped where those tools are not installed (scripts/setup installs them).
 */
class FatToolsTest {

    static final long MIB = 1 << 20;

    @TempDir
    Path dir;

    @BeforeEach
    void tools() {
        assumeTrue(DebianTools.have("mkfs.fat", "mcopy", "mmd", "fsck.fat"),
                "dosfstools and mtools are not installed (apt-get install dosfstools mtools): FAT images made by other tools not checked");
    }

    private Path mkfs(String name, long kib, String... options) {
        List<String> args = new java.util.ArrayList<>(List.of("-C", "-i", "12345678", "-n", "BOOT"));
        args.addAll(List.of(options));
        args.add(name);
        args.add(Long.toString(kib));
        run(dir, "mkfs.fat", args.toArray(String[]::new));
        return dir.resolve(name);
    }

    @Test
    void readsFat12Fat16AndFat32FromMkfsFatAndMcopy() throws IOException {
        byte[] fip = random(123_457, 1);
        Files.write(dir.resolve("fip.bin"), fip);
        Files.write(dir.resolve("Long File Name.Text"), random(4000, 2));
        Files.writeString(dir.resolve("UPPER.TXT"), "upper");
        for (Object[] c : new Object[][] {{"fat12.img", 4096L, new String[0], FatType.FAT12},
                {"fat16.img", 16384L, new String[0], FatType.FAT16},
                {"fat32.img", 65536L, new String[] {"-F", "32"}, FatType.FAT32}}) {
            Path img = mkfs((String) c[0], (Long) c[1], (String[]) c[2]);
            String i = "-i";
            run(dir, "mcopy", i, img.toString(), "fip.bin", "Long File Name.Text", "UPPER.TXT", "::");
            run(dir, "mmd", i, img.toString(), "::overlays", "::overlays/deeper");
            run(dir, "mcopy", i, img.toString(), "fip.bin", "::overlays/deeper/copy of fip.bin");
            FatVolume fat = FatVolume.open(ImageBytes.MappedFile.open(img));
            assertThat(fat.type()).as(img.toString()).isEqualTo(c[3]);
            assertThat(fat.label()).isEqualTo("BOOT");
            assertThat(fat.volumeId()).isEqualTo(0x12345678L);
            assertThat(fat.list("/")).extracting(FatEntry::name)
                    .containsExactly("fip.bin", "Long File Name.Text", "UPPER.TXT", "overlays");
            assertThat(fat.read("fip.bin")).isEqualTo(fip);
            assertThat(fat.read("long file name.text")).isEqualTo(Files.readAllBytes(dir.resolve("Long File Name.Text")));
            assertThat(fat.read("overlays/deeper/copy of fip.bin")).isEqualTo(fip);
            assertThat(fat.list("overlays")).extracting(FatEntry::name).containsExactly("deeper");
        }
    }

    @Test
    void ourGeometryIsMkfsFats() throws IOException {
        for (long kib : new long[] {9216, 16384, 20480, 65536, 131072, 262144}) {
            Path img = mkfs("g" + kib + ".img", kib, "-F", "16");
            ByteBuffer theirs = ByteBuffer.wrap(Files.readAllBytes(img), 0, 512).order(ByteOrder.LITTLE_ENDIAN);
            SparseImage.Builder b = new SparseImage.Builder("ours", kib * 1024);
            new Fat16Writer(Fat16Writer.Geometry.forSize(kib * 1024), "BOOT", 0x12345678, CardStamp.FAT_EPOCH).writeTo(b, 0);
            ByteBuffer ours = ByteBuffer.wrap(b.build().read(0, 512)).order(ByteOrder.LITTLE_ENDIAN);
            // the BIOS parameter block and extended boot record, bytes 11..61 (not the OEM name or boot code)
            assertThat(Arrays.copyOfRange(ours.array(), 11, 62)).as(kib + " KiB")
                    .isEqualTo(Arrays.copyOfRange(theirs.array(), 11, 62));
            Files.delete(img);
        }
    }

    @Test
    void fsckFatAndMtoolsAcceptOurVolume() throws IOException {
        byte[] fip = random(700_001, 3);
        byte[] bootSd = random(2_500_000, 4);
        SparseImage.Builder b = new SparseImage.Builder("ours", 16 * MIB);
        new Fat16Writer(Fat16Writer.Geometry.forSize(16 * MIB), "boot", 0xd0b007edL, CardStamp.FAT_EPOCH)
                .add("fip.bin", fip).add("boot.sd", bootSd).add("overlays/Camera Module.dtbo", random(3000, 5)).writeTo(b, 0);
        Path img = dir.resolve("ours.vfat");
        b.build().writeTo(img);
        String fsck = run(dir, "fsck.fat", "-n", "-v", img.toString());
        assertThat(fsck).contains("16 bit entries").contains("5 files, 1566/8167 clusters").doesNotContainIgnoringCase("error").doesNotContain("Free cluster summary wrong");
        run(dir, "mcopy", "-i", img.toString(), "::fip.bin", "::boot.sd", "::overlays/Camera Module.dtbo", dir.toString() + "/");
        assertThat(Files.readAllBytes(dir.resolve("fip.bin"))).isEqualTo(fip);
        assertThat(Files.readAllBytes(dir.resolve("boot.sd"))).isEqualTo(bootSd);
        assertThat(dir.resolve("Camera Module.dtbo")).exists();
        assertThat(run(dir, "mdir", "-i", img.toString(), "::")).contains("fip      bin").contains("boot     sd");
    }
}
