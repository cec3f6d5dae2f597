package dev.duoboot.boot;

import dev.duoboot.fdt.DeviceTree;
import dev.duoboot.fdt.Dtb;
import dev.duoboot.fdt.FdtBlob;
import dev.duoboot.fdt.FdtEdits;
import dev.duoboot.firmware.Chain;
import dev.duoboot.firmware.StageFirmware;
import dev.duoboot.scenario.ResolvedInputs;
import dev.duoboot.soc.HartView;
import dev.duoboot.soc.Machine;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * OpenSBI, FSBL's "monitor": entered at MONITOR_ADDR in M mode with the U-Boot DT at
 * OPENSBI_FDT_ADDR (carried in its image, FW_FDT_PATH, or placed there); it protects its own
 * region with PMP, fixes the DT up ({@link OpenSbiFixups}) and enters U-Boot in S mode with it.
 */
public final class OpenSbiStage implements Stage {

    @Override
    public StageId id() {
        return StageId.OPENSBI;
    }

    @Override
    public List<Long> entryAddresses(EmulatedBoot boot) {
        return List.of(boot.inputs().mm("MONITOR_ADDR"));
    }

    /** FSBL jumping to MONITOR_ADDR on the C906B; the DT is the one placed for it or the one its image carries. */
    @Override
    public Optional<Arrival> recognise(EmulatedBoot boot, HartView hart) {
        if (hart.id() != Machine.HART_C906B || boot.current() != StageId.FSBL) {
            return Optional.empty();
        }
        return Optional.of(new Arrival(boot.images().prePlacedFdt().or(() -> Optional.of(embeddedFdt(boot)))));
    }

    /** The FW_FDT_PATH blob an SDK-style OpenSBI carries: offset at +8, size at +16 of its head. */
    private static byte[] embeddedFdt(EmulatedBoot boot) {
        Machine m = boot.machine();
        long monitor = boot.inputs().mm("MONITOR_ADDR");
        ByteBuffer b = ByteBuffer.wrap(m.read(monitor, 32)).order(ByteOrder.LITTLE_ENDIAN);
        return m.read(monitor + b.getInt(8), b.getInt(16));
    }

    /** Its firmware region as it reports it (mmode_resv0), and the DT it handed to U-Boot. */
    @Override
    public StageRecord describe(EmulatedBoot boot) {
        Optional<HandOff> ub = boot.handOff(StageId.UBOOT);
        List<MemoryRegion> regions = new ArrayList<>();
        List<StageEvent> events = new ArrayList<>();
        Optional<StageRecord.PassedDt> passed = Optional.empty();
        if (ub.isPresent() && ub.get().deviceTree().isPresent()) {
            FdtBlob dt = FdtBlob.read(ub.get().deviceTree().get(), "OpenSBI's DT");
            firmwareRegion(dt.tree()).ifPresent(regions::add);
            regions.add(new MemoryRegion(ub.get().a1(), dt.size(), "DT for U-Boot", RegionKind.DTB));
            events.add(ub.get().entered(false, false));
            passed = Optional.of(new StageRecord.PassedDt("opensbi.dtb", StageRecord.BoardDt.UBOOT, ub.get().a1(), dt));
        }
        events.addAll(boot.writes(StageId.OPENSBI));
        return new StageRecord(id(), events, new MemoryView("OpenSBI", regions), passed);
    }

    /** OpenSBI's mmode_resv* node: the region it keeps from the next stages. */
    private static Optional<MemoryRegion> firmwareRegion(DeviceTree dt) {
        return dt.node("/reserved-memory").flatMap(rm -> rm.children().stream()
                .filter(n -> n.baseName().startsWith("mmode_resv")).findFirst())
                .flatMap(n -> n.reg().stream().findFirst()
                        .map(r -> new MemoryRegion(r.address(), r.size(), "OpenSBI firmware (" + n.name() + ")", RegionKind.FIRMWARE)));
    }

    /** The U-Boot DT at OPENSBI_FDT_ADDR, fixed up as generic_final_init() does, handed to U-Boot. */
    @Override
    public StageRecord simulate(StaticBoot boot) {
        ResolvedInputs in = boot.inputs();
        long fdtAddr = in.mm("OPENSBI_FDT_ADDR");
        OpenSbiFixups.Region fw = ChainFirmware.monitorRegion(in);
        DeviceTree tree = FdtEdits.copy(boot.controlDt(), "U-Boot's DT");
        List<StageEvent> events = new ArrayList<>();
        events.add(new StageEvent.ControlDt(fdtAddr, in.stages().opensbi() == StageFirmware.OpenSbi.DUOBOOT_MONITOR));
        events.add(new StageEvent.Protects(fw.base(), fw.size()));
        OpenSbiFixups.apply(tree, fw, true).forEach(line -> events.add(new StageEvent.Note(line)));
        FdtBlob dt = new FdtBlob(Dtb.write(tree), tree);
        boot.dram().write(fdtAddr, dt.blob());
        boot.passControlDt(tree);
        return new StageRecord(id(), events, new MemoryView("OpenSBI", List.of(
                new MemoryRegion(fw.base(), fw.size(), "OpenSBI firmware (PMP)", RegionKind.FIRMWARE),
                new MemoryRegion(fdtAddr, dt.size(), "DT for U-Boot", RegionKind.DTB))),
                Optional.of(new StageRecord.PassedDt("opensbi.dtb", StageRecord.BoardDt.UBOOT, fdtAddr, dt)));
    }
}
