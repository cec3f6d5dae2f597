package dev.duoboot.card;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * A card image as a {@link BlockDevice}: reads come from the image, writes go to an in-memory copy
 * of the blocks written (never to the image or the user's file), and later reads see them. Bytes
 * past the end of the image but inside {@link #sizeBytes()} read as zeros: the card is at least as
 * large as the partition table says, while the image file may stop at the last partition that has
 * content (genimage leaves the SDK's unformatted third partition out of the file).
 */
public final class CopyOnWriteDevice implements BlockDevice {

    private final ImageBytes image;
    private final long sizeBytes;
    private final Map<Long, byte[]> written = new HashMap<>();

    /** A device of {@code sizeBytes} (a multiple of 512, at least the image's length rounded up). */
    public CopyOnWriteDevice(ImageBytes image, long sizeBytes) {
        if (sizeBytes % BLOCK_SIZE != 0 || sizeBytes < image.length()) {
            throw new IllegalArgumentException("device size " + sizeBytes + " for an image of " + image.length() + " bytes");
        }
        this.image = image;
        this.sizeBytes = sizeBytes;
    }

    @Override
    public long sizeBytes() {
        return sizeBytes;
    }

    @Override
    public synchronized void read(long offset, byte[] into) {
        check(offset, into.length);
        for (int at = 0; at < into.length; at += BLOCK_SIZE) {
            long block = (offset + at) / BLOCK_SIZE;
            byte[] w = written.get(block);
            if (w != null) {
                System.arraycopy(w, 0, into, at, BLOCK_SIZE);
                continue;
            }
            long from = offset + at;
            int inImage = (int) Math.max(0, Math.min(BLOCK_SIZE, image.length() - from));
            if (inImage > 0) {
                image.read(from, into, at, inImage);
            }
            Arrays.fill(into, at + inImage, at + BLOCK_SIZE, (byte) 0);
        }
    }

    @Override
    public synchronized void write(long offset, byte[] from) {
        check(offset, from.length);
        for (int at = 0; at < from.length; at += BLOCK_SIZE) {
            written.put((offset + at) / BLOCK_SIZE, Arrays.copyOfRange(from, at, at + BLOCK_SIZE));
        }
    }

    /** How many blocks have been written (the size of the in-memory copy). */
    public synchronized int blocksWritten() {
        return written.size();
    }

    private void check(long offset, int length) {
        if (offset < 0 || offset % BLOCK_SIZE != 0 || length % BLOCK_SIZE != 0 || offset + length > sizeBytes) {
            throw new IllegalArgumentException(String.format(
                    "block access [0x%x, +0x%x) is not whole 512-byte blocks inside the card (0x%x bytes)",
                    offset, length, sizeBytes));
        }
    }
}
