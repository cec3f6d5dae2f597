package dev.duoboot.card;

import java.util.Collections;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What a card is built from: the files the boot ROM and U-Boot read from partition 1
 * ({@code fip.bin}, {@code boot.sd}, as the SDK's genimage.cfg lists them, and any extra files),
 * an optional root file system for partition 2, the layout and the stamp. Arrays are copied in.
 *
 * @param fipBin         the firmware package the boot ROM loads
 * @param bootSd         the FIT image U-Boot's {@code fatload mmc 0 ... boot.sd} loads
 * @param rootfs         partition 2's contents; none means a card with the boot partition only
 * @param extraBootFiles more files for partition 1 by path ("uEnv.txt", "overlays/x.dtbo")
 * @param layout         partition sizes
 * @param stamp          times and identifiers
 */
public record CardParts(byte[] fipBin, byte[] bootSd, Optional<RootfsContent> rootfs, SortedMap<String, byte[]> extraBootFiles,
        CardLayout layout, CardStamp stamp) {

    public CardParts {
        fipBin = fipBin.clone();
        bootSd = bootSd.clone();
        Objects.requireNonNull(rootfs);
        TreeMap<String, byte[]> extras = new TreeMap<>();
        extraBootFiles.forEach((k, v) -> extras.put(k, v.clone()));
        extraBootFiles = Collections.unmodifiableSortedMap(extras);
        Objects.requireNonNull(layout);
        Objects.requireNonNull(stamp);
    }

    /** fip.bin and boot.sd on a compact card with no rootfs, stamped {@link CardStamp#FIXED}. */
    public static CardParts of(byte[] fipBin, byte[] bootSd) {
        return new CardParts(fipBin, bootSd, Optional.empty(), new TreeMap<>(), CardLayout.compact(), CardStamp.FIXED);
    }

    public CardParts withRootfs(RootfsContent content) {
        return new CardParts(fipBin, bootSd, Optional.of(content), extraBootFiles, layout, stamp);
    }

    public CardParts withExtraBootFile(String path, byte[] bytes) {
        TreeMap<String, byte[]> extras = new TreeMap<>(extraBootFiles);
        extras.put(path, bytes);
        return new CardParts(fipBin, bootSd, rootfs, extras, layout, stamp);
    }

    public CardParts withLayout(CardLayout newLayout) {
        return new CardParts(fipBin, bootSd, rootfs, extraBootFiles, newLayout, stamp);
    }

    public CardParts withStamp(CardStamp newStamp) {
        return new CardParts(fipBin, bootSd, rootfs, extraBootFiles, layout, newStamp);
    }

    @Override
    public byte[] fipBin() {
        return fipBin.clone();
    }

    @Override
    public byte[] bootSd() {
        return bootSd.clone();
    }
}
