package dev.duoboot.soc;

/**
 * What a device can do to the whole chip: power it off or reset it (the RTC's shutdown, warm-reset
 * and power-cycle requests, a watchdog expiring). On duoboot's machine either ends the current run
 * with the reason, after it is recorded in the machine's events: a reset starts no second boot.
 */
interface SystemControl {
    void powerOff(String why);

    void reset(String why);
}
