package dev.duoboot.card;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class MbrTest {

    /**
     * The 16-byte entries the SDK's genimage v14 (sophgo/build tools/common/sd_tools/genimage) wrote
     * for device/milkv-duo-lite/genimage.cfg (boot.vfat 128M, rootfs.ext4 768M, "empty" 256M), run
     * on 2026-12-07; bytes 440-445 were zero and 510-511 0x55 0xaa.
     */
    static final String GENIMAGE_ENTRIES = "800002000c5102100100000000000400"
            + "00510310833908720100040000001800"
            + "0039097200db0a9201001c0000000800"
            + "00000000000000000000000000000000";

    static final long MIB = 1 << 20;

    @Test
    void writesTheTableGenimageWritesForTheSdkLayout() {
        Mbr mbr = new Mbr(0, List.of(
                new MbrPartition(1, 0x0c, true, 1, 128 * MIB / 512),
                new MbrPartition(2, 0x83, false, 1 + 128 * MIB / 512, 768 * MIB / 512),
                new MbrPartition(3, 0x00, false, 1 + 896 * MIB / 512, 256 * MIB / 512)));
        byte[] s = mbr.toSector();
        assertThat(HexFormat.of().formatHex(s, 446, 510)).isEqualTo(GENIMAGE_ENTRIES);
        assertThat(HexFormat.of().formatHex(s, 0, 446)).matches("0+");
        assertThat(s[510] & 0xff).isEqualTo(0x55);
        assertThat(s[511] & 0xff).isEqualTo(0xaa);
    }

    @Test
    void readsBackWhatItWrites() {
        Mbr mbr = new Mbr(0x12345678L, List.of(new MbrPartition(1, 0x0c, true, 1, 32768), new MbrPartition(2, 0x83, false, 32769, 16384)));
        Mbr back = Mbr.read(new ImageBytes.InMemory("t.img", mbr.toSector()));
        assertThat(back).isEqualTo(mbr);
        assertThat(back.partition(2).orElseThrow().startByte()).isEqualTo(32769L * 512);
        assertThat(back.partition(2).orElseThrow().kind()).isEqualTo(MbrPartition.Kind.LINUX);
        assertThat(back.partition(3)).isEmpty();
    }

    @Test
    void aTypeZeroEntryWithSectorsIsAPartitionAsLinuxSeesIt() {
        Mbr mbr = new Mbr(0, List.of(new MbrPartition(1, 0x0c, true, 1, 100), new MbrPartition(3, 0x00, false, 101, 50)));
        Mbr back = Mbr.read(new ImageBytes.InMemory("t.img", mbr.toSector()));
        assertThat(back.partitions()).extracting(MbrPartition::number).containsExactly(1, 3);
        assertThat(back.partition(3).orElseThrow().kind()).isEqualTo(MbrPartition.Kind.UNTYPED);
    }

    @Test
    void noSignatureIsOneLineNamingTheImageAndTheByte() {
        assertThatThrownBy(() -> Mbr.read(new ImageBytes.InMemory("sdcard.img", new byte[4096])))
                .isInstanceOf(CardImageException.class)
                .hasMessage("sdcard.img: no MBR signature at byte 0x1fe (found 0x0000, expected 0x55aa)");
    }

    @Test
    void tooShort() {
        assertThatThrownBy(() -> Mbr.read(new ImageBytes.InMemory("sdcard.img", new byte[100])))
                .hasMessage("sdcard.img: 100 bytes, too short for an MBR (512 bytes at byte 0x0)");
    }

    @Test
    void aFatVolumeWithoutPartitionTableIsRecognised() {
        SparseImage.Builder b = new SparseImage.Builder("boot.vfat", 16 * MIB);
        new Fat16Writer(Fat16Writer.Geometry.forSize(16 * MIB), "boot", 1, CardStamp.FAT_EPOCH).add("fip.bin", new byte[] {1}).writeTo(b, 0);
        byte[] vfat = b.build().toByteArray();
        vfat[446] = 0x12; // boot code bytes where the table would be
        assertThatThrownBy(() -> Mbr.read(new ImageBytes.InMemory("boot.vfat", vfat)))
                .hasMessage("boot.vfat: MBR partition 1 at byte 0x1be: boot flag 0x12 (expected 0x00 or 0x80);"
                        + " byte 0x0 is a FAT boot sector: a partition image, not a whole card?");
    }

    @Test
    void gptAndOverlapsAreRefused() {
        byte[] gpt = new Mbr(0, List.of(new MbrPartition(1, 0xee, false, 1, 1000))).toSector();
        assertThatThrownBy(() -> Mbr.read(new ImageBytes.InMemory("gpt.img", gpt)))
                .hasMessage("gpt.img: MBR partition 1 at byte 0x1be has type 0xee: a GPT disk, but the SDK's cards use an MBR partition table");
        byte[] overlap = new Mbr(0, List.of(new MbrPartition(1, 0x0c, true, 1, 1000), new MbrPartition(2, 0x83, false, 500, 1000))).toSector();
        assertThatThrownBy(() -> Mbr.read(new ImageBytes.InMemory("o.img", overlap)))
                .hasMessage("o.img: MBR partition 1 (type 0x0c, bytes 0x200..0x7d200) overlaps partition 2 (type 0x83, bytes 0x3e800..0xbb800)");
    }
}
