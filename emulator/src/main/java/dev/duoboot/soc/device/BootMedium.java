package dev.duoboot.soc.device;

import java.util.Arrays;
import java.util.Optional;

/**
 * What the mask ROM reads {@code fip.bin} from: the SD card's copy (the boot source of the Duo
 * boards) and, after the ROM's {@code flash_init}, the on-board flash, which the Duo boards do
 * not populate (so reads from it fail, as on a board with an empty flash).
 */
public final class BootMedium {
    private final byte[] sdFip;
    private final Optional<byte[]> flashFip;

    public BootMedium(byte[] sdFip, Optional<byte[]> flashFip) {
        this.sdFip = sdFip.clone();
        this.flashFip = flashFip.map(byte[]::clone);
    }

    /** An SD card holding {@code fip.bin}, and no flash image. */
    public static BootMedium sdCard(byte[] fip) {
        return new BootMedium(fip, Optional.empty());
    }

    /** {@code size} bytes at {@code offset} of the fip.bin on {@code flash} or the SD card; empty past its end. */
    Optional<byte[]> read(boolean flash, long offset, long size) {
        byte[] image = flash ? flashFip.orElse(null) : sdFip;
        if (image == null || offset < 0 || size < 0 || offset + size > image.length) {
            return Optional.empty();
        }
        return Optional.of(Arrays.copyOfRange(image, (int) offset, (int) (offset + size)));
    }

    int sdSize() {
        return sdFip.length;
    }
}
