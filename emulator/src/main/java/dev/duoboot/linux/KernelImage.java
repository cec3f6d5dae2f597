package dev.duoboot.linux;

/**
 * What a kernel line's build looks like from inside, for {@code mem_init_print_info()} and
 * {@code memblock_reserve(_start, _end - _start)}: the section sizes the {@code Memory:} line prints
 * (KiB, truncated as the kernel divides), {@code _end - _start}, the release string an oops prints,
 * and the sizes of the structures {@code unflatten_device_tree()} allocates. Each value is from a
 * real build or boot log, named in {@code source}; where a line has none of its own, the nearest
 * line's values stand in and {@code source} says so.
 *
 * @param deviceNodeBytes {@code sizeof(struct device_node)} on rv64 in that build
 * @param propertyBytes {@code sizeof(struct property)}
 * @param ofKobj CONFIG_OF_KOBJ: disabled nodes are unflattened too (without it they are skipped)
 */
public record KernelImage(long codeKiB, long rwdataKiB, long rodataKiB, long initKiB, long bssKiB, long imageBytes,
        String release, int deviceNodeBytes, int propertyBytes, boolean ofKobj, String source) {

    /**
     * The vendor 5.10 (5.10.4-tag-): the sections of the official Duo256M v1.1.4 image's boot log
     * (docs/facts/failures.md section 1.4, "4430K kernel code, 525K rwdata, 1917K rodata, 156K init,
     * 213K bss"). {@code _end - _start} is not in the log: their sum rounded up to a page [I]. The
     * structure sizes are 6.1's measured ones plus a {@code struct kobject} (64 bytes) in
     * device_node and a {@code struct bin_attribute} (64) in property, the SDK's kernels having
     * SYSFS and so OF_KOBJ [I: would settle it: pahole on the SDK's vmlinux].
     */
    public static final KernelImage VENDOR_5_10 = new KernelImage(4430, 525, 1917, 156, 213, pageUp((4430 + 525 + 1917 + 156 + 213) << 10),
            "5.10.4-tag-", 208, 96, true,
            "the Duo256M v1.1.4 boot log (failures.md 1.4); _end - _start and the structure sizes inferred");

    /**
     * Debian's linux-source-6.1 6.1.192 built as the qemu61 test kernel is described
     * (resources/dev/duoboot/linux/qemu61/README.md: tinyconfig + 64BIT, MMU, PRINTK, PRINTK_TIME,
     * RISCV_SBI_V01, SERIAL_EARLYCON_RISCV_SBI, HVC_RISCV_SBI, OF_RESERVED_MEM, CMA, DMA_CMA,
     * STRICT_KERNEL_RWX, HUGETLBFS, with TTY and SYSFS; gcc-riscv64-linux-gnu 12) and measured from
     * its symbols (_stext.._etext, _sdata.._edata less rodata, __init_begin.._einittext, __bss_*)
     * with mem_init_print_info()'s own adjustments (2026-12). SYSFS brings OF_KOBJ: device_node is
     * 144 + 64 bytes, property 32 + 64, which reproduce the real 6.1 boot's 31076-byte unflatten
     * allocation (EarlyAllocationsTest). Its _end - _start is 0xac3000; the test kernel's, which
     * also held the probe driver, was 0xaca000.
     */
    public static final KernelImage LINUX_6_1_TINY = new KernelImage(873, 4599, 2048, 2100, 223, 0xac3000, "6.1.192", 208, 96, true,
            "Debian linux-source-6.1 6.1.192, the qemu61 test kernel's configuration built and measured");

    /** Debian's linux-source-6.12 6.12.118 built the same way and measured. */
    public static final KernelImage LINUX_6_12_TINY = new KernelImage(947, 4587, 2048, 2116, 224, 0xac5000, "6.12.118", 208, 96, true,
            "Debian linux-source-6.12 6.12.118, built as the 6.1 one and measured");

    /** Another line's values standing in for one that has none measured. */
    KernelImage standingInFor(String line) {
        return new KernelImage(codeKiB, rwdataKiB, rodataKiB, initKiB, bssKiB, imageBytes, release, deviceNodeBytes, propertyBytes, ofKobj,
                source + "; no " + line + " build measured, so these stand in [I]");
    }

    private static long pageUp(long bytes) {
        return (bytes + Memblock.PAGE_SIZE - 1) & -Memblock.PAGE_SIZE;
    }
}
