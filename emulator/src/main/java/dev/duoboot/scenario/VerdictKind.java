package dev.duoboot.scenario;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The ways a boot can end for the user, as scenarios name them in {@code expect: verdict:}. The
 * boot's verdict (with its particulars) is decided by the kernel stage; this is its kind.
 */
public enum VerdictKind {
    /** remoteproc loaded the firmware and released the C906L. */
    REMOTEPROC_RUNNING("remoteproc-running", true),
    /** {@code rproc_boot()} returned an error. */
    REMOTEPROC_FAILED("remoteproc-failed", false),
    /** A remoteproc device exists; nothing started it. */
    REMOTEPROC_NOT_STARTED("remoteproc-not-started", true),
    /** No remoteproc node: the little core runs what FSBL loaded, or nothing. */
    NO_REMOTEPROC("no-remoteproc", true),
    /** An rproc node without a driver in the kernel. */
    REMOTEPROC_DRIVER_MISSING("remoteproc-driver-missing", false),
    /** The kernel crashed on the way. */
    KERNEL_OOPS("kernel-oops", false),
    /** remoteproc said the core is up, but the little core runs other code than the firmware it loaded. */
    REMOTEPROC_OTHER_IMAGE("remoteproc-other-image", false),
    /** The little core was to run an image (FSBL's or remoteproc's) and does not: held, or running no loaded code. */
    LITTLE_CORE_NOT_RUNNING("little-core-not-running", false),
    /** The user's mailbox_test got no answer from the little core (or could not open the device). */
    MAILBOX_UNANSWERED("mailbox-unanswered", false),
    /** The boot ended before the kernel: the card, the mask ROM, FSBL or U-Boot stopped it (or the guest reset the SoC). */
    BOOT_STOPPED("boot-stopped", false),
    /** A core accessed a device whose clock is gated: the bus never answers and the board hangs. */
    BUS_HANG("bus-hang", false),
    /** An assert of memmap.py failed: mmap_conv.py stops the SDK's build there, so nothing is built or booted. */
    MEMMAP_ASSERT_FAILED("memmap-assert-failed", false);

    private final String id;
    private final boolean success;

    VerdictKind(String id, boolean success) {
        this.id = id;
        this.success = success;
    }

    /** The id scenarios and JSON use ({@code remoteproc-running}). */
    public String id() {
        return id;
    }

    /** Whether anything booted: false when the build already stopped (a failed memmap.py assert). */
    public boolean booted() {
        return this != MEMMAP_ASSERT_FAILED;
    }

    /** Whether a boot ending this way did what the board is for. */
    public boolean success() {
        return success;
    }

    public static Optional<VerdictKind> byId(String id) {
        return Arrays.stream(values()).filter(k -> k.id.equals(id)).findFirst();
    }

    /** Every id, in this order. */
    public static List<String> ids() {
        return Arrays.stream(values()).map(VerdictKind::id).toList();
    }
}
