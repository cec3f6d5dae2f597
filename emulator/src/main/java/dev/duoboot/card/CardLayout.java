package dev.duoboot.card;

import java.util.OptionalLong;

/**
 * Partition sizes of a card. Offsets follow the SDK's genimage ({@code hdimage} with its default
 * 512-byte alignment): partition 1 starts at sector 1, right after the MBR, and each next
 * partition right after the one before. An empty size means "fit the contents" ({@link #compact()}).
 *
 * @param bootBytes   partition 1, FAT16 with fip.bin and boot.sd (type 0x0c, bootable)
 * @param rootfsBytes partition 2, ext4 (type 0x83), when the card has a rootfs
 * @param swapBytes   partition 3, left unformatted, when the layout has one
 */
public record CardLayout(OptionalLong bootBytes, OptionalLong rootfsBytes, OptionalLong swapBytes) {

    public static final long MIB = 1L << 20;
    /** The smallest boot partition {@link #compact()} makes: comfortably FAT16 (which needs 9 MiB). */
    public static final long COMPACT_MIN_BOOT = 16 * MIB;
    /** The smallest rootfs partition {@link #compact()} makes. */
    public static final long COMPACT_MIN_ROOTFS = 8 * MIB;

    public CardLayout {
        for (OptionalLong size : new OptionalLong[] {bootBytes, rootfsBytes, swapBytes}) {
            if (size.isPresent() && (size.getAsLong() <= 0 || size.getAsLong() % MbrPartition.SECTOR != 0)) {
                throw new CardImageException("card: partition size " + size.getAsLong() + " is not a positive number of 512-byte sectors");
            }
        }
    }

    /**
     * The default: each partition as small as its contents allow. The boot partition is at least
     * {@link #COMPACT_MIN_BOOT}; the rootfs gets twice its files plus 4 MiB for the journal and
     * metadata, at least {@link #COMPACT_MIN_ROOTFS}, in whole MiB. No swap partition.
     */
    public static CardLayout compact() {
        return new CardLayout(OptionalLong.empty(), OptionalLong.empty(), OptionalLong.empty());
    }

    /**
     * The Milk-V SDKs' card: {@code boot.vfat} 128M and {@code rootfs.ext4} 768M, in
     * milkv-duo/duo-buildroot-sdk {@code device/milkv-duo256m/genimage.cfg} and in
     * duo-buildroot-sdk-v2 {@code device/milkv-duo-musl-riscv64-sd/genimage.cfg} and
     * {@code device/milkv-duo256m-musl-riscv64-sd/genimage.cfg}.
     */
    public static CardLayout milkvSdk() {
        return new CardLayout(OptionalLong.of(128 * MIB), OptionalLong.of(768 * MIB), OptionalLong.empty());
    }

    /**
     * {@link #milkvSdk()} with the third partition of duo-buildroot-sdk
     * {@code device/milkv-duo-lite/genimage.cfg}: {@code partition empty}, 256M, with no image and
     * only a GPT type (0657fd6d-..., Linux swap). genimage v14 (the SDK's
     * build/tools/common/sd_tools/genimage, run to check) writes such an entry into an MBR with
     * type 0x00, and leaves it out of the image file. We write the same entry; our image file
     * covers it with zeros, so the file is as long as its partition table says.
     */
    public static CardLayout milkvSdkWithSwap() {
        return new CardLayout(OptionalLong.of(128 * MIB), OptionalLong.of(768 * MIB), OptionalLong.of(256 * MIB));
    }

    /** sophgo/build's {@code tools/common/sd_tools/genimage.cfg}: boot 128M, rootfs 256M. */
    public static CardLayout sophgoBuild() {
        return new CardLayout(OptionalLong.of(128 * MIB), OptionalLong.of(256 * MIB), OptionalLong.empty());
    }
}
