package dev.duoboot.flow;

import dev.duoboot.DuobootException;
import dev.duoboot.fdt.DeviceTree;
import dev.duoboot.fdt.Dtb;
import dev.duoboot.platform.Platform;
import dev.duoboot.sdk.ElfFile;
import dev.duoboot.sdk.ElfSymbol;
import dev.duoboot.sdk.FipImage;
import dev.duoboot.sdk.FitImage;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The boot chain without emulation: what FSBL loads where, OpenSBI's and U-Boot's device-tree
 * edits and U-Boot's DTB placement, computed by the same rules duoboot's fixture stages implement
 * (see {@link OpenSbiFixups}, {@link UbootBootm}); then the kernel model with a memory of its own.
 *
 * <p>The chain choice changes one thing here: the size of OpenSBI's firmware region, which becomes
 * {@code mmode_resv0}. Debian's OpenSBI 1.1 reserves 0x80000 (observed on a real 6.1 boot under
 * QEMU); the monitor fixture reserves the power of two around its own {@code _fw_start.._fw_end}.
 * U-Boot's relocation follows the U-Boot fixture for both chains; an emulated boot reports the
 * real one.
 */
public final class StaticChain implements BootChain {

    /** The firmware region Debian's OpenSBI 1.1 fw_dynamic reserves (mmode_resv0 on a real 6.1 boot). */
    static final long DEBIAN_OPENSBI_REGION = 0x80000;

    @Override
    public String description() {
        return "static (no emulation: the stages' rules applied to the inputs)";
    }

    @Override
    public ChainRecord boot(ResolvedInputs in, KernelStage kernel) {
        SparseDram dram = new SparseDram();
        List<StageRecord> stages = new ArrayList<>();
        stages.add(fsbl(in, dram));

        // OpenSBI: the U-Boot DT at OPENSBI_FDT_ADDR, fixed up
        long fdtAddr = in.mm("OPENSBI_FDT_ADDR");
        OpenSbiFixups.Region fw = monitorRegion(in);
        DeviceTree sbiTree = TreeEdits.copy(in.ubootTree(), "U-Boot's DT");
        List<String> sbiActions = new ArrayList<>();
        sbiActions.add(in.chain() == Chain.FIXTURES
                ? String.format("copies the U-Boot DT it embeds (FW_FDT_PATH) to 0x%x (OPENSBI_FDT_ADDR)", fdtAddr)
                : String.format("takes the U-Boot DT at 0x%x (OPENSBI_FDT_ADDR; Debian's OpenSBI embeds none)", fdtAddr));
        sbiActions.add(String.format("protects its firmware region [0x%x, +0x%x) with PMP", fw.base(), fw.size()));
        sbiActions.addAll(OpenSbiFixups.apply(sbiTree, fw, true));
        byte[] sbiDtb = Dtb.write(sbiTree);
        dram.write(fdtAddr, sbiDtb);
        stages.add(new StageRecord("OpenSBI", sbiActions, new MemoryView("OpenSBI", List.of(
                new MemoryRegion(fw.base(), fw.size(), "OpenSBI firmware (PMP)", RegionKind.FIRMWARE),
                new MemoryRegion(fdtAddr, sbiDtb.length, "DT for U-Boot", RegionKind.DTB))),
                Optional.of(new StageRecord.PassedDt("opensbi.dtb", StageRecord.PassedDt.BOARD_UBOOT, fdtAddr, sbiDtb))));

        // U-Boot: bootm of boot.sd
        byte[] fitDtb = in.kernelDtb();
        byte[] kernelImage = FixtureImages.kernelImage();
        byte[] bootSd = FitImage.builder().kernel(kernelImage, "none", KernelStage.LOAD_ADDR).fdt(in.board().sdk().board(), fitDtb)
                .sdkConfiguration(in.board().sdk().board()).build();
        UbootBootm.Env env = new UbootBootm.Env(in.bootargs(), in.mm("KERNEL_MEMORY_SIZE"), BootImages.FDT_PAD,
                in.scenario().ubootCopiesReservedMemory(), KernelStage.LOAD_ADDR, kernelImage.length);
        UbootBootm.Result ub = UbootBootm.run(sbiTree, fitDtb, env);
        dram.write(ub.dtbAddr(), ub.dtb());
        List<String> ubActions = new ArrayList<>();
        ubActions.add(String.format("bootm 0x%x#%s: boot.sd (FIT, %d bytes) loaded at UIMAG_ADDR", in.mm("UIMAG_ADDR"),
                in.board().sdk().fitConfiguration(), bootSd.length));
        ubActions.addAll(ub.actions());
        List<MemoryRegion> ubRegions = new ArrayList<>();
        ubRegions.add(new MemoryRegion(ub.ramBase(), ub.ramTop() - ub.ramBase(), "U-Boot's RAM", RegionKind.RAM));
        ubRegions.add(new MemoryRegion(in.mm("UIMAG_ADDR"), bootSd.length, "boot.sd (FIT)", RegionKind.LOADED));
        ubRegions.add(new MemoryRegion(ub.relocation().relocaddr(), ub.ramTop() - ub.relocation().relocaddr(),
                "U-Boot (relocated)", RegionKind.FIRMWARE));
        for (UbootBootm.Reservation r : ub.reservations()) {
            if (r.what().startsWith("U-Boot")) {
                ubRegions.add(new MemoryRegion(r.base(), ub.relocation().relocaddr() - r.base(), "U-Boot stack", RegionKind.RESERVED));
                continue;
            }
            RegionKind kind = r.what().equals("kernel DTB") ? RegionKind.DTB
                    : r.what().equals("kernel Image") ? RegionKind.LOADED : RegionKind.RESERVED;
            ubRegions.add(new MemoryRegion(r.base(), r.size(), r.what(), kind));
        }
        stages.add(new StageRecord("U-Boot", ubActions, new MemoryView("U-Boot", ubRegions),
                Optional.of(new StageRecord.PassedDt("kernel.dtb", StageRecord.PassedDt.BOARD_KERNEL, ub.dtbAddr(), ub.dtb()))));

        KernelOutcome k = kernel.enter(in, ub.dtb(), ub.dtbAddr(), dram);
        return new ChainRecord(description(), stages, List.of(), k);
    }

    /**
     * FSBL's load_rest(): the little core's image (if FreeRTOS is in the FIP; the C906L is released
     * at once), then OpenSBI, then U-Boot, each at the address the memmap gives it.
     */
    private static StageRecord fsbl(ResolvedInputs in, SparseDram dram) {
        List<String> actions = new ArrayList<>();
        List<MemoryRegion> regions = new ArrayList<>();
        Optional<byte[]> rtos = in.fipLittleCore();
        long vector = in.mm("FSBL_C906L_START_ADDR");
        if (rtos.isPresent()) {
            dram.write(in.mm("FREERTOS_ADDR"), rtos.get());
            regions.add(new MemoryRegion(in.mm("FREERTOS_ADDR"), rtos.get().length, "FreeRTOS (BLCP_2ND)", RegionKind.LOADED));
            // reset_c906l(): hold, program the boot vector, release
            Platform.LittleCoreControl regs = in.board().littleCore();
            dram.write32(regs.vectorEnable().register(), regs.vectorEnable().mask());
            dram.write32(regs.vectorLow(), vector & 0xffffffffL);
            dram.write32(regs.vectorHigh(), vector >>> 32);
            dram.write32(regs.reset().register(), regs.reset().mask());
            actions.add(String.format("loads FreeRTOS (BLCP_2ND, %d bytes) to 0x%x and releases the C906L at 0x%x "
                    + "(FSBL_C906L_START_ADDR)", rtos.get().length, in.mm("FREERTOS_ADDR"), vector));
        } else {
            actions.add("No C906L image: the C906L stays in reset and its boot vector is never programmed");
        }
        long opensbiSize = in.mm("OPENSBI_SIZE");
        regions.add(new MemoryRegion(in.mm("MONITOR_ADDR"), opensbiSize, "OpenSBI (MONITOR)", RegionKind.FIRMWARE));
        long textBase = in.mm("CONFIG_SYS_TEXT_BASE");
        // the fixture carries its loader_2nd header at runaddr; Debian's U-Boot gets one 32 bytes below (BootImages)
        int header = FipImage.LOADER_2ND_HEADER_SIZE;
        long ubootLoad = in.chain() == Chain.FIXTURES ? textBase : textBase - header;
        long ubootSize;
        if (in.userFirmware().uboot().isPresent()) {
            byte[] loader = BootImages.userUboot(in.userFirmware().uboot().get(), textBase);
            ubootLoad = BootImages.loaderRunaddr(loader);
            ubootSize = loader.length;
        } else {
            ubootSize = ubootImageSize(in.chain());
        }
        regions.add(new MemoryRegion(ubootLoad, ubootSize, "U-Boot (LOADER_2ND)", RegionKind.FIRMWARE));
        actions.add(String.format("loads OpenSBI (MONITOR) to 0x%x (MONITOR_ADDR) and U-Boot (LOADER_2ND) to 0x%x "
                + "(CONFIG_SYS_TEXT_BASE), then enters OpenSBI with next_addr 0x%x", in.mm("MONITOR_ADDR"), ubootLoad,
                ubootLoad + header));
        return new StageRecord("FSBL", actions, new MemoryView("FSBL loads", regions), Optional.empty());
    }

    /** The region OpenSBI protects and reports as mmode_resv0 (see the class comment). */
    static OpenSbiFixups.Region monitorRegion(ResolvedInputs in) {
        long base = in.mm("MONITOR_ADDR");
        if (in.userFirmware().opensbi().isPresent()) {
            // inferred from the binary's size (its bss not counted); an emulated boot shows the
            // region this OpenSBI really protects, in the mmode_resv0 node it adds
            return OpenSbiFixups.firmwareRegion(base, in.userFirmware().opensbi().get().length);
        }
        if (in.chain() == Chain.REAL) {
            return OpenSbiFixups.firmwareRegion(base, DEBIAN_OPENSBI_REGION);
        }
        ElfFile mon = ElfFile.parse("monitor/monitor.elf", FixtureImages.resource("monitor/monitor.elf"));
        long start = symbol(mon, "_fw_start");
        return OpenSbiFixups.firmwareRegion(base, symbol(mon, "_fw_end") - start);
    }

    private static long ubootImageSize(Chain chain) {
        if (chain == Chain.FIXTURES) {
            return FixtureImages.resource("uboot/u-boot.bin").length;
        }
        try {
            return Files.size(BootImages.DEBIAN_UBOOT) + FipImage.LOADER_2ND_HEADER_SIZE;
        } catch (IOException e) {
            throw new DuobootException(BootImages.DEBIAN_UBOOT + ": cannot read (" + e.getMessage()
                    + "); the real chain needs Debian's u-boot-qemu package, or use --chain fixtures");
        }
    }

    private static long symbol(ElfFile elf, String name) {
        return elf.symbols().stream().filter(s -> s.name().equals(name)).mapToLong(ElfSymbol::value).findFirst()
                .orElseThrow(() -> new IllegalStateException("monitor fixture has no symbol " + name));
    }
}
