package dev.duoboot.firmware;

import dev.duoboot.card.BlockDevice;
import dev.duoboot.card.CardImage;
import dev.duoboot.card.CardImageException;
import dev.duoboot.card.CardParts;
import dev.duoboot.card.ImageBytes;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The SD card the board boots from: the user's image ({@code --image sdcard.img}, as flashed), or
 * one duoboot writes from the {@link BootImages} (the SDK's layout: fip.bin and boot.sd on the FAT
 * boot partition). The card goes into the SD slot as it is, bad or not; what the boot stages make
 * of it is theirs to say.
 */
public final class BootCard {

    private final ImageBytes bytes;
    private final boolean users;

    private BootCard(ImageBytes bytes, boolean users) {
        this.bytes = bytes;
        this.users = users;
    }

    /** The user's image file, mapped read-only; one-line error when it cannot be read. */
    public static BootCard open(Path image) {
        return new BootCard(ImageBytes.MappedFile.open(image), true);
    }

    /** A card with {@code images}' fip.bin and boot.sd on its boot partition, built the SDK's way. */
    public static BootCard of(BootImages images) {
        return new BootCard(CardImage.build(CardParts.of(images.fip(), images.bootSd())).bytes(), false);
    }

    /** Whether it is the user's image rather than one duoboot built. */
    public boolean users() {
        return users;
    }

    /** The image's name in messages: its file, or "built card". */
    public String name() {
        return bytes.name();
    }

    public long sizeBytes() {
        return bytes.length();
    }

    /**
     * The card in the SD slot (the guest's writes stay in memory): as large as its partition table
     * says, so an image cut short reads zeros past its end as a flashed card would; an image with no
     * partition table is a card of its own size.
     */
    public BlockDevice device() {
        try {
            return CardImage.flashed(bytes).blockDevice();
        } catch (CardImageException e) {
            return CardImage.rawDevice(bytes);
        }
    }

    /** A file of the FAT boot partition, or why it cannot be read (no partition table, no FAT, no such file, truncated). */
    public Read bootFile(String path) {
        try {
            return new Read(Optional.of(CardImage.flashed(bytes).readBootFile(path)), Optional.empty());
        } catch (CardImageException e) {
            return new Read(Optional.empty(), Optional.of(e.getMessage()));
        }
    }

    /** A file read off the card, or the one-line reason it could not be. */
    public record Read(Optional<byte[]> bytes, Optional<String> problem) {}

    /** Writes the image to {@code file} (a built card's zero runs stay holes). */
    public void writeTo(Path file) {
        CardImage.of(bytes).writeTo(file);
    }
}
