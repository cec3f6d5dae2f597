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
    LITTLE_CORE_WITHOUT_IMAGE("FSBL load_rest() (BLCP_2ND, CONFIG_ENABLE_FREERTOS) and the remoteproc start"),
    /** The little core runs code that does not answer mailbox_test's CMD_DUO_LED with DUO_LED_DONE. */
    FIRMWARE_IGNORES_CMD_DUO_LED("milkv's FreeRTOS comm_main.c prvCmdQuRunTask() case CMD_DUO_LED; Sophgo's FreeRTOS has no such case "
            + "(duo-buildroot-sdk-v2#43)"),
    /** The card holds no fip.bin the mask ROM can boot: no partition table, no FAT boot partition, no or a damaged file. */
    CARD_NOT_BOOTABLE("the CV18xx mask ROM (modelled: it reads fip.bin from the card's FAT boot partition, sdk-boot-flow.md §5)"),
    /** U-Boot's own bootcmd (the SDK's sdboot: fatload boot.sd, bootm) failed and U-Boot waits at its prompt. */
    UBOOT_BOOTCMD_FAILED("u-boot-2021.10 include/configs/cv18{0,1}x-asic.h sdboot; cmd/fat.c, common/bootm.c"),
    /** The guest reset or powered off the SoC before the kernel (U-Boot's reset, a watchdog, a shutdown request). */
    GUEST_RESET("the RTC's reset and power requests (sdk-boot-flow.md §12)"),
    /** OpenSBI will not hand on a device tree inside the firmware region it protects (its domain's PMP region). */
    OPENSBI_FDT_IN_FIRMWARE_REGION("OpenSBI lib/sbi/sbi_domain.c sanitize_domain()/root domain: the firmware region; "
            + "fw_dynamic's next-stage FDT at OPENSBI_FDT_ADDR must lie outside it"),
    /** A stage stopped before the kernel: every hart waits for an interrupt nothing raises, or a limit ran out. */
    STAGE_STOPPED("the stage's own code"),
    /** No driver gives user space /dev/cvi-rtos-cmdqu: a kernel line without the vendor's driver, or no available node. */
    NO_RTOS_CMDQU_DEVICE("vendor rtos_cmdqu.c cvi_rtos_cmdqu_probe() (compatible cvitek,rtos_cmdqu, misc device cvi-rtos-cmdqu)");

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
