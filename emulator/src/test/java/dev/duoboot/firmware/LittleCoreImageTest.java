package dev.duoboot.firmware;

import static org.assertj.core.api.Assertions.assertThat;

import dev.duoboot.firmware.LittleCoreImage;
import dev.duoboot.sdk.ElfFile;
import dev.duoboot.sdk.ProgramHeader;
import dev.duoboot.sdk.ResourceTable;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

class LittleCoreImageTest {

    static byte[] fixture(String path) throws Exception {
        try (InputStream in = LittleCoreImageTest.class.getResourceAsStream("/dev/duoboot/fixtures/littlecore/" + path)) {
            return in.readAllBytes();
        }
    }

    @Test
    void atItsOwnAddressTheFixtureIsUnchangedAndItsRawImageIsTheCommittedBin() throws Exception {
        LittleCoreImage img = LittleCoreImage.linkedAt("duo256m", LittleCoreImage.Variant.CVIRTOS, 0x8fe00000L);
        assertThat(img.elf()).isEqualTo(fixture("duo256m/cvirtos.elf"));
        assertThat(img.rawBinary()).isEqualTo(fixture("duo256m/cvirtos.bin"));
    }

    @Test
    void linkingAtAnotherAddressMovesEveryRecordedAddressButNoCodeByte() throws Exception {
        LittleCoreImage moved = LittleCoreImage.linkedAt("duo256m", LittleCoreImage.Variant.ARDUINO, 0x88000000L);
        ElfFile f = ElfFile.parse("moved", moved.elf());
        assertThat(f.entry()).isEqualTo(0x88000000L);
        assertThat(f.programHeaders()).filteredOn(ProgramHeader::isLoad)
                .allSatisfy(ph -> assertThat(ph.paddr()).isBetween(0x88000000L, 0x88200000L));
        assertThat(f.section(".text").orElseThrow().addr()).isEqualTo(0x88000000L);
        ResourceTable.Found table = (ResourceTable.Found) ResourceTable.find(f);
        ResourceTable.Carveout text = (ResourceTable.Carveout) table.table().entries().get(0).resource();
        assertThat(text.da()).isEqualTo(0x88000000L);
        assertThat(text.pa()).isEqualTo(0x88000000L);
        assertThat(text.len()).isEqualTo(0x200000L);
        // same instructions at both addresses: the image is position independent
        byte[] original = LittleCoreImage.linkedAt("duo256m", LittleCoreImage.Variant.ARDUINO, 0x8fe00000L).rawBinary();
        byte[] rebased = moved.rawBinary();
        int textEnd = (int) f.section(".rodata").orElseThrow().size() + (int) f.section(".text").orElseThrow().size();
        assertThat(java.util.Arrays.copyOf(rebased, textEnd)).isEqualTo(java.util.Arrays.copyOf(original, textEnd));
    }
}
