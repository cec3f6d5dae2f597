package dev.duoboot.firmware;

import dev.duoboot.DuobootException;
import dev.duoboot.platform.Platform;
import dev.duoboot.sdk.FipImage;
import dev.duoboot.sdk.FitImage;
import dev.duoboot.sdk.FsblConfig;
import dev.duoboot.sdk.MemoryMap;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * What the SDK build leaves on the SD card, made for one layout: {@code fip.bin} (FSBL, the
 * little core's image, OpenSBI, U-Boot) and {@code boot.sd} (the FIT with the kernel Image and the
 * board DTB). For the real chain Debian's OpenSBI has no embedded device tree, so the U-Boot DT
 * that SDK builds embed with {@code FW_FDT_PATH} must be placed at OPENSBI_FDT_ADDR beforehand:
 * {@link #prePlacedFdt()}.
 */
public record BootImages(byte[] fip, byte[] bootSd, Optional<byte[]> prePlacedFdt, long ubootEntry, String fitConfig) {

    public static final Path DEBIAN_OPENSBI = Path.of("/usr/lib/riscv64-linux-gnu/opensbi/generic/fw_dynamic.bin");
    public static final Path DEBIAN_UBOOT = Path.of("/usr/lib/u-boot/qemu-riscv64_smode/u-boot.bin");

    /** CONFIG_SYS_FDT_PAD of U-Boot: room left in the relocated DTB for fix-ups. */
    public static final long FDT_PAD = 0x3000;
    /** The kernel's load and entry address in the SDK's FIT (CONFIG_KERNEL_ENTRY_HACK_ADDR). */
    public static final long KERNEL_ADDR = 0x80200000L;

    /**
     * @param kernelDtb the board DT as the kernel build compiles it
     * @param ubootDtb the board DT as U-Boot's build compiles it ({@code __UBOOT__} defined)
     * @param littleCore the raw little-core image FSBL starts at FREERTOS_ADDR, if FreeRTOS is enabled
     */
    public static BootImages build(Platform board, MemoryMap map, Chain chain, byte[] kernelDtb, byte[] ubootDtb,
            Optional<byte[]> littleCore, String bootargs) {
        return build(board, map, StageFirmware.choose(chain, map, UserFirmware.NONE, false, FsblChoice.USER), kernelDtb, ubootDtb,
                littleCore, bootargs, true, UserFirmware.NONE);
    }

    /**
     * @param ubootCopiesReservedMemory whether the U-Boot stand-in's arch_fixup_fdt() copies the
     *     firmware's /reserved-memory into the kernel DT (milkv's U-Boot does; sophgo's has the call
     *     commented out). Debian's U-Boot always does.
     * @param stages whose OpenSBI and U-Boot go into fip.bin ({@link StageFirmware#choose})
     * @param user the user's OpenSBI and U-Boot, for the stages that are the user's
     */
    public static BootImages build(Platform board, MemoryMap map, StageFirmware stages, byte[] kernelDtb, byte[] ubootDtb,
            Optional<byte[]> littleCore, String bootargs, boolean ubootCopiesReservedMemory, UserFirmware user) {
        long textBase = map.get("CONFIG_SYS_TEXT_BASE");
        FipImage.Builder fip = FipImage.builder()
                .compression(FipImage.Compression.NONE)
                .bl2(FsblConfig.from(map).patchInto(FixtureImages.fsbl(board.sdk().chipFamily())))
                .ddrParam(new byte[0x2000]);
        littleCore.ifPresent(img -> fip.blcp2nd(img, map.get("FREERTOS_ADDR")));
        boolean fixtureMonitor = stages.opensbi() == StageFirmware.OpenSbi.DUOBOOT_MONITOR;
        fip.monitor(switch (stages.opensbi()) {
            case USERS -> user.opensbi().orElseThrow();
            case DUOBOOT_MONITOR -> FixtureImages.monitorWithDtb(ubootDtb);
            case DEBIAN -> read(DEBIAN_OPENSBI);
        }, map.get("MONITOR_ADDR"));
        // the fixture monitor embeds the U-Boot DT (FW_FDT_PATH); any other OpenSBI finds it placed
        // at OPENSBI_FDT_ADDR (an SDK OpenSBI that embeds one copies its own over it)
        Optional<byte[]> preplaced = fixtureMonitor ? Optional.empty() : Optional.of(ubootDtb.clone());
        byte[] loader = switch (stages.uboot()) {
            case USERS -> userUboot(user.uboot().orElseThrow(), textBase);
            // the fixture does the SDK's sdboot itself: boot.sd from the card (BootCard) through the SD controller
            case DUOBOOT_FIXTURE -> FixtureImages.uboot(new FixtureImages.UbootConfig(map.get("UIMAG_ADDR"),
                    map.get("KERNEL_MEMORY_SIZE"), FDT_PAD, FsblConfig.UART0_BASE, ubootCopiesReservedMemory, true,
                    board.sdk().fitConfiguration(), bootargs));
            // Debian's U-Boot is linked to run at CONFIG_SYS_TEXT_BASE from its first byte, so its
            // loader_2nd header goes 32 bytes below and FSBL's entry (runaddr + 0x20) is its start
            case DEBIAN -> FipImage.withLoader2ndHeader(read(DEBIAN_UBOOT), textBase - FipImage.LOADER_2ND_HEADER_SIZE);
        };
        fip.loader2nd(loader);
        long ubootEntry = loaderRunaddr(loader) + FipImage.LOADER_2ND_HEADER_SIZE;
        byte[] bootSd = FitImage.builder()
                .kernel(FixtureImages.kernelImage(), "none", KERNEL_ADDR)
                .fdt(board.sdk().board(), kernelDtb)
                .sdkConfiguration(board.sdk().board())
                .build();
        return new BootImages(fip.build(), bootSd, preplaced, ubootEntry, board.sdk().fitConfiguration());
    }

    /**
     * A user's own {@code fip.bin}, booted. With {@link FsblChoice#USER} it goes on the card as it
     * is: its own BL2 runs from the mask ROM model, initialises DDR on the modelled controller and
     * loads the rest itself (unpacking an LZMA U-Boot as the SDK's FSBL does). With
     * {@link FsblChoice#DUOBOOT} duoboot's FSBL takes BL2's place and the little-core image,
     * OpenSBI and U-Boot keep their run addresses; a compressed U-Boot is unpacked here, since the
     * fixture FSBL loads raw images only. Either way the board DT is placed at OPENSBI_FDT_ADDR too,
     * for an OpenSBI without an embedded one; an SDK OpenSBI copies its own over it.
     */
    public static BootImages fromUserFip(Platform board, MemoryMap map, FipImage user, FsblChoice fsbl, byte[] kernelDtb,
            byte[] ubootDtb) {
        FipImage.Body monitor = user.body("MONITOR").filter(b -> !b.absent())
                .orElseThrow(() -> new DuobootException(user.name() + ": no MONITOR (OpenSBI) image to boot"));
        FipImage.Loader2ndHeader l2 = user.loader2nd()
                .orElseThrow(() -> new DuobootException(user.name() + ": no LOADER_2ND (U-Boot) image to boot"));
        byte[] card;
        if (fsbl == FsblChoice.USER) {
            card = user.bytes();
        } else {
            FipImage.Builder fip = FipImage.builder()
                    .compression(FipImage.Compression.NONE)
                    .bl2(FsblConfig.from(map).patchInto(FixtureImages.fsbl(board.sdk().chipFamily())))
                    .ddrParam(new byte[0x2000]);
            user.body("BLCP_2ND").filter(b -> !b.absent())
                    .ifPresent(b -> fip.blcp2nd(user.bodyBytes(b), user.param2("BLCP_2ND_RUNADDR")));
            fip.monitor(user.bodyBytes(monitor), user.param2("MONITOR_RUNADDR"));
            fip.loader2nd(FipImage.withLoader2ndHeader(user.loader2ndPayload(), l2.runaddr()));
            card = fip.build();
        }
        byte[] bootSd = FitImage.builder()
                .kernel(FixtureImages.kernelImage(), "none", KERNEL_ADDR)
                .fdt(board.sdk().board(), kernelDtb)
                .sdkConfiguration(board.sdk().board())
                .build();
        return new BootImages(card, bootSd, Optional.of(ubootDtb.clone()), l2.runaddr() + FipImage.LOADER_2ND_HEADER_SIZE,
                board.sdk().fitConfiguration());
    }

    /** The same images with {@code bootSd} as boot.sd (the one on a user's card). */
    public BootImages withBootSd(byte[] bootSd) {
        return new BootImages(fip, bootSd.clone(), prePlacedFdt, ubootEntry, fitConfig);
    }

    /**
     * A user's U-Boot: one that starts with its 32-byte BL33 header (the SDK's fip.bin part) goes
     * in as it is; a plain binary is taken as linked at CONFIG_SYS_TEXT_BASE, like Debian's.
     */
    public static byte[] userUboot(byte[] image, long textBase) {
        if (image.length >= FipImage.LOADER_2ND_HEADER_SIZE && (le32(image, 4) == FipImage.LOADER_2ND_MAGIC_ORIG
                || le32(image, 4) == FipImage.LOADER_2ND_MAGIC_RAW)) {
            return image.clone();
        }
        return FipImage.withLoader2ndHeader(image, textBase - FipImage.LOADER_2ND_HEADER_SIZE);
    }

    public static long loaderRunaddr(byte[] loader) {
        return le32(loader, 16) | (le32(loader, 20) << 32);
    }

    private static long le32(byte[] b, int at) {
        return (b[at] & 0xffL) | (b[at + 1] & 0xffL) << 8 | (b[at + 2] & 0xffL) << 16 | (b[at + 3] & 0xffL) << 24;
    }

    private static byte[] read(Path p) {
        try {
            return Files.readAllBytes(p);
        } catch (IOException e) {
            throw new DuobootException(p + ": cannot read (" + e.getMessage()
                    + "); the real chain needs Debian's opensbi and u-boot-qemu packages, or use --chain fixtures");
        }
    }
}
