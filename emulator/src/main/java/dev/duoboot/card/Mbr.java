package dev.duoboot.card;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The card's partition table: a classic MBR in sector 0 with up to four primary partitions, as the
 * SDK's genimage ({@code hdimage}, build/tools/common/sd_tools/genimage v14) writes it: 440 zero
 * bytes of boot code, the 32-bit disk signature at 440 (genimage's default {@code disk-signature}
 * is empty, which it reads as 0), two zero bytes, four 16-byte entries at 446 and 0x55 0xaa at 510.
 * Entries with no sectors are unused and not listed.
 *
 * @param diskSignature the 32-bit identifier at byte 440
 * @param partitions    the used entries, in table order
 */
public record Mbr(long diskSignature, List<MbrPartition> partitions) {

    static final int ENTRIES_AT = 446;
    static final int SIGNATURE_AT = 510;
    /** genimage's CHS geometry for the entries (image-hd.c hdimage_setup_chs). */
    private static final int HEADS = 255;
    private static final int SECTORS_PER_TRACK = 63;

    public Mbr {
        partitions = List.copyOf(partitions);
    }

    public Optional<MbrPartition> partition(int number) {
        return partitions.stream().filter(p -> p.number() == number).findFirst();
    }

    /** Reads sector 0 of {@code image}; one-line {@link CardImageException} when it is no MBR. */
    public static Mbr read(ImageBytes image) {
        String name = image.name();
        if (image.length() < MbrPartition.SECTOR) {
            throw new CardImageException(String.format("%s: %d bytes, too short for an MBR (512 bytes at byte 0x0)", name, image.length()));
        }
        byte[] s = image.read(0, MbrPartition.SECTOR);
        int sig = u16(s, SIGNATURE_AT);
        if (sig != 0xaa55) {
            throw new CardImageException(String.format("%s: no MBR signature at byte 0x1fe (found 0x%02x%02x, expected 0x55aa)%s",
                    name, s[SIGNATURE_AT] & 0xff, s[SIGNATURE_AT + 1] & 0xff, looksLikeFat(s) ? "; byte 0x0 is a FAT boot sector: a partition image, not a whole card?" : ""));
        }
        List<MbrPartition> parts = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            int at = ENTRIES_AT + 16 * i;
            int flag = s[at] & 0xff;
            int type = s[at + 4] & 0xff;
            long first = u32(s, at + 8);
            long count = u32(s, at + 12);
            if (flag != 0x00 && flag != 0x80) {
                throw new CardImageException(String.format("%s: MBR partition %d at byte 0x%x: boot flag 0x%02x (expected 0x00 or 0x80)%s",
                        name, i + 1, at, flag, looksLikeFat(s) ? "; byte 0x0 is a FAT boot sector: a partition image, not a whole card?" : ""));
            }
            if (type == 0xee) {
                throw new CardImageException(String.format("%s: MBR partition %d at byte 0x%x has type 0xee: a GPT disk, but the SDK's cards use an MBR partition table",
                        name, i + 1, at));
            }
            if (count == 0) {
                continue;
            }
            if (first == 0) {
                throw new CardImageException(String.format("%s: MBR partition %d at byte 0x%x starts at sector 0, over the partition table", name, i + 1, at));
            }
            parts.add(new MbrPartition(i + 1, type, flag == 0x80, first, count));
        }
        for (int a = 0; a < parts.size(); a++) {
            for (int b = a + 1; b < parts.size(); b++) {
                MbrPartition p = parts.get(a);
                MbrPartition q = parts.get(b);
                if (p.firstSector() < q.firstSector() + q.sectors() && q.firstSector() < p.firstSector() + p.sectors()) {
                    throw new CardImageException(String.format("%s: MBR %s overlaps %s", name, p.describe(), q.describe()));
                }
            }
        }
        return new Mbr(u32(s, 440), parts);
    }

    /** Sector 0 as genimage writes it for these partitions. */
    public byte[] toSector() {
        byte[] s = new byte[MbrPartition.SECTOR];
        put32(s, 440, diskSignature);
        for (MbrPartition p : partitions) {
            int at = ENTRIES_AT + 16 * (p.number() - 1);
            s[at] = (byte) (p.bootable() ? 0x80 : 0x00);
            chs(p.firstSector(), s, at + 1);
            s[at + 4] = (byte) p.type();
            chs(p.firstSector() + p.sectors() - 1, s, at + 5);
            put32(s, at + 8, p.firstSector());
            put32(s, at + 12, p.sectors());
        }
        s[SIGNATURE_AT] = 0x55;
        s[SIGNATURE_AT + 1] = (byte) 0xaa;
        return s;
    }

    /**
     * CHS of an LBA as genimage computes it for 255 heads and 63 sectors per track: the head is
     * (lba / 63) % 255, the sector lba % 63 + 1 (0 for lba 0), the cylinder lba / (63 * 255) with
     * its bits 8-9 in the sector byte's top bits. Genimage does not clamp large cylinders to 1023,
     * so neither do we: readers use the LBA fields.
     */
    private static void chs(long lba, byte[] s, int at) {
        long c = lba / ((long) SECTORS_PER_TRACK * HEADS);
        long sector = lba > 0 ? lba % SECTORS_PER_TRACK + 1 : 0;
        s[at] = (byte) ((lba / SECTORS_PER_TRACK) % HEADS);
        s[at + 1] = (byte) (((c & 0x300) >> 2) | (sector & 0xff));
        s[at + 2] = (byte) (c & 0xff);
    }

    private static boolean looksLikeFat(byte[] s) {
        return ((s[0] & 0xff) == 0xeb || (s[0] & 0xff) == 0xe9) && (new String(s, 54, 3, StandardCharsets.US_ASCII).equals("FAT")
                || new String(s, 82, 3, StandardCharsets.US_ASCII).equals("FAT"));
    }

    private static int u16(byte[] b, int at) {
        return (b[at] & 0xff) | (b[at + 1] & 0xff) << 8;
    }

    private static long u32(byte[] b, int at) {
        return (b[at] & 0xffL) | (b[at + 1] & 0xffL) << 8 | (b[at + 2] & 0xffL) << 16 | (b[at + 3] & 0xffL) << 24;
    }


    private static void put32(byte[] b, int at, long v) {
        b[at] = (byte) v;
        b[at + 1] = (byte) (v >>> 8);
        b[at + 2] = (byte) (v >>> 16);
        b[at + 3] = (byte) (v >>> 24);
    }
}
