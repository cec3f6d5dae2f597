package dev.duoboot.firmware;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The U-Boot stand-in's config block as FixtureImages writes it (firmware-fixtures/src/uboot/uboot_config.h). */
class FixtureImagesTest {

    static FixtureImages.UbootConfig config(boolean copyResvMem, boolean bootFromCard) {
        return new FixtureImages.UbootConfig(0x81400000L, 0x3f40000L, 0x3000, 0x04140000L, copyResvMem, bootFromCard,
                "config-cv1800b_milkv_duo_sd", "console=ttyS0,115200");
    }

    @Test
    void everyFieldLandsWhereTheStructHasIt() {
        byte[] img = FixtureImages.uboot(config(true, true));
        ByteBuffer b = ByteBuffer.wrap(img).order(ByteOrder.LITTLE_ENDIAN);
        int at = b.getInt(0x28);
        assertThat(new String(img, at, 8, StandardCharsets.US_ASCII)).isEqualTo("DBUBCFG1");
        assertThat(b.getLong(at + 8)).isEqualTo(0x81400000L);
        assertThat(b.getLong(at + 16)).isEqualTo(0x3f40000L);
        assertThat(b.getLong(at + 24)).isEqualTo(0x3000L);
        assertThat(b.getLong(at + 32)).isEqualTo(0x04140000L);
        assertThat(b.getInt(at + 40)).isEqualTo(1); // copy_resv_mem
        assertThat(b.getInt(at + 44)).isEqualTo(1); // boot_from_card
        assertThat(new String(img, at + 48, 28, StandardCharsets.US_ASCII)).isEqualTo("config-cv1800b_milkv_duo_sd\0");
        assertThat(new String(img, at + 112, 21, StandardCharsets.US_ASCII)).isEqualTo("console=ttyS0,115200\0");
    }

    @Test
    void bootFromCardIsOneWordAndNothingElse() {
        byte[] off = FixtureImages.uboot(config(false, false));
        byte[] on = FixtureImages.uboot(config(false, true));
        int at = ByteBuffer.wrap(off).order(ByteOrder.LITTLE_ENDIAN).getInt(0x28) + 44;
        assertThat(ByteBuffer.wrap(off).order(ByteOrder.LITTLE_ENDIAN).getInt(at)).isZero();
        assertThat(ByteBuffer.wrap(on).order(ByteOrder.LITTLE_ENDIAN).getInt(at)).isEqualTo(1);
        on[at] = 0;
        assertThat(Arrays.equals(off, on)).isTrue();
    }
}
