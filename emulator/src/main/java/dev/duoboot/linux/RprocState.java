package dev.duoboot.linux;

/** What {@code /sys/class/remoteproc/remoteproc0/state} reads (remoteproc_sysfs.c {@code rproc_state_string[]}). */
public enum RprocState {
    OFFLINE("offline"),
    RUNNING("running");

    private final String sysfs;

    RprocState(String sysfs) {
        this.sysfs = sysfs;
    }

    /** The word the sysfs file shows. */
    public String sysfs() {
        return sysfs;
    }
}
