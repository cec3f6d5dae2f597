package dev.duoboot.boot;

import dev.duoboot.EmulationException;
import dev.duoboot.firmware.BootCard;
import dev.duoboot.firmware.BootImages;
import dev.duoboot.firmware.StageFirmware;
import dev.duoboot.scenario.ResolvedInputs;
import dev.duoboot.soc.Machine;
import dev.duoboot.soc.RunLimits;
import dev.duoboot.soc.RunResult;
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

    private final RunLimits limits;

    public EmulatedChain(RunLimits limits) {
        this.limits = limits;
    }

    @Override
    public Kind kind() {
        return Kind.EMULATED;
    }

    @Override
    public BootRecord boot(ResolvedInputs in) {
        if (in.memmap().failedAssert().isPresent()) {
            return BuildStop.record(kind(), in, in.memmap().failedAssert().get());
        }
        BootImages built = images(in);
        // the user's card as it is (U-Boot without an SD driver gets its boot.sd placed), or one
        // written the SDK's way from the images
        BootCard card = in.card().orElseGet(() -> BootCard.of(built));
        BootImages images = in.card().flatMap(c -> c.bootFile("boot.sd").bytes()).map(built::withBootSd).orElse(built);
        // a user's U-Boot is driven at its prompt like the real chain's
        boolean atPrompt = in.stages().uboot() != StageFirmware.Uboot.DUOBOOT_FIXTURE;
        try (EmulatedBoot boot = EmulatedBoot.prepare(in, images, card, atPrompt)) {
            EmulatedBoot.Outcome out = boot.bootToKernel(limits);
            if (out instanceof EmulatedBoot.Stopped stopped) {
                if (stopped.cause() == EmulatedBoot.StopCause.RUNAWAY) {
                    throw new EmulationException(stoppedMessage(in, boot, stopped));
                }
                return stoppedRecord(boot, stopped);
            }
            EmulatedBoot.KernelEntry entry = ((EmulatedBoot.AtKernel) out).entry();
            SocMemory memory = boot.physicalMemory();
            KernelOutcome k = KernelStage.enter(in, dev.duoboot.fdt.FdtBlob.read(entry.dtb(), "the kernel's DTB"), entry.dtbAddress(), memory);
            List<StageRecord> stages = new ArrayList<>();
            for (Stage s : Stage.BEFORE_KERNEL) {
                stages.add(s.describe(boot));
            }
            LittleCoreProbe.Result little = LittleCoreProbe.run(boot, k, memory, limits);
            if (little.observation().released() || in.scenario().mailboxTest()) {
                stages.add(little.record());
            }
            Verdict verdict = LittleCoreFate.decide(k.verdict(), little.observation(), LittleCoreFate.fsblImage(in).isPresent(),
                    in.scenario().mailboxTest());
            return new BootRecord(kind(), stages, consoles(boot), Optional.of(k), Optional.of(little.observation()), verdict);
        }
    }

    private static List<BootRecord.HartConsole> consoles(EmulatedBoot boot) {
        return List.of(
                new BootRecord.HartConsole(Machine.HART_C906B, "C906B (hart 0)", boot.machine().console().linesOf(Machine.HART_C906B)),
                new BootRecord.HartConsole(Machine.HART_C906L, "C906L (hart 1)", boot.machine().console().linesOf(Machine.HART_C906L)));
    }

    /** A boot the guest ended before the kernel: the stages it reached, the consoles, the stage's last words. */
    private BootRecord stoppedRecord(EmulatedBoot boot, EmulatedBoot.Stopped s) {
        List<StageRecord> stages = new ArrayList<>();
        for (Stage stage : Stage.BEFORE_KERNEL) {
            if (boot.handOff(stage.id()).isPresent()) {
                stages.add(stage.describe(boot));
            }
        }
        List<String> said = boot.machine().console().linesOf(Machine.HART_C906B).stream().map(String::strip)
                .filter(l -> !l.isEmpty()).toList();
        List<String> last = said.subList(Math.max(0, said.size() - LAST_LINES), said.size());
        return new BootRecord(kind(), stages, consoles(boot), Optional.empty(), Optional.empty(),
                new Verdict.BootStopped(s.stage(), s.cause(), s.detail(), last));
    }

    /** How many of the console's last lines a stopped boot's verdict quotes. */
    private static final int LAST_LINES = 4;

    /** The card a boot of {@code in} puts in the slot: the user's image, or one written from its images. */
    public static BootCard card(ResolvedInputs in) {
        return in.card().orElseGet(() -> BootCard.of(images(in)));
    }

    /** What goes on the SD card: the user's fip.bin (with its own FSBL or duoboot's), or one packed for the chain. */
    static BootImages images(ResolvedInputs in) {
        return in.fip().isPresent()
                ? BootImages.fromUserFip(in.board(), in.memmap(), in.fip().get(), in.scenario().fsbl(), in.kernelDtb(), in.ubootDtb())
                : BootImages.build(in.board(), in.memmap(), in.stages(), in.kernelDtb(), in.ubootDtb(),
                        in.fipLittleCore(), in.bootargs(), in.scenario().ubootCopiesReservedMemory(), in.userFirmware());
    }

    private static String stoppedMessage(ResolvedInputs in, EmulatedBoot boot, EmulatedBoot.Stopped s) {
        List<String> lines = boot.machine().console().linesOf(Machine.HART_C906B);
        String last = lines.isEmpty() ? "(nothing printed)" : lines.get(lines.size() - 1).strip();
        OpenSbiFixups.Region fw = ChainFirmware.monitorRegion(in);
        long fdt = in.mm("OPENSBI_FDT_ADDR");
        String why = s.stage() == StageId.OPENSBI && fdt >= fw.base() && fdt < fw.base() + fw.size()
                ? String.format(" (OPENSBI_FDT_ADDR 0x%x lies inside OpenSBI's firmware region [0x%x, +0x%x); `duoboot check` explains)",
                        fdt, fw.base(), fw.size())
                : "";
        return String.format("the boot stopped in %s before the kernel%s: %s; last console line: \"%s\"", s.stage().label(), why,
                s.detail(), last);
    }
}
