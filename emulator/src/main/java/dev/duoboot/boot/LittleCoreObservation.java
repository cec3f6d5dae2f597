package dev.duoboot.boot;

import java.util.Optional;
import java.util.OptionalLong;

/**
 * What the little core did: in an emulated boot as the machine saw it, never inferred from an
 * answer alone (whether it was released, where it stood at the end, how much it ran, whose image
 * the code under its pc is, how the C906B's mailbox probe went); in a static check as the stages'
 * rules predict it (where it starts, whose code is there; {@code instructions} empty, no probe).
 *
 * @param image the image its pc lies in
 * @param imageRange that image's range ({@code [0x8fe00000, +0xa7c)})
 */
public record LittleCoreObservation(boolean released, long pc, OptionalLong instructions, Image image, Optional<String> imageRange,
        Probe probe) {

    /** Whose code the little core runs. */
    public enum Image {
        /** FreeRTOS (BLCP_2ND) as FSBL loaded it. */
        FSBL_IMAGE,
        /** The ELF remoteproc loaded into its carve-outs, started from its entry after the load. */
        REMOTEPROC_FIRMWARE,
        /**
         * Not restarted since remoteproc wrote its firmware: the core runs on from FSBL's start, over
         * bytes remoteproc replaced under it.
         */
        NOT_RESTARTED,
        /** No image anyone loaded: the core runs elsewhere (or never ran). */
        NONE
    }

    /** The C906B's CMD_TEST_A over the mailbox (the SDK's rtos_cmdqu, milkv's echo). */
    public enum Probe {
        /** The echo came back: milkv's echo service answers. */
        ANSWERED,
        /** An answer came back that is not the echo. */
        WRONG_ANSWER,
        /** Nothing came back within the wait: the firmware does not serve CMD_TEST_A (the SDK's FreeRTOS does not). */
        NO_ANSWER,
        /** The probe did not run to its end within the limits, or did not run (the core is held). */
        NOT_PROBED
    }

    /** Whether the core ran (released, and executed instructions where that was seen). */
    public boolean ran() {
        return released && instructions.orElse(1) > 0;
    }
}
