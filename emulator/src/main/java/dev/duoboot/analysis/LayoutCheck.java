package dev.duoboot.analysis;

/** The static layout checks, each a question about the layout the boot had. */
public enum LayoutCheck {
    MEMMAP_REGIONS("memmap.py regions"),
    OPENSBI_REGION("OpenSBI region"),
    CARVEOUT_VS_MEMMAP("DTS carve-out vs memmap.py"),
    FIRMWARE_VS_CARVEOUT("firmware vs carve-out"),
    BOOT_VECTOR("boot vector"),
    RESOURCE_TABLE("resource table"),
    RESERVED_REGIONS("reserved regions"),
    RESERVED_MEM_TABLE("reserved_mem table"),
    LOOKUP("lookup"),
    WINDOW_VS_LINUX("little-core window vs Linux"),
    UBOOT_RELOCATION("U-Boot relocation"),
    DTB_PLACEMENT("kernel DTB placement"),
    LINUX_MEMORY("memory Linux keeps");

    private final String label;

    LayoutCheck(String label) {
        this.label = label;
    }

    /** The name in reports. */
    public String label() {
        return label;
    }
}
