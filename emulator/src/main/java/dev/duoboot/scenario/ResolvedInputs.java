package dev.duoboot.scenario;

import dev.duoboot.fdt.DeviceTree;
import dev.duoboot.fdt.Dtb;
import dev.duoboot.firmware.BootCard;
import dev.duoboot.firmware.Chain;
import dev.duoboot.firmware.LittleCoreImage;
import dev.duoboot.firmware.StageFirmware;
import dev.duoboot.firmware.UserFirmware;
import dev.duoboot.linux.KernelProfile;
import dev.duoboot.platform.Platform;
import dev.duoboot.sdk.ElfFile;
import dev.duoboot.sdk.FipImage;
import dev.duoboot.sdk.KernelConfig;
import dev.duoboot.sdk.MemoryMap;
import java.util.List;
import java.util.Optional;

/**
 * A scenario's inputs read, checked and built, with its edits applied: what every boot chain
 * starts from. The two trees are the board DT as U-Boot's build compiles it (with
 * {@code __UBOOT__}; OpenSBI embeds it) and as the kernel build compiles it (it goes into boot.sd).
 *
 * @param memmapPath memmap.py as the user named it
 * @param memmapSource its text after any edits
 * @param memmapHeader the cvi_board_memmap.h generated from it
 * @param dtSource the DTS or DTB as the user named it
 * @param dtcWarnings what cpp and dtc warned while compiling the DTS
 * @param kernelConfig the .config the kernel model gets, edits applied
 * @param defaultConfig why that .config, when the scenario named none
 * @param stages whose firmware runs FSBL, OpenSBI and U-Boot (the user's, the chain's, or the monitor
 *     where Debian's OpenSBI does not fit the layout)
 * @param bootargs what U-Boot puts in /chosen/bootargs
 * @param card the user's SD card image, when the scenario gives one ({@code fip} is then its fip.bin, if readable)
 * @param freertosInFip fip.bin carries FreeRTOS for FSBL to start (the scenario's choice, or an edit's)
 */
public record ResolvedInputs(
        Scenario scenario,
        Platform board,
        String memmapPath,
        String memmapSource,
        MemoryMap memmap,
        String memmapHeader,
        String dtSource,
        DeviceTree ubootTree,
        DeviceTree kernelTree,
        List<String> dtcWarnings,
        KernelProfile profile,
        KernelConfig kernelConfig,
        Optional<DefaultKernelConfig> defaultConfig,
        LittleCoreFirmware firmware,
        RprocDriverChoice driver,
        Chain chain,
        StageFirmware stages,
        String bootargs,
        Optional<FipImage> fip,
        Optional<BootCard> card,
        UserFirmware userFirmware,
        boolean freertosInFip) {

    public ResolvedInputs {
        dtcWarnings = List.copyOf(dtcWarnings);
    }

    /** The little-core ELF remoteproc loads from /lib/firmware, and where it came from. */
    public record LittleCoreFirmware(FirmwareChoice choice, byte[] elf, ElfFile file) {

        public LittleCoreFirmware {
            elf = elf.clone();
        }

        @Override
        public byte[] elf() {
            return elf.clone();
        }
    }

    /** The kernel DT as dtc writes it: the blob boot.sd carries. */
    public byte[] kernelDtb() {
        return Dtb.write(kernelTree);
    }

    /** U-Boot's DT as dtc writes it: the blob OpenSBI carries ({@code FW_FDT_PATH}). */
    public byte[] ubootDtb() {
        return Dtb.write(ubootTree);
    }

    /**
     * The little core's image in fip.bin (BLCP_2ND) when FreeRTOS is enabled: the SDK's FreeRTOS,
     * linked at FREERTOS_ADDR (duoboot's cvirtos fixture), as a raw binary. Not the remoteproc
     * firmware: that one comes later, from /lib/firmware.
     */
    public Optional<byte[]> fipLittleCore() {
        return freertosInFip
                ? Optional.of(LittleCoreImage.linkedAt(board.littleCoreFixture(), LittleCoreImage.Variant.CVIRTOS, mm("FREERTOS_ADDR")).rawBinary())
                : Optional.empty();
    }

    /** A memmap.py constant ({@code FREERTOS_ADDR}). */
    public long mm(String name) {
        return memmap.get(name);
    }

    /** A tristate symbol's state; NO when unset or when there is no .config. */
    public KernelConfig.Tristate tristate(String symbol) {
        return kernelConfig.tristate(symbol);
    }
}
