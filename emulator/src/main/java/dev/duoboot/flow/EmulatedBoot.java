package dev.duoboot.flow;

import dev.duoboot.EmulationException;
import dev.duoboot.cpu.C906Hart;
import dev.duoboot.cpu.FetchHandler;
import dev.duoboot.cpu.Privilege;
import dev.duoboot.linux.PhysicalMemory;
import dev.duoboot.platform.Platform;
import dev.duoboot.platform.Region;
import dev.duoboot.sdk.MemoryMap;
import dev.duoboot.soc.Machine;
import dev.duoboot.soc.RunLimits;
import dev.duoboot.soc.RunResult;
import dev.duoboot.soc.WriteTracker;
import dev.duoboot.soc.device.BootMedium;
import dev.duoboot.soc.device.BootRom;
import dev.duoboot.unicorn.RiscvRegister;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The dual-core boot on the modelled SoC, stage by stage, as the SDK runs it: the mask ROM loads
 * FSBL from {@code fip.bin}; FSBL loads the little core's image and releases the C906L, loads
 * OpenSBI and U-Boot and enters OpenSBI; OpenSBI fixes up the device tree and enters U-Boot in S
 * mode; U-Boot reads {@code boot.sd} (placed at UIMAG_ADDR as its {@code fatload} would) and runs
 * the SDK's {@code bootm ${uImage_addr}#config-...}, which enters the kernel Image. The Image is
 * duoboot's stub: at its entry the run stops and the caller hands the device tree in {@code a1} to
 * the Linux model ({@link #bootToKernel}); afterwards {@link #afterKernel} lets hart 0 run the
 * C906B's side of the mailbox test.
 *
 * <p>Every hand-off is recorded ({@link #timeline()}): stage, hart, privilege, entry PC, the
 * argument registers, the DRAM the previous stage wrote, and the device tree passed on.
 */
public final class EmulatedBoot implements AutoCloseable {

    /** One hand-off: who starts, where, with what, after what the previous stage wrote. */
    public record Stage(String name, int hart, Privilege privilege, long entry, long a0, long a1, long a2,
            long virtualNanos, List<WriteTracker.Write> previousStageWrites, Optional<byte[]> deviceTree) {}

    /** Where the kernel was entered and the device tree it received. */
    public record KernelEntry(long entry, long hartId, long dtbAddress, byte[] dtb, long virtualNanos) {}

    /** How {@link #bootToKernel} ended: at the kernel's entry, or not (with the machine's reason). */
    public sealed interface Outcome {}

    public record AtKernel(KernelEntry entry) implements Outcome {}

    public record Stopped(RunResult run, String stage) implements Outcome {}

    /** The hypercalls of the kernel stub (firmware-fixtures/src/kernel/hypercall.h). */
    static final int HC_KERNEL_ENTRY = 0x0010002b;
    static final int HC_KERNEL_DONE = 0x0020002b;
    static final int IMAGE_MAGIC2 = 0x05435352; // "RSC\x05" at +0x38 of a RISC-V Image
    public static final long KERNEL_NEXT_STOP = 0;
    public static final long KERNEL_NEXT_MAILBOX_TEST = 1;

    private final Machine machine;
    private final MemoryMap map;
    private final Chain chain;
    private final BootImages images;
    private final String bootargs;
    private final List<Stage> timeline = new ArrayList<>();
    private final BootRom rom;
    private String stage = "ROM";
    private KernelEntry kernel;
    private boolean kernelDone;
    private long kernelStatus;

    private EmulatedBoot(Platform board, MemoryMap map, Chain chain, BootImages images, String bootargs) {
        this.machine = Machine.create(board);
        this.map = map;
        this.chain = chain;
        this.images = images;
        this.bootargs = bootargs;
        this.rom = new BootRom(board.bootRom(), BootMedium.sdCard(images.fip()), new BootRom.Bus() {
            @Override
            public byte[] read(long address, int length) {
                return machine.read(address, length);
            }

            @Override
            public void write(long address, byte[] data) {
                machine.load(address, data, "mask ROM load_image for " + stage);
            }
        }, text -> machine.console().print(0, Machine.HART_C906B, text));
    }

    /** A machine with the SD card holding {@code images}, both cores held in reset. */
    public static EmulatedBoot prepare(Platform board, MemoryMap map, Chain chain, BootImages images, String bootargs) {
        return new EmulatedBoot(board, map, chain, images, bootargs);
    }

    public Machine machine() {
        return machine;
    }

    public List<Stage> timeline() {
        return List.copyOf(timeline);
    }

    public Optional<KernelEntry> kernelEntry() {
        return Optional.ofNullable(kernel);
    }

    /** Runs from reset until the kernel's entry (or until something stops the boot first). */
    public Outcome bootToKernel(RunLimits limits) {
        C906Hart hart0 = machine.hart(Machine.HART_C906B);
        machine.load(rom.layout().romBase(), rom.image(), "mask ROM");
        rom.install(hart0, (h, work) -> {
            deferred = work;
            machine.requestStop("mask ROM load_image");
            return FetchHandler.Action.STOP;
        });
        images.prePlacedFdt().ifPresent(fdt ->
                machine.load(map.get("OPENSBI_FDT_ADDR"), fdt, "OpenSBI FW_FDT_PATH copy (pre-placed: Debian's fw_dynamic.bin embeds no DT)"));
        Optional<BootRom.Refusal> refused = rom.coldBoot(hart0);
        if (refused.isPresent()) {
            throw new EmulationException("mask ROM (modelled): " + refused.get().reason());
        }
        machine.startHart(Machine.HART_C906B, hart0.pc());
        hart0.setPrivilege(Privilege.MACHINE);
        handOff("FSBL", hart0, Optional.empty());

        long monitor = map.get("MONITOR_ADDR");
        long kernelAddr = BootImages.KERNEL_ADDR;
        machine.onFetch(monitor, h -> {
            if (h.id() == Machine.HART_C906B && stage.equals("FSBL")) {
                return pause(new Pending("OpenSBI", images.prePlacedFdt().or(() -> Optional.of(embeddedMonitorFdt()))));
            }
            return FetchHandler.Action.CONTINUE;
        });
        // U-Boot's entry and the kernel's are the same address in the real chain (Debian's U-Boot is
        // linked at CONFIG_SYS_TEXT_BASE): one handler tells them apart by the Image header
        machine.onFetch(images.ubootEntry(), h -> onUbootOrKernel(h, kernelAddr));
        if (images.ubootEntry() != kernelAddr) {
            machine.onFetch(kernelAddr, h -> onUbootOrKernel(h, kernelAddr));
        }
        while (true) {
            RunResult run = machine.run(limits);
            if (deferred != null) {
                Runnable work = deferred;
                deferred = null;
                work.run();
                continue;
            }
            if (pending == null) {
                return new Stopped(run, stage);
            }
            Pending p = pending;
            pending = null;
            handOff(p.stage(), machine.hart(Machine.HART_C906B), p.fdt());
            switch (p.stage()) {
                case "U-Boot" -> {
                    // what the SDK's sdboot does before bootm: fatload mmc 0 ${uImage_addr} boot.sd
                    machine.load(map.get("UIMAG_ADDR"), images.bootSd(), "U-Boot fatload boot.sd (modelled)");
                    if (chain == Chain.REAL) {
                        machine.console().script(0, ubootCommands());
                    }
                }
                case "kernel" -> {
                    return new AtKernel(kernel);
                }
                default -> { }
            }
        }
    }

    /**
     * What is typed at the real U-Boot's prompt: the SDK's environment, then its boot command.
     * Debian's QEMU build sets {@code fdt_high} and {@code initrd_high} to ~0 (boot the DTB in
     * place); the SDK's U-Boot sets neither and bounds bootm by CONFIG_SYS_BOOTMAPSZ =
     * KERNEL_MEMORY_SIZE, so the DTB is relocated below the top of the kernel's memory.
     */
    private String ubootCommands() {
        return "setenv fdt_high\n"
                + "setenv initrd_high\n"
                + String.format("setenv bootm_size 0x%x\n", map.get("KERNEL_MEMORY_SIZE"))
                + "setenv bootargs '" + bootargs + "'\n"
                + String.format("bootm 0x%x#%s\n", map.get("UIMAG_ADDR"), images.fitConfig());
    }

    /** A hand-off seen inside a fetch hook, applied once the run has stopped (no remapping inside hooks). */
    private record Pending(String stage, Optional<byte[]> fdt) {}

    private Pending pending;
    private Runnable deferred;

    private FetchHandler.Action pause(Pending p) {
        pending = p;
        machine.requestStop("hand-off to " + p.stage());
        return FetchHandler.Action.STOP;
    }

    private FetchHandler.Action onUbootOrKernel(C906Hart h, long kernelAddr) {
        if (h.id() != Machine.HART_C906B) {
            return FetchHandler.Action.CONTINUE;
        }
        long pc = h.pc();
        if (pc == kernelAddr && isKernelImage(pc)) {
            long dtbAddr = h.register(RiscvRegister.A1);
            byte[] dtb = readFdt(dtbAddr);
            kernel = new KernelEntry(pc, h.register(RiscvRegister.A0), dtbAddr, dtb, machine.clock().nanos(h.id()));
            return pause(new Pending("kernel", Optional.of(dtb)));
        }
        if (pc == images.ubootEntry() && stage.equals("OpenSBI")) {
            return pause(new Pending("U-Boot", Optional.of(readFdt(h.register(RiscvRegister.A1)))));
        }
        return FetchHandler.Action.CONTINUE;
    }

    private boolean isKernelImage(long at) {
        byte[] head = machine.read(at, 0x44);
        ByteBuffer b = ByteBuffer.wrap(head).order(ByteOrder.LITTLE_ENDIAN);
        return b.getInt(0x38) == IMAGE_MAGIC2 && b.getInt(0x40) == HC_KERNEL_ENTRY;
    }

    private byte[] readFdt(long address) {
        int size = ByteBuffer.wrap(machine.read(address + 4, 4)).getInt(); // totalsize, big-endian
        if (size < 0x28 || size > 0x100000) {
            throw new EmulationException(String.format("%s passed a1 = 0x%x, which holds no device tree (totalsize %d)",
                    stage, address, size));
        }
        return machine.read(address, size);
    }

    private byte[] embeddedMonitorFdt() {
        byte[] mon = machine.read(map.get("MONITOR_ADDR"), 32);
        ByteBuffer b = ByteBuffer.wrap(mon).order(ByteOrder.LITTLE_ENDIAN);
        return machine.read(map.get("MONITOR_ADDR") + b.getInt(8), b.getInt(16));
    }

    private void handOff(String next, C906Hart h, Optional<byte[]> fdt) {
        String previous = stage;
        List<WriteTracker.Write> written = machine.writes().stageWrites(previous);
        timeline.add(new Stage(next, h.id(), h.privilege(), h.pc(), h.register(RiscvRegister.A0),
                h.register(RiscvRegister.A1), h.register(RiscvRegister.A2), machine.clock().nanos(h.id()), written, fdt));
        stage = next;
        machine.writes().beginStage(next);
    }

    /**
     * Memory and registers as the Linux model's drivers reach them: DRAM through the machine, device
     * registers as stores by the C906B (so the reset block releases the C906L exactly as the
     * driver's {@code writel} would).
     */
    public PhysicalMemory physicalMemory() {
        return new PhysicalMemory() {
            @Override
            public byte[] read(long addr, int len) {
                return machine.board().regionAt(addr).filter(r -> r.kind() == Region.Kind.DRAM).isPresent()
                        ? machine.read(addr, len)
                        : le(machine.deviceRead(Machine.HART_C906B, addr, len), len);
            }

            @Override
            public void write(long addr, byte[] bytes) {
                if (machine.board().regionAt(addr).filter(r -> r.kind() == Region.Kind.DRAM).isPresent()) {
                    machine.load(addr, bytes, "Linux (modelled) remoteproc");
                } else {
                    long v = 0;
                    for (int i = bytes.length - 1; i >= 0; i--) {
                        v = (v << 8) | (bytes[i] & 0xff);
                    }
                    machine.deviceWrite(Machine.HART_C906B, addr, bytes.length, v);
                }
            }
        };
    }

    private static byte[] le(long v, int len) {
        byte[] out = new byte[len];
        for (int i = 0; i < len; i++) {
            out[i] = (byte) (v >>> (8 * i));
        }
        return out;
    }

    /**
     * After the Linux model: hart 0 leaves the kernel stub's entry hypercall and runs its
     * post-kernel code ({@code next}: stop, or the C906B side of the rtos_cmdqu test with a timeout
     * in timer ticks) until the stub's done hypercall. Returns the stub's status (0 = the little
     * core answered) or empty if the run stopped first.
     */
    public Optional<Long> afterKernel(long next, long timeoutTicks, RunLimits limits) {
        if (kernel == null) {
            throw new IllegalStateException("the kernel was not entered");
        }
        C906Hart h = machine.hart(Machine.HART_C906B);
        // the done hypercall is not a valid instruction, so hook the nop before it, where the call returns
        long done = findWord(kernel.entry(), HC_KERNEL_DONE) - 4;
        machine.onFetch(done, hart -> {
            if (hart.id() == Machine.HART_C906B) {
                kernelDone = true;
                kernelStatus = hart.register(RiscvRegister.A0);
                machine.requestStop("kernel stub done, status " + kernelStatus);
                return FetchHandler.Action.STOP;
            }
            return FetchHandler.Action.CONTINUE;
        });
        machine.writes().beginStage("after kernel");
        h.setPc(kernel.entry() + 0x44);
        h.setRegister(RiscvRegister.A0, next);
        h.setRegister(RiscvRegister.A1, timeoutTicks);
        machine.run(limits);
        return kernelDone ? Optional.of(kernelStatus) : Optional.empty();
    }

    private long findWord(long from, int word) {
        byte[] image = machine.read(from, 0x1000);
        ByteBuffer b = ByteBuffer.wrap(image).order(ByteOrder.LITTLE_ENDIAN);
        for (int at = 0x44; at + 4 <= image.length; at += 4) {
            if (b.getInt(at) == word) {
                return from + at;
            }
        }
        throw new IllegalStateException("the kernel stub has no done hypercall");
    }

    @Override
    public void close() {
        machine.close();
    }
}
