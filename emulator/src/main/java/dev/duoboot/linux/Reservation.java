package dev.duoboot.linux;

/**
 * One {@code memblock_reserve()} (or allocation) the model made, and why: what the memory went to.
 * {@code what} names it for people (a node, "the kernel image", "page tables").
 */
public record Reservation(Purpose purpose, String what, long base, long size) {

    /** Why memory was reserved, in the kernel's own terms. */
    public enum Purpose {
        /** {@code memblock_reserve(_start, _end - _start)} in setup_bootmem(). */
        KERNEL_IMAGE,
        /** The start of DRAM the SDK keeps for OpenSBI ({@code riscv.fwsz}). */
        FIRMWARE,
        /** The device tree blob. */
        DTB,
        /** An entry of the FDT's {@code /memreserve/} map. */
        MEMRESERVE,
        /** A {@code /reserved-memory} region without no-map (static or allocated). */
        RESERVED_MEMORY,
        /** A CMA area ({@code cma=}, CONFIG_CMA_SIZE_MBYTES, or a reusable shared-dma-pool). */
        CMA,
        /** setup_vm_final()'s page tables for the linear map. */
        PAGE_TABLES,
        /** unflatten_device_tree(): the {@code struct device_node}s and their properties, and the aliases. */
        DEVICE_TREE,
        /** Other early allocations the model makes (resource_init()'s resources, 6.12's reserved_mem array). */
        OTHER
    }

    public long end() {
        return base + size;
    }
}
