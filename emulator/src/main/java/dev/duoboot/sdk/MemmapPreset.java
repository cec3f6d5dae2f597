package dev.duoboot.sdk;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

/**
 * The memory layouts of the facts sheet's table ({@code docs/facts/sdk-boot-flow.md} section 1.2)
 * as memmap.py files of our own in the SDK's style, under
 * {@code resources/dev/duoboot/sdk/memmap/}.
 */
public enum MemmapPreset {
    /** Duo, SDK v1 before the Arduino patch: ION 26.80078125 MiB. */
    DUO_V1("duo_v1"),
    /** Duo, SDK v1 with the Arduino patch (@7221d23): no ION. */
    DUO_V1_ARDUINO("duo_v1_arduino"),
    /** Duo, SDK v1 @123710b: ION 16 MiB. */
    DUO_V1_ION16M("duo_v1_ion16m"),
    /** Duo, SDK v2 (@84c8f4b): 256 KiB OpenSBI, SPL entries. */
    DUO_V2("duo_v2"),
    /** Duo256M, SDK v1 (cv1812cp board). */
    DUO256M_V1("duo256m_v1"),
    /** Duo256M, SDK v2 / sophgo upstream (sg2002 board): ION 75 MiB. */
    DUO256M_V2("duo256m_v2");

    private final String fileStem;

    MemmapPreset(String fileStem) {
        this.fileStem = fileStem;
    }

    /** The preset's name as the CLI accepts it ({@code duo256m_v2}). */
    public String id() {
        return fileStem;
    }

    /** The file name, as used in messages ({@code duo256m_v2.py}). */
    public String fileName() {
        return fileStem + ".py";
    }

    /** The memmap.py text. */
    public String source() {
        try (InputStream in = MemmapPreset.class.getResourceAsStream("memmap/" + fileName())) {
            if (in == null) {
                throw new IllegalStateException("preset resource missing: " + fileName());
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The evaluated layout. */
    public MemoryMap memoryMap() {
        return MemmapEvaluator.evaluate(fileName(), source());
    }

    /** The preset with this {@link #id()} (case-insensitive). */
    public static Optional<MemmapPreset> byId(String id) {
        for (MemmapPreset p : values()) {
            if (p.fileStem.equals(id.toLowerCase(Locale.ROOT))) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }
}
