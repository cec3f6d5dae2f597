package dev.duoboot.flow;

/** Which OpenSBI and U-Boot run between FSBL and the kernel. */
public enum Chain {
    /** Debian's real OpenSBI {@code fw_dynamic.bin} and U-Boot {@code qemu-riscv64_smode/u-boot.bin}. */
    REAL,
    /** duoboot's own small monitor and U-Boot stand-ins (firmware-fixtures), no apt dependency. */
    FIXTURES
}
