package dev.duoboot.boot;

import dev.duoboot.scenario.ResolvedInputs;

/**
 * A way to get from the inputs to the kernel's entry and past it: the static chain computes what
 * each stage does to memory and the device tree without running it; the emulated chain runs the
 * stages on the modelled SoC. Either one hands the kernel model the DTB the kernel receives and
 * the physical memory remoteproc writes, and returns what happened.
 */
public interface BootChain {

    /** Which chain ran, for reports. */
    enum Kind {
        STATIC("static (no emulation: the stages' rules applied to the inputs)"),
        EMULATED("emulated (instruction level: mask ROM model, FSBL, OpenSBI, U-Boot on two C906 harts)");

        private final String description;

        Kind(String description) {
            this.description = description;
        }

        /** How the stages before the kernel were obtained, in a sentence. */
        public String description() {
            return description;
        }
    }

    Kind kind();

    /** Boots {@code in} through every stage and the kernel model, and returns the whole record. */
    BootRecord boot(ResolvedInputs in);
}
