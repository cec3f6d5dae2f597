package dev.duoboot.card;

import java.util.UUID;

/**
 * Everything on a built card that tools would otherwise take from the clock or a random number
 * generator. The same parts with the same stamp give the same bytes.
 *
 * @param epochSecond every file time on the card, FAT and ext4 (UTC, 1980 to 2107)
 * @param fatVolumeId the FAT volume's serial number
 * @param rootfsUuid  the ext4 volume's UUID, also its directory hash seed
 */
public record CardStamp(long epochSecond, long fatVolumeId, UUID rootfsUuid) {

    /** 1980-01-01 00:00:00 UTC, FAT's first representable time. */
    public static final long FAT_EPOCH = 315_532_800L;

    /** The default: FAT's epoch, a fixed serial and a fixed UUID. */
    public static final CardStamp FIXED = new CardStamp(FAT_EPOCH, 0xd0b0_07edL, UUID.fromString("d0b007ed-0000-4000-8000-00000000ca7d"));
}
