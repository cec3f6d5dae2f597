package dev.duoboot.boot;

import dev.duoboot.fdt.DeviceTree;
import dev.duoboot.fdt.FdtBlob;
import dev.duoboot.fdt.Node;
import dev.duoboot.firmware.BootImages;
import dev.duoboot.linux.Explanation;
import dev.duoboot.linux.KernelInputs;
import dev.duoboot.linux.KernelModel;
import dev.duoboot.linux.KernelReport;
import dev.duoboot.linux.KernelRun;
import dev.duoboot.linux.LogLevel;
import dev.duoboot.linux.LogLine;
import dev.duoboot.linux.Remoteproc;
import dev.duoboot.linux.RemoteprocOutcome;
import dev.duoboot.linux.RprocDriver;
import dev.duoboot.linux.RprocState;
import dev.duoboot.scenario.ResolvedInputs;
import dev.duoboot.scenario.RprocDriverChoice;
import dev.duoboot.sdk.KernelConfig;
import dev.duoboot.soc.BusHang;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The kernel, from its entry with the DTB in memory: the Linux model's early boot, the remoteproc
 * driver's probe and auto-boot, and the user's {@code echo start > .../remoteproc0/state}.
 * Firmware segments and the C906L reset writes go to the chain's {@link SocMemory}; an access the bus never
 * answers stops the kernel, and the verdict is the hang.
 */
public final class KernelStage {

    private KernelStage() {}

    /** The kernel Image's load and entry address in the SDK's FIT (CONFIG_KERNEL_ENTRY_HACK_ADDR). */
    public static final long LOAD_ADDR = BootImages.KERNEL_ADDR;

    public static KernelOutcome enter(ResolvedInputs in, FdtBlob dtb, long dtbAddr, SocMemory memory) {
        KernelInputs ki = KernelInputs.fromDtb(dtb, dtbAddr, String.format("the kernel's DTB at 0x%x", dtbAddr), in.profile())
                .withLoadAddr(LOAD_ADDR).withKernelSize(in.profile().image().imageBytes());
        ki = ki.withConfig(in.kernelConfig());
        KernelRun run = KernelModel.boot(ki);
        if (run.oops().isPresent()) {
            // the kernel died in its own initcalls: no driver of ours probes, nothing starts the little core
            return outcome(run, Optional.empty(), new Verdict.KernelOops(run.oops().get()),
                    List.of(run.explanations().getLast()), dtb, dtbAddr,
                    Optional.empty(), Optional.empty());
        }
        DeviceTree tree = ki.tree();
        RprocDriver driver = in.driver().driver(in.board().littleCore());
        Optional<Node> node = tree.root().walk().stream().filter(n -> compatible(n, driver.compatible())).findFirst();
        if (node.isEmpty()) {
            run.lateInitcallSync(memory);
            return outcome(run, Optional.empty(), new Verdict.NoRemoteproc(littleCore(in)), List.of(), dtb, dtbAddr,
                    Optional.empty(), Optional.empty());
        }
        String path = node.get().path();
        String symbol = driverSymbol(in.driver());
        KernelConfig.Tristate state = in.tristate(symbol);
        Optional<String> fwName = node.get().property("firmware-name").flatMap(p -> p.asString());
        if (state == KernelConfig.Tristate.NO) {
            run.lateInitcallSync(memory);
            return outcome(run, Optional.empty(), new Verdict.RemoteprocDriverMissing(path, symbol + " is not set in "
                    + in.kernelConfig().fileName()), List.of(), dtb, dtbAddr, Optional.of(path), fwName);
        }
        Optional<String> status = node.get().property("status").flatMap(p -> p.asString());
        if (status.isPresent() && !status.get().equals("okay") && !status.get().equals("ok")) {
            run.lateInitcallSync(memory);
            return outcome(run, Optional.empty(), new Verdict.NoRemoteproc(path + " has status \"" + status.get()
                    + "\", so no driver binds to it; " + littleCore(in)), List.of(), dtb, dtbAddr, Optional.empty(), fwName);
        }
        // a built-in driver probes before late_initcall and the root file system; a module after both
        boolean builtIn = state == KernelConfig.Tristate.YES;
        if (!builtIn) {
            run.lateInitcallSync(memory);
        }
        int beforeProbe = run.explanations().size();
        Remoteproc.Probed probed = Remoteproc.bind(run, node.get(), driver, memory);
        if (probed instanceof Remoteproc.Probed.Failed f) {
            List<Explanation> why = run.explanations().subList(beforeProbe, run.explanations().size());
            if (builtIn) {
                run.lateInitcallSync(memory);
            }
            return outcome(run, Optional.empty(), new Verdict.RemoteprocDriverMissing(path, f.why()), why, dtb, dtbAddr,
                    Optional.of(path), fwName);
        }
        Remoteproc rproc = ((Remoteproc.Probed.Bound) probed).rproc();
        Map<String, byte[]> firmwareFiles = Map.of(fwName.orElseThrow(), in.firmware().elf());
        RemoteprocOutcome result = rproc.autoBoot(builtIn ? Map.of() : firmwareFiles);
        if (builtIn) {
            run.lateInitcallSync(memory);
        }
        int explained = run.explanations().size();
        int logged = run.printk().visible(LogLevel.INFO).size();
        boolean start = in.scenario().startRproc().orElse(true);
        String during = builtIn ? "the auto-boot at probe" : "the auto-boot when the module loaded (rproc_add())";
        if (start && !run.hung()) {
            result = rproc.stateStore("start\n", firmwareFiles);
            during = "echo start > /sys/class/remoteproc/remoteproc0/state";
        }
        if (run.hung()) {
            BusHang h = memory.busHang().orElseThrow(() -> new IllegalStateException("the kernel hung, the SoC saw no hang"));
            return outcome(run, Optional.of(result), new Verdict.BusHang(h.hart(), h.address(), h.write(), h.block(), h.clock().name(),
                    h.clock().enable().register(), h.clock().enable().bit(), during), List.of(run.explanations().getLast()), dtb, dtbAddr,
                    Optional.of(path), fwName);
        }
        List<Explanation> decisive = run.explanations().subList(explained, run.explanations().size());
        List<LogLine> during2 = run.printk().visible(LogLevel.INFO).subList(logged, run.printk().visible(LogLevel.INFO).size());
        Verdict v = verdict(result, node.get(), during2, run.printk().visible(LogLevel.INFO), start);
        return outcome(run, Optional.of(result), v, decisive, dtb, dtbAddr, Optional.of(path), fwName);
    }

    /** {@code during}: the lines the user's start printed; {@code all}: the whole log (an oops may come from the auto-boot). */
    private static Verdict verdict(RemoteprocOutcome r, Node node, List<LogLine> during, List<LogLine> all, boolean started) {
        if (r.oops()) {
            return new Verdict.KernelOops(first(all, LogLevel.ALERT).orElse("(no message)"));
        }
        if (r.state() == RprocState.RUNNING) {
            return new Verdict.RemoteprocRunning(node.name(), r.bootAddr());
        }
        if (!started) {
            return new Verdict.RemoteprocNotStarted(node.name());
        }
        return new Verdict.RemoteprocFailed(node.name(), r.returnCode(), first(during, LogLevel.ERR).orElse("(no message)"));
    }

    private static Optional<String> first(List<LogLine> lines, LogLevel level) {
        return lines.stream().filter(l -> l.level() == level).map(LogLine::text).findFirst();
    }

    private static KernelOutcome outcome(KernelRun run, Optional<RemoteprocOutcome> rproc, Verdict v,
            List<Explanation> decisive, FdtBlob dtb, long dtbAddr, Optional<String> node, Optional<String> fwName) {
        KernelReport report = run.report(LogLevel.INFO, rproc);
        return new KernelOutcome(report, v, decisive, dtb, dtbAddr, node, fwName, run.rtosCmdquNode());
    }

    /** What the little core does when Linux does not start it. */
    private static String littleCore(ResolvedInputs in) {
        return in.freertosInFip()
                ? String.format("the C906L runs the FreeRTOS image FSBL loaded and released at 0x%x", in.mm("FSBL_C906L_START_ADDR"))
                : "FSBL had no little-core image (freertos-in-fip: false), so the C906L stays in reset";
    }

    /** The path of the node the scenario's remoteproc driver binds in {@code tree}, if it has one. */
    public static Optional<String> rprocNode(ResolvedInputs in, DeviceTree tree) {
        String compat = in.driver().driver(in.board().littleCore()).compatible();
        return tree.root().walk().stream().filter(n -> compatible(n, compat)).map(Node::path).findFirst();
    }

    /** The Kconfig symbol that builds the driver. */
    public static String driverSymbol(RprocDriverChoice d) {
        return switch (d) {
            case MAINLINE_STYLE -> "CONFIG_REMOTEPROC";
            case SOPHGO_C906L, SOPHGO_C906L_RESET_IN_PROBE -> "CONFIG_SOPHGO_CV1800B_C906L";
            case CVITEK_ORIGINAL, CVITEK_LATER, CVITEK_VECTOR -> "CONFIG_CVITEK_REMOTEPROC";
        };
    }

    private static boolean compatible(Node n, String compat) {
        return n.property("compatible").map(p -> p.asStringList().contains(compat)).orElse(false);
    }
}
