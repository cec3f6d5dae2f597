package dev.duoboot.boot;

import java.util.List;

/**
 * duo-examples' mailbox_test (mailbox-test/mailbox_test.c), the program Duo users run to see the
 * little core answer, through the vendor kernel's rtos_cmdqu driver (rtos_cmdqu.c): it opens
 * /dev/cvi-rtos-cmdqu, sends CMD_DUO_LED with DUO_LED_ON by RTOS_CMDQU_SEND_WAIT (mstime 100),
 * prints the command's param_ptr, sends DUO_LED_OFF by RTOS_CMDQU_SEND and prints it again. The
 * driver's ioctl returns 0 and the unchanged command when the wait times out
 * (cvi_rtos_cmdqu_ioctl() ignores rtos_cmdqu_send_wait()'s -ETIME), so the program then prints its
 * own 0x2. The emulated chain runs it on the machine (firmware-fixtures/src/kernel/after_kernel.c);
 * the static chain predicts its output from these rules.
 */
public final class MailboxTest {

    /** enum SYS_CMD_ID: CMD_DUO_LED (19). */
    public static final int CMD_DUO_LED = 0x13;
    public static final int DUO_LED_ON = 0x2;
    public static final int DUO_LED_OFF = 0x3;
    public static final int DUO_LED_DONE = 0x4;
    /** The program's {@code cmd.resv.mstime}. */
    public static final long WAIT_MILLIS = 100;
    /** The timer's ticks in that wait (25 MHz). */
    static final long WAIT_TICKS = 25_000_000L * WAIT_MILLIS / 1000;
    public static final String DEVICE = "/dev/cvi-rtos-cmdqu";

    private MailboxTest() {}

    /**
     * What the program and the driver print, in order, for an outcome (the driver's lines are
     * kernel messages; on the board they carry a timestamp). {@code answer} is the C906L's
     * param_ptr where one came.
     */
    public static List<String> output(LittleCoreObservation.Probe probe, long answer) {
        String second = "C906B: cmd.param_ptr = 0x" + Integer.toHexString(DUO_LED_OFF);
        return switch (probe) {
            case ANSWERED, WRONG_ANSWER -> List.of("C906B: cmd.param_ptr = 0x" + Long.toHexString(answer), second);
            case NO_ANSWER -> List.of("RTOS_CMDQU_SEND_WAIT timeout", "C906B: cmd.param_ptr = 0x" + Integer.toHexString(DUO_LED_ON),
                    second);
            case MAILBOX_FULL -> List.of("No valid mailbox is available", "RTOS_CMDQU_SEND_WAIT timeout",
                    "C906B: cmd.param_ptr = 0x" + Integer.toHexString(DUO_LED_ON), "No valid mailbox is available", "ioctl error!", second);
            case NO_DEVICE -> List.of("open failed! fd = -1");
            case NOT_PROBED -> List.of();
        };
    }
}
