package dev.duoboot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's examples stay true: every {@code $ scripts/duoboot ...} in a code block is run as a
 * user would (a fresh JVM, in a scratch directory that sees the checkout's {@code firmware-fixtures})
 * and its output (stdout, then stderr) must be the lines the README shows, where a {@code ...}
 * line stands for any number of lines; a {@code printf ... > FILE} line writes that file first.
 * {@code bench} (timings) is left out. Examples run on Debian's firmware are compared only on the
 * package versions the README says they were recorded with.
 */
class ReadmeExamplesTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Pattern RECORDED_WITH =
            Pattern.compile("recorded with opensbi (\\S+) and u-boot-qemu\\s+([^\\s.,)]+(?:\\.[^\\s.,)]+)*)");

    @TempDir
    static Path dir;

    record Example(int line, String command, List<String> expected) {}

    @TestFactory
    Stream<DynamicTest> everyExampleGivesTheOutputShown() throws IOException {
        String readme = Files.readString(ROOT.resolve("README.md"));
        Files.createSymbolicLink(dir.resolve("firmware-fixtures"), ROOT.resolve("firmware-fixtures"));
        Matcher recorded = RECORDED_WITH.matcher(readme);
        assertThat(recorded.find()).as("the README names the Debian firmware its examples were recorded with").isTrue();
        String debian = "opensbi " + recorded.group(1) + ", u-boot-qemu " + recorded.group(2);
        List<Example> examples = examples(readme);
        assertThat(examples).as("examples found in the README").hasSizeGreaterThan(5);
        return examples.stream().filter(e -> !e.command().startsWith("scripts/duoboot bench")) // timings
                .map(e -> DynamicTest.dynamicTest("README line " + e.line() + ": " + e.command(),
                () -> check(e, debian)));
    }

    @org.junit.jupiter.api.Test
    void ellipsisStandsForAnyLinesAndEverythingElseMustMatch() {
        List<String> shown = List.of("first", "...", "  ...", "last");
        assertThat(mismatch(shown, List.of("first", "last"))).isNull();
        assertThat(mismatch(shown, List.of("first", "a", "b", "last", ""))).isNull();
        assertThat(mismatch(shown, List.of("first", "a", "last", "after"))).isNotNull();
        assertThat(mismatch(shown, List.of("First", "last"))).isNotNull();
        assertThat(mismatch(List.of("a 2  1  0"), List.of("a 2 \b\b\b 1 \b\b\b 0 \r"))).as("countdown").isNull();
        assertThat(words("run --x 'a $b\\n' --until '=> $'")).containsExactly("run", "--x", "a $b\\n", "--until", "=> $");
    }

    private static void check(Example e, String debian) throws Exception {
        List<String> words = words(e.command());
        if (words.get(0).equals("printf")) {
            // printf 'TEXT' > FILE
            Files.writeString(dir.resolve(words.get(3)), words.get(1).replace("\\n", "\n").replace("\\t", "\t"));
            return;
        }
        assertThat(words.get(0)).isEqualTo("scripts/duoboot");
        List<String> args = words.subList(1, words.size());
        boolean onDebianFirmware = e.command().contains("/usr/lib/")
                || (args.get(0).equals("boot") && !e.command().contains("--chain fixtures"));
        if (onDebianFirmware) {
            String installed = "opensbi " + installed("opensbi") + ", u-boot-qemu " + installed("u-boot-qemu");
            Assumptions.assumeTrue(installed.equals(debian),
                    "recorded with " + debian + ", this machine has " + installed + ": re-record the README");
        }
        List<String> actual = run(args);
        String problem = mismatch(e.expected(), actual);
        if (problem != null) {
            fail("README line " + e.line() + ": " + problem + "\n--- actual output ---\n" + String.join("\n", actual));
        }
    }

    /** The commands of every code block and the lines shown after each. */
    static List<Example> examples(String readme) {
        List<Example> out = new ArrayList<>();
        String[] lines = readme.split("\n", -1);
        boolean inBlock = false;
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].startsWith("```")) {
                inBlock = !inBlock;
                continue;
            }
            if (!inBlock || !lines[i].startsWith("$ ")) {
                continue;
            }
            int first = i;
            StringBuilder command = new StringBuilder(lines[i].substring(2));
            while (command.toString().endsWith("\\")) {
                command.setLength(command.length() - 1);
                command.append(' ').append(lines[++i].strip());
            }
            List<String> expected = new ArrayList<>();
            while (i + 1 < lines.length && !lines[i + 1].startsWith("```") && !lines[i + 1].startsWith("$ ")) {
                expected.add(lines[++i]);
            }
            out.add(new Example(first + 1, command.toString().replaceAll(" +", " ").strip(), expected));
        }
        return out;
    }

    /** Splits a command line as a POSIX shell does for the README's commands: blanks, single quotes. */
    static List<String> words(String command) {
        List<String> words = new ArrayList<>();
        StringBuilder w = null;
        boolean quoted = false;
        for (char c : command.toCharArray()) {
            if (quoted) {
                if (c == '\'') {
                    quoted = false;
                } else {
                    w.append(c);
                }
            } else if (c == '\'') {
                quoted = true;
                w = w == null ? new StringBuilder() : w;
            } else if (c == ' ') {
                if (w != null) {
                    words.add(w.toString());
                    w = null;
                }
            } else {
                w = w == null ? new StringBuilder() : w;
                w.append(c);
            }
        }
        if (w != null) {
            words.add(w.toString());
        }
        return words;
    }

    /** Null if {@code actual} reads as {@code expected} ({@code ...}: any lines), else where not. */
    static String mismatch(List<String> expected, List<String> actual) {
        List<String> want = expected.stream().map(String::stripTrailing).toList();
        // the README cannot show U-Boot's countdown backspaces and carriage returns: drop them
        List<String> got = actual.stream().map(l -> l.replaceAll("[\\x08\\r]", "").stripTrailing()).toList();
        while (!want.isEmpty() && want.getLast().isEmpty()) {
            want = want.subList(0, want.size() - 1);
        }
        while (!got.isEmpty() && got.getLast().isEmpty()) {
            got = got.subList(0, got.size() - 1);
        }
        return match(want, 0, got, 0) ? null : "the output does not read as the README shows";
    }

    private static boolean match(List<String> want, int w, List<String> got, int g) {
        if (w == want.size()) {
            return g == got.size();
        }
        if (want.get(w).strip().equals("...")) {
            for (int k = g; k <= got.size(); k++) {
                if (match(want, w + 1, got, k)) {
                    return true;
                }
            }
            return false;
        }
        return g < got.size() && want.get(w).equals(got.get(g)) && match(want, w + 1, got, g + 1);
    }

    private static List<String> run(List<String> args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), "dev.duoboot.cli.Main"));
        cmd.addAll(args);
        Path out = dir.resolve("stdout");
        Path err = dir.resolve("stderr");
        Process p = new ProcessBuilder(cmd).directory(dir.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("scripts/duoboot " + String.join(" ", args) + " ran for more than 120 s");
        }
        List<String> lines = new ArrayList<>(Files.readAllLines(out, StandardCharsets.UTF_8));
        lines.addAll(Files.readAllLines(err, StandardCharsets.UTF_8));
        return lines;
    }

    private static String installed(String pkg) throws Exception {
        Process p = new ProcessBuilder("dpkg-query", "-W", "-f=${Version}", pkg).start();
        String v = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        return p.waitFor() == 0 ? v : "(not installed)";
    }
}
