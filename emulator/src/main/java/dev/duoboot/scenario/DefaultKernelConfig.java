package dev.duoboot.scenario;

import dev.duoboot.linux.KernelProfile;
import dev.duoboot.linux.KernelRule;
import java.nio.charset.StandardCharsets;

/**
 * The .config a kernel line gets when the scenario names none: one rule, used everywhere and
 * stated in the report. The vendor lines get the SDK's board defconfig, which has none of the
 * remoteproc lines (the Arduino patch adds them: docs/facts/sdk-boot-flow.md §4.1); the upstream
 * lines get arch/riscv's defconfig, which has none either.
 *
 * @param path the snippet's path among the preset files
 * @param source where its lines come from, in words
 */
public record DefaultKernelConfig(String path, String source) {

    /** The default of {@code profile}'s line. */
    public static DefaultKernelConfig of(KernelProfile profile) {
        return profile.uses(KernelRule.ION_REGIONS_DECLARED)
                ? new DefaultKernelConfig("presets/config/cvitek_default.config",
                        "the SDK's board defconfig, which has none of the remoteproc lines")
                : new DefaultKernelConfig("presets/config/upstream_default.config",
                        "arch/riscv/configs/defconfig, which has none of the remoteproc lines");
    }

    /** The snippet's text. */
    String text() {
        return new String(Preset.files().read(path).orElseThrow(() -> new IllegalStateException("no " + path)),
                StandardCharsets.UTF_8);
    }
}
