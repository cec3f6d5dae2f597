package dev.duoboot;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The packages depend on each other only as docs/DESIGN.md's table says: data flows one way. */
class PackageDependencyTest {

    /** Each package and the duoboot packages it may import (the root package is open to all). */
    private static final Map<String, Set<String>> ALLOWED = Map.ofEntries(
            Map.entry("unicorn", Set.of()),
            Map.entry("cpu", Set.of("unicorn")),
            Map.entry("yaml", Set.of()),
            Map.entry("fdt", Set.of()),
            Map.entry("platform", Set.of("fdt", "yaml")),
            Map.entry("card", Set.of()),
            Map.entry("soc", Set.of("platform", "cpu", "unicorn", "card")),
            Map.entry("sdk", Set.of("fdt")),
            Map.entry("linux", Set.of("fdt", "sdk", "platform")),
            Map.entry("firmware", Set.of("sdk", "platform", "card")),
            Map.entry("scenario", Set.of("fdt", "sdk", "linux", "platform", "firmware", "yaml")),
            Map.entry("boot", Set.of("scenario", "firmware", "soc", "linux", "sdk", "fdt", "platform", "cpu")),
            Map.entry("analysis", Set.of("boot", "scenario", "linux", "sdk", "fdt", "firmware", "platform")),
            Map.entry("pipeline", Set.of("analysis", "boot", "scenario", "linux", "soc")),
            Map.entry("report", Set.of("analysis", "boot", "pipeline", "scenario", "linux")),
            Map.entry("cli", Set.of("analysis", "boot", "fdt", "linux", "pipeline", "platform", "report", "scenario", "sdk", "soc",
                    "unicorn", "firmware")));

    private static final Pattern IMPORT = Pattern.compile("^import (?:static )?dev\\.duoboot\\.([a-z]+)\\.", Pattern.MULTILINE);

    @Test
    void everyPackageImportsOnlyWhatItMay() throws IOException {
        Path root = Path.of("src/main/java/dev/duoboot");
        Map<String, Set<String>> found = new TreeMap<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                Path rel = root.relativize(f);
                if (rel.getNameCount() < 2) {
                    continue; // the root package: the API facade and the exceptions
                }
                String pkg = rel.getName(0).toString();
                Matcher m = IMPORT.matcher(Files.readString(f));
                while (m.find()) {
                    if (!m.group(1).equals(pkg)) {
                        found.computeIfAbsent(pkg, k -> new TreeSet<>()).add(m.group(1));
                    }
                }
                found.computeIfAbsent(pkg, k -> new TreeSet<>());
            }
        }
        assertThat(found.keySet()).as("every package has a row in the table").isSubsetOf(ALLOWED.keySet());
        found.forEach((pkg, uses) -> assertThat(uses).as(pkg + " imports").isSubsetOf(ALLOWED.get(pkg)));
    }
}
