package dev.duoboot.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Golden files under src/test/resources: compared byte for byte, or rewritten when the build runs
 * with {@code -Dduoboot.updateGolden=true} (then review the diff before committing).
 */
final class Golden {

    private static final Path ROOT = Path.of("src/test/resources");

    private Golden() {}

    static void assertMatches(String path, String actual) {
        Path file = ROOT.resolve(path);
        try {
            if (Boolean.getBoolean("duoboot.updateGolden")) {
                Files.createDirectories(file.getParent());
                Files.writeString(file, actual, StandardCharsets.UTF_8);
                return;
            }
            assertThat(file).as("golden file %s (regenerate with -Dduoboot.updateGolden=true)", file).exists();
            assertThat(actual).as("golden file %s (regenerate with -Dduoboot.updateGolden=true)", file)
                    .isEqualTo(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
