package dev.duoboot.flow;

import dev.duoboot.fdt.SourceFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;

/**
 * The built-in scenarios, each a scenario file with its own memmap.py, board DTS and kernel
 * .config snippet under {@code resources/dev/duoboot/presets/NAME/}, written from the SDK facts.
 * Their expectations state the outcome each one is known to reproduce.
 */
public enum Preset {
    DUO256M_V2_ARDUINO_PORT("duo256m-v2-arduino-port"),
    DUO256M_V2_ARDUINO_BUILTIN("duo256m-v2-arduino-builtin"),
    DUO256M_MAINLINE("duo256m-mainline"),
    DUO_V1_ARDUINO("duo-v1-arduino"),
    DUO256M_RTOS_MOVED_IN_MEMMAP_ONLY("duo256m-rtos-moved-in-memmap-only"),
    DUO256M_VENDOR_TABLE_FULL("duo256m-vendor-table-full"),
    DUO256M_V2_DEFAULT("duo256m-v2-default"),
    /** The stock Duo, what {@code --board duo} alone boots. */
    DUO_V1_DEFAULT("duo-v1-default");

    /** Class-path root the preset files are read from; their paths are relative to it. */
    private static final String ROOT = "/dev/duoboot/";

    private final String id;

    Preset(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    /** The scenario file's path inside {@link #files()}. */
    public String scenarioPath() {
        return "presets/" + id + "/scenario.yaml";
    }

    public Scenario scenario() {
        return ScenarioYaml.read(files(), scenarioPath());
    }

    /** Files under the class path's {@code dev/duoboot/}, named by relative path ({@code presets/dts/x.dtsi}). */
    public static SourceFiles files() {
        return path -> {
            String normal = Path.of(path).normalize().toString();
            if (normal.startsWith("..") || normal.startsWith("/")) {
                return Optional.empty();
            }
            try (InputStream in = Preset.class.getResourceAsStream(ROOT + normal)) {
                return in == null ? Optional.empty() : Optional.of(in.readAllBytes());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
    }

    /** The stock SDK v2 layout of a board: what a command with only {@code --board} describes. */
    public static Preset stock(SdkBoard board) {
        return board == SdkBoard.DUO ? DUO_V1_DEFAULT : DUO256M_V2_DEFAULT;
    }

    public static Optional<Preset> byId(String id) {
        return Arrays.stream(values()).filter(p -> p.id.equals(id)).findFirst();
    }

    public static String ids() {
        return String.join(", ", Arrays.stream(values()).map(Preset::id).toList());
    }
}
