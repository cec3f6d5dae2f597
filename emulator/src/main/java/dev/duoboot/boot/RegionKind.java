package dev.duoboot.boot;

/** What a stage or the kernel believes a piece of physical memory is. Drives colour and legend. */
public enum RegionKind {
    /** Plain RAM the view knows about (a memory node, memblock.memory). */
    RAM("RAM"),
    /** Reserved but mapped (memblock.reserved, a reserved-memory node without no-map). */
    RESERVED("reserved"),
    /** Reserved and left out of the linear map (no-map, memblock NOMAP). */
    NO_MAP("no-map"),
    /** Firmware code and data (FSBL, OpenSBI, U-Boot). */
    FIRMWARE("firmware"),
    /** A device tree blob. */
    DTB("device tree"),
    /** An image loaded by a stage (kernel, FreeRTOS, boot.sd). */
    LOADED("loaded image"),
    /** A remoteproc carve-out or a little-core window. */
    CARVEOUT("carve-out"),
    /** Memory the view does not cover (outside every memory node). */
    ABSENT("not in view");

    private final String legend;

    RegionKind(String legend) {
        this.legend = legend;
    }

    public String legend() {
        return legend;
    }
}
