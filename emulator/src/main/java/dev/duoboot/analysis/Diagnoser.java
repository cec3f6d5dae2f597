package dev.duoboot.analysis;

import dev.duoboot.boot.BootRule;
import dev.duoboot.boot.KernelOutcome;
import dev.duoboot.boot.KernelStage;
import dev.duoboot.boot.LittleCoreObservation;
import dev.duoboot.boot.Verdict;
import dev.duoboot.fdt.DeviceTree;
import dev.duoboot.fdt.Node;
import dev.duoboot.linux.DriverRule;
import dev.duoboot.linux.Explanation;
import dev.duoboot.linux.KernelProfile;
import dev.duoboot.linux.KernelRule;
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
    static Optional<Diagnosis> diagnose(ResolvedInputs in, KernelOutcome ko, Verdict verdict, Optional<LittleCoreObservation> little) {
        if (verdict.success()) {
            return Optional.empty();
        }
        Diagnoser d = new Diagnoser(in, ko);
        return Optional.of(switch (verdict) {
            case Verdict.MemmapAssertFailed m -> new MemmapAssertDiagnosis(in).diagnosis();
            case Verdict.RemoteprocOtherImage o -> d.otherImage(o);
            case Verdict.LittleCoreNotRunning n -> d.notRunning(n);
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

    /** FSBL released the core (or should have), and it does not run the image it was given. */
    private Diagnosis notRunning(Verdict.LittleCoreNotRunning n) {
        String summary = n.seen().released()
                ? String.format("the C906L was released but runs no image anyone loaded (pc 0x%x)", n.seen().pc())
                : "the C906L stays in reset: nothing released it";
        return new Diagnosis(BootRule.LITTLE_CORE_WITHOUT_IMAGE, summary, "/", BootRule.LITTLE_CORE_WITHOUT_IMAGE.source(), List.of(),
                List.of(), Optional.empty());
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
