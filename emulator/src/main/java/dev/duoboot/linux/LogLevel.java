package dev.duoboot.linux;

/** The kernel's console log levels (include/linux/kern_levels.h). */
public enum LogLevel {
    EMERG,
    ALERT,
    CRIT,
    ERR,
    WARNING,
    NOTICE,
    INFO,
    DEBUG;

    /** The number the kernel uses: 0 (EMERG) .. 7 (DEBUG). */
    public int number() {
        return ordinal();
    }
}
