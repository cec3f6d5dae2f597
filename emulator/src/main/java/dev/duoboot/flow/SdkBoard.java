package dev.duoboot.flow;

import dev.duoboot.DuobootException;
import java.util.Locale;
import java.util.Optional;

/** The two boards as the SDK's build names them: chip family, FIT configuration, fixtures. */
public enum SdkBoard {
    /** Milk-V Duo: CV1800B, 64 MiB. */
    DUO("duo", "cv180x", "cv1800b_milkv_duo_sd", "CV1800B", 64L << 20),
    /** Milk-V Duo256M: SG2002 (CV181x family), 256 MiB. */
    DUO256M("duo256m", "cv181x", "sg2002_milkv_duo256m_musl_riscv64_sd", "SG2002", 256L << 20);

    private final String id;
    private final String chipFamily;
    private final String sdkName;
    private final String soc;
    private final long dramSize;

    SdkBoard(String id, String chipFamily, String sdkName, String soc, long dramSize) {
        this.id = id;
        this.chipFamily = chipFamily;
        this.sdkName = sdkName;
        this.soc = soc;
        this.dramSize = dramSize;
    }

    /** The SoC's name, for reports. */
    public String soc() {
        return soc;
    }

    /** The board's DRAM in bytes; memmap.py's DRAM_SIZE must say the same. */
    public long dramSize() {
        return dramSize;
    }

    /** The board whose DRAM a memmap.py's DRAM_SIZE describes. */
    public static Optional<SdkBoard> byDramSize(long size) {
        for (SdkBoard b : values()) {
            if (b.dramSize == size) {
                return Optional.of(b);
            }
        }
        return Optional.empty();
    }

    /** "duo" or "duo256m", as on the command line. */
    public String id() {
        return id;
    }

    /** "cv180x" or "cv181x": selects the FSBL build (SRAM and ROM addresses). */
    public String chipFamily() {
        return chipFamily;
    }

    /** {@code <chip>_<board>} of the SDK build: the FIT's {@code fdt-} image and {@code config-} names. */
    public String sdkName() {
        return sdkName;
    }

    /** The FIT configuration the SDK's {@code sdboot} boots ({@code bootm ${uImage_addr}#config-...}). */
    public String fitConfiguration() {
        return "config-" + sdkName;
    }

    public static SdkBoard parse(String text, String place) {
        for (SdkBoard b : values()) {
            if (b.id.equals(text.toLowerCase(Locale.ROOT))) {
                return b;
            }
        }
        throw new DuobootException(place + ": unknown board '" + text + "' (expected duo or duo256m)");
    }
}
