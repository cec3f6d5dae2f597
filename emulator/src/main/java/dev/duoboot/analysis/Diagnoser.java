package dev.duoboot.analysis;

import dev.duoboot.boot.BootRule;
import dev.duoboot.boot.KernelOutcome;
import dev.duoboot.boot.KernelStage;
import dev.duoboot.boot.LittleCoreObservation;
import dev.duoboot.boot.MailboxTest;
import dev.duoboot.boot.Verdict;
import dev.duoboot.fdt.DeviceTree;
import dev.duoboot.fdt.Node;
import dev.duoboot.linux.Cv1800Clocks;
import dev.duoboot.linux.DriverRule;
import dev.duoboot.linux.Explanation;
import dev.duoboot.linux.KernelProfile;
import dev.duoboot.linux.KernelRule;
import dev.duoboot.linux.KernelRun;
import dev.duoboot.platform.Platform;
import dev.duoboot.platform.Region;
import dev.duoboot.scenario.FirmwareChoice;
import dev.duoboot.scenario.MemmapText;
import dev.duoboot.scenario.ResolvedInputs;
import dev.duoboot.scenario.RprocDriverChoice;
import dev.duoboot.scenario.ScenarioEdit;
import dev.duoboot.sdk.KernelConfig;
import dev.duoboot.sdk.ProgramHeader;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Turns a failed boot into a {@link Diagnosis}: takes the explanation the kernel model gave while
 * the start failed, says it about this boot's node, config and layout, and proposes the changes
 * that address that rule, in the user's terms. The rule decides, never the wording of a log line.
 * Trying the fixes is the pipeline's work.
 */
final class Diagnoser {

    private final ResolvedInputs in;
    private final KernelOutcome ko;
    private final DeviceTree kernelDt;

    private Diagnoser(ResolvedInputs in, KernelOutcome ko) {
        this.in = in;
        this.ko = ko;
        this.kernelDt = ko.dtb().tree();
    }

    /** The diagnosis of a failed boot, its fixes proposed (not yet tried); empty for a boot that succeeded. */
    static Optional<Diagnosis> diagnose(ResolvedInputs in, Optional<KernelOutcome> kernel, Verdict verdict,
            Optional<LittleCoreObservation> little) {
        if (verdict.success()) {
            return Optional.empty();
        }
        if (verdict instanceof Verdict.BootStopped b) {
            return Optional.of(BootStopDiagnosis.of(in, b));
        }
        if (verdict instanceof Verdict.MemmapAssertFailed) {
            return Optional.of(new MemmapAssertDiagnosis(in).diagnosis());
        }
        Diagnoser d = new Diagnoser(in, kernel.orElseThrow());
        return Optional.of(switch (verdict) {
            case Verdict.BusHang h -> d.busHang(h);
            case Verdict.RemoteprocOtherImage o when o.runs() == LittleCoreObservation.Image.NOT_RESTARTED -> d.notRestarted(o);
            case Verdict.RemoteprocOtherImage o -> d.otherImage(o);
            case Verdict.LittleCoreNotRunning n -> d.notRunning(n);
            case Verdict.MailboxUnanswered u -> d.unanswered(u);
            default -> d.diagnosis();
        });
    }

    /**
     * remoteproc reported the core up, but it runs other code: the driver only pulses the reset, so
     * the core restarted at FSBL's vector, while the firmware went elsewhere.
     */
    private Diagnosis otherImage(Verdict.RemoteprocOtherImage o) {
        long vector = in.mm("FSBL_C906L_START_ADDR");
        List<String> placed = ko.report().remoteproc().map(r -> r.segments().stream()
                .map(s -> String.format("[0x%x, +0x%x)", s.phys(), s.memsz())).toList()).orElse(List.of());
        String runs = o.runs() == LittleCoreObservation.Image.FSBL_IMAGE ? "runs the FreeRTOS image FSBL loaded there"
                : "finds no image there";
        String summary = String.format("%s only pulses the C906L's reset, so the core restarts at FSBL's vector 0x%x "
                + "(FSBL_C906L_START_ADDR) and %s; remoteproc put the firmware (linked at 0x%x) at %s", in.driver().id(), vector, runs,
                firmwareLow(), placed.isEmpty() ? "no address" : String.join(", ", placed));
        List<Candidate> candidates = new ArrayList<>();
        candidates.add(edit(new ScenarioEdit.UseRprocDriver(RprocDriverChoice.CVITEK_VECTOR),
                "kernel: a cvitek-rproc that programs the C906L's boot vector with the ELF entry (--rproc-driver cvitek-vector, "
                        + "the vanbuong v2 fork)"));
        long dramEnd = in.mm("DRAM_BASE") + in.mm("DRAM_SIZE");
        long size = dramEnd - firmwareLow();
        if (in.firmware().choice() instanceof FirmwareChoice.File && size > 0 && size < in.mm("DRAM_SIZE")) {
            String value = "0x" + Long.toHexString(size);
            candidates.add(edit(new ScenarioEdit.MemmapAssign("FREERTOS_SIZE", value), memmapWhere("FREERTOS_SIZE", value)
                    + " (FREERTOS_ADDR back at the firmware's link address 0x" + Long.toHexString(firmwareLow()) + ")"));
        }
        candidates.add(new Candidate("relink " + in.firmware().choice().describe() + String.format(" at 0x%x (FSBL_C906L_START_ADDR)",
                vector), Optional.empty()));
        return new Diagnosis(BootRule.C906L_RESTARTS_AT_FSBL_VECTOR, summary, ko.rprocNode().orElse("/"),
                BootRule.C906L_RESTARTS_AT_FSBL_VECTOR.source(), List.of(), proposed(candidates), Optional.empty());
    }

    /**
     * remoteproc reported the core up, but it was never reset after the load: FSBL had released it,
     * and the mainline driver's start only deasserts the reset again (sophgo/linux#11).
     */
    private Diagnosis notRestarted(Verdict.RemoteprocOtherImage o) {
        long vector = in.mm("FSBL_C906L_START_ADDR");
        long entry = ko.report().remoteproc().map(r -> r.bootAddr()).orElse(0L);
        String summary = String.format("FSBL left the C906L running (released at 0x%x, FSBL_C906L_START_ADDR); %s's start writes the "
                + "ELF entry 0x%x to the boot-address registers and deasserts a reset that is already deasserted: no reset edge, so "
                + "the core is not restarted and runs on from FSBL's start while remoteproc reports %s up", vector,
                in.driver().id(), entry, o.device());
        List<Candidate> candidates = new ArrayList<>();
        if (in.driver() == RprocDriverChoice.SOPHGO_C906L) {
            candidates.add(edit(new ScenarioEdit.UseRprocDriver(RprocDriverChoice.SOPHGO_C906L_RESET_IN_PROBE),
                    "kernel: cv1800b-c906l with reset_control_assert() in probe, the fix proposed in sophgo/linux#11 (Armbian "
                            + "0037-drivers-remoteproc-fix-C906L-probe-function.patch; --rproc-driver sophgo-c906l-reset-in-probe)"));
        }
        candidates.add(new Candidate("workaround: echo stop > /sys/class/remoteproc/remoteproc0/state, then echo start again "
                + "(sophgo/linux#11): stop asserts the reset, so the next start releases the core at the new boot address", Optional.empty()));
        candidates.add(new Candidate("or build the image without CONFIG_ENABLE_FREERTOS, so FSBL leaves the C906L in reset "
                + "(then the first start is a real release)", Optional.empty()));
        return new Diagnosis(BootRule.C906L_NOT_RESTARTED, summary, ko.rprocNode().orElse("/"), BootRule.C906L_NOT_RESTARTED.source(),
                List.of(), proposed(candidates), Optional.empty());
    }

    /**
     * A core waited for ever on a device whose clock the kernel had gated: the clock the device's
     * bus interface needs (the SoC's fact, the verdict's) is not claimed by its DT node, so nothing
     * enables it around the access.
     */
    private Diagnosis busHang(Verdict.BusHang h) {
        Explanation e = ko.decisive().isEmpty() ? ko.report().explanations().getLast() : ko.decisive().getFirst();
        Optional<Node> block = DtQueries.nodeHolding(kernelDt, h.address());
        Optional<Node> provider = DtQueries.compatibleNode(kernelDt, Cv1800Clocks.COMPATIBLES);
        Optional<Cv1800Clocks.Gate> gate = Cv1800Clocks.gate(h.clock());
        String where = block.map(Node::path).orElse(String.format("0x%x", h.address()));
        String claims = block.flatMap(b -> b.property("clocks")).isPresent()
                ? "names clocks, but not " + h.clock() : "names no clocks";
        String summary = String.format("%s's registers (%s) answer only while %s runs; this kernel gated %s at late_initcall "
                + "(clk_disable_unused(): no consumer held it enabled), and %s %s, so its regmap does not enable it around the "
                + "driver's access: the %s of 0x%x during %s never completes", h.block(), where, h.clock(), h.clock(), where, claims,
                h.write() ? "write" : "read", h.address(), h.during());
        List<Candidate> candidates = new ArrayList<>();
        if (block.isPresent() && provider.isPresent() && gate.isPresent()) {
            String ref = reference(provider.get()) + " " + gate.get().macro();
            candidates.add(edit(new ScenarioEdit.SetReference(block.get().path(), "clocks", provider.get().path(), List.of((long) gate.get().id()), ref),
                    in.dtSource() + ": clocks = <" + ref + ">; in " + block.get().path() + " (drivers/mfd/syscon.c attaches the clock "
                            + "to the syscon's regmap, which enables it around every access; the fix of failures.md §10.2)"));
        }
        candidates.add(edit(new ScenarioEdit.AppendBootarg("clk_ignore_unused"),
                "bootargs: add clk_ignore_unused (the workaround: clk_disable_unused() then gates nothing, every unused clock stays on)"));
        return new Diagnosis(e.rule(), summary, where, e.kernelSource(), e.profileDifference(), proposed(candidates), Optional.empty());
    }

    /** FSBL released the core (or should have), and it does not run the image it was given. */
    private Diagnosis notRunning(Verdict.LittleCoreNotRunning n) {
        String summary = n.seen().released()
                ? String.format("the C906L was released but runs no image anyone loaded (pc 0x%x)", n.seen().pc())
                : "the C906L stays in reset: nothing released it";
        return new Diagnosis(BootRule.LITTLE_CORE_WITHOUT_IMAGE, summary, "/", BootRule.LITTLE_CORE_WITHOUT_IMAGE.source(), List.of(),
                List.of(), Optional.empty());
    }

    /**
     * mailbox_test got no answer: no device to open, nothing on the C906L, or code there that does
     * not serve CMD_DUO_LED. Why the program still prints 0x2 is the driver's ioctl.
     */
    private Diagnosis unanswered(Verdict.MailboxUnanswered u) {
        String ioctl = String.format("; the rtos_cmdqu driver waits the program's %d ms, logs RTOS_CMDQU_SEND_WAIT timeout and still "
                + "returns 0 with the command unchanged (cvi_rtos_cmdqu_ioctl() drops rtos_cmdqu_send_wait()'s -ETIME), so mailbox_test "
                + "prints its own param_ptr 0x%x", MailboxTest.WAIT_MILLIS, MailboxTest.DUO_LED_ON);
        List<Candidate> candidates = new ArrayList<>();
        if (u.probe() == LittleCoreObservation.Probe.NO_DEVICE) {
            boolean driver = in.profile().uses(KernelRule.CMDQU_MISC_DEVICE);
            String summary = driver
                    ? "the kernel's device tree has no available " + KernelRun.RTOS_CMDQU_COMPATIBLE + " node, so there is no "
                            + MailboxTest.DEVICE + " and mailbox_test prints open failed! fd = -1"
                    : in.profile().name() + " has no driver for " + KernelRun.RTOS_CMDQU_COMPATIBLE + " (the vendor's rtos_cmdqu.c), so there "
                            + "is no " + MailboxTest.DEVICE + " and mailbox_test prints open failed! fd = -1";
            if (driver) {
                candidates.add(new Candidate(in.dtSource() + ": add the SDK's rtos_cmdqu node under /soc (compatible \""
                        + KernelRun.RTOS_CMDQU_COMPATIBLE + "\", reg 0x01900000, the mailbox interrupt)", Optional.empty()));
            } else {
                candidates.add(edit(new ScenarioEdit.UseKernel(KernelProfile.CVITEK_5_10_C.name()),
                        "kernel: use the vendor's 5.10 (--kernel " + KernelProfile.CVITEK_5_10_C.name() + "), which has rtos_cmdqu"));
            }
            return new Diagnosis(BootRule.NO_RTOS_CMDQU_DEVICE, summary, ko.rtosCmdquNode().orElse("/soc"),
                    BootRule.NO_RTOS_CMDQU_DEVICE.source(), List.of(), proposed(candidates), Optional.empty());
        }
        LittleCoreObservation seen = u.seen();
        if (!seen.ran() || seen.image() == LittleCoreObservation.Image.NONE) {
            String why = !in.freertosInFip()
                    ? "fip.bin has no little-core image (FSBL printed \"No C906L image.\": CONFIG_ENABLE_FREERTOS is not set in the "
                            + "board's defconfig) and no remoteproc start loaded one"
                    : seen.released() ? String.format("the C906L runs no image anyone loaded (pc 0x%x)", seen.pc())
                    : "the C906L is held in reset";
            if (!in.freertosInFip()) {
                candidates.add(edit(new ScenarioEdit.PackFreertosInFip(), "build/boards/<chip>/<board>/<board>_defconfig: "
                        + "CONFIG_ENABLE_FREERTOS=y, so fip.bin carries FreeRTOS and FSBL starts it (--freertos-in-fip)"));
            }
            return new Diagnosis(BootRule.LITTLE_CORE_WITHOUT_IMAGE, "nothing on the C906L answers mailbox_test: " + why + ioctl, "/",
                    BootRule.LITTLE_CORE_WITHOUT_IMAGE.source(), List.of(), proposed(candidates), Optional.empty());
        }
        String image = seen.image() == LittleCoreObservation.Image.FSBL_IMAGE ? "the FreeRTOS image FSBL loaded"
                : "the firmware remoteproc loaded (" + in.firmware().choice().describe() + ")";
        String summary = String.format("the C906L runs %s, which does not answer CMD_DUO_LED (0x%x) with DUO_LED_DONE: milkv's FreeRTOS "
                + "serves it, Sophgo's and the v2 SDK's do not", image, MailboxTest.CMD_DUO_LED) + ioctl;
        candidates.add(new Candidate("the little core's firmware: serve CMD_DUO_LED as milkv's comm_main.c does (reply DUO_LED_DONE)",
                Optional.empty()));
        return new Diagnosis(BootRule.FIRMWARE_IGNORES_CMD_DUO_LED, summary, "/", BootRule.FIRMWARE_IGNORES_CMD_DUO_LED.source(),
                List.of(), proposed(candidates), Optional.empty());
    }

    private Diagnosis diagnosis() {
        if (ko.verdict() instanceof Verdict.RemoteprocDriverMissing m && ko.decisive().isEmpty()) {
            String symbol = KernelStage.driverSymbol(in.driver());
            return new Diagnosis(DriverRule.RPROC_DRIVER_NOT_BUILT, m.node() + " has no driver: " + m.why()
                    + "; /sys/class/remoteproc/remoteproc0 does not exist", m.node(),
                    "drivers/remoteproc/Kconfig (" + symbol.substring("CONFIG_".length()) + ", tristate) and Makefile",
                    List.of(), proposed(List.of(configFix(symbol, "y"))), Optional.empty());
        }
        Explanation e = ko.decisive().isEmpty()
                ? ko.report().explanations().getLast()
                : ko.decisive().getFirst();
        List<Candidate> candidates = new ArrayList<>();
        String summary = e.text();
        switch (e.rule()) {
            case KernelRule.NAME_COPY_8_UNLESS_REMOTEPROC_BUILTIN -> {
                String name = nodeName(e.nodePath());
                String setting = in.tristate("CONFIG_CVITEK_REMOTEPROC") == KernelConfig.Tristate.MODULE
                        ? "CONFIG_CVITEK_REMOTEPROC=m" : "CONFIG_CVITEK_REMOTEPROC is not set";
                summary = "reserved_mem names are copied into char name[8] because " + setting + "; '" + name + "' ("
                        + name.length() + " chars) can never match";
                candidates.add(configFix("CONFIG_CVITEK_REMOTEPROC", "y"));
                candidates.add(renameFix(e.nodePath()));
            }
            case KernelRule.NAME_COPY_8 -> {
                String name = nodeName(e.nodePath());
                summary = "this vendor kernel copies reserved_mem names into char name[8]; '" + name + "' ("
                        + name.length() + " chars) can never match";
                candidates.add(renameFix(e.nodePath()));
            }
            case KernelRule.TABLE_4, KernelRule.TABLE_64 -> {
                summary = tableSummary(e);
                candidates.add(edit(new ScenarioEdit.MoveNodeFirst(e.nodePath()),
                        in.dtSource() + ": move " + e.nodePath() + " first in /reserved-memory, so it takes a slot before the others"));
                for (String path : unreferencedRegions()) {
                    Optional<Node> ionDriver = ionDriverUsing(path);
                    if (ionDriver.isPresent()) {
                        candidates.add(edit(new ScenarioEdit.Together(List.of(new ScenarioEdit.DeleteNode(path),
                                new ScenarioEdit.DeleteNode(ionDriver.get().path()))), in.dtSource() + ": delete " + path + " and "
                                + ionDriver.get().path() + " (only the ION driver's heap uses it: ION goes with it)"));
                    } else {
                        candidates.add(edit(new ScenarioEdit.DeleteNode(path), in.dtSource() + ": delete " + path
                                + " (no memory-region uses it; its driver loses the region)"));
                    }
                }
            }
            case KernelRule.DTB_EARLY_VA_UNMAPPED -> {
                for (String p : List.of(KernelProfile.LINUX_6_1.name(), KernelProfile.CVITEK_5_10_C.name())) {
                    candidates.add(edit(new ScenarioEdit.UseKernel(p), "kernel: use " + p + " (--kernel " + p + ")"));
                }
            }
            case DriverRule.RPROC_RSC_TABLE_REQUIRED -> {
                summary = in.firmware().choice().describe() + " has no .resource_table section, and this driver ("
                        + in.driver().id() + ") returns rproc_elf_load_rsc_table()'s -EINVAL from parse_fw";
                candidates.add(edit(new ScenarioEdit.UseRprocDriver(RprocDriverChoice.CVITEK_LATER),
                        "kernel: the later cvitek-rproc (SDK @20cb687), which only warns when the table is missing (--rproc-driver cvitek-later)"));
                candidates.add(new Candidate("link a .resource_table section into " + in.firmware().choice().describe()
                        + " (the Arduino core's rsc_table.c does)", Optional.empty()));
            }
            case DriverRule.ION_HEAP_ZEROES_BELOW_BASE -> {
                summary = ionSummary(e);
                candidates.addAll(ionFixes());
            }
            case DriverRule.RPROC_SEGMENT_OUTSIDE_CARVEOUT -> {
                summary = carveoutSummary(e);
                candidates.addAll(carveoutFixes());
            }
            case DriverRule.RPROC_C906L_SYSCON -> candidates.addAll(sysconFix(e.nodePath()));
            case DriverRule.RPROC_C906L_RESET -> candidates.addAll(resetFix(e.nodePath()));
            default -> { }
        }
        if (candidates.isEmpty()) {
            e.fix().ifPresent(f -> candidates.add(new Candidate(f, Optional.empty())));
        }
        return new Diagnosis(e.rule(), summary, e.nodePath(), e.kernelSource(), e.profileDifference(), proposed(candidates),
                Optional.empty());
    }

    /** A proposed change before it is tried. */
    private record Candidate(String where, Optional<ScenarioEdit> edit) {}

    private static Candidate edit(ScenarioEdit e, String where) {
        return new Candidate(where, Optional.of(e));
    }

    private static List<Diagnosis.Fix> proposed(List<Candidate> candidates) {
        return candidates.stream().map(c -> new Diagnosis.Fix(c.where(), c.edit(), new Diagnosis.Trial.NotTried())).toList();
    }

    // ---- the fixes, in the user's terms ------------------------------------------------------

    private Candidate configFix(String symbol, String value) {
        String line = symbol + "=" + value;
        if (in.defaultConfig().isPresent()) {
            return edit(new ScenarioEdit.ConfigSet(symbol, value), "kernel .config (no --kernel-config was given): " + line);
        }
        KernelConfig c = in.kernelConfig();
        Optional<KernelConfig.Entry> entry = c.entries().stream().filter(x -> x.name().equals(symbol)).findFirst();
        String where = entry.map(x -> c.fileName() + ":" + x.line() + ": " + written(x) + " -> " + line)
                .orElse(c.fileName() + ": add " + line);
        return edit(new ScenarioEdit.ConfigSet(symbol, value), where);
    }

    private static String written(KernelConfig.Entry e) {
        return switch (e.value()) {
            case KernelConfig.TristateValue t when t.state() == KernelConfig.Tristate.YES -> e.name() + "=y";
            case KernelConfig.TristateValue t when t.state() == KernelConfig.Tristate.MODULE -> e.name() + "=m";
            case KernelConfig.TristateValue t -> "# " + e.name() + " is not set";
            case KernelConfig.StringValue s -> e.name() + "=\"" + s.value() + "\"";
            case KernelConfig.NumberValue n -> e.name() + "=" + n.text();
        };
    }

    private Candidate renameFix(String path) {
        String base = nodeName(path);
        int at = base.indexOf('@');
        String stem = at < 0 ? base : base.substring(0, at);
        int underscore = stem.indexOf('_');
        String shortName = underscore > 0 && underscore <= 7 ? stem.substring(0, underscore) : stem.substring(0, Math.min(7, stem.length()));
        return edit(new ScenarioEdit.RenameNode(path, shortName), in.dtSource() + ": rename " + path + " to '" + shortName
                + "' (7 characters or fewer, no unit address: the 8-byte copy then holds the whole name and its NUL)");
    }

    /** {@code sophgo,syscon} pointed at the DT's syscon for the board's SEC_SYS, if it has one. */
    private List<Candidate> sysconFix(String rproc) {
        long secSys = in.board().only(Region.Kind.SEC_SYS).base();
        Optional<Node> syscon = kernelDt.root().walk().stream()
                .filter(n -> n.property("compatible").map(p -> p.asStringList().contains("syscon")).orElse(false))
                .filter(n -> DtQueries.firstReg(n).filter(r -> r.base() == secSys).isPresent()).findFirst();
        if (syscon.isEmpty()) {
            return List.of(new Candidate(String.format("%s: add a syscon node for SEC_SYS (compatible = \"syscon\"; reg = <0x0 0x%x 0x0 "
                    + "0x1000>; clocks = <&clk CLK_EFUSE>;) and sophgo,syscon = <&it>; in %s", in.dtSource(), secSys, rproc), Optional.empty()));
        }
        String ref = reference(syscon.get());
        return List.of(edit(new ScenarioEdit.SetReference(rproc, "sophgo,syscon", syscon.get().path(), List.of(), ref),
                in.dtSource() + ": sophgo,syscon = <" + ref + ">; in " + rproc + " (" + syscon.get().path() + " is the SEC_SYS syscon)"));
    }

    /** {@code resets} naming the C906L's line of the DT's reset controller (its id from the board's little-core reset bit). */
    private List<Candidate> resetFix(String rproc) {
        Platform.RegisterBit bit = in.board().littleCore().reset();
        long rstBase = in.board().only(Region.Kind.RESET).base();
        long id = (bit.register() - rstBase) / 4 * 32 + bit.bit();
        Optional<Node> rst = DtQueries.compatibleNode(kernelDt, List.of("sophgo,cv1800b-reset"))
                .filter(n -> DtQueries.firstReg(n).filter(r -> r.base() == rstBase).isPresent());
        if (rst.isEmpty()) {
            return List.of(new Candidate(String.format("%s: add the reset controller (compatible = \"sophgo,cv1800b-reset\"; reg = <0x0 0x%x "
                    + "0x0 0x1000>; #reset-cells = <1>;) and resets = <&rst %d>; in %s", in.dtSource(), rstBase, id, rproc), Optional.empty()));
        }
        String ref = reference(rst.get()) + " " + id;
        return List.of(edit(new ScenarioEdit.SetReference(rproc, "resets", rst.get().path(), List.of(id), ref),
                in.dtSource() + ": resets = <" + ref + ">; in " + rproc + String.format(" (line %d: 0x%x bit %d, the C906L's reset)", id,
                        bit.register(), bit.bit())));
    }

    /** How the user's DTS names {@code n} (the kernel's DTB keeps no labels; the compiled board DT does). */
    private String reference(Node n) {
        return DtQueries.reference(in.kernelTree().node(n.path()).orElse(n));
    }

    private String memmapWhere(String name, String value) {
        MemmapText.Assignment a = MemmapText.find(in.memmapSource(), name, in.memmapPath());
        return in.memmapPath() + ":" + a.line() + ": " + name + " = " + a.expression() + " -> " + name + " = " + value;
    }

    // ---- table full ---------------------------------------------------------------------------

    private String tableSummary(Explanation e) {
        List<String> regions = new ArrayList<>();
        kernelDt.node("/reserved-memory").ifPresent(r -> r.children().forEach(c -> regions.add(c.name())));
        int capacity = in.profile().uses(KernelRule.TABLE_4) ? 4 : 64;
        return "the kernel's reserved_mem table holds " + capacity + " entries and /reserved-memory in the DTB it received has "
                + regions.size() + " children (" + String.join(", ", regions) + "); '" + nodeName(e.nodePath())
                + "' came after the table was full, so it was not saved and the lookup cannot find it"
                + (regions.stream().anyMatch(n -> n.startsWith("mmode_resv")) ? " (OpenSBI's mmode_resv0, copied by U-Boot, takes a slot)" : "");
    }

    /** /reserved-memory children of the board DT that no memory-region points at. */
    private List<String> unreferencedRegions() {
        Set<Long> used = new HashSet<>();
        for (Node n : in.kernelTree().root().walk()) {
            if (n.parent().filter(Diagnoser::isIonDriver).isPresent()) {
                continue; // the vendor ION driver's heaps: the region can go together with the driver's node
            }
            n.property("memory-region").ifPresent(p -> {
                for (int i = 0; i < p.cellCount(); i++) {
                    used.add(p.u32(i));
                }
            });
        }
        List<String> out = new ArrayList<>();
        in.kernelTree().node("/reserved-memory").ifPresent(r -> {
            for (Node c : r.children()) {
                if (c.phandle().filter(used::contains).isEmpty()) {
                    out.add(c.path());
                }
            }
        });
        return out;
    }

    private static boolean isIonDriver(Node n) {
        return n.property("compatible").map(p -> p.asStringList().contains("cvitek,cvitek-ion")).orElse(false);
    }

    /** The vendor ION driver node one of whose heaps uses the region at {@code path}. */
    private Optional<Node> ionDriverUsing(String path) {
        Optional<Long> ph = in.kernelTree().node(path).flatMap(Node::phandle);
        return in.kernelTree().root().walk().stream().filter(Diagnoser::isIonDriver)
                .filter(d -> d.children().stream().anyMatch(h -> h.property("memory-region")
                        .filter(p -> p.cellCount() > 0 && ph.isPresent() && p.u32(0) == ph.get()).isPresent()))
                .findFirst();
    }

    // ---- the vendor ION heap zeroing below an unaligned base ----------------------------------

    private String ionSummary(Explanation e) {
        return e.text() + "; " + in.profile().name() + " scans reserved memory after unflatten_device_tree() "
                + "(the Arduino patch), so ION is placed below the early allocations instead of at ION_ADDR 0x"
                + Long.toHexString(in.mm("ION_ADDR"));
    }

    /**
     * PR #174 (milkv-duo/duo-buildroot-sdk, failures.md section 3.5): the kernel that scans reserved
     * memory in setup_bootmem() again, alone and with the PR's ION_SIZE of 16 MiB; or no ION at all,
     * the Arduino branch's default.
     */
    private List<Candidate> ionFixes() {
        List<Candidate> out = new ArrayList<>();
        String pr = KernelProfile.CVITEK_5_10_D.name();
        out.add(edit(new ScenarioEdit.UseKernel(pr), "kernel: " + pr + " (--kernel " + pr + "), the Arduino kernel with PR #174: "
                + "reserved memory scanned in setup_bootmem() before anything else is allocated"));
        String sixteen = in.memmapSource().contains("SIZE_1M") ? "16 * SIZE_1M" : "0x1000000";
        out.add(edit(new ScenarioEdit.Together(List.of(new ScenarioEdit.UseKernel(pr), new ScenarioEdit.MemmapAssign("ION_SIZE", sixteen))),
                "PR #174 as a whole: kernel " + pr + " and " + memmapWhere("ION_SIZE", sixteen)));
        String zero = in.memmapSource().contains("SIZE_1M") ? "0 * SIZE_1M" : "0";
        out.add(edit(new ScenarioEdit.MemmapAssign("ION_SIZE", zero), memmapWhere("ION_SIZE", zero)
                + " (the Arduino branch's default: no ION, so no ION heap; its users lose it)"));
        return out;
    }

    // ---- firmware outside its carve-out -------------------------------------------------------

    private Optional<Node> codeCarveout() {
        return DtQueries.codeCarveout(kernelDt, ko.rprocNode());
    }

    private String carveoutSummary(Explanation e) {
        long lo = firmwareLow();
        long window = in.mm("FREERTOS_ADDR");
        Optional<DtQueries.Range> reg = codeCarveout().flatMap(DtQueries::firstReg);
        String where = reg.map(r -> "the carve-out " + codeCarveout().get().name() + " " + r).orElse("any carve-out");
        String base = String.format("the firmware is linked at 0x%x, outside %s", lo, where);
        if (reg.isPresent() && reg.get().base() != window && lo >= window && lo < window + in.mm("FREERTOS_SIZE")) {
            return base + String.format(": memmap.py's FREERTOS_ADDR (0x%x) and the DTS carve-out disagree", window);
        }
        return base + " (" + e.text() + ")";
    }

    private List<Candidate> carveoutFixes() {
        List<Candidate> out = new ArrayList<>();
        Optional<Node> carve = codeCarveout();
        long window = in.mm("FREERTOS_ADDR");
        long size = in.mm("FREERTOS_SIZE");
        if (carve.isPresent()) {
            String path = in.kernelTree().node(carve.get().path()).map(Node::path).orElse(carve.get().path());
            out.add(edit(new ScenarioEdit.SetReg(path, window, size), String.format(
                    "%s: %s reg = <0x0 CVIMMAP_FREERTOS_ADDR 0x0 CVIMMAP_FREERTOS_SIZE> (0x%x, 0x%x), the window memmap.py gives the little core",
                    in.dtSource(), path, window, size)));
            Optional<DtQueries.Range> reg = DtQueries.firstReg(carve.get());
            if (reg.isPresent() && reg.get().base() != window) {
                String value = "0x" + Long.toHexString(reg.get().base());
                if (in.firmware().choice() instanceof FirmwareChoice.Fixture) {
                    out.add(edit(new ScenarioEdit.MemmapAssign("FREERTOS_ADDR", value),
                            memmapWhere("FREERTOS_ADDR", value) + " (back where the DTS carve-out is), and rebuild the firmware"));
                } else {
                    out.add(new Candidate(memmapWhere("FREERTOS_ADDR", value) + ", and relink "
                            + in.firmware().choice().describe() + " at " + value, Optional.empty()));
                }
            }
        }
        return out;
    }

    private long firmwareLow() {
        return in.firmware().file().programHeaders().stream().filter(ProgramHeader::isLoad)
                .mapToLong(ProgramHeader::paddr).min().orElse(0);
    }

    private static String nodeName(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }
}
