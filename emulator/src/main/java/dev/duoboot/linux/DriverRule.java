package dev.duoboot.linux;

/**
 * The remoteproc core's and drivers' own checks (and the vendor ION driver's): each a code path
 * that ends a boot attempt, with where it lives. Not a profile choice: every kernel line that has
 * the driver takes it the same way.
 */
public enum DriverRule implements Rule {
    /** The driver's probe needs {@code firmware-name}. */
    RPROC_PROBE_FIRMWARE_NAME("cvitek_remoteproc.c cvitek_rproc_get_firmware()"),
    /** {@code CONFIG_CVITEK_REMOTEPROC} (or {@code CONFIG_REMOTEPROC}) is not set: no driver binds. */
    RPROC_DRIVER_NOT_BUILT("drivers/remoteproc/Kconfig and Makefile"),
    /** {@code request_firmware()} found no file (or was given no name). */
    RPROC_FIRMWARE_NOT_FOUND("drivers/remoteproc/remoteproc_core.c rproc_boot(): request_firmware()"),
    /** {@code rproc_elf_sanity_check()} rejected the file. */
    RPROC_ELF_SANITY("drivers/remoteproc/remoteproc_elf_loader.c rproc_elf_sanity_check()"),
    /** The original cvitek {@code parse_fw} returns {@code rproc_elf_load_rsc_table()}'s error. */
    RPROC_RSC_TABLE_REQUIRED("linux_5.10/drivers/remoteproc/cvitek_remoteproc.c cvitek_rproc_parse_fw() SDK @7221d23"),
    /** {@code rproc_handle_resources()} rejected a resource-table entry. */
    RPROC_RSC_ENTRY_REJECTED("drivers/remoteproc/remoteproc_core.c rproc_handle_resources()"),
    /** A carve-out of size 0: {@code ioremap} refuses it. */
    RPROC_CARVEOUT_SIZE_0("drivers/remoteproc/remoteproc_core.c rproc_alloc_carveout(): the driver's ioremap alloc"),
    /** A PT_LOAD with {@code filesz > memsz}. */
    RPROC_SEGMENT_FILESZ("drivers/remoteproc/remoteproc_elf_loader.c rproc_elf_load_segments(): bad phdr filesz"),
    /** The file is shorter than a segment says. */
    RPROC_FIRMWARE_TRUNCATED("drivers/remoteproc/remoteproc_elf_loader.c rproc_elf_load_segments(): truncated fw"),
    /** A segment's address is in no mapped carve-out. */
    RPROC_SEGMENT_OUTSIDE_CARVEOUT("drivers/remoteproc/remoteproc_elf_loader.c rproc_elf_load_segments(): rproc_da_to_va() finds no carve-out"),
    /** cv1800b-c906l's probe without {@code firmware-name}: dev_err_probe(-EINVAL). */
    RPROC_C906L_FIRMWARE_NAME("drivers/remoteproc/sophgo_cv1800b_c906l.c cv1800b_c906l_probe(): rproc_of_parse_firmware() (v2 series, 2025)"),
    /** cv1800b-c906l's probe gets no SEC_SYS regmap from {@code sophgo,syscon}. */
    RPROC_C906L_SYSCON("drivers/remoteproc/sophgo_cv1800b_c906l.c cv1800b_c906l_probe(): syscon_regmap_lookup_by_phandle(np, \"sophgo,syscon\"); "
            + "drivers/mfd/syscon.c"),
    /** cv1800b-c906l's probe gets no reset line from {@code resets}. */
    RPROC_C906L_RESET("drivers/remoteproc/sophgo_cv1800b_c906l.c cv1800b_c906l_probe(): devm_reset_control_get_exclusive(dev, NULL); "
            + "drivers/reset/core.c __of_reset_control_get()"),
    /**
     * The vendor ION carve-out heap zeroes its memory from {@code pfn_to_page(PFN_DOWN(base))}: a base
     * that is not page aligned has it clear the bytes below the heap, which the kernel allocated for
     * itself after the reserved-memory scan; the NULL dereference that follows is inferred (its site
     * is not known: docs/facts/failures.md section 3.4).
     */
    ION_HEAP_ZEROES_BELOW_BASE("linux_5.10/drivers/staging/android/ion/ion_carveout_heap.c ion_carveout_heap_create(): "
            + "ion_heap_pages_zero(pfn_to_page(PFN_DOWN(base)), size) (ion_heap.c ion_heap_sglist_zero(), whole pages)");

    private final String source;

    DriverRule(String source) {
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
