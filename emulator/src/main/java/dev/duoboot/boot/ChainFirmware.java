package dev.duoboot.boot;

import dev.duoboot.DuobootException;
import dev.duoboot.firmware.BootImages;
import dev.duoboot.firmware.Chain;
import dev.duoboot.firmware.FixtureImages;
import dev.duoboot.firmware.StageFirmware;
import dev.duoboot.scenario.ResolvedInputs;
import dev.duoboot.sdk.ElfFile;
import dev.duoboot.sdk.ElfSymbol;
import dev.duoboot.sdk.FipImage;
import java.io.IOException;
import java.nio.file.Files;

/**
 * What the static chain knows of each chain's firmware without running it: the region OpenSBI
 * protects (and reports as {@code mmode_resv0}) and the size of the U-Boot image FSBL loads.
 * Debian's OpenSBI 1.1 reserves 0x80000 (observed on a real 6.1 boot under QEMU); the monitor
 * fixture reserves the power of two around its own {@code _fw_start.._fw_end}; a user's OpenSBI is
 * judged by its size (an emulated boot shows the region it really protects).
 */
public final class ChainFirmware {

    private ChainFirmware() {}

    /** The region OpenSBI protects with PMP. */
    public static OpenSbiFixups.Region monitorRegion(ResolvedInputs in) {
        long base = in.mm("MONITOR_ADDR");
        return switch (in.stages().opensbi()) {
            // its bss not counted; an emulated boot shows the region in the mmode_resv0 node it adds
            case USERS -> OpenSbiFixups.firmwareRegion(base, in.userFirmware().opensbi().map(ChainFirmware::userRegion)
                    .or(() -> in.fip().flatMap(f -> f.body("MONITOR")).map(b -> (long) b.size())).orElse(0L));
            case DEBIAN -> OpenSbiFixups.firmwareRegion(base, StageFirmware.DEBIAN_OPENSBI_REGION);
            case DUOBOOT_MONITOR -> {
                ElfFile mon = ElfFile.parse("monitor/monitor.elf", FixtureImages.resource("monitor/monitor.elf"));
                yield OpenSbiFixups.firmwareRegion(base, symbol(mon, "_fw_end") - symbol(mon, "_fw_start"));
            }
        };
    }

    /** The U-Boot image FSBL loads (with its 32-byte loader_2nd header). */
    static long ubootImageSize(StageFirmware.Uboot uboot) {
        if (uboot == StageFirmware.Uboot.DUOBOOT_FIXTURE) {
            return FixtureImages.resource("uboot/u-boot.bin").length;
        }
        try {
            return Files.size(BootImages.DEBIAN_UBOOT) + FipImage.LOADER_2ND_HEADER_SIZE;
        } catch (IOException e) {
            throw new DuobootException(BootImages.DEBIAN_UBOOT + ": cannot read (" + e.getMessage()
                    + "); the real chain needs Debian's u-boot-qemu package, or use --chain fixtures");
        }
    }

    /** A user's OpenSBI by its size, unless it is Debian's own file, whose region is known. */
    private static long userRegion(byte[] opensbi) {
        try {
            if (Files.exists(BootImages.DEBIAN_OPENSBI) && java.util.Arrays.equals(opensbi, Files.readAllBytes(BootImages.DEBIAN_OPENSBI))) {
                return StageFirmware.DEBIAN_OPENSBI_REGION;
            }
        } catch (IOException e) {
            // unreadable: judged by its size like any other
        }
        return opensbi.length;
    }

    private static long symbol(ElfFile elf, String name) {
        return elf.symbols().stream().filter(s -> s.name().equals(name)).mapToLong(ElfSymbol::value).findFirst()
                .orElseThrow(() -> new IllegalStateException("monitor fixture has no symbol " + name));
    }
}
