package dev.duoboot.cli;

import dev.duoboot.DuobootException;
import dev.duoboot.analysis.FixCheck;
import dev.duoboot.pipeline.Pipeline;
import dev.duoboot.soc.RunLimits;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code duoboot boot}: the whole dual-core boot on the modelled SoC (mask ROM model, FSBL,
 * OpenSBI, U-Boot, the kernel model, remoteproc, the little core), then the report: consoles per
 * core, the kernel log, the verdict and why, fixes, the memory map. Exit 0 as the scenario expects
 * (or success), 1 not, 2 bad input, 3 the emulation could not go on (a guest crash, a budget).
 */
@Command(name = "boot", mixinStandardHelpOptions = true,
        description = "Boots a layout on the emulated dual-core SoC and explains what the kernel and the little core did.")
public final class BootCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ScenarioOptions inputs;

    @Mixin
    ReportOptions report;

    @Option(names = "--max-virtual-time", paramLabel = "SECONDS", defaultValue = "20",
            description = "virtual-time limit of the boot up to the kernel (default: ${DEFAULT-VALUE})")
    double maxVirtualSeconds;

    @Option(names = "--max-instructions", paramLabel = "N", defaultValue = "5000000000",
            description = "instruction budget of both cores together (default: ${DEFAULT-VALUE})")
    long maxInstructions;

    @Option(names = "--recheck-fixes", paramLabel = "static|boot", defaultValue = "static",
            description = "how each proposed fix is tried on a copy of the scenario: the static chain (ms) or"
                    + " booting it again on the emulated SoC (about half a second each); default: ${DEFAULT-VALUE}")
    String recheckFixes;

    @Option(names = "--write-image", paramLabel = "FILE",
            description = "also write the SD card this boot uses (fip.bin and boot.sd on the SDK's layout) to FILE, to flash"
                    + " or to boot again with --image")
    java.nio.file.Path writeImage;

    @Override
    public Integer call() {
        if (maxInstructions <= 0 || !(maxVirtualSeconds > 0)) {
            throw new DuobootException("--max-instructions and --max-virtual-time: expected positive numbers, got "
                    + maxInstructions + " and " + maxVirtualSeconds);
        }
        FixCheck fixCheck = switch (recheckFixes) {
            case "static" -> FixCheck.STATIC_CHAIN;
            case "boot" -> FixCheck.EMULATED_BOOT;
            default -> throw new DuobootException("--recheck-fixes: expected static or boot, got '" + recheckFixes + "'");
        };
        RunLimits limits = Pipeline.BOOT_LIMITS.withMaxInstructions(maxInstructions)
                .withMaxVirtualNanos((long) (maxVirtualSeconds * 1e9));
        dev.duoboot.scenario.Scenario s = inputs.scenario();
        if (writeImage != null) {
            Pipeline.writeCard(s, writeImage);
        }
        return report.emit(Pipeline.boot(s, limits, fixCheck), spec.commandLine().getOut());
    }
}
