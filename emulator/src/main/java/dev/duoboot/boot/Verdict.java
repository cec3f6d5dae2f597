package dev.duoboot.boot;

import dev.duoboot.scenario.VerdictKind;
import java.util.List;

/**
 * How the boot ended for the user: what {@code echo start > /sys/class/remoteproc/remoteproc0/state}
 * did, or why there was nothing to start, with the particulars the report needs. Decided by the
 * kernel stage from the kernel model's outcome, never assumed.
 */
public sealed interface Verdict {

    VerdictKind kind();

    /** Whether this is a boot that did what the board is for. */
    default boolean success() {
        return kind().success();
    }

    /** The id scenarios name in {@code expect: verdict:}. */
    default String id() {
        return kind().id();
    }

    /** The little core was loaded and released by remoteproc; {@code bootAddr} is the ELF's entry. */
    record RemoteprocRunning(String device, long bootAddr) implements Verdict {
        public VerdictKind kind() {
            return VerdictKind.REMOTEPROC_RUNNING;
        }
    }

    /** {@code rproc_boot()} returned an error; {@code code} is what "Boot failed: %d" printed. */
    record RemoteprocFailed(String device, int code, String firstError) implements Verdict {
        public VerdictKind kind() {
            return VerdictKind.REMOTEPROC_FAILED;
        }
    }

    /** A remoteproc device exists, but the scenario does not write "start". */
    record RemoteprocNotStarted(String device) implements Verdict {
        public VerdictKind kind() {
            return VerdictKind.REMOTEPROC_NOT_STARTED;
        }
    }

    /** No remoteproc device; {@code littleCore} says what the C906L does instead. */
    record NoRemoteproc(String littleCore) implements Verdict {
        public VerdictKind kind() {
            return VerdictKind.NO_REMOTEPROC;
        }
    }

    /** The DT has an rproc node but the kernel has no driver for it, so there is no remoteproc0 to start. */
    record RemoteprocDriverMissing(String node, String why) implements Verdict {
        public VerdictKind kind() {
            return VerdictKind.REMOTEPROC_DRIVER_MISSING;
        }
    }

    /**
     * remoteproc reported {@code device} up, but the emulated little core runs {@code runs} (FSBL's
     * image, or no loaded code) at {@code pc}, not the firmware remoteproc loaded.
     */
    record RemoteprocOtherImage(String device, LittleCoreObservation.Image runs, long pc) implements Verdict {
        public VerdictKind kind() {
            return VerdictKind.REMOTEPROC_OTHER_IMAGE;
        }
    }

    /** The little core was to run {@code expected} and the machine shows it does not ({@code seen}). */
    record LittleCoreNotRunning(LittleCoreObservation.Image expected, LittleCoreObservation seen) implements Verdict {
        public VerdictKind kind() {
            return VerdictKind.LITTLE_CORE_NOT_RUNNING;
        }
    }

    /** The user's mailbox_test got no answer from the C906L ({@code probe} says how), {@code seen} what the core did. */
    record MailboxUnanswered(LittleCoreObservation.Probe probe, LittleCoreObservation seen) implements Verdict {
        public VerdictKind kind() {
            return VerdictKind.MAILBOX_UNANSWERED;
        }
    }

    /**
     * The boot ended before the kernel, in {@code stage}, by the guest's own doing ({@code cause}):
     * a card the mask ROM could not boot from, U-Boot back at its prompt, a reset; {@code detail}
     * says it in words, {@code lastLines} are the console's last lines before the end (the stage's
     * own error messages).
     */
    record BootStopped(StageId stage, EmulatedBoot.StopCause cause, String detail, java.util.List<String> lastLines) implements Verdict {
        public BootStopped {
            lastLines = java.util.List.copyOf(lastLines);
        }

        public VerdictKind kind() {
            return VerdictKind.BOOT_STOPPED;
        }
    }

    /**
     * The board hangs: hart {@code hart} accessed {@code address} in {@code block} while
     * {@code clock} ({@code clockRegister} bit {@code clockBit}) was gated, and the bus never
     * answered; {@code during} says what the kernel was doing.
     */
    record BusHang(int hart, long address, boolean write, String block, String clock, long clockRegister, int clockBit,
            String during) implements Verdict {
        public VerdictKind kind() {
            return VerdictKind.BUS_HANG;
        }
    }

    /**
     * The SDK's build stopped before anything could boot: importing memmap.py failed the assert at
     * {@code file}:{@code line} ({@code condition}, which does not hold: {@code values}), so
     * mmap_conv.py wrote no cvi_board_memmap.h; {@code buildOutput} is what the build printed.
     */
    record MemmapAssertFailed(String file, int line, String condition, String values, List<String> buildOutput) implements Verdict {
        public MemmapAssertFailed {
            buildOutput = List.copyOf(buildOutput);
        }

        public VerdictKind kind() {
            return VerdictKind.MEMMAP_ASSERT_FAILED;
        }
    }

    /** The kernel crashed on the way; {@code line} is its first alert. */
    record KernelOops(String line) implements Verdict {
        public VerdictKind kind() {
            return VerdictKind.KERNEL_OOPS;
        }
    }
}
