package dev.duoboot.fdt;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Where the preprocessor finds files. Paths are spelled the way cpp prints them
 * ({@code inc/cvi_board_memmap.h}); a relative path is taken from a base directory, as cpp takes
 * it from its working directory.
 */
@FunctionalInterface
public interface SourceFiles {

    /** The file's bytes, or empty when there is no regular file at {@code path}. */
    Optional<byte[]> read(String path);

    /** Files on disk, relative paths resolved against {@code base}. */
    static SourceFiles under(Path base) {
        return path -> {
            Path p = base.resolve(path);
            if (!Files.isRegularFile(p)) {
                return Optional.empty();
            }
            try {
                return Optional.of(Files.readAllBytes(p));
            } catch (IOException e) {
                throw new FdtException(path + ": cannot read: " + e.getMessage());
            }
        };
    }

    /** Files held in memory (presets, tests): path to text, read as UTF-8. */
    static SourceFiles of(Map<String, String> files) {
        Map<String, String> copy = new TreeMap<>(files);
        return path -> Optional.ofNullable(copy.get(path))
                .map(s -> s.getBytes(StandardCharsets.UTF_8));
    }
}
