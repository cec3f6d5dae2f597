package dev.duoboot.scenario;

import dev.duoboot.ClasspathDirectory;
import dev.duoboot.fdt.SourceFiles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A built-in scenario: a directory {@code resources/dev/duoboot/presets/ID/} with its
 * {@code scenario.yaml} (and any memmap.py of its own), written from the SDK facts; board DTS and
 * .config snippets shared by several presets sit in {@code presets/dts/} and {@code presets/config/}.
 * Their expectations state the outcome each one is known to reproduce. Found by listing the
 * directory: adding a preset is adding its directory.
 */
public record Preset(String id) {

    /** Class-path root the preset files are read from; their paths are relative to it. */
    private static final String ROOT = "dev/duoboot";
    private static final ClasspathDirectory FILES = new ClasspathDirectory(ROOT);

    /** Every preset, by id. */
    public static List<Preset> all() {
        return new ClasspathDirectory(ROOT + "/presets").entries().stream()
                .filter(d -> FILES.read("presets/" + d + "/scenario.yaml").isPresent()).map(Preset::new).toList();
    }

    public static Optional<Preset> byId(String id) {
        return all().stream().filter(p -> p.id.equals(id)).findFirst();
    }

    /** The preset {@code id}, which the caller knows exists (a platform's stock preset, a test's). */
    public static Preset named(String id) {
        return byId(id).orElseThrow(() -> new IllegalStateException("no preset " + id + " (have: " + ids() + ")"));
    }

    /** The scenario file's path inside {@link #files()}. */
    public String scenarioPath() {
        return "presets/" + id + "/scenario.yaml";
    }

    public Scenario scenario() {
        return ScenarioFile.read(files(), scenarioPath());
    }

    /** A memmap.py: its path (as a scenario names it) and text. */
    public record Memmap(String path, String text) {}

    /** The preset's memmap.py: a board's stock layout comes from its stock preset. */
    public Memmap memmap() {
        String path = scenario().memmap().orElseThrow(() -> new IllegalStateException(scenarioPath() + " names no memmap"));
        byte[] bytes = files().read(path).orElseThrow(() -> new IllegalStateException(scenarioPath() + ": no " + path));
        return new Memmap(path, new String(bytes, StandardCharsets.UTF_8));
    }

    /** Files under the class path's {@code dev/duoboot/}, named by relative path ({@code presets/dts/x.dtsi}). */
    public static SourceFiles files() {
        return path -> {
            String normal = Path.of(path).normalize().toString();
            if (normal.startsWith("..") || normal.startsWith("/")) {
                return Optional.empty();
            }
            return FILES.read(normal);
        };
    }

    public static String ids() {
        return String.join(", ", all().stream().map(Preset::id).toList());
    }
}
