package dev.duoboot.cli;

import dev.duoboot.pipeline.Pipeline;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code duoboot check}: the inputs of {@code boot}, no emulation. The static chain computes the
 * device tree each stage passes on, the kernel model runs on the one the kernel receives and
 * starts remoteproc, and the report says what happened, why, and which fixes work. Exit 0 as the
 * scenario expects (or success, without expectations), 1 not, 2 bad input.
 */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = "Checks a boot layout without emulation: memmap vs DTS vs firmware, overlaps, the kernel's verdict on the DTB U-Boot would pass.")
public final class CheckCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ScenarioOptions inputs;

    @Mixin
    ReportOptions report;

    @Override
    public Integer call() {
        return report.emit(Pipeline.check(inputs.scenario()), spec.commandLine().getOut());
    }
}
