package dev.duoboot.analysis;

/**
 * How a diagnosis's fixes were tried: each applied to a copy of the scenario, which then ran
 * through the static chain (milliseconds; it decides as the emulated chain does on these inputs)
 * or booted again on the emulated SoC (about half a second each: the strongest proof). The
 * pipeline does the trying; the analysis only proposes.
 */
public enum FixCheck {
    STATIC_CHAIN("static-chain", "re-checked with the static chain"),
    EMULATED_BOOT("emulated-boot", "booted again on the emulated SoC");

    private final String id;
    private final String description;

    FixCheck(String id, String description) {
        this.id = id;
        this.description = description;
    }

    /** The name in JSON reports. */
    public String id() {
        return id;
    }

    /** How each fix was tried, after "each applied to a copy of this scenario and". */
    public String description() {
        return description;
    }
}
