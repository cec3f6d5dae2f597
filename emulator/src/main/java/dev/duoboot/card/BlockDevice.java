package dev.duoboot.card;

/**
 * A disk as an SD controller sees it: a size and 512-byte blocks to read and write. Offsets and
 * lengths are multiples of {@link #BLOCK_SIZE} inside {@code [0, sizeBytes())}; anything else is a
 * programming error in the caller (the controller model checks the guest's addresses itself and
 * answers as a card would).
 */
public interface BlockDevice {

    /** The SD card's block size: SDHC/SDXC cards address 512-byte blocks. */
    int BLOCK_SIZE = 512;

    long sizeBytes();

    /** Fills {@code into} with the bytes at {@code offset}. */
    void read(long offset, byte[] into);

    /** Stores {@code from} at {@code offset}. */
    void write(long offset, byte[] from);
}
