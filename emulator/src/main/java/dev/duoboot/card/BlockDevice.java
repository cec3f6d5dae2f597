package dev.duoboot.card;

/**
 * The bytes of a storage card, as the SoC model's card slot reads and writes them: a fixed size,
 * reads and writes at byte offsets inside it.
 */
public interface BlockDevice {

    /** The card's size in bytes. */
    long sizeBytes();

    /** Fills {@code into} with the bytes at [offset, offset + into.length). */
    void read(long offset, byte[] into);

    /** Stores {@code from} at [offset, offset + from.length). */
    void write(long offset, byte[] from);
}
