package dev.duoboot.firmware;

import dev.duoboot.DuobootException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The project's prebuilt boot stages (firmware-fixtures), read from the classpath and given the
 * values the SDK would have compiled into them. The layouts are the fixtures' own headers (see
 * firmware-fixtures/src/monitor/ and uboot/).
 */
public final class FixtureImages {

    private FixtureImages() {}

    public static byte[] resource(String path) {
        String name = "/dev/duoboot/fixtures/" + path;
        try (InputStream in = FixtureImages.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing fixture " + name + " (the firmware-fixtures jar is incomplete)");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read fixture " + name, e);
        }
    }

    /** FSBL for a chip family ("cv180x" or "cv181x"), unpatched. */
    public static byte[] fsbl(String chipFamily) {
        return resource("fsbl/" + chipFamily + "/fsbl.bin");
    }

    public static byte[] kernelImage() {
        return resource("kernel/Image");
    }

    /**
     * The monitor (OpenSBI stand-in) with {@code dtb} in its embedded-FDT slot, as OpenSBI built with
     * {@code FW_FDT_PATH} carries the U-Boot DT. Head: "DBSM" at +4, slot offset at +8, slot capacity
     * at +12, embedded size at +16.
     */
    public static byte[] monitorWithDtb(byte[] dtb) {
        byte[] mon = resource("monitor/monitor.bin");
        ByteBuffer b = ByteBuffer.wrap(mon).order(ByteOrder.LITTLE_ENDIAN);
        requireMagic(mon, 4, "DBSM", "monitor.bin");
        int slot = b.getInt(8);
        int capacity = b.getInt(12);
        if (dtb.length > capacity) {
            throw new DuobootException("U-Boot device tree: " + dtb.length + " bytes do not fit the monitor's embedded FDT slot ("
                    + capacity + " bytes)");
        }
        byte[] out = Arrays.copyOf(mon, slot + dtb.length);
        ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN).putInt(16, dtb.length);
        System.arraycopy(dtb, 0, out, slot, dtb.length);
        return out;
    }

    /**
     * What the SDK's U-Boot environment and config give {@code sdboot} and {@code bootm}
     * (uboot/uboot_config.h).
     *
     * @param copyResvMem whether arch_fixup_fdt() copies the firmware's /reserved-memory into the
     *     kernel DT (milkv's U-Boot; sophgo's has the call commented out)
     * @param bootFromCard false: boot.sd is already at {@code uimageAddr} (duoboot places it there
     *     before U-Boot runs) and the stand-in runs {@code bootm}; true: it runs the SDK's whole
     *     {@code sdboot}, {@code mmc dev 0 && fatload mmc 0 ${uImage_addr} boot.sd} through the
     *     modelled SD controller (a card must be in the machine's slot), then {@code bootm}; when
     *     either fails it prints U-Boot's messages and stops at its prompt {@code "=> "}, polling the
     *     console as U-Boot's command line does
     */
    public record UbootConfig(long uimageAddr, long bootmMapsize, long fdtPad, long uartBase, boolean copyResvMem,
            boolean bootFromCard, String fitConfig, String bootargs) {}

    /**
     * The U-Boot stand-in with its config block written. It keeps its 32-byte loader_2nd header
     * ("BL33" at +4; checksum and size are filled when the FIP is packed); "DBUB" at +0x24, config
     * offset at +0x28, size at +0x2c.
     */
    public static byte[] uboot(UbootConfig c) {
        byte[] img = resource("uboot/u-boot.bin");
        requireMagic(img, 0x24, "DBUB", "u-boot.bin");
        ByteBuffer b = ByteBuffer.wrap(img).order(ByteOrder.LITTLE_ENDIAN);
        int at = b.getInt(0x28);
        int size = b.getInt(0x2c);
        requireMagic(img, at, "DBUBCFG1", "u-boot.bin config block");
        b.putLong(at + 8, c.uimageAddr());
        b.putLong(at + 16, c.bootmMapsize());
        b.putLong(at + 24, c.fdtPad());
        b.putLong(at + 32, c.uartBase());
        b.putInt(at + 40, c.copyResvMem() ? 1 : 0);
        b.putInt(at + 44, c.bootFromCard() ? 1 : 0);
        putString(img, at + 48, 64, c.fitConfig(), "FIT configuration name");
        putString(img, at + 112, size - 112, c.bootargs(), "bootargs");
        return img;
    }

    private static void putString(byte[] img, int at, int capacity, String s, String what) {
        byte[] text = s.getBytes(StandardCharsets.US_ASCII);
        if (text.length >= capacity) {
            throw new DuobootException(what + " '" + s + "' is longer than the U-Boot stand-in holds (" + (capacity - 1)
                    + " characters)");
        }
        Arrays.fill(img, at, at + capacity, (byte) 0);
        System.arraycopy(text, 0, img, at, text.length);
    }

    private static void requireMagic(byte[] img, int at, String magic, String what) {
        if (img.length < at + magic.length()
                || !new String(img, at, magic.length(), StandardCharsets.ISO_8859_1).equals(magic)) {
            throw new IllegalStateException(what + ": no \"" + magic + "\" at +0x" + Integer.toHexString(at));
        }
    }
}
