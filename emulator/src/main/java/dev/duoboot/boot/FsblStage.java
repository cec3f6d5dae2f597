package dev.duoboot.boot;

import dev.duoboot.firmware.BootImages;
import dev.duoboot.firmware.Chain;
import dev.duoboot.firmware.StageFirmware;
import dev.duoboot.platform.Platform;
import dev.duoboot.scenario.ResolvedInputs;
import dev.duoboot.sdk.FipImage;
import dev.duoboot.soc.HartView;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * FSBL (BL2): entered by the mask ROM at power-on; its {@code load_rest()} loads the little core's
 * image and releases the C906L (when FreeRTOS is in the FIP), loads OpenSBI and U-Boot where
 * fip.bin's param2 says, and enters OpenSBI.
 */
public final class FsblStage implements Stage {

    @Override
    public StageId id() {
        return StageId.FSBL;
    }

    @Override
    public List<Long> entryAddresses(EmulatedBoot boot) {
        return List.of(); // the mask ROM enters it (Machine.powerOn)
    }

    @Override
    public Optional<Arrival> recognise(EmulatedBoot boot, HartView hart) {
        return Optional.empty();
    }

    /** What param2 says FSBL loaded, as the machine saw it written. */
    @Override
    public StageRecord describe(EmulatedBoot boot) {
        FipImage fip = FipImage.parse("fip.bin", boot.images().fip());
        List<MemoryRegion> regions = new ArrayList<>();
        List<StageEvent> events = new ArrayList<>();
        long rtos = fip.param2("BLCP_2ND_RUNADDR");
        if (rtos != 0) {
            regions.add(new MemoryRegion(rtos, fip.param2("BLCP_2ND_SIZE"), "FreeRTOS (BLCP_2ND)", RegionKind.LOADED));
            events.add(new StageEvent.LittleCoreReleased(rtos));
        } else {
            events.add(new StageEvent.NoLittleCoreImage(false));
        }
        regions.add(new MemoryRegion(fip.param2("MONITOR_RUNADDR"), fip.param2("MONITOR_SIZE"), "OpenSBI (MONITOR)",
                RegionKind.FIRMWARE));
        FipImage.Loader2ndHeader l2 = fip.loader2nd().orElseThrow();
        regions.add(new MemoryRegion(l2.runaddr(), l2.size(), "U-Boot (LOADER_2ND)", RegionKind.FIRMWARE));
        events.add(new StageEvent.FirmwareLoaded(fip.param2("MONITOR_RUNADDR"), l2.runaddr()));
        boot.handOff(StageId.OPENSBI).ifPresent(h -> events.add(h.entered(true, false)));
        events.addAll(boot.writes(StageId.FSBL));
        return new StageRecord(id(), events, new MemoryView("FSBL loads", regions), Optional.empty());
    }

    /**
     * load_rest(): the little core's image (if FreeRTOS is in the FIP; the C906L is released at
     * once, as reset_c906l() does), then OpenSBI, then U-Boot, each where the memmap puts it.
     */
    @Override
    public StageRecord simulate(StaticBoot boot) {
        ResolvedInputs in = boot.inputs();
        List<StageEvent> events = new ArrayList<>();
        List<MemoryRegion> regions = new ArrayList<>();
        Optional<byte[]> rtos = in.fipLittleCore();
        long vector = in.mm("FSBL_C906L_START_ADDR");
        if (rtos.isPresent()) {
            boot.dram().write(in.mm("FREERTOS_ADDR"), rtos.get());
            regions.add(new MemoryRegion(in.mm("FREERTOS_ADDR"), rtos.get().length, "FreeRTOS (BLCP_2ND)", RegionKind.LOADED));
            // reset_c906l(): hold, program the boot vector, release
            Platform.LittleCoreControl regs = in.board().littleCore();
            boot.dram().write32(regs.vectorEnable().register(), regs.vectorEnable().mask());
            boot.dram().write32(regs.vectorLow(), vector & 0xffffffffL);
            boot.dram().write32(regs.vectorHigh(), vector >>> 32);
            boot.dram().write32(regs.reset().register(), regs.reset().mask());
            events.add(new StageEvent.LittleCorePlanned(rtos.get().length, in.mm("FREERTOS_ADDR"), vector));
        } else {
            events.add(new StageEvent.NoLittleCoreImage(true));
        }
        regions.add(new MemoryRegion(in.mm("MONITOR_ADDR"), in.mm("OPENSBI_SIZE"), "OpenSBI (MONITOR)", RegionKind.FIRMWARE));
        long textBase = in.mm("CONFIG_SYS_TEXT_BASE");
        // the fixture carries its loader_2nd header at runaddr; Debian's U-Boot gets one 32 bytes below (BootImages)
        int header = FipImage.LOADER_2ND_HEADER_SIZE;
        long ubootLoad = in.stages().uboot() == StageFirmware.Uboot.DUOBOOT_FIXTURE ? textBase : textBase - header;
        long ubootSize;
        if (in.userFirmware().uboot().isPresent()) {
            byte[] loader = BootImages.userUboot(in.userFirmware().uboot().get(), textBase);
            ubootLoad = BootImages.loaderRunaddr(loader);
            ubootSize = loader.length;
        } else {
            ubootSize = ChainFirmware.ubootImageSize(in.stages().uboot());
        }
        regions.add(new MemoryRegion(ubootLoad, ubootSize, "U-Boot (LOADER_2ND)", RegionKind.FIRMWARE));
        events.add(new StageEvent.FirmwarePlanned(in.mm("MONITOR_ADDR"), ubootLoad, ubootLoad + header));
        return new StageRecord(id(), events, new MemoryView("FSBL loads", regions), Optional.empty());
    }
}
