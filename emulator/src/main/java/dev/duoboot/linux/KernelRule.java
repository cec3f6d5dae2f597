package dev.duoboot.linux;

/**
 * One behaviour in which the kernel lines this project models differ. A {@link KernelProfile}
 * picks exactly one rule from every {@link Group}. Each rule names the kernel file and function
 * it comes from and the versions that behave this way.
 */
public enum KernelRule implements Rule {
    // -- which nodes are memory
    MEMORY_ANY_DEPTH_NO_STATUS(Group.MEMORY_NODES, "drivers/of/fdt.c early_init_dt_scan_memory() 5.10",
            "every node at any depth with device_type \"memory\" counts; status is not checked"),
    MEMORY_ROOT_CHILDREN_OKAY(Group.MEMORY_NODES, "drivers/of/fdt.c early_init_dt_scan_memory() 6.1+",
            "only direct children of / count, and only if their status is okay"),

    MEMORY_REG_WHOLE_PAIRS(Group.MEMORY_REG, "drivers/of/fdt.c early_init_dt_scan_memory() 5.10-6.18",
            "reg is read pair by pair while a whole pair remains; a trailing partial pair is ignored"),
    MEMORY_REG_EXACT_MULTIPLE(Group.MEMORY_REG, "drivers/of/fdt.c of_flat_dt_get_addr_size_prop() 6.19+",
            "a reg whose length is not a multiple of the pair size makes the whole node be ignored"),

    // -- clamping in early_init_dt_add_memory_arch
    MIN_ADDR_KERNEL_LOAD(Group.MIN_MEMBLOCK_ADDR, "include/linux/of_fdt.h MIN_MEMBLOCK_ADDR = __pa(PAGE_OFFSET), riscv 5.10 and 6.1",
            "RAM below the kernel's load address is dropped (\"Ignoring memory range\")"),
    MIN_ADDR_DRAM_BASE(Group.MIN_MEMBLOCK_ADDR, "arch/riscv/mm/init.c setup_vm() SDK 5.10: load_pa = _start - LOAD_OFFSET",
            "PAGE_OFFSET maps the DRAM base (kernel at +LOAD_OFFSET), so nothing at or above it is clipped"),
    MIN_ADDR_ZERO(Group.MIN_MEMBLOCK_ADDR, "arch/riscv/include/asm/page.h MIN_MEMBLOCK_ADDR 0, 6.4+",
            "nothing is clipped; RAM below the kernel stays usable unless reserved"),

    // -- mem=
    MEM_PARAM_IGNORED(Group.MEM_PARAM, "arch/riscv 5.10: no early_param(\"mem\")",
            "mem= has no effect on RISC-V 5.10"),
    MEM_PARAM_LIMITS(Group.MEM_PARAM, "arch/riscv/mm/init.c early_mem() + setup_bootmem() 6.1+",
            "mem= limits memory (\"Memory limited to %lldMB\"), enforced in setup_bootmem()"),

    // -- setup_bootmem order
    BOOTMEM_VANILLA_5_10(Group.SETUP_BOOTMEM, "arch/riscv/mm/init.c setup_bootmem() 5.10",
            "reserve kernel [_start,_end), DTB, then scan reserved memory"),
    BOOTMEM_SDK_A(Group.SETUP_BOOTMEM, "linux_5.10/arch/riscv/mm/init.c setup_bootmem() SDK @123710b (FIX_FDT; PR #174 ports the same and puts the scan back here)",
            "reserve kernel, the low firmware window (riscv.fwsz or LOAD_OFFSET), scan, then the DTB"),
    BOOTMEM_SDK_B(Group.SETUP_BOOTMEM, "linux_5.10/arch/riscv/mm/init.c setup_bootmem() SDK pre-arduino",
            "reserve kernel, DTB, the low firmware window, then scan at the end of setup_bootmem()"),
    BOOTMEM_SDK_C(Group.SETUP_BOOTMEM, "linux_5.10/arch/riscv/kernel/setup.c setup_arch() SDK @7221d23 (arduino)",
            "reserve kernel, DTB, the low firmware window; scan after unflatten_device_tree()"),
    BOOTMEM_6_1(Group.SETUP_BOOTMEM, "arch/riscv/mm/init.c setup_bootmem() 6.1+",
            "enforce mem=, reserve kernel rounded up to 2 MiB, scan, then reserve the DTB"),

    // -- what the saved name pointer points into
    DTB_EARLY_VA_UNMAPPED(Group.DTB_MAPPING, "arch/riscv/mm/init.c setup_vm()/setup_vm_final() 5.10 (dtb_early_va)",
            "the scan reads the DTB through an early mapping that paging_init() drops: saved name pointers dangle"),
    DTB_STAYS_MAPPED(Group.DTB_MAPPING, "FIX_FDT fixmap (6.1+, SDK A) or a scan after unflatten (SDK C)",
            "saved name pointers stay valid"),

    // -- /reserved-memory node
    RMEM_NODE_DEPTH1_EXACT_ALL_DESCENDANTS(Group.RMEM_NODE, "drivers/of/fdt.c __fdt_scan_reserved_mem() 5.10",
            "the depth-1 node named exactly reserved-memory; every descendant is scanned"),
    RMEM_NODE_PATH_DIRECT_CHILDREN(Group.RMEM_NODE, "drivers/of/fdt.c fdt_scan_reserved_mem() 6.1+",
            "fdt_path_offset(\"/reserved-memory\") (also reserved-memory@X); only direct children"),

    RMEM_CODE_IN_FDT_C(Group.RMEM_CODE_FILE, "drivers/of/fdt.c 5.10-6.6", "root-check message prefix \"OF: fdt: \""),
    RMEM_CODE_IN_OF_RESERVED_MEM_C(Group.RMEM_CODE_FILE, "drivers/of/of_reserved_mem.c 6.12+",
            "root-check message prefix \"OF: reserved mem: \""),

    // -- no-map of a static region
    NOMAP_REMOVE(Group.NOMAP, "drivers/of/fdt.c early_init_dt_reserve_memory_arch() 5.10.4 / SDK",
            "no-map = memblock_remove(), no overlap check"),
    NOMAP_BUSY_IF_RESERVED(Group.NOMAP, "drivers/of/fdt.c early_init_dt_reserve_memory_arch() 5.10.20+",
            "no-map fails with -EBUSY if the range overlaps memblock.reserved, else memblock_mark_nomap()"),
    NOMAP_BUSY_IF_MEMORY_AND_RESERVED(Group.NOMAP, "drivers/of/fdt.c early_init_dt_reserve_memory() 6.1+",
            "no-map fails with -EBUSY only if the range overlaps both memory and reserved"),

    RESERVE_FAILURE_INFO(Group.RESERVE_FAILURE_LEVEL, "__reserved_mem_reserve_reg() 5.10", "\"failed to reserve\" is INFO"),
    RESERVE_FAILURE_ERR(Group.RESERVE_FAILURE_LEVEL, "__reserved_mem_reserve_reg() 6.1+", "\"failed to reserve\" is ERR"),

    INVALID_REG_SKIPS(Group.INVALID_REG, "__reserved_mem_reserve_reg() 5.10-6.18",
            "a reg not a multiple of the entry size prints \"invalid reg property\" and skips the node"),
    INVALID_REG_AS_ABSENT(Group.INVALID_REG, "of_flat_dt_get_addr_size_prop() users 6.19+",
            "a malformed reg counts as no reg: silent, dynamic if the node has size"),

    // -- when entries enter the table
    SAVE_IN_EARLY_SCAN(Group.SAVE, "fdt_reserved_mem_save_node() from __reserved_mem_reserve_reg() 5.10-6.11",
            "static regions saved at once (first entry, whatever happened); dynamic ones saved as 0/0, allocated later"),
    SAVE_LATE_FIRST_ENTRY(Group.SAVE, "drivers/of/of_reserved_mem.c fdt_scan_reserved_mem_reg_nodes() 6.12-6.18",
            "dynamic regions saved only when allocated; static ones saved from unflatten, first entry, only if size != 0"),
    SAVE_LATE_SINGLE_ENTRY(Group.SAVE, "drivers/of/of_reserved_mem.c fdt_scan_reserved_mem_reg_nodes() 6.19+",
            "as 6.12, but a node is saved only if reg holds exactly one entry"),

    TABLE_64(Group.TABLE_SIZE, "drivers/of/of_reserved_mem.c MAX_RESERVED_REGIONS 64", "the table holds 64 entries"),
    TABLE_4(Group.TABLE_SIZE, "linux_5.10/drivers/of/of_reserved_mem.c MAX_RESERVED_REGIONS 4 (SDK)", "the table holds 4 entries"),

    NAME_POINTER(Group.NAME_STORAGE, "include/linux/of_reserved_mem.h const char *name",
            "the full node name is kept (a pointer into the DTB)"),
    NAME_COPY_8(Group.NAME_STORAGE, "linux_5.10/drivers/of/of_reserved_mem.c fdt_reserved_mem_save_node() SDK: strncpy(name, uname, 8)",
            "only the first 8 bytes of the name are kept, without a NUL when the name is 8 or longer"),
    NAME_COPY_8_UNLESS_REMOTEPROC_BUILTIN(Group.NAME_STORAGE,
            "linux_5.10/drivers/of/of_reserved_mem.c fdt_reserved_mem_save_node() SDK @7221d23: #if CONFIG_ARCH_CVITEK && !defined(CONFIG_CVITEK_REMOTEPROC)",
            "a pointer when CONFIG_CVITEK_REMOTEPROC=y; an 8-byte copy when it is =m or unset"),

    MEMRESERVE_BEFORE_RMEM(Group.MEMRESERVE_ORDER, "drivers/of/fdt.c early_init_fdt_scan_reserved_mem() 5.10/6.1",
            "/memreserve/ entries are reserved before /reserved-memory is scanned"),
    MEMRESERVE_AFTER_RMEM(Group.MEMRESERVE_ORDER, "drivers/of/fdt.c early_init_fdt_scan_reserved_mem() 6.6+",
            "/memreserve/ entries are reserved after the /reserved-memory scan"),

    ALLOC_FIND_THEN_REMOVE_OR_RESERVE(Group.DYNAMIC_ALLOC, "of_reserved_mem.c early_init_dt_alloc_reserved_memory_arch() 5.10",
            "memblock_find_in_range(), then memblock_remove() for no-map or memblock_reserve()"),
    ALLOC_PHYS_ALLOC_THEN_NOMAP(Group.DYNAMIC_ALLOC, "of_reserved_mem.c early_init_dt_alloc_reserved_memory_arch() 6.1",
            "memblock_phys_alloc_range(), then memblock_mark_nomap() for no-map"),
    ALLOC_NEXT_TO_RESERVED(Group.DYNAMIC_ALLOC, "of_reserved_mem.c __reserved_mem_alloc_in_range() 6.6+",
            "as 6.1; an alloc-range starting (ending) next to a saved region is searched bottom-up (top-down)"),

    ALLOC_FAILURE_INFO(Group.ALLOC_FAILURE, "__reserved_mem_alloc_size() 5.10", "INFO \"failed to allocate memory for node '%s'\""),
    ALLOC_FAILURE_ERR(Group.ALLOC_FAILURE, "__reserved_mem_alloc_size() 6.1+", "ERR \"failed to allocate memory for node '%s': size %lu MiB\""),

    ALLOC_RANGES_INVALID_SKIPS(Group.ALLOC_RANGES, "__reserved_mem_alloc_size() 5.10-6.18", "a malformed alloc-ranges skips the node"),
    ALLOC_RANGES_INVALID_AS_ABSENT(Group.ALLOC_RANGES, "__reserved_mem_alloc_size() 6.19+", "a malformed alloc-ranges counts as absent"),

    CMA_ALIGN_4M(Group.CMA_ALIGN, "__reserved_mem_alloc_size() 5.10: PAGE_SIZE << max(MAX_ORDER - 1, pageblock_order)", "CMA pools align to 4 MiB"),
    CMA_ALIGN_2M(Group.CMA_ALIGN, "__reserved_mem_alloc_size() 6.1+: CMA_MIN_ALIGNMENT_BYTES (pageblock, HUGETLB)", "CMA pools align to 2 MiB"),

    OVERLAP_SORT_BASE_SIZE(Group.OVERLAP_SORT, "of_reserved_mem.c __rmem_cmp() 5.10/6.1", "the table is sorted by base, then size"),
    OVERLAP_SORT_BASE_SIZE_NODE(Group.OVERLAP_SORT, "of_reserved_mem.c __rmem_cmp() 6.6+", "sorted by base, size, then FDT offset"),

    INIT_FAIL_FREE_AND_READD(Group.INIT_FAILURE, "of_reserved_mem.c fdt_init_reserved_mem() 5.10",
            "a failed init frees the range and re-adds no-map memory"),
    INIT_FAIL_CLEAR_NOMAP_OR_FREE(Group.INIT_FAILURE, "of_reserved_mem.c fdt_init_reserved_mem() 6.1+",
            "a failed init clears NOMAP (no-map) or frees the range"),

    NO_SUMMARY_LINE(Group.SUMMARY_LINE, "of_reserved_mem.c 5.10/6.1", "no per-region summary line"),
    SUMMARY_LINE(Group.SUMMARY_LINE, "of_reserved_mem.c fdt_init_reserved_mem() 6.6+", "INFO \"%pa..%pa (%lu KiB) %s %s %s\" per region"),

    RESERVED_MEM_SIZE_PARAM(Group.VENDOR_SIZE_PARAM, "linux_5.10/drivers/of/of_reserved_mem.c early_reserved_size() SDK",
            "reserved_mem_size=name=hexsize[:...] overrides the size of dynamic regions"),
    NO_RESERVED_MEM_SIZE_PARAM(Group.VENDOR_SIZE_PARAM, "upstream", "reserved_mem_size= is not known"),

    ION_REGIONS_DECLARED(Group.VENDOR_ION, "drivers/staging/android/ion/cvitek/cvitek_ion.c rmem_ion_setup() SDK",
            "ion-region, vpp-region, vpu-region and npu-region nodes are initialised by the ion driver"),
    NO_ION_REGIONS(Group.VENDOR_ION, "upstream", "no reserved-memory driver for ion-region"),

    NO_MACHINE_MODEL_LINE(Group.MACHINE_MODEL, "arch/riscv/kernel/setup.c parse_dtb() 5.10", "nothing printed"),
    MACHINE_MODEL_LINE(Group.MACHINE_MODEL, "arch/riscv/kernel/setup.c parse_dtb() 6.1+", "INFO \"Machine model: %s\""),

    // -- where mem_init_print_info() prints "Memory: ..."
    MEMINFO_IN_START_KERNEL(Group.MEMINFO_PRINT, "mm/page_alloc.c mem_init_print_info() from mem_init() (5.10) / mm_init() (6.1, 6.6)",
            "the Memory: line prints during start_kernel(), right after memblock hands its free pages to the buddy allocator"),
    MEMINFO_IN_PAGE_ALLOC_INIT_LATE(Group.MEMINFO_PRINT, "mm/mm_init.c mem_init_print_info() from page_alloc_init_late() 6.12.118",
            "the Memory: line prints late, from kernel_init_freeable() after SMP bring-up, before the driver initcalls"),

    // -- remoteproc core
    RPROC_START_RUNNING_BUSY(Group.RPROC_START_RUNNING, "drivers/remoteproc/remoteproc_sysfs.c state_store() 5.10",
            "start while running returns -EBUSY"),
    RPROC_START_RUNNING_OK(Group.RPROC_START_RUNNING, "drivers/remoteproc/remoteproc_sysfs.c state_store() 6.x",
            "start while running just takes another power reference"),
    RPROC_MEMSZ0_LOADED(Group.RPROC_MEMSZ0, "remoteproc_elf_loader.c rproc_elf_load_segments() 5.10",
            "a PT_LOAD with memsz 0 still needs a carveout"),
    RPROC_MEMSZ0_SKIPPED(Group.RPROC_MEMSZ0, "remoteproc_elf_loader.c rproc_elf_load_segments() 6.x", "PT_LOAD with memsz 0 is skipped"),
    RPROC_NO_SHDR_BOUNDS(Group.RPROC_SHDR_CHECK, "remoteproc_elf_loader.c rproc_elf_sanity_check() <6.12", "no section-header bounds check"),
    RPROC_SHDR_BOUNDS(Group.RPROC_SHDR_CHECK, "remoteproc_elf_loader.c rproc_elf_sanity_check() 6.12.117+", "section headers must lie inside the image"),

    // -- the vendor's mailbox command queue to the little core
    CMDQU_MISC_DEVICE(Group.CMDQU, "vendor rtos_cmdqu.c cvi_rtos_cmdqu_probe(): a cvitek,rtos_cmdqu node gives /dev/cvi-rtos-cmdqu",
            "the rtos_cmdqu driver serves the mailbox to user space"),
    NO_CMDQU_DRIVER(Group.CMDQU, "upstream: no driver for cvitek,rtos_cmdqu", "no /dev/cvi-rtos-cmdqu"),

    // -- clk_disable_unused() and the efuse clock (docs/facts/failures.md §10)
    CLK_EFUSE_LEFT_ON(Group.CLK_UNUSED, "no CV1800 clock driver before drivers/clk/sophgo/clk-cv1800.c (not in 6.6); the vendor 5.10's clock driver "
            + "does not gate it (third-party notes, failures.md §10.2)", "clk_efuse stays as FSBL left it (on)"),
    CLK_UNUSED_GATES_EFUSE(Group.CLK_UNUSED, "drivers/clk/clk.c clk_disable_unused() (late_initcall_sync) with drivers/clk/sophgo/clk-cv1800.c "
            + "clk_efuse and clk_apb_efuse (REG_CLK_EN_0 bits 11, 12; flags 0, not CLK_IS_CRITICAL) 6.12.118",
            "INFO \"clk: Disabling unused clocks\": every clock no consumer holds enabled is gated, clk_efuse among them, "
                    + "unless clk_ignore_unused is on the command line");

    /** The decisions a profile makes, one rule each. */
    public enum Group {
        MEMORY_NODES, MEMORY_REG, MIN_MEMBLOCK_ADDR, MEM_PARAM, SETUP_BOOTMEM, DTB_MAPPING, RMEM_NODE,
        RMEM_CODE_FILE, NOMAP, RESERVE_FAILURE_LEVEL, INVALID_REG, SAVE, TABLE_SIZE, NAME_STORAGE,
        MEMRESERVE_ORDER, DYNAMIC_ALLOC, ALLOC_FAILURE, ALLOC_RANGES, CMA_ALIGN, OVERLAP_SORT, INIT_FAILURE,
        SUMMARY_LINE, VENDOR_SIZE_PARAM, VENDOR_ION, MACHINE_MODEL, MEMINFO_PRINT, RPROC_START_RUNNING, RPROC_MEMSZ0, RPROC_SHDR_CHECK,
        CMDQU, CLK_UNUSED
    }

    private final Group group;
    private final String source;
    private final String summary;

    KernelRule(Group group, String source, String summary) {
        this.group = group;
        this.source = source;
        this.summary = summary;
    }

    public Group group() {
        return group;
    }

    @Override
    public String id() {
        return name();
    }

    /** Kernel file, function and versions. */
    @Override
    public String source() {
        return source;
    }

    public String summary() {
        return summary;
    }
}
