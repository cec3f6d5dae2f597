package dev.duoboot.analysis;

import dev.duoboot.linux.Rule;

/** What leaves Linux with less memory than the scenario wants (a layout fact, not a kernel line's choice). */
public enum MemoryRule implements Rule {
    /**
     * memmap.py's ION_SIZE becomes the size of the DT's {@code ion} node (size only: a dynamic
     * region), which the kernel allocates and memblock-reserves at boot; those pages are never
     * handed to the buddy allocator, so Linux's "available" is DRAM less ION less the rest.
     */
    ION_TAKES_LINUX_MEMORY("memmap.py ION_SIZE -> cvi_board_memmap.h CVIMMAP_ION_SIZE -> /reserved-memory/ion size; "
            + "drivers/of/of_reserved_mem.c __reserved_mem_alloc_size() reserves it, mm/page_alloc.c memblock_free_all() frees "
            + "only what no reservation holds"),
    /** Something else (the FreeRTOS window, no-map carve-outs, other regions) takes the most. */
    LAYOUT_TAKES_LINUX_MEMORY("memmap.py KERNEL_MEMORY_SIZE and the DT's /reserved-memory; mm/page_alloc.c memblock_free_all()");

    private final String source;

    MemoryRule(String source) {
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
