package dev.duoboot.boot;

/** The stages of the dual-core boot, in the order they run. */
public enum StageId {
    /** The mask ROM model, from power-on to FSBL. */
    ROM("ROM"),
    FSBL("FSBL"),
    OPENSBI("OpenSBI"),
    UBOOT("U-Boot"),
    /** The kernel (its model, entered at the Image's entry). */
    KERNEL("kernel"),
    /** The C906B's code after the kernel model, speaking to the little core. */
    AFTER_KERNEL("after kernel"),
    /** The little core, as the C906B's probe and its own stores show it. */
    LITTLE_CORE("C906L");

    private final String label;

    StageId(String label) {
        this.label = label;
    }

    /** The name in reports ({@code OpenSBI}). */
    public String label() {
        return label;
    }

    /** The stage's name in file names ({@code opensbi}, {@code u-boot}). */
    public String fileStem() {
        return label.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
    }
}
