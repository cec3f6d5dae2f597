package dev.duoboot.scenario;

import dev.duoboot.fdt.DeviceTree;
import dev.duoboot.linux.CvitekRproc;
import dev.duoboot.linux.KernelProfile;
import dev.duoboot.linux.KernelRule;
import dev.duoboot.linux.MainlineStyleRproc;
import dev.duoboot.linux.RprocDriver;
import dev.duoboot.linux.SophgoC906lRproc;
import dev.duoboot.platform.Platform;
import java.util.Arrays;
import java.util.Optional;

/** Which remoteproc driver the kernel carries for the C906L (each binds its own compatible). */
public enum RprocDriverChoice {
    CVITEK_ORIGINAL("cvitek-original", "cvitek-rproc as the Arduino patch adds it (SDK @7221d23): needs a .resource_table"),
    CVITEK_LATER("cvitek-later", "cvitek-rproc of SDK @20cb687: a missing resource table only warns"),
    CVITEK_VECTOR("cvitek-vector", "cvitek-rproc of the vanbuong v2 fork: start also programs the C906L boot vector"),
    MAINLINE_STYLE("mainline-style", "an imx_rproc-shaped port (6.1-6.16): memory-region looked up in prepare"),
    SOPHGO_C906L("sophgo-c906l", "cv1800b-c906l, the mainline series (v2, 2025; sophgo/linux 7.0): sophgo,syscon, resets, "
            + "the ELF entry programmed as boot address"),
    SOPHGO_C906L_RESET_IN_PROBE("sophgo-c906l-reset-in-probe", "cv1800b-c906l with the reset asserted in probe "
            + "(the fix of sophgo/linux#11, Armbian 0037-drivers-remoteproc-fix-C906L-probe-function.patch)");

    private final String id;
    private final String description;

    RprocDriverChoice(String id, String description) {
        this.id = id;
        this.description = description;
    }

    public String id() {
        return id;
    }

    public String description() {
        return description;
    }

    /** The driver, writing the board's little-core registers. */
    public RprocDriver driver(Platform.LittleCoreControl regs) {
        return switch (this) {
            case CVITEK_ORIGINAL -> new CvitekRproc(CvitekRproc.Variant.ORIGINAL, regs);
            case CVITEK_LATER -> new CvitekRproc(CvitekRproc.Variant.LATER, regs);
            case CVITEK_VECTOR -> new CvitekRproc(CvitekRproc.Variant.VECTOR, regs);
            case MAINLINE_STYLE -> new MainlineStyleRproc(regs);
            case SOPHGO_C906L -> new SophgoC906lRproc(SophgoC906lRproc.Variant.V2);
            case SOPHGO_C906L_RESET_IN_PROBE -> new SophgoC906lRproc(SophgoC906lRproc.Variant.RESET_IN_PROBE);
        };
    }

    /**
     * The vendor kernels carry the SDK's driver as v1 HEAD has it; the upstream-based lines a port in
     * the mainline shape, or the mainline C906L driver when the device tree names its compatible.
     */
    public static RprocDriverChoice defaultFor(KernelProfile profile, DeviceTree kernelDt) {
        if (profile.uses(KernelRule.ION_REGIONS_DECLARED)) {
            return CVITEK_LATER;
        }
        boolean named = kernelDt.root().walk().stream().anyMatch(n -> n.property("compatible")
                .map(p -> p.asStringList().contains(SophgoC906lRproc.COMPATIBLE)).orElse(false));
        return named ? SOPHGO_C906L : MAINLINE_STYLE;
    }

    public static Optional<RprocDriverChoice> byId(String id) {
        return Arrays.stream(values()).filter(d -> d.id.equals(id)).findFirst();
    }

    /** The ids, for error messages. */
    public static String ids() {
        return String.join(", ", Arrays.stream(values()).map(RprocDriverChoice::id).toList());
    }
}
