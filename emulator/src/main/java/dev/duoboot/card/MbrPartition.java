package dev.duoboot.card;

/**
 * One primary entry of an MBR partition table.
 *
 * @param number      1 to 4, as Linux numbers them ({@code mmcblk0p1} ...)
 * @param type        the partition type byte (0x0c FAT32 LBA, 0x83 Linux, ...)
 * @param bootable    the 0x80 boot flag
 * @param firstSector the first 512-byte sector (LBA)
 * @param sectors     how many sectors
 */
public record MbrPartition(int number, int type, boolean bootable, long firstSector, long sectors) {

    public static final int SECTOR = 512;

    public MbrPartition {
        if (number < 1 || number > 4 || type < 0 || type > 0xff || firstSector < 0 || sectors < 0
                || firstSector > 0xffffffffL || sectors > 0xffffffffL) {
            throw new IllegalArgumentException("partition " + number + " type " + type + " at " + firstSector + " +" + sectors);
        }
    }

    public long startByte() {
        return firstSector * SECTOR;
    }

    public long sizeBytes() {
        return sectors * SECTOR;
    }

    public long endByte() {
        return startByte() + sizeBytes();
    }

    /** What the type byte says the partition holds. */
    public Kind kind() {
        return switch (type) {
            case 0x01, 0x04, 0x06, 0x0b, 0x0c, 0x0e -> Kind.FAT;
            case 0x83 -> Kind.LINUX;
            case 0x82 -> Kind.SWAP;
            case 0x00 -> Kind.UNTYPED;
            default -> Kind.OTHER;
        };
    }

    /** For messages: "partition 2 (type 0x83, bytes 0x8000200..0x38000200)". */
    public String describe() {
        return String.format("partition %d (type 0x%02x, bytes 0x%x..0x%x)", number, type, startByte(), endByte());
    }

    /**
     * The partition types the card's readers tell apart. {@code UNTYPED} is type 0x00 with a size:
     * genimage writes the SDK's unformatted third partition that way (see {@link CardLayout}), and
     * Linux's MBR parser still makes it {@code mmcblk0p3}.
     */
    public enum Kind {
        FAT, LINUX, SWAP, UNTYPED, OTHER
    }
}
