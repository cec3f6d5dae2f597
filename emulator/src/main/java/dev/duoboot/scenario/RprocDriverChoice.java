package dev.duoboot.scenario;

import dev.duoboot.linux.CvitekRproc;
import dev.duoboot.linux.KernelProfile;
import dev.duoboot.linux.KernelRule;
import dev.duoboot.linux.MainlineStyleRproc;
import dev.duoboot.linux.RprocDriver;
import dev.duoboot.platform.Platform;
import java.util.Arrays;
import java.util.Optional;

/** Which remoteproc driver the kernel carries for {@code cvitek,cv18xx-c906l-rproc}. */
public enum RprocDriverChoice {
    CVITEK_ORIGINAL("cvitek-original", "cvitek-rproc as the Arduino patch adds it (SDK @7221d23): needs a .resource_table"),
    CVITEK_LATER("cvitek-later", "cvitek-rproc of SDK @20cb687: a missing resource table only warns"),
    CVITEK_VECTOR("cvitek-vector", "cvitek-rproc of the vanbuong v2 fork: start also programs the C906L boot vector"),
    MAINLINE_STYLE("mainline-style", "an imx_rproc-shaped port (6.1-6.16): memory-region looked up in prepare");

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
        };
    }

    /**
     * The vendor kernels carry the SDK's driver as v1 HEAD has it; the upstream-based lines a port in
     * the mainline shape.
     */
    public static RprocDriverChoice defaultFor(KernelProfile profile) {
        return profile.uses(KernelRule.ION_REGIONS_DECLARED) ? CVITEK_LATER : MAINLINE_STYLE;
    }

    public static Optional<RprocDriverChoice> byId(String id) {
        return Arrays.stream(values()).filter(d -> d.id.equals(id)).findFirst();
    }

    /** The ids, for error messages. */
    public static String ids() {
        return String.join(", ", Arrays.stream(values()).map(RprocDriverChoice::id).toList());
    }
}
