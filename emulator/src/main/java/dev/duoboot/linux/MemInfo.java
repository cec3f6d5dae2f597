package dev.duoboot.linux;

import java.util.List;

/**
 * What {@code mem_init_print_info()} prints: the pages memblock describes ({@code get_num_physpages()}),
 * those {@code memblock_free_all()} gave to the buddy allocator ({@code totalram_pages()}, printed as
 * "available"), the CMA pages ({@code totalcma_pages}) and what is neither ("reserved"), with the
 * kernel's section sizes (docs/facts/failures.md sections 1.2, 1.3).
 */
public record MemInfo(long physBytes, long availableBytes, long reservedBytes, long cmaBytes, KernelImage image) {

    /**
     * From the memblock state: present pages are the whole pages of every memory region (NOMAP ones
     * too: for_each_mem_pfn_range() does not skip them); free pages are the whole pages of memory
     * that is neither NOMAP nor reserved (free_low_memory_core_early(): PFN_UP(start) to
     * PFN_DOWN(end) of each free range); CMA pages are the CMA areas, still reserved in memblock
     * then.
     */
    static MemInfo of(Memblock mb, List<Reservation> reservations, KernelImage image) {
        long phys = 0;
        for (MemblockRegion m : mb.memory()) {
            phys += pages(m.base(), m.end());
        }
        long free = 0;
        for (long[] f : mb.freeRanges()) {
            free += pages(f[0], f[1]);
        }
        long cma = reservations.stream().filter(r -> r.purpose() == Reservation.Purpose.CMA).mapToLong(r -> pages(r.base(), r.end())).sum();
        long page = Memblock.PAGE_SIZE;
        return new MemInfo(phys * page, free * page, (phys - free - cma) * page, cma * page, image);
    }

    private static long pages(long start, long end) {
        long first = (start + Memblock.PAGE_SIZE - 1) / Memblock.PAGE_SIZE;
        long last = end / Memblock.PAGE_SIZE;
        return Math.max(0, last - first);
    }

    /** The line as the kernel prints it (pr_info, no prefix; no highmem on RISC-V). */
    public String line() {
        return "Memory: " + (availableBytes >> 10) + "K/" + (physBytes >> 10) + "K available (" + image.codeKiB() + "K kernel code, "
                + image.rwdataKiB() + "K rwdata, " + image.rodataKiB() + "K rodata, " + image.initKiB() + "K init, " + image.bssKiB()
                + "K bss, " + (reservedBytes >> 10) + "K reserved, " + (cmaBytes >> 10) + "K cma-reserved)";
    }
}
