package dev.duoboot.flow;

import java.util.List;

/**
 * How the boot ended for the user: what {@code echo start > /sys/class/remoteproc/remoteproc0/state}
 * did, or why there was nothing to start. Decided from the kernel model's outcome, never assumed.
 */
public sealed interface Verdict {

    /** The id scenarios name in {@code expect: verdict:}. */
    String id();

    /** Whether this is a boot that did what the board is for. */
    boolean success();

    /** One line for humans. */
    String summary();

    /** Every id, for scenario validation. */
    static List<String> ids() {
        return List.of("remoteproc-running", "remoteproc-failed", "remoteproc-not-started", "no-remoteproc",
                "remoteproc-driver-missing", "kernel-oops");
    }

    /** The little core was loaded and released by remoteproc. */
    record RemoteprocRunning(String device, long bootAddr) implements Verdict {
        public String id() {
            return "remoteproc-running";
        }

        public boolean success() {
            return true;
        }

        public String summary() {
            return String.format("remoteproc loaded %s and released the C906L (the ELF's entry is 0x%x)", device, bootAddr);
        }
    }

    /** {@code rproc_boot()} returned an error; {@code code} is what "Boot failed: %d" printed. */
    record RemoteprocFailed(String device, int code, String firstError) implements Verdict {
        public String id() {
            return "remoteproc-failed";
        }

        public boolean success() {
            return false;
        }

        public String summary() {
            return "remoteproc could not start " + device + ": Boot failed: " + code + " after \"" + firstError + "\"";
        }
    }

    /** A remoteproc device exists, but the scenario does not write "start". */
    record RemoteprocNotStarted(String device) implements Verdict {
        public String id() {
            return "remoteproc-not-started";
        }

        public boolean success() {
            return true;
        }

        public String summary() {
            return "remoteproc0 (" + device + ") is available; nothing started it (start-rproc is off)";
        }
    }

    /** No remoteproc node: the little core runs whatever FSBL loaded, or nothing. */
    record NoRemoteproc(String littleCore) implements Verdict {
        public String id() {
            return "no-remoteproc";
        }

        public boolean success() {
            return true;
        }

        public String summary() {
            return "no remoteproc node in the kernel's device tree: " + littleCore;
        }
    }

    /** The DT has an rproc node but the kernel has no driver for it, so there is no remoteproc0 to start. */
    record RemoteprocDriverMissing(String node, String why) implements Verdict {
        public String id() {
            return "remoteproc-driver-missing";
        }

        public boolean success() {
            return false;
        }

        public String summary() {
            return node + " has no driver: " + why + "; /sys/class/remoteproc/remoteproc0 does not exist";
        }
    }

    /** The kernel crashed on the way. */
    record KernelOops(String line) implements Verdict {
        public String id() {
            return "kernel-oops";
        }

        public boolean success() {
            return false;
        }

        public String summary() {
            return "the kernel oopsed: " + line;
        }
    }
}
