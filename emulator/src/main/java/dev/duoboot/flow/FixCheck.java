package dev.duoboot.flow;

import dev.duoboot.soc.RunLimits;

/**
 * How a diagnosis's fixes are tried: each is applied to a copy of the scenario, which then runs
 * through the static chain (milliseconds; it decides as the emulated chain does on these inputs)
 * or boots again on the emulated SoC (about half a second each: the strongest proof).
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

    /** The verdict of {@code s} this way; an emulated boot stops at {@code limits}. */
    Verdict verdict(Scenario s, RunLimits limits) {
        return switch (this) {
            case STATIC_CHAIN -> StaticCheck.verdict(s);
            case EMULATED_BOOT -> EmulatedCheck.verdict(s, limits);
        };
    }
}
