package dev.duoboot.flow;

import dev.duoboot.DuobootException;
import java.util.Locale;

/** The two boards as the SDK's build names them: chip family, FIT configuration, fixtures. */
public enum SdkBoard {
    /** Milk-V Duo: CV1800B, 64 MiB. */
    DUO("duo", "cv180x", "cv1800b_milkv_duo_sd"),
    /** Milk-V Duo256M: SG2002 (CV181x family), 256 MiB. */
    DUO256M("duo256m", "cv181x", "sg2002_milkv_duo256m_musl_riscv64_sd");

    private final String id;
    private final String chipFamily;
    private final String sdkName;

    SdkBoard(String id, String chipFamily, String sdkName) {
        this.id = id;
        this.chipFamily = chipFamily;
        this.sdkName = sdkName;
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
