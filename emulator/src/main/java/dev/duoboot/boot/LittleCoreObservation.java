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

    /** How duo-examples' mailbox_test went on the C906B ({@link MailboxTest}). */
    public enum Probe {
        /** The C906L answered CMD_DUO_LED with DUO_LED_DONE, as milkv's FreeRTOS does. */
        ANSWERED,
        /** An answer to CMD_DUO_LED came back that is not DUO_LED_DONE. */
        WRONG_ANSWER,
        /** Nothing answered within the program's 100 ms: no code on the C906L serves CMD_DUO_LED. */
        NO_ANSWER,
        /** The driver found no free mailbox slot for the command. */
        MAILBOX_FULL,
        /** The kernel has no /dev/cvi-rtos-cmdqu: the program cannot open it. */
        NO_DEVICE,
        /** The test did not run (the core is held and the user runs no test), or not to its end within the limits. */
        NOT_PROBED
    }

    /** The same, with how mailbox_test went. */
    public LittleCoreObservation withProbe(Probe p) {
        return new LittleCoreObservation(released, pc, instructions, image, imageRange, p);
    }

    /** Whether the core ran (released, and executed instructions where that was seen). */
    public boolean ran() {
        return released && instructions.orElse(1) > 0;
    }
}
