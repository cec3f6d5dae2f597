package dev.duoboot.analysis;

import dev.duoboot.firmware.Chain;
import dev.duoboot.firmware.FsblChoice;
import dev.duoboot.firmware.StageFirmware;
import dev.duoboot.linux.KernelProfile;
import dev.duoboot.platform.Platform;
import dev.duoboot.scenario.FirmwareChoice;
import dev.duoboot.scenario.RprocDriverChoice;
import dev.duoboot.scenario.ScenarioEdit;
import dev.duoboot.sdk.KernelConfig;
import java.util.List;
import java.util.Optional;

/**
 * The inputs a report lists, as values: which board, layout, device tree, kernel, .config, driver,
 * firmware, chain and command line the boot had, and the edits on top. The report's renderers say
 * them in words.
 *
 * @param memmapPath memmap.py as the user named it
 * @param dtSource the DTS or DTB as the user named it
 * @param fromDts whether it is a DTS (preprocessed with the generated header)
 * @param config the .config's name and the driver symbol's state in it
 * @param firmwareEntry the little-core ELF's entry
 * @param firmwareBytes its size
 */
public record BootInputs(
        Platform board,
        String memmapPath,
        long freertosAddr,
        long freertosSize,
        long kernelMemorySize,
        String dtSource,
        boolean fromDts,
        KernelProfile profile,
        ConfigLine config,
        RprocDriverChoice driver,
        FirmwareChoice firmware,
        long firmwareEntry,
        long firmwareBytes,
        Chain chain,
        StageFirmware stages,
        Optional<String> fip,
        Optional<String> image,
        FsblChoice fsbl,
        Optional<String> opensbi,
        Optional<String> uboot,
        String bootargs,
        Optional<Boolean> startRproc,
        List<ScenarioEdit> edits) {

    public BootInputs {
        edits = List.copyOf(edits);
    }

    /** The .config file and the driver's symbol in it; {@code defaulted} says why this file when none was given. */
    public record ConfigLine(String fileName, String symbol, KernelConfig.Tristate state, Optional<String> defaulted) {}
}
