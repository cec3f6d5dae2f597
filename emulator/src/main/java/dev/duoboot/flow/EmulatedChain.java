package dev.duoboot.flow;

import dev.duoboot.EmulationException;
import dev.duoboot.fdt.DeviceTree;
import dev.duoboot.fdt.Dtb;
import dev.duoboot.fdt.RegEntry;
import dev.duoboot.sdk.FipImage;
import dev.duoboot.soc.Machine;
import dev.duoboot.soc.RunLimits;
import dev.duoboot.soc.RunResult;
import dev.duoboot.soc.WriteTracker;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The boot chain run instruction by instruction on the modelled SoC ({@link EmulatedBoot}): the
 * kernel model receives the device tree that really lies at {@code a1} when the kernel Image is
 * entered, remoteproc writes the firmware into the emulated DRAM and releases the C906L through
 * the emulated reset block, and afterwards the C906B's side of the SDK's mailbox test shows
 * whether the little core really runs.
 */
public final class EmulatedChain implements BootChain {

    /** How long the C906B waits for the C906L's answer (the kernel driver waits about as long). */
    static final long MAILBOX_TIMEOUT_TICKS = 25_000_000L / 4; // 250 ms at 25 MHz

    private final RunLimits limits;

    public EmulatedChain(RunLimits limits) {
        this.limits = limits;
    }

    @Override
    public String description() {
        return "emulated (instruction level: mask ROM model, FSBL, OpenSBI, U-Boot on two C906 harts)";
    }

    @Override
    public ChainRecord boot(ResolvedInputs in, KernelStage kernel) {
        BootImages images = in.fip().isPresent()
                ? BootImages.fromUserFip(in.board(), in.memmap(), in.fip().get(), in.kernelDtb(), in.ubootDtb())
                : BootImages.build(in.board(), in.memmap(), in.chain(), in.kernelDtb(), in.ubootDtb(),
                        in.fipLittleCore(), in.bootargs(), in.scenario().ubootCopiesReservedMemory(), in.userFirmware());
        // a user's U-Boot is driven at its prompt like the real chain's
        Chain driving = in.fip().isPresent() || in.userFirmware().uboot().isPresent() ? Chain.REAL : in.chain();
        try (EmulatedBoot boot = EmulatedBoot.prepare(in.board(), in.memmap(), driving, images, in.bootargs())) {
            EmulatedBoot.Outcome out = boot.bootToKernel(limits);
            if (out instanceof EmulatedBoot.Stopped stopped) {
                throw new EmulationException(stoppedMessage(in, boot, stopped));
            }
            EmulatedBoot.KernelEntry entry = ((EmulatedBoot.AtKernel) out).entry();
            KernelOutcome k = kernel.enter(in, entry.dtb(), entry.dtbAddress(), boot.physicalMemory());
            List<StageRecord> stages = stages(in, boot, images);
            if (!boot.machine().isHeld(Machine.HART_C906L)) {
                stages.add(mailboxTest(boot));
            }
            List<ChainRecord.HartConsole> consoles = List.of(
                    new ChainRecord.HartConsole(Machine.HART_C906B, "C906B (hart 0)", boot.machine().console().linesOf(Machine.HART_C906B)),
                    new ChainRecord.HartConsole(Machine.HART_C906L, "C906L (hart 1)", boot.machine().console().linesOf(Machine.HART_C906L)));
            return new ChainRecord(description(), stages, consoles, k);
        }
    }

    /** The C906B asks the C906L for CMD_TEST_A through the mailbox, as the SDK's mailbox test does. */
    private StageRecord mailboxTest(EmulatedBoot boot) {
        int before = boot.machine().console().linesOf(Machine.HART_C906B).size();
        Optional<Long> status = boot.afterKernel(EmulatedBoot.KERNEL_NEXT_MAILBOX_TEST, MAILBOX_TIMEOUT_TICKS,
                limits.withMaxVirtualNanos(limits.maxVirtualNanos() + 1_000_000_000L));
        List<String> said = boot.machine().console().linesOf(Machine.HART_C906B);
        List<String> actions = new ArrayList<>();
        actions.add("the C906B sends CMD_TEST_A to the C906L through the mailbox (rtos_cmdqu) and waits 250 ms");
        actions.addAll(said.subList(Math.min(before, said.size()), said.size()));
        List<String> little = boot.machine().console().linesOf(Machine.HART_C906L);
        String running = little.stream().filter(l -> l.contains("little-core image")).reduce((a, b) -> b)
                .map(l -> " (" + l.strip() + ")").orElse("");
        actions.add(status.map(s -> s == 0 ? "the C906L answered: the little core runs" + running
                : "no valid answer (status " + s + "): the little core does not run the rtos_cmdqu service")
                .orElse("the C906B's test did not finish"));
        return new StageRecord("C906L", actions, new MemoryView("C906L", littleCoreRegions(boot.machine())), Optional.empty());
    }

    /** Where the C906L stood at the end and the DRAM it was first to write in a stage (its data and stack). */
    private static List<MemoryRegion> littleCoreRegions(Machine m) {
        List<MemoryRegion> out = new ArrayList<>();
        for (String stage : m.writes().stages()) {
            for (WriteTracker.Write w : m.writes().stageWrites(stage)) {
                if (w.hart() == Machine.HART_C906L) {
                    out.add(new MemoryRegion(w.base(), w.sizeBytes(),
                            String.format("C906L stored here (first at 0x%x, %s)", w.firstAddress(), stage), RegionKind.LOADED));
                }
            }
        }
        long pc = m.hart(Machine.HART_C906L).pc();
        if (m.board().dram().contains(pc)) {
            out.add(new MemoryRegion(pc, 4, String.format("C906L pc 0x%x at the end", pc), RegionKind.FIRMWARE));
        }
        return out;
    }

    private static String stoppedMessage(ResolvedInputs in, EmulatedBoot boot, EmulatedBoot.Stopped s) {
        List<String> lines = boot.machine().console().linesOf(Machine.HART_C906B);
        String last = lines.isEmpty() ? "(nothing printed)" : lines.get(lines.size() - 1).strip();
        RunResult r = s.run();
        OpenSbiFixups.Region fw = StaticChain.monitorRegion(in);
        long fdt = in.mm("OPENSBI_FDT_ADDR");
        String why = s.stage().equals("OpenSBI") && fdt >= fw.base() && fdt < fw.base() + fw.size()
                ? String.format(" (OPENSBI_FDT_ADDR 0x%x lies inside OpenSBI's firmware region [0x%x, +0x%x); `duoboot check` explains)",
                        fdt, fw.base(), fw.size())
                : "";
        return String.format("the boot stopped in %s before the kernel%s: %s; last console line: \"%s\"", s.stage(), why,
                r.summary(), last);
    }

    /** One record per stage, with what it loaded or wrote and the device tree it passed on. */
    private static List<StageRecord> stages(ResolvedInputs in, EmulatedBoot boot, BootImages images) {
        List<EmulatedBoot.Stage> t = boot.timeline();
        List<StageRecord> out = new ArrayList<>();
        FipImage fip = FipImage.parse("fip.bin", images.fip());
        // FSBL: what it loaded, as param2 says and the machine saw it written
        List<MemoryRegion> fsbl = new ArrayList<>();
        List<String> fsblActions = new ArrayList<>();
        long rtos = fip.param2("BLCP_2ND_RUNADDR");
        if (rtos != 0) {
            fsbl.add(new MemoryRegion(rtos, fip.param2("BLCP_2ND_SIZE"), "FreeRTOS (BLCP_2ND)", RegionKind.LOADED));
            fsblActions.add(String.format("loaded FreeRTOS to 0x%x and released the C906L there", rtos));
        } else {
            fsblActions.add("No C906L image: the C906L stays in reset");
        }
        fsbl.add(new MemoryRegion(fip.param2("MONITOR_RUNADDR"), fip.param2("MONITOR_SIZE"), "OpenSBI (MONITOR)", RegionKind.FIRMWARE));
        FipImage.Loader2ndHeader l2 = fip.loader2nd().orElseThrow();
        fsbl.add(new MemoryRegion(l2.runaddr(), l2.size(), "U-Boot (LOADER_2ND)", RegionKind.FIRMWARE));
        fsblActions.add(String.format("loaded OpenSBI to 0x%x and U-Boot to 0x%x", fip.param2("MONITOR_RUNADDR"), l2.runaddr()));
        stage(t, "OpenSBI").ifPresent(s -> fsblActions.add(String.format(
                "entered OpenSBI at 0x%x in %s mode with a0=0x%x a1=0x%x a2=0x%x", s.entry(), s.privilege(), s.a0(), s.a1(), s.a2())));
        fsblActions.addAll(writes(boot, "FSBL"));
        out.add(new StageRecord("FSBL", fsblActions, new MemoryView("FSBL loads", fsbl), Optional.empty()));

        // OpenSBI: its firmware region as it reports it (mmode_resv0), and the DT it hands to U-Boot
        Optional<EmulatedBoot.Stage> ub = stage(t, "U-Boot");
        List<MemoryRegion> sbi = new ArrayList<>();
        List<String> sbiActions = new ArrayList<>();
        Optional<StageRecord.PassedDt> sbiDt = Optional.empty();
        if (ub.isPresent() && ub.get().deviceTree().isPresent()) {
            byte[] blob = ub.get().deviceTree().get();
            DeviceTree dt = Dtb.read(blob, "OpenSBI's DT");
            firmwareRegion(dt).ifPresent(r -> sbi.add(r));
            sbi.add(new MemoryRegion(ub.get().a1(), blob.length, "DT for U-Boot", RegionKind.DTB));
            sbiActions.add(String.format("entered U-Boot at 0x%x in %s mode with a0=0x%x a1=0x%x", ub.get().entry(),
                    ub.get().privilege(), ub.get().a0(), ub.get().a1()));
            sbiDt = Optional.of(new StageRecord.PassedDt("opensbi.dtb", StageRecord.PassedDt.BOARD_UBOOT, ub.get().a1(), blob));
        }
        sbiActions.addAll(writes(boot, "OpenSBI"));
        out.add(new StageRecord("OpenSBI", sbiActions, new MemoryView("OpenSBI", sbi), sbiDt));

        // U-Boot: boot.sd, the kernel, and where it put the kernel's DT
        Optional<EmulatedBoot.Stage> kernel = stage(t, "kernel");
        List<MemoryRegion> ubr = new ArrayList<>();
        List<String> ubActions = new ArrayList<>();
        ubr.add(new MemoryRegion(in.mm("UIMAG_ADDR"), images.bootSd().length, "boot.sd (FIT)", RegionKind.LOADED));
        ubActions.add(String.format("boot.sd placed at 0x%x (UIMAG_ADDR) as fatload would; bootm 0x%x#%s", in.mm("UIMAG_ADDR"),
                in.mm("UIMAG_ADDR"), images.fitConfig()));
        Optional<StageRecord.PassedDt> kDt = Optional.empty();
        if (kernel.isPresent() && kernel.get().deviceTree().isPresent()) {
            byte[] blob = kernel.get().deviceTree().get();
            ubr.add(new MemoryRegion(BootImages.KERNEL_ADDR, FixtureImages.kernelImage().length, "kernel Image", RegionKind.LOADED));
            ubr.add(new MemoryRegion(kernel.get().a1(), blob.length, "kernel DTB", RegionKind.DTB));
            ubActions.add(String.format("entered the kernel at 0x%x in %s mode with a0=0x%x a1=0x%x (the DTB, %d bytes)",
                    kernel.get().entry(), kernel.get().privilege(), kernel.get().a0(), kernel.get().a1(), blob.length));
            kDt = Optional.of(new StageRecord.PassedDt("kernel.dtb", StageRecord.PassedDt.BOARD_KERNEL, kernel.get().a1(), blob));
        }
        ubActions.addAll(writes(boot, "U-Boot"));
        relocation(boot).ifPresent(r -> {
            ubr.add(r);
            ubActions.add(String.format("relocated itself into [0x%x, +0x%x) (its highest stores, in %d KiB granules)",
                    r.base(), r.size(), boot.machine().writes().granuleBytes() >> 10));
        });
        out.add(new StageRecord("U-Boot", ubActions, new MemoryView("U-Boot", ubr), kDt));
        return out;
    }

    /**
     * Where U-Boot went after board_init_f: its relocated copy, heap and stack sit at the top of
     * the RAM it knows, so its highest range of stores is that place, to the tracker's granule.
     */
    private static Optional<MemoryRegion> relocation(EmulatedBoot boot) {
        return boot.machine().writes().stageWrites("U-Boot").stream().filter(w -> w.hart() == Machine.HART_C906B)
                .max((a, b) -> Long.compareUnsigned(a.base(), b.base()))
                .map(w -> new MemoryRegion(w.base(), w.sizeBytes(), "U-Boot (relocated)", RegionKind.FIRMWARE));
    }

    private static Optional<EmulatedBoot.Stage> stage(List<EmulatedBoot.Stage> t, String name) {
        return t.stream().filter(s -> s.name().equals(name)).findFirst();
    }

    /** OpenSBI's mmode_resv* node: the region it keeps from the next stages. */
    private static Optional<MemoryRegion> firmwareRegion(DeviceTree dt) {
        return dt.node("/reserved-memory").flatMap(rm -> rm.children().stream()
                .filter(n -> n.baseName().startsWith("mmode_resv")).findFirst())
                .flatMap(n -> n.reg().stream().findFirst()
                        .map(r -> new MemoryRegion(r.address(), r.size(), "OpenSBI firmware (" + n.name() + ")", RegionKind.FIRMWARE)));
    }

    /** What the write tracker saw the stage write, granule by granule. */
    private static List<String> writes(EmulatedBoot boot, String stageName) {
        List<String> out = new ArrayList<>();
        for (WriteTracker.Write w : boot.machine().writes().stageWrites(stageName)) {
            out.add(String.format("wrote DRAM in [0x%x, +0x%x) (first at 0x%x, %s)", w.base(), w.sizeBytes(), w.firstAddress(),
                    w.hart() < 0 ? w.writer() : "hart " + w.hart()));
        }
        return out;
    }
}
