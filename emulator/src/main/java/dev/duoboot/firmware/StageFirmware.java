package dev.duoboot.firmware;

import dev.duoboot.sdk.MemoryMap;
import java.util.Optional;

/**
 * Whose firmware runs each stage before the kernel, decided once by one rule: the user's where
 * given (a fip.bin brings its own OpenSBI and U-Boot, and its own FSBL unless duoboot's is asked
 * for); else the chain's. On the real chain Debian's OpenSBI 1.1 reserves 512 KiB and will not hand
 * on a device tree inside that region, so on a layout whose OPENSBI_FDT_ADDR lies there (the v2
 * Duo's 256 KiB OPENSBI_SIZE) duoboot's monitor, which reserves 128 KiB as the SDK's OpenSBI does,
 * runs instead, and {@code why} says so.
 */
public record StageFirmware(Fsbl fsbl, OpenSbi opensbi, Uboot uboot, Optional<String> why) {

    /** Who wrote the FSBL (BL2) that runs. */
    public enum Fsbl {
        DUOBOOT_FIXTURE("duoboot's FSBL"),
        USERS("the fip.bin's own FSBL");

        private final String words;

        Fsbl(String words) {
            this.words = words;
        }

        public String words() {
            return words;
        }
    }

    /** Whose OpenSBI runs. */
    public enum OpenSbi {
        DEBIAN("Debian's OpenSBI 1.1 (fw_dynamic)"),
        DUOBOOT_MONITOR("duoboot's monitor (an OpenSBI stand-in)"),
        USERS("the user's OpenSBI");

        private final String words;

        OpenSbi(String words) {
            this.words = words;
        }

        public String words() {
            return words;
        }
    }

    /** Whose U-Boot runs. */
    public enum Uboot {
        DEBIAN("Debian's U-Boot 2023.01 (qemu-riscv64_smode)"),
        DUOBOOT_FIXTURE("duoboot's U-Boot stand-in"),
        USERS("the user's U-Boot");

        private final String words;

        Uboot(String words) {
            this.words = words;
        }

        public String words() {
            return words;
        }
    }

    /** The region Debian's OpenSBI 1.1 fw_dynamic reserves (mmode_resv0 on a real 6.1 boot). */
    public static final long DEBIAN_OPENSBI_REGION = 0x80000;

    /** The rule, from the chain, the layout and what the user gave. */
    public static StageFirmware choose(Chain chain, MemoryMap map, UserFirmware user, boolean userFip, FsblChoice fsblChoice) {
        if (userFip) {
            return new StageFirmware(fsblChoice == FsblChoice.USER ? Fsbl.USERS : Fsbl.DUOBOOT_FIXTURE, OpenSbi.USERS, Uboot.USERS,
                    Optional.empty());
        }
        Uboot uboot = user.uboot().isPresent() ? Uboot.USERS : chain == Chain.FIXTURES ? Uboot.DUOBOOT_FIXTURE : Uboot.DEBIAN;
        if (user.opensbi().isPresent()) {
            return new StageFirmware(Fsbl.DUOBOOT_FIXTURE, OpenSbi.USERS, uboot, Optional.empty());
        }
        if (chain == Chain.FIXTURES) {
            return new StageFirmware(Fsbl.DUOBOOT_FIXTURE, OpenSbi.DUOBOOT_MONITOR, uboot, Optional.empty());
        }
        long monitor = map.get("MONITOR_ADDR");
        long fdt = map.get("OPENSBI_FDT_ADDR");
        if (Long.compareUnsigned(fdt, monitor) >= 0 && Long.compareUnsigned(fdt, monitor + DEBIAN_OPENSBI_REGION) < 0) {
            return new StageFirmware(Fsbl.DUOBOOT_FIXTURE, OpenSbi.DUOBOOT_MONITOR, uboot, Optional.of(String.format(
                    "Debian's OpenSBI 1.1 reserves [0x%x, +0x%x) and OPENSBI_FDT_ADDR 0x%x lies inside it, so it would stop before "
                            + "U-Boot; duoboot's monitor reserves 128 KiB, as the SDK's OpenSBI does", monitor, DEBIAN_OPENSBI_REGION, fdt)));
        }
        return new StageFirmware(Fsbl.DUOBOOT_FIXTURE, OpenSbi.DEBIAN, uboot, Optional.empty());
    }

    /** "FSBL: duoboot's FSBL; OpenSBI: ...; U-Boot: ...". */
    public String describe() {
        return "FSBL: " + fsbl.words() + "; OpenSBI: " + opensbi.words() + "; U-Boot: " + uboot.words();
    }
}
