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
import dev.duoboot.linux.PhysicalMemory;
import dev.duoboot.linux.Remoteproc;
import dev.duoboot.linux.RemoteprocOutcome;
import dev.duoboot.linux.RprocState;
import dev.duoboot.scenario.ResolvedInputs;
import dev.duoboot.scenario.RprocDriverChoice;
import dev.duoboot.sdk.KernelConfig;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The kernel, from its entry with the DTB in memory: the Linux model's early boot, the remoteproc
 * driver's probe and auto-boot, and the user's {@code echo start > .../remoteproc0/state}.
 * Firmware segments and the C906L reset writes go to the chain's {@link PhysicalMemory}.
 */
public final class KernelStage {

    private KernelStage() {}

    /** The kernel Image's load and entry address in the SDK's FIT (CONFIG_KERNEL_ENTRY_HACK_ADDR). */
    public static final long LOAD_ADDR = BootImages.KERNEL_ADDR;

    public static KernelOutcome enter(ResolvedInputs in, FdtBlob dtb, long dtbAddr, PhysicalMemory memory) {
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
        Optional<Node> node = tree.root().walk().stream().filter(n -> compatible(n, in.driver().driver(in.board().littleCore()).compatible()))
                .findFirst();
        if (node.isEmpty()) {
            return outcome(run, Optional.empty(), new Verdict.NoRemoteproc(littleCore(in)), List.of(), dtb, dtbAddr,
                    Optional.empty(), Optional.empty());
        }
        String path = node.get().path();
        String symbol = driverSymbol(in.driver());
        KernelConfig.Tristate state = in.tristate(symbol);
        Optional<String> fwName = node.get().property("firmware-name").flatMap(p -> p.asString());
        if (state == KernelConfig.Tristate.NO) {
            return outcome(run, Optional.empty(), new Verdict.RemoteprocDriverMissing(path, symbol + " is not set in "
                    + in.kernelConfig().fileName()), List.of(), dtb, dtbAddr, Optional.of(path), fwName);
        }
        Optional<String> status = node.get().property("status").flatMap(p -> p.asString());
        if (status.isPresent() && !status.get().equals("okay") && !status.get().equals("ok")) {
            return outcome(run, Optional.empty(), new Verdict.NoRemoteproc(path + " has status \"" + status.get()
                    + "\", so no driver binds to it; " + littleCore(in)), List.of(), dtb, dtbAddr, Optional.empty(), fwName);
        }
        Optional<Remoteproc> rproc = Remoteproc.probe(run, node.get(), in.driver().driver(in.board().littleCore()), memory);
        if (rproc.isEmpty()) {
            return outcome(run, Optional.empty(), new Verdict.RemoteprocDriverMissing(path,
                    "the driver's probe fails without a firmware-name property"), run.explanations(), dtb, dtbAddr,
                    Optional.of(path), fwName);
        }
        Map<String, byte[]> firmwareFiles = Map.of(fwName.orElseThrow(), in.firmware().elf());
        // a built-in driver probes before the root file system is mounted, a module after it
        RemoteprocOutcome result = rproc.get().autoBoot(state == KernelConfig.Tristate.YES ? Map.of() : firmwareFiles);
        int explained = run.explanations().size();
        int logged = run.printk().visible(LogLevel.INFO).size();
        boolean start = in.scenario().startRproc().orElse(true);
        if (start) {
            result = rproc.get().stateStore("start\n", firmwareFiles);
        }
        List<Explanation> decisive = run.explanations().subList(explained, run.explanations().size());
        List<LogLine> during = run.printk().visible(LogLevel.INFO).subList(logged, run.printk().visible(LogLevel.INFO).size());
        Verdict v = verdict(result, node.get(), during, run.printk().visible(LogLevel.INFO), start);
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
        return new KernelOutcome(report, v, decisive, dtb, dtbAddr, node, fwName);
    }

    /** What the little core does when Linux does not start it. */
    private static String littleCore(ResolvedInputs in) {
        return in.scenario().freertosInFip()
                ? String.format("the C906L runs the FreeRTOS image FSBL loaded and released at 0x%x", in.mm("FSBL_C906L_START_ADDR"))
                : "FSBL had no little-core image (freertos-in-fip: false), so the C906L stays in reset";
    }

    /** The Kconfig symbol that builds the driver. */
    public static String driverSymbol(RprocDriverChoice d) {
        return d == RprocDriverChoice.MAINLINE_STYLE ? "CONFIG_REMOTEPROC" : "CONFIG_CVITEK_REMOTEPROC";
    }

    private static boolean compatible(Node n, String compat) {
        return n.property("compatible").map(p -> p.asStringList().contains(compat)).orElse(false);
    }
}
