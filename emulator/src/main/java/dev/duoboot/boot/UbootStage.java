package dev.duoboot.boot;

import dev.duoboot.fdt.FdtBlob;
import dev.duoboot.firmware.BootImages;
import dev.duoboot.firmware.FixtureImages;
import dev.duoboot.scenario.ResolvedInputs;
import dev.duoboot.sdk.FitImage;
import dev.duoboot.soc.HartView;
import dev.duoboot.soc.Machine;
import dev.duoboot.soc.WriteTracker;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * U-Boot: entered by OpenSBI in S mode with its control DT in {@code a1}; relocates itself to the
 * top of the RAM that DT gives it, reads {@code boot.sd} to UIMAG_ADDR (the SDK's {@code sdboot}:
 * {@code fatload mmc 0 ${uImage_addr} boot.sd}) and runs {@code bootm ${uImage_addr}#config-...},
 * which places the kernel's DTB ({@link UbootBootm}) and enters the kernel Image.
 */
public final class UbootStage implements Stage {

    @Override
    public StageId id() {
        return StageId.UBOOT;
    }

    @Override
    public List<Long> entryAddresses(EmulatedBoot boot) {
        return List.of(boot.images().ubootEntry());
    }

    /** OpenSBI jumping to U-Boot's entry on the C906B, the DT in a1. */
    @Override
    public Optional<Arrival> recognise(EmulatedBoot boot, HartView hart) {
        if (hart.id() != Machine.HART_C906B || boot.current() != StageId.OPENSBI) {
            return Optional.empty();
        }
        return Optional.of(new Arrival(Optional.of(boot.readFdt(hart.a(1)))));
    }

    /**
     * U-Boot first runs its own {@code bootcmd}: the SDK's sdboot (and the fixture's) reads boot.sd
     * from the card itself, and the run stops only if it comes back to its prompt ({@link #atPrompt}).
     */
    @Override
    public void entered(EmulatedBoot boot) {
        boot.stopAtPrompt();
    }

    /**
     * U-Boot waits at its prompt. One that drove the SD controller tried the card itself, and its
     * prompt is where its boot ended (false: the boot stops here, in its words). One that never
     * touched it has no driver for it (Debian's QEMU build): duoboot places boot.sd as the SDK's
     * fatload would and types the SDK's environment and boot command (true: run on), once.
     */
    static boolean atPrompt(EmulatedBoot boot) {
        if (boot.machine().sdControllerUsed() || boot.bootSdPlaced() || !boot.typesAtPrompt()) {
            return false;
        }
        boot.placeBootSd();
        boot.machine().console().script(0, commands(boot));
        boot.stopAtPrompt();
        return true;
    }

    /**
     * What is typed at a real U-Boot's prompt: the SDK's environment, then its boot command.
     * Debian's QEMU build sets {@code fdt_high} and {@code initrd_high} to ~0 (boot the DTB in
     * place); the SDK's U-Boot sets neither and bounds bootm by CONFIG_SYS_BOOTMAPSZ =
     * KERNEL_MEMORY_SIZE, so the DTB is relocated below the top of the kernel's memory.
     */
    private static String commands(EmulatedBoot boot) {
        ResolvedInputs in = boot.inputs();
        return "setenv fdt_high\n"
                + "setenv initrd_high\n"
                + String.format("setenv bootm_size 0x%x\n", in.mm("KERNEL_MEMORY_SIZE"))
                + "setenv bootargs '" + in.bootargs() + "'\n"
                + String.format("bootm 0x%x#%s\n", in.mm("UIMAG_ADDR"), boot.images().fitConfig());
    }

    /** boot.sd, the kernel, and where U-Boot put the kernel's DT and itself. */
    @Override
    public StageRecord describe(EmulatedBoot boot) {
        ResolvedInputs in = boot.inputs();
        Optional<HandOff> kernel = boot.handOff(StageId.KERNEL);
        List<MemoryRegion> regions = new ArrayList<>();
        List<StageEvent> events = new ArrayList<>();
        if (boot.bootSdPlaced()) {
            regions.add(new MemoryRegion(in.mm("UIMAG_ADDR"), boot.images().bootSd().length, "boot.sd (FIT)", RegionKind.LOADED));
            events.add(new StageEvent.BootSdPlaced(in.mm("UIMAG_ADDR"), boot.images().fitConfig(), boot.typesAtPrompt()));
        } else if (boot.machine().sdControllerUsed()) {
            regions.add(new MemoryRegion(in.mm("UIMAG_ADDR"), boot.images().bootSd().length, "boot.sd (FIT)", RegionKind.LOADED));
            events.add(new StageEvent.ReadTheCard(boot.card().name()));
        }
        Optional<StageRecord.PassedDt> passed = Optional.empty();
        if (kernel.isPresent() && kernel.get().deviceTree().isPresent()) {
            FdtBlob dt = FdtBlob.read(kernel.get().deviceTree().get(), "the kernel's DTB");
            regions.add(new MemoryRegion(BootImages.KERNEL_ADDR, FixtureImages.kernelImage().length, "kernel Image", RegionKind.LOADED));
            regions.add(new MemoryRegion(kernel.get().a1(), dt.size(), "kernel DTB", RegionKind.DTB));
            events.add(kernel.get().entered(false, true));
            passed = Optional.of(new StageRecord.PassedDt("kernel.dtb", StageRecord.BoardDt.KERNEL, kernel.get().a1(), dt));
        }
        events.addAll(boot.writes(StageId.UBOOT));
        relocation(boot).ifPresent(r -> {
            regions.add(r);
            events.add(new StageEvent.Relocated(r.base(), r.size(), boot.machine().writes().granuleBytes()));
        });
        return new StageRecord(id(), events, new MemoryView("U-Boot", regions), passed);
    }

    /**
     * Where U-Boot went after board_init_f: its relocated copy, heap and stack sit at the top of
     * the RAM it knows, so its highest range of stores is that place, to the tracker's granule.
     */
    private static Optional<MemoryRegion> relocation(EmulatedBoot boot) {
        return boot.machine().writes().writes(boot.phase(StageId.UBOOT)).stream().filter(w -> w.hart() == Machine.HART_C906B)
                .max((a, b) -> Long.compareUnsigned(a.base(), b.base()))
                .map((WriteTracker.Write w) -> new MemoryRegion(w.base(), w.sizeBytes(), "U-Boot (relocated)", RegionKind.FIRMWARE));
    }

    /** bootm of boot.sd: the kernel's DTB placed and edited as U-Boot 2021.10 does ({@link UbootBootm}). */
    @Override
    public StageRecord simulate(StaticBoot boot) {
        ResolvedInputs in = boot.inputs();
        byte[] fitDtb = in.kernelDtb();
        byte[] kernelImage = FixtureImages.kernelImage();
        byte[] bootSd = FitImage.builder().kernel(kernelImage, "none", BootImages.KERNEL_ADDR).fdt(in.board().sdk().board(), fitDtb)
                .sdkConfiguration(in.board().sdk().board()).build();
        UbootBootm.Env env = new UbootBootm.Env(in.bootargs(), in.mm("KERNEL_MEMORY_SIZE"), BootImages.FDT_PAD,
                in.scenario().ubootCopiesReservedMemory(), BootImages.KERNEL_ADDR, kernelImage.length);
        UbootBootm.Result ub = UbootBootm.run(boot.controlDt(), fitDtb, env);
        FdtBlob dt = FdtBlob.read(ub.dtb(), "the kernel's DTB");
        boot.placeKernelDt(dt, ub.dtbAddr());
        List<StageEvent> events = new ArrayList<>();
        events.add(new StageEvent.Bootm(in.mm("UIMAG_ADDR"), in.board().sdk().fitConfiguration(), bootSd.length));
        ub.actions().forEach(line -> events.add(new StageEvent.Note(line)));
        List<MemoryRegion> regions = new ArrayList<>();
        regions.add(new MemoryRegion(ub.ramBase(), ub.ramTop() - ub.ramBase(), "U-Boot's RAM", RegionKind.RAM));
        regions.add(new MemoryRegion(in.mm("UIMAG_ADDR"), bootSd.length, "boot.sd (FIT)", RegionKind.LOADED));
        regions.add(new MemoryRegion(ub.relocation().relocaddr(), ub.ramTop() - ub.relocation().relocaddr(),
                "U-Boot (relocated)", RegionKind.FIRMWARE));
        for (UbootBootm.Reservation r : ub.reservations()) {
            switch (r.use()) {
                case UBOOT_STACK -> regions.add(new MemoryRegion(r.base(), ub.relocation().relocaddr() - r.base(), "U-Boot stack",
                        RegionKind.RESERVED));
                case KERNEL_DTB -> regions.add(new MemoryRegion(r.base(), r.size(), r.what(), RegionKind.DTB));
                case KERNEL_IMAGE -> regions.add(new MemoryRegion(r.base(), r.size(), r.what(), RegionKind.LOADED));
                case MEMRESERVE, RESERVED_MEMORY -> regions.add(new MemoryRegion(r.base(), r.size(), r.what(), RegionKind.RESERVED));
            }
        }
        return new StageRecord(id(), events, new MemoryView("U-Boot", regions),
                Optional.of(new StageRecord.PassedDt("kernel.dtb", StageRecord.BoardDt.KERNEL, ub.dtbAddr(), dt)));
    }
}
