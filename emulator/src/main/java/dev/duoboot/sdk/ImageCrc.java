package dev.duoboot.sdk;

/**
 * The checksum of every fip.bin image: CRC-16/CCITT (XMODEM: polynomial 0x1021, initial value 0,
 * Python's {@code binascii.crc_hqx(data, 0)}) stored little-endian and followed by the bytes
 * {@code FE CA}, so the 32-bit field reads {@code 0xCAFE0000 | crc} (fiptool.py {@code image_crc};
 * FSBL {@code lib/crc/crc16.c crc16_ccitt_with_tag}).
 */
public final class ImageCrc {

    /** The tag in the high half of every checksum field. */
    public static final long TAG = 0xCAFE0000L;

    private static final int[] TABLE = new int[256];

    static {
        for (int i = 0; i < 256; i++) {
            int c = i << 8;
            for (int b = 0; b < 8; b++) {
                c = (c & 0x8000) != 0 ? (c << 1) ^ 0x1021 : c << 1;
            }
            TABLE[i] = c & 0xffff;
        }
    }

    private ImageCrc() {}

    /** CRC-16/XMODEM of {@code length} bytes at {@code offset}. */
    public static int crc16(byte[] data, int offset, int length) {
        int crc = 0;
        for (int i = offset; i < offset + length; i++) {
            crc = ((crc << 8) ^ TABLE[((crc >>> 8) ^ data[i]) & 0xff]) & 0xffff;
        }
        return crc;
    }

    /** The tagged checksum field value for {@code length} bytes at {@code offset}. */
    public static long of(byte[] data, int offset, int length) {
        return TAG | crc16(data, offset, length);
    }

    public static long of(byte[] data) {
        return of(data, 0, data.length);
    }
}
