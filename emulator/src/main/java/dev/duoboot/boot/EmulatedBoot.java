package dev.duoboot.boot;

import dev.duoboot.EmulationException;
import dev.duoboot.firmware.BootCard;
import dev.duoboot.firmware.BootImages;
import dev.duoboot.linux.PhysicalMemory;
import dev.duoboot.platform.Region;
import dev.duoboot.scenario.ResolvedInputs;
import dev.duoboot.soc.BusHang;
import dev.duoboot.soc.Console;
import dev.duoboot.soc.HartView;
import dev.duoboot.soc.Machine;
import dev.duoboot.soc.RunLimits;
import dev.duoboot.soc.RunResult;
import dev.duoboot.soc.WriteTracker;
import dev.duoboot.soc.device.BootMedium;
import dev.duoboot.soc.device.BootRom;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The dual-core boot on the modelled SoC, stage by stage, as the SDK runs it: the mask ROM loads
 * FSBL from {@code fip.bin}; each {@link Stage} says where it is entered and is watched for there;
 * the kernel Image is duoboot's stub, at whose entry the run stops and the caller hands the device
 * tree in {@code a1} to the Linux model ({@link #bootToKernel}); afterwards {@link #afterKernel}
 * lets hart 0 run the C906B's side of the mailbox test.
 *
 * <p>Every hand-off is recorded ({@link #handOff}): stage, hart, privilege, entry PC, the argument
 * registers, the device tree passed on; and each stage's DRAM writes are tracked apart.
 */
public final class EmulatedBoot implements AutoCloseable {

    /** Where the kernel was entered and the device tree it received. */
    public record KernelEntry(long entry, long hartId, long dtbAddress, byte[] dtb, long virtualNanos) {}

    /** How {@link #bootToKernel} ended: at the kernel's entry, or not (with the machine's reason). */
    public sealed interface Outcome {}

    public record AtKernel(KernelEntry entry) implements Outcome {}

    /**
     * The boot ended before the kernel, in {@code stage}: the guest's own doing ({@code cause}
     * says how; {@code detail} in words) or a runaway; {@code run} is the machine's last run, if one
     * was made.
     */
    public record Stopped(StageId stage, StopCause cause, String detail, Optional<RunResult> run) implements Outcome {}

    /** Why a boot ended before the kernel. */
    public enum StopCause {
        /** The mask ROM found no fip.bin it could load on the card. */
        NO_FIP_ON_CARD,
        /** The mask ROM refused the fip.bin it read (magic, checksum). */
        ROM_REFUSED,
        /** U-Boot waits at its prompt after its own attempt to boot from the card. */
        AT_PROMPT,
        /** The guest reset or powered off the SoC. */
        GUEST_RESET,
        /** Every released hart waits for an interrupt nothing will raise (a firmware that parked itself). */
        PARKED,
        /** The instruction budget or the virtual-time limit ran out, or a hart faulted. */
        RUNAWAY
    }

    /** The hypercalls of the kernel stub (firmware-fixtures/src/kernel/hypercall.h). */
    static final int HC_KERNEL_ENTRY = 0x0010002b;
    static final int HC_KERNEL_DONE = 0x0020002b;
    static final int IMAGE_MAGIC2 = 0x05435352; // "RSC\x05" at +0x38 of a RISC-V Image
    public static final long KERNEL_NEXT_STOP = 0;
    public static final long KERNEL_NEXT_MAILBOX_TEST = 1;
    public static final long KERNEL_NEXT_IDLE = 2;

    private final Machine machine;
    private final ResolvedInputs in;
    private final BootImages images;
    private final boolean typesAtPrompt;
    private final Map<StageId, HandOff> handOffs = new EnumMap<>(StageId.class);
    private final Map<StageId, WriteTracker.Phase> phases = new EnumMap<>(StageId.class);
    private StageId current = StageId.ROM;
    private KernelEntry kernel;
    private boolean kernelDone;
    private long kernelStatus;
    private Optional<Pending> pending = Optional.empty();
    private final BootCard card;
    /** Whether duoboot put boot.sd into DRAM itself, for a U-Boot without a driver for the SD controller. */
    private boolean bootSdPlaced;
    /** Whether the last run stopped because U-Boot waited at its prompt. */
    private boolean atPrompt;

    /** A hand-off seen inside a fetch hook, applied once the run has stopped (no remapping inside hooks). */
    private record Pending(Optional<Stage> stage, StageId id, Optional<byte[]> fdt) {}

    /**
     * @param typesAtPrompt whether U-Boot is a real one, driven at its prompt with the SDK's boot
     *     command (Debian's, or the user's), rather than the fixture that reads its config block
     */
    private EmulatedBoot(ResolvedInputs in, BootImages images, BootCard card, boolean typesAtPrompt) {
        this.machine = Machine.create(in.board());
        this.in = in;
        this.images = images;
        this.card = card;
        this.typesAtPrompt = typesAtPrompt;
        phases.put(StageId.ROM, machine.writes().phase());
    }

    /** A machine for {@code in}'s board with {@code card} in its SD slot, both cores held in reset. */
    public static EmulatedBoot prepare(ResolvedInputs in, BootImages images, BootCard card, boolean typesAtPrompt) {
        return new EmulatedBoot(in, images, card, typesAtPrompt);
    }

    /** A machine for {@code in}'s board with a card duoboot wrote from {@code images}. */
    public static EmulatedBoot prepare(ResolvedInputs in, BootImages images, boolean typesAtPrompt) {
        return new EmulatedBoot(in, images, BootCard.of(images), typesAtPrompt);
    }

    /** The card in the SD slot. */
    public BootCard card() {
        return card;
    }

    /** Whether duoboot placed boot.sd in DRAM itself (a U-Boot that does not drive the SD controller). */
    boolean bootSdPlaced() {
        return bootSdPlaced;
    }

    /** boot.sd at UIMAG_ADDR as the SDK's {@code fatload} would put it, for a U-Boot that cannot read the card. */
    void placeBootSd() {
        machine.load(in.mm("UIMAG_ADDR"), images.bootSd(), "U-Boot fatload boot.sd (placed by duoboot)");
        bootSdPlaced = true;
    }

    /** Stops the next run when the console waits at a prompt (U-Boot's, the SDK's {@code soph# }, ...). */
    void stopAtPrompt() {
        machine.console().until(Console.DEFAULT_PROMPT, () -> {
            atPrompt = true;
            machine.requestStop("at the prompt");
        });
    }

    public Machine machine() {
        return machine;
    }

    public ResolvedInputs inputs() {
        return in;
    }

    public BootImages images() {
        return images;
    }

    boolean typesAtPrompt() {
        return typesAtPrompt;
    }

    /** The stage running now. */
    public StageId current() {
        return current;
    }

    /** The hand-off into {@code stage}, if the boot got there. */
    public Optional<HandOff> handOff(StageId stage) {
        return Optional.ofNullable(handOffs.get(stage));
    }

    /** Every hand-off so far, in boot order. */
    public List<HandOff> timeline() {
        return handOffs.values().stream().toList();
    }

    /** The write tracker's phase of {@code stage}. */
    WriteTracker.Phase phase(StageId stage) {
        return phases.get(stage);
    }

    /** What the write tracker saw {@code stage} write, granule by granule. */
    List<StageEvent.WroteDram> writes(StageId stage) {
        List<StageEvent.WroteDram> out = new ArrayList<>();
        WriteTracker.Phase p = phases.get(stage);
        if (p != null) {
            for (WriteTracker.Write w : machine.writes().writes(p)) {
                out.add(new StageEvent.WroteDram(w.base(), w.sizeBytes(), w.firstAddress(), w.hart(), w.writer()));
            }
        }
        return out;
    }

    public Optional<KernelEntry> kernelEntry() {
        return Optional.ofNullable(kernel);
    }

    /** Runs from power-on until the kernel's entry (or until something stops the boot first). */
    public Outcome bootToKernel(RunLimits limits) {
        images.prePlacedFdt().ifPresent(fdt -> machine.load(in.mm("OPENSBI_FDT_ADDR"), fdt,
                "OpenSBI FW_FDT_PATH copy (pre-placed: Debian's fw_dynamic.bin embeds no DT)"));
        machine.insertCard(card.device());
        BootCard.Read fip = card.bootFile("fip.bin");
        if (fip.bytes().isEmpty()) {
            return new Stopped(StageId.ROM, StopCause.NO_FIP_ON_CARD, "the mask ROM (modelled) found no fip.bin to load: "
                    + fip.problem().orElseThrow(), Optional.empty());
        }
        Optional<BootRom.Refusal> refused = machine.powerOn(BootMedium.sdCard(fip.bytes().get()));
        if (refused.isPresent()) {
            return new Stopped(StageId.ROM, StopCause.ROM_REFUSED, "the mask ROM (modelled) refused fip.bin: "
                    + refused.get().reason(), Optional.empty());
        }
        HartView hart0 = machine.hartView(Machine.HART_C906B);
        enter(StageId.FSBL, hart0, Optional.empty());

        // U-Boot's entry and the kernel's are the same address in the real chain (Debian's U-Boot is
        // linked at CONFIG_SYS_TEXT_BASE): the kernel is told apart by its Image header, looked at first
        machine.watch(BootImages.KERNEL_ADDR, this::kernelEntered);
        for (Stage s : Stage.BEFORE_KERNEL) {
            for (long address : s.entryAddresses(this)) {
                machine.watch(address, h -> {
                    Optional<Stage.Arrival> a = s.recognise(this, h);
                    a.ifPresent(x -> pending = Optional.of(new Pending(Optional.of(s), s.id(), x.deviceTree())));
                    return a.isPresent();
                });
            }
        }
        while (true) {
            atPrompt = false;
            RunResult run = machine.run(limits);
            if (pending.isEmpty() && atPrompt && current == StageId.UBOOT && UbootStage.atPrompt(this)) {
                continue; // duoboot placed boot.sd and typed the SDK's boot command
            }
            if (pending.isEmpty()) {
                return stopped(run);
            }
            Pending p = pending.get();
            pending = Optional.empty();
            enter(p.id(), machine.hartView(Machine.HART_C906B), p.fdt());
            if (p.id() == StageId.KERNEL) {
                return new AtKernel(kernel);
            }
            p.stage().orElseThrow().entered(this);
        }
    }

    private Stopped stopped(RunResult run) {
        Optional<Machine.GuestStop> guest = machine.guestStop();
        if (guest.isPresent()) {
            return new Stopped(current, StopCause.GUEST_RESET, guest.get().describe(), Optional.of(run));
        }
        if (atPrompt) {
            return new Stopped(current, StopCause.AT_PROMPT, "U-Boot waits at its prompt", Optional.of(run));
        }
        // a boot hart asleep at the time limit waits for something that never came: the stage parked
        // it (a firmware's error path), whatever the little core does meanwhile
        boolean parked = run.outcome() == RunResult.Outcome.IDLE
                || (run.outcome() == RunResult.Outcome.TIME_LIMIT && machine.isAsleep(Machine.HART_C906B));
        if (parked) {
            return new Stopped(current, StopCause.PARKED, String.format("the C906B waits at 0x%x for an interrupt that never comes "
                    + "(at %s s)", machine.hart(Machine.HART_C906B).pc(), seconds(run.virtualNanos())), Optional.of(run));
        }
        return new Stopped(current, StopCause.RUNAWAY, run.summary(), Optional.of(run));
    }

    private static String seconds(long nanos) {
        return String.format("%d.%09d", nanos / 1_000_000_000L, nanos % 1_000_000_000L);
    }

    private boolean kernelEntered(HartView h) {
        if (h.id() != Machine.HART_C906B || !isKernelImage(h.pc())) {
            return false;
        }
        long dtbAddr = h.a(1);
        byte[] dtb = readFdt(dtbAddr);
        kernel = new KernelEntry(h.pc(), h.a(0), dtbAddr, dtb, machine.clock().nanos(h.id()));
        pending = Optional.of(new Pending(Optional.empty(), StageId.KERNEL, Optional.of(dtb)));
        return true;
    }

    private boolean isKernelImage(long at) {
        ByteBuffer b = ByteBuffer.wrap(machine.read(at, 0x44)).order(ByteOrder.LITTLE_ENDIAN);
        return b.getInt(0x38) == IMAGE_MAGIC2 && b.getInt(0x40) == HC_KERNEL_ENTRY;
    }

    /** The device tree at {@code address}, as long as its header says; a boot error when none is there. */
    byte[] readFdt(long address) {
        int size = ByteBuffer.wrap(machine.read(address + 4, 4)).getInt(); // totalsize, big-endian
        if (size < 0x28 || size > 0x100000) {
            throw new EmulationException(String.format("%s passed a1 = 0x%x, which holds no device tree (totalsize %d)",
                    current.label(), address, size));
        }
        return machine.read(address, size);
    }

    private void enter(StageId next, HartView h, Optional<byte[]> fdt) {
        handOffs.put(next, new HandOff(next, h.id(), h.privilege(), h.pc(), h.a(0), h.a(1), h.a(2),
                machine.clock().nanos(h.id()), fdt));
        current = next;
        phases.put(next, machine.writes().beginPhase(next.label()));
    }

    /**
     * Memory and registers as the Linux model's drivers reach them: DRAM through the machine, device
     * registers as stores by the C906B (so the reset block releases the C906L exactly as the
     * driver's {@code writel} would, and a gated block never answers: the access throws
     * {@link PhysicalMemory.AccessHangs} and the C906B stays hung).
     */
    public SocMemory physicalMemory() {
        return new SocMemory() {
            private int releasesAtLastLoad = machine.c906lReleases();

            @Override
            public byte[] read(long addr, int len) {
                if (isDram(addr)) {
                    return machine.read(addr, len);
                }
                hangCheck();
                long v = machine.deviceRead(Machine.HART_C906B, addr, len);
                hangCheck();
                return le(v, len);
            }

            @Override
            public void write(long addr, byte[] bytes) {
                if (isDram(addr)) {
                    machine.load(addr, bytes, "Linux (modelled) remoteproc");
                    releasesAtLastLoad = machine.c906lReleases();
                    return;
                }
                hangCheck();
                long v = 0;
                for (int i = bytes.length - 1; i >= 0; i--) {
                    v = (v << 8) | (bytes[i] & 0xff);
                }
                machine.deviceWrite(Machine.HART_C906B, addr, bytes.length, v);
                hangCheck();
            }

            private void hangCheck() {
                machine.busHang().ifPresent(h -> {
                    throw new PhysicalMemory.AccessHangs(h.address());
                });
            }

            @Override
            public Optional<BusHang> busHang() {
                return machine.busHang();
            }

            @Override
            public boolean littleCoreRestartedSinceLoad() {
                return machine.c906lReleases() > releasesAtLastLoad;
            }
        };
    }

    private boolean isDram(long addr) {
        return machine.board().regionAt(addr).filter(r -> r.kind() == Region.Kind.DRAM).isPresent();
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
        // the done hypercall is not a valid instruction, so watch the nop before it, where the call returns
        long done = findWord(kernel.entry(), HC_KERNEL_DONE) - 4;
        machine.watch(done, h -> {
            if (h.id() != Machine.HART_C906B) {
                return false;
            }
            kernelDone = true;
            kernelStatus = h.a(0);
            return true;
        });
        current = StageId.AFTER_KERNEL;
        phases.put(StageId.AFTER_KERNEL, machine.writes().beginPhase(StageId.AFTER_KERNEL.label()));
        HartView h = machine.hartView(Machine.HART_C906B);
        h.setPc(kernel.entry() + 0x44);
        h.setA(0, next);
        h.setA(1, timeoutTicks);
        machine.run(limits);
        return kernelDone ? Optional.of(kernelStatus) : Optional.empty();
    }

    private long findWord(long from, int word) {
        ByteBuffer b = ByteBuffer.wrap(machine.read(from, 0x1000)).order(ByteOrder.LITTLE_ENDIAN);
        for (int at = 0x44; at + 4 <= 0x1000; at += 4) {
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
