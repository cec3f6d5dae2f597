package dev.duoboot.report;

import dev.duoboot.analysis.BootInputs;
import dev.duoboot.analysis.BootReport;
import dev.duoboot.analysis.Diagnosis;
import dev.duoboot.analysis.MemoryUse;
import dev.duoboot.boot.LittleCoreObservation;
import dev.duoboot.boot.MailboxTest;
import dev.duoboot.boot.StageEvent;
import dev.duoboot.boot.StageId;
import dev.duoboot.boot.Verdict;
import dev.duoboot.scenario.Inputs;
import dev.duoboot.scenario.ScenarioEdit;
import java.util.ArrayList;
import java.util.List;

/**
 * The report's sentences, made from its values here at the edge: what each stage did, the inputs,
 * the verdict, how each fix went, where a device tree came from. Text, JSON and SVG say the same
 * words.
 */
public final class Words {

    private Words() {}

    /** One line for a stage's event. */
    public static String event(StageEvent e) {
        return switch (e) {
            case StageEvent.LittleCorePlanned p -> String.format("loads FreeRTOS (BLCP_2ND, %d bytes) to 0x%x and releases the C906L at 0x%x "
                    + "(FSBL_C906L_START_ADDR)", p.imageBytes(), p.loadAddr(), p.vector());
            case StageEvent.LittleCoreReleased r -> String.format("loaded FreeRTOS to 0x%x and released the C906L there", r.addr());
            case StageEvent.NoLittleCoreImage n -> n.predicted()
                    ? "No C906L image: the C906L stays in reset and its boot vector is never programmed"
                    : "No C906L image: the C906L stays in reset";
            case StageEvent.FirmwarePlanned f -> String.format("loads OpenSBI (MONITOR) to 0x%x (MONITOR_ADDR) and U-Boot (LOADER_2ND) "
                    + "to 0x%x (CONFIG_SYS_TEXT_BASE), then enters OpenSBI with next_addr 0x%x", f.monitorAddr(), f.loaderAddr(), f.nextAddr());
            case StageEvent.FirmwareLoaded f -> String.format("loaded OpenSBI to 0x%x and U-Boot to 0x%x", f.monitorAddr(), f.loaderAddr());
            case StageEvent.Entered en -> entered(en);
            case StageEvent.WroteDram w -> String.format("wrote DRAM in [0x%x, +0x%x) (first at 0x%x, %s)", w.base(), w.size(),
                    w.firstAddress(), w.hart() < 0 ? w.writer() : "hart " + w.hart());
            case StageEvent.Relocated r -> String.format("relocated itself into [0x%x, +0x%x) (its highest stores, in %d KiB granules)",
                    r.base(), r.size(), r.granuleBytes() >> 10);
            case StageEvent.ControlDt c -> c.embedded()
                    ? String.format("copies the U-Boot DT it embeds (FW_FDT_PATH) to 0x%x (OPENSBI_FDT_ADDR)", c.addr())
                    : String.format("takes the U-Boot DT at 0x%x (OPENSBI_FDT_ADDR; Debian's OpenSBI embeds none)", c.addr());
            case StageEvent.Protects p -> String.format("protects its firmware region [0x%x, +0x%x) with PMP", p.base(), p.size());
            case StageEvent.Bootm b -> String.format("bootm 0x%x#%s: boot.sd (FIT, %d bytes) loaded at UIMAG_ADDR", b.fitAddr(),
                    b.configuration(), b.fitBytes());
            case StageEvent.ReadTheCard r -> "read boot.sd from the SD card itself (its own bootcmd, the SDK's sdboot: fatload mmc 0 "
                    + "${uImage_addr} boot.sd; the card: " + r.card() + ")";
            case StageEvent.BootSdPlaced b -> String.format((b.typed() ? "never touched the SD controller (no driver for it): "
                    + "duoboot placed boot.sd" : "boot.sd placed") + " at 0x%x (UIMAG_ADDR) as fatload would; bootm 0x%x#%s",
                    b.fitAddr(), b.fitAddr(), b.configuration());
            case StageEvent.MailboxTestRun m -> (m.predicted() ? "predicted: " : "")
                    + "the C906B runs duo-examples' mailbox_test: " + m.device().map(d -> String.format(
                            "CMD_DUO_LED (0x%x) with DUO_LED_ON through %s (%s), waiting %d ms", MailboxTest.CMD_DUO_LED, MailboxTest.DEVICE, d,
                            MailboxTest.WAIT_MILLIS)).orElse("this kernel has no " + MailboxTest.DEVICE);
            case StageEvent.Printed p -> p.line();
            case StageEvent.ProbeAnswer a -> probe(a.probe());
            case StageEvent.LittleCoreSeen s -> littleCore(s.seen());
            case StageEvent.Note n -> n.text();
        };
    }

    private static String entered(StageEvent.Entered e) {
        String who = e.next() == StageId.KERNEL ? "the kernel" : e.next().label();
        StringBuilder s = new StringBuilder(String.format("entered %s at 0x%x in %s mode with a0=0x%x a1=0x%x", who, e.pc(),
                e.privilege(), e.a0(), e.a1()));
        e.a2().ifPresent(a2 -> s.append(String.format(" a2=0x%x", a2)));
        e.dtbBytes().ifPresent(n -> s.append(" (the DTB, ").append(n).append(" bytes)"));
        return s.toString();
    }

    /** How mailbox_test went, in a line. */
    public static String probe(LittleCoreObservation.Probe p) {
        return switch (p) {
            case ANSWERED -> String.format("the C906L answered CMD_DUO_LED with DUO_LED_DONE (0x%x), as milkv's FreeRTOS does",
                    MailboxTest.DUO_LED_DONE);
            case WRONG_ANSWER -> String.format("the C906L answered CMD_DUO_LED, but not with DUO_LED_DONE (0x%x)", MailboxTest.DUO_LED_DONE);
            case NO_ANSWER -> String.format("nothing answered CMD_DUO_LED in %d ms; the ioctl returns 0 all the same (rtos_cmdqu.c "
                    + "cvi_rtos_cmdqu_ioctl() ignores the wait's -ETIME), so the program prints its own param_ptr 0x%x",
                    MailboxTest.WAIT_MILLIS, MailboxTest.DUO_LED_ON);
            case MAILBOX_FULL -> "every mailbox slot is taken: the driver cannot send (rtos_cmdqu_send(): -ENOBUFS)";
            case NO_DEVICE -> "open(\"" + MailboxTest.DEVICE + "\") fails: no driver here binds a cvitek,rtos_cmdqu node";
            case NOT_PROBED -> "mailbox_test did not finish within the limits";
        };
    }

    /** What the little core does, in a line. */
    public static String littleCore(LittleCoreObservation o) {
        if (!o.released()) {
            return "the C906L is held in reset";
        }
        String ran = o.instructions().isPresent() ? ", " + o.instructions().getAsLong() + " instructions" : "";
        return switch (o.image()) {
            case REMOTEPROC_FIRMWARE -> String.format("the C906L runs the firmware remoteproc loaded: pc 0x%x in %s%s", o.pc(),
                    o.imageRange().orElse(""), ran);
            case FSBL_IMAGE -> String.format("the C906L runs FreeRTOS as FSBL loaded it: pc 0x%x in %s%s", o.pc(),
                    o.imageRange().orElse(""), ran);
            case NOT_RESTARTED -> String.format("the C906L was not reset after remoteproc loaded its firmware: it runs on from the "
                    + "start FSBL gave it, over the new bytes, pc 0x%x in %s%s", o.pc(), o.imageRange().orElse(""), ran);
            case NONE -> String.format("the C906L runs no image anyone loaded: pc 0x%x%s", o.pc(), ran);
        };
    }

    /** The stage's events, one line each. */
    public static List<String> events(List<StageEvent> events) {
        return events.stream().map(Words::event).toList();
    }

    /** One input line: what, and its value in words. */
    public record Input(String what, String value) {}

    /** The inputs in the report's order; the edits come last, one line each under "edit". */
    public static List<Input> inputs(BootInputs in) {
        List<Input> out = new ArrayList<>();
        out.add(new Input("board", in.board().describe()));
        out.add(new Input("memmap.py", in.memmapPath() + String.format(": FREERTOS_ADDR 0x%x, FREERTOS_SIZE 0x%x, "
                + "KERNEL_MEMORY_SIZE 0x%x", in.freertosAddr(), in.freertosSize(), in.kernelMemorySize())));
        out.add(new Input("device tree", in.dtSource() + (in.fromDts()
                ? " (with " + Inputs.GENERATED_DIR + "/" + Inputs.MEMMAP_HEADER + " from memmap.py)" : "")));
        out.add(new Input("kernel", in.profile().name() + ": " + in.profile().description()));
        BootInputs.ConfigLine c = in.config();
        out.add(new Input(".config", c.fileName() + c.defaulted().map(d -> " (" + d + ")").orElse("") + ": " + c.symbol()
                + switch (c.state()) {
                    case YES -> "=y";
                    case MODULE -> "=m";
                    case NO -> " is not set";
                }));
        out.add(new Input("rproc driver", in.driver().id() + ": " + in.driver().description()));
        out.add(new Input("firmware", in.firmware().describe() + String.format(" (entry 0x%x, %d bytes)", in.firmwareEntry(),
                in.firmwareBytes())));
        out.add(new Input("chain", in.chain().id() + ": " + in.stages().describe() + in.stages().why().map(w -> " (" + w + ")").orElse("")));
        in.image().ifPresent(f -> out.add(new Input("SD card", f + " (the user's image, in the slot as it is: fip.bin and boot.sd from "
                + "its FAT boot partition)")));
        in.fip().ifPresent(f -> out.add(new Input("fip.bin", f + switch (in.fsbl()) {
            case USER -> " (as it is: its own FSBL from the mask ROM model)";
            case DUOBOOT -> " (its images behind duoboot's FSBL)";
        })));
        in.opensbi().ifPresent(f -> out.add(new Input("OpenSBI", f + " (MONITOR, in place of the chain's)")));
        in.uboot().ifPresent(f -> out.add(new Input("U-Boot", f + " (LOADER_2ND, in place of the chain's)")));
        out.add(new Input("bootargs", in.bootargs()));
        out.add(new Input("start remoteproc", in.startRproc().map(b -> b ? "yes" : "no").orElse("yes (when an rproc node exists)")));
        for (ScenarioEdit e : in.edits()) {
            out.add(new Input("edit", e.describe()));
        }
        return out;
    }

    /** The verdict in one sentence. */
    public static String verdict(Verdict v) {
        return switch (v) {
            case Verdict.RemoteprocRunning r -> String.format("remoteproc loaded %s and released the C906L (the ELF's entry is 0x%x)",
                    r.device(), r.bootAddr());
            case Verdict.RemoteprocFailed f -> "remoteproc could not start " + f.device() + ": Boot failed: " + f.code() + " after \""
                    + f.firstError() + "\"";
            case Verdict.RemoteprocNotStarted n -> "remoteproc0 (" + n.device() + ") is available; nothing started it (start-rproc is off)";
            case Verdict.NoRemoteproc n -> "no remoteproc node in the kernel's device tree: " + n.littleCore();
            case Verdict.RemoteprocDriverMissing m -> m.node() + " has no driver: " + m.why()
                    + "; /sys/class/remoteproc/remoteproc0 does not exist";
            case Verdict.KernelOops o -> "the kernel oopsed: " + o.line();
            case Verdict.MemmapAssertFailed m -> m.file() + ":" + m.line() + ": assert " + m.condition() + " does not hold ("
                    + m.values() + "): mmap_conv.py stops with AssertionError, so the SDK's build writes no cvi_board_memmap.h "
                    + "and nothing is built or booted";
            case Verdict.RemoteprocOtherImage o -> String.format("remoteproc reported %s up, but %s (pc 0x%x), not the firmware it loaded",
                    o.device(), switch (o.runs()) {
                        case FSBL_IMAGE -> "the C906L runs FreeRTOS as FSBL loaded it";
                        case NONE -> "the C906L runs no image anyone loaded";
                        case REMOTEPROC_FIRMWARE -> "the C906L runs elsewhere in it";
                        case NOT_RESTARTED -> "the C906L was never reset after the load and runs on from the start FSBL gave it";
                    }, o.pc());
            case Verdict.BusHang h -> String.format("the board hangs: hart %d (%s) %s 0x%x (%s) during %s while %s (0x%x bit %d) was "
                    + "gated, and the bus never answers (an interconnect stall, not a bus error): that core waits for ever", h.hart(),
                    h.hart() == 0 ? "C906B" : "C906L", h.write() ? "wrote" : "read", h.address(), h.block(), h.during(), h.clock(),
                    h.clockRegister(), h.clockBit());
            case Verdict.LittleCoreNotRunning n -> "the C906L was to run FreeRTOS as FSBL loaded it, but " + (n.seen().released()
                    ? String.format("it runs no image anyone loaded (pc 0x%x)", n.seen().pc()) : "it is held in reset");
            case Verdict.MailboxUnanswered u -> "mailbox_test got no answer from the C906L: " + probe(u.probe());
            case Verdict.BootStopped b -> "the boot ended in " + b.stage().label() + " before the kernel: " + b.detail()
                    + (b.lastLines().isEmpty() ? "" : "; the console's last lines: " + String.join(" / ", b.lastLines()));
        };
    }

    /** One line of "where the memory went": the share's label, its size and what it went to. */
    public static String share(MemoryUse u, MemoryUse.Share s) {
        String pct = u.dramBytes() == 0 ? "" : String.format(" (%d%%)", s.bytes() * 100 / u.dramBytes());
        return String.format("%-36s %10s%s", s.use().label(), (s.bytes() >> 10) + "K", pct)
                + (s.what().isEmpty() ? "" : "  " + String.join(", ", s.what()));
    }

    /** The heading of "where the memory went", with the kernel's own count. */
    public static String memoryUseHeading(MemoryUse u) {
        return String.format("where the memory went (DRAM [0x%x, +%d MiB), as memblock left it for the buddy allocator)", u.dramBase(),
                u.dramBytes() >> 20);
    }

    /** A fix's change as the report lists it (saying so when the edited inputs could not be checked). */
    public static String fixChange(Diagnosis.Fix f) {
        return f.trial() instanceof Diagnosis.Trial.CannotCheck c ? f.where() + " (cannot be checked: " + c.reason() + ")" : f.where();
    }

    /** How trying a fix went, in a line. */
    public static String fixResult(Diagnosis.Fix f) {
        return switch (f.trial()) {
            case Diagnosis.Trial.Booted b -> b.verdict().success() && b.shortfalls().isEmpty() ? "verified: " + b.verdict().id()
                    : "does not fix it: " + b.verdict().id() + (b.shortfalls().isEmpty() ? "" : ", " + String.join("; ", b.shortfalls()));
            case Diagnosis.Trial.NotTried n -> "not checked: it is no change duoboot can make to the inputs";
            case Diagnosis.Trial.CannotCheck c -> "not checked: the edited inputs could not be checked";
        };
    }

    /** Who made a device tree of the report. */
    public static String origin(BootReport.DtOrigin o) {
        return switch (o) {
            case BootReport.DtOrigin.Board b -> switch (b.build()) {
                case UBOOT -> "the board DT as U-Boot's build compiles it (OpenSBI carries it)";
                case KERNEL -> "the board DT as the kernel's build compiles it (boot.sd carries it)";
            };
            case BootReport.DtOrigin.PassedBy p -> p.stage().label() + " passes it on";
        };
    }

    /** A diff's text: its node-level changes, or "(no changes)". */
    public static String changes(BootReport.DtDiff d) {
        return d.changes().isEmpty() ? "(no changes)\n" : d.changes().toText();
    }
}
