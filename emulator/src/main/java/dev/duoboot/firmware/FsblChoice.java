package dev.duoboot.firmware;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** Whose FSBL (BL2) a user's own fip.bin boots with. */
public enum FsblChoice {
    /** The fip.bin as it is: its own BL2, run by the mask ROM model (the SDK's FSBL initialises DDR itself). */
    USER,
    /** duoboot's FSBL fixture in place of the fip.bin's BL2; the fip.bin's other images keep their run addresses. */
    DUOBOOT;

    /** "user" or "duoboot", as on the command line and in scenario files. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<FsblChoice> byId(String id) {
        return Arrays.stream(values()).filter(c -> c.id().equals(id.toLowerCase(Locale.ROOT))).findFirst();
    }
}
