package dev.duoboot.firmware;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.duoboot.fdt.DeviceTree;
import dev.duoboot.fdt.Dtb;
import dev.duoboot.fdt.Node;
import dev.duoboot.fdt.Property;
import dev.duoboot.firmware.BootImages;
import dev.duoboot.firmware.Chain;
import dev.duoboot.firmware.LittleCoreImage;
import dev.duoboot.platform.Platforms;
import dev.duoboot.sdk.FipImage;
import dev.duoboot.sdk.FitImage;
import dev.duoboot.sdk.FsblConfig;
import dev.duoboot.sdk.MemmapPreset;
import dev.duoboot.sdk.MemoryMap;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BootImagesTest {

    static byte[] tinyDtb(String model) {
        DeviceTree t = new DeviceTree();
        t.root().setProperty(new Property("model", (model + "\0").getBytes()));
        t.root().addChild(new Node("chosen"));
        return Dtb.write(t);
    }

    @Test
    void fixtureChainFipHasValidChecksumsAndTheLayoutsValuesPatchedIn() {
        MemoryMap map = MemmapPreset.DUO256M_V2.memoryMap();
        byte[] little = LittleCoreImage.linkedAt("duo256m", LittleCoreImage.Variant.CVIRTOS, map.get("FREERTOS_ADDR"))
                .rawBinary();
        BootImages images = BootImages.build(Platforms.require("duo256m", "test"), map, Chain.FIXTURES, tinyDtb("kernel"),
                tinyDtb("uboot"), Optional.of(little), "console=ttyS0,115200");
        FipImage fip = FipImage.parse("fip.bin", images.fip());
        assertThat(fip.checks()).allSatisfy(c -> assertThat(c.valid()).as(c.what()).isTrue());
        assertThat(fip.param2("BLCP_2ND_RUNADDR")).isEqualTo(0x8fe00000L);
        assertThat(fip.param2("MONITOR_RUNADDR")).isEqualTo(0x80000000L);
        assertThat(fip.loader2nd().orElseThrow().runaddr()).isEqualTo(0x80200000L);
        assertThat(images.ubootEntry()).isEqualTo(0x80200020L);
        byte[] bl2 = fip.bodyBytes(fip.body("BL2").orElseThrow());
        assertThat(FsblConfig.readFrom(bl2).orElseThrow().opensbiFdtAddr()).isEqualTo(0x80080000L);
        byte[] monitor = fip.bodyBytes(fip.body("MONITOR").orElseThrow());
        assertThat(indexOf(monitor, tinyDtb("uboot"))).isPositive();
        assertThat(images.prePlacedFdt()).isEmpty();

        FitImage fit = FitImage.parse("boot.sd", images.bootSd());
        assertThat(fit.checks()).allSatisfy(c -> assertThat(c.valid()).isTrue());
        assertThat(fit.configuration("config-sg2002_milkv_duo256m_musl_riscv64_sd").fdt())
                .contains("fdt-sg2002_milkv_duo256m_musl_riscv64_sd");
    }

    @Test
    void realChainWrapsDebiansUbootSoItsFirstByteLandsAtTheTextBase() throws Exception {
        assumeTrue(Files.exists(BootImages.DEBIAN_OPENSBI) && Files.exists(BootImages.DEBIAN_UBOOT),
                "Debian's opensbi and u-boot-qemu are not installed");
        MemoryMap map = MemmapPreset.DUO256M_V2.memoryMap();
        BootImages images = BootImages.build(Platforms.require("duo256m", "test"), map, Chain.REAL, tinyDtb("kernel"), tinyDtb("uboot"),
                Optional.empty(), "console=ttyS0,115200");
        FipImage fip = FipImage.parse("fip.bin", images.fip());
        assertThat(fip.checks()).allSatisfy(c -> assertThat(c.valid()).as(c.what()).isTrue());
        assertThat(fip.loader2nd().orElseThrow().entry()).isEqualTo(0x80200000L);
        assertThat(fip.param2("BLCP_2ND_RUNADDR")).isZero();
        assertThat(images.prePlacedFdt()).contains(tinyDtb("uboot"));
        byte[] monitor = fip.bodyBytes(fip.body("MONITOR").orElseThrow());
        byte[] debian = Files.readAllBytes(BootImages.DEBIAN_OPENSBI);
        assertThat(Arrays.copyOf(monitor, debian.length)).isEqualTo(debian);
    }

    static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
