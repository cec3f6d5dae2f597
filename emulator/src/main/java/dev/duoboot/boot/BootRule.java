package dev.duoboot.boot;

import dev.duoboot.linux.Rule;

/** Facts of the boot around the kernel that decide an outcome: what the little core ends up running. */
public enum BootRule implements Rule {
    /**
     * The driver only pulses the C906L's reset, so the core restarts at the SEC_SYS vector FSBL
     * programmed, whatever remoteproc loaded and wherever.
     */
    C906L_RESTARTS_AT_FSBL_VECTOR("linux_5.10/drivers/remoteproc/cvitek_remoteproc.c cvitek_rproc_start(): the reset bit only; "
            + "the vector is FSBL's (plat/cv18xx/platform.c reset_c906l(): FSBL_C906L_START_ADDR)"),
    /**
     * FSBL left the C906L running (its reset deasserted); the driver's start only deasserts the
     * reset again, which is no edge, so the core is never restarted and the firmware remoteproc
     * loaded never runs from its entry (sophgo/linux#11).
     */
    C906L_NOT_RESTARTED("drivers/remoteproc/sophgo_cv1800b_c906l.c cv1800b_c906l_probe() (no reset_control_assert()) and "
            + "cv1800b_c906l_start() (reset_control_deassert() only); FSBL plat/cv18xx/platform.c reset_c906l() left the reset deasserted"),
    /** No one gave the little core an image it runs: FSBL had none in fip.bin, or the core runs no loaded code. */
    LITTLE_CORE_WITHOUT_IMAGE("FSBL load_rest() (BLCP_2ND, CONFIG_ENABLE_FREERTOS) and the remoteproc start");

    private final String source;

    BootRule(String source) {
        this.source = source;
    }

    @Override
    public String id() {
        return name();
    }

    @Override
    public String source() {
        return source;
    }
}
