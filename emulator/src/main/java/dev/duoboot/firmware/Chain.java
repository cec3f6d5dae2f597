package dev.duoboot.firmware;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** Which OpenSBI and U-Boot run between FSBL and the kernel. */
public enum Chain {
    /** Debian's real OpenSBI {@code fw_dynamic.bin} and U-Boot {@code qemu-riscv64_smode/u-boot.bin}. */
    REAL,
    /** duoboot's own small monitor and U-Boot stand-ins (firmware-fixtures), no apt dependency. */
    FIXTURES;

    /** "real" or "fixtures", as on the command line and in scenario files. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Chain> byId(String id) {
        return Arrays.stream(values()).filter(c -> c.id().equals(id.toLowerCase(Locale.ROOT))).findFirst();
    }
}
