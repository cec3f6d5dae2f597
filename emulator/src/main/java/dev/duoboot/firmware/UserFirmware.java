package dev.duoboot.firmware;

import java.util.Optional;

/** The user's own OpenSBI and U-Boot binaries for fip.bin, read; each replaces the chain's when given. */
public record UserFirmware(Optional<byte[]> opensbi, Optional<byte[]> uboot) {
    public static final UserFirmware NONE = new UserFirmware(Optional.empty(), Optional.empty());
}
