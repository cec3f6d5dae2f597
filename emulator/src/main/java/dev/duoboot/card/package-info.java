/**
 * The SD card as a disk: the image a Milk-V Duo user flashes, built deterministically from its
 * parts or opened from a user's {@code sdcard.img}, and offered to the emulator's SD controller as
 * a {@link dev.duoboot.card.BlockDevice}.
 *
 * <ul>
 *   <li>{@link dev.duoboot.card.CardImage}: build ({@link dev.duoboot.card.CardParts},
 *       {@link dev.duoboot.card.CardLayout}, {@link dev.duoboot.card.CardStamp}) or open; the
 *       partitions ({@link dev.duoboot.card.Mbr}), files from the FAT and ext4 partitions, the
 *       block device ({@link dev.duoboot.card.CopyOnWriteDevice}: writes stay in memory).</li>
 *   <li>The layout is the SDK's genimage.cfg (milkv-duo/duo-buildroot-sdk and -v2
 *       {@code device/<board>/genimage.cfg}, sophgo/build {@code tools/common/sd_tools/genimage.cfg}):
 *       an MBR; partition 1 at sector 1, FAT, type 0x0c, bootable, label "boot", holding
 *       {@code fip.bin} and {@code boot.sd}; partition 2 ext4, type 0x83, label "rootfs"; on
 *       duo-lite a third, unformatted partition. The MBR is byte for byte what the SDK's genimage
 *       v14 writes for the same sizes (a test holds it to bytes that genimage wrote).</li>
 *   <li>FAT is our own code ({@link dev.duoboot.card.Fat16Writer}, {@link dev.duoboot.card.FatVolume}):
 *       the format is small, fully specified, and byte-for-byte determinism (fixed serial, label
 *       and times, a fixed cluster order) is easiest to hold in code we own; the SDK's own
 *       boot.vfat is FAT16 (mkdosfs picks it at 128 MiB), and the geometry follows dosfstools.
 *       The reader also reads FAT12, FAT32 and long names, as mkfs.fat and mtools write them.</li>
 *   <li>ext4 is written by Debian's {@code mke2fs -d} (e2fsprogs) with everything pinned
 *       ({@link dev.duoboot.card.Mke2fs}): ext4 (journal, extents, flex_bg, 64bit, checksums) is
 *       large, and there is no well-kept Java ext4 writer: searching (2026-12) found in Java only
 *       jext2 (ext2, "never meant for anything other than research") and JAFS (its own
 *       ext2-like format); the ext4 writers found are Go (go-ext4fs), Rust (ext4-mkfs, mkext4,
 *       arcbox-ext4) and OCaml, and the project's list of Maven Central packages has no ext2 or
 *       ext4 artifact. mke2fs is what genimage itself runs for the v2 SDK's rootfs
 *       ({@code use-mke2fs = true} in {@code device/milkv-duo-musl-riscv64-sd/genimage.cfg}).
 *       Without mke2fs, a card with a rootfs is a one-line error naming the package; a card
 *       without one needs no tool. Reading ext4 is our own small reader
 *       ({@link dev.duoboot.card.Ext4Volume}: extents and the block maps of the SDK's
 *       genext2fs-made rootfs).</li>
 * </ul>
 *
 * Uses the JDK only; knows nothing of the machine or the boot.
 */
package dev.duoboot.card;
