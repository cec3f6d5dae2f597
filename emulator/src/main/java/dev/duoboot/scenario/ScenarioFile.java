package dev.duoboot.scenario;

import dev.duoboot.DuobootException;
import dev.duoboot.fdt.SourceFiles;
import dev.duoboot.yaml.YamlFile.Value;
import dev.duoboot.yaml.YamlFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a scenario file: the same inputs as the command line, plus expectations, set through the
 * same {@link ScenarioBuilder}. Paths are relative to the file's directory. Every error is one line,
 * {@code file:line:column: what was expected}.
 *
 * <pre>
 * name: my-layout
 * board: duo256m
 * memmap: memmap.py
 * dts: board.dts
 * include: [dts]
 * kernel: cvitek-5.10-c
 * kernel-config: linux.config
 * firmware: fixture:arduino        # or a path to the little-core ELF
 * expect:
 *   verdict: remoteproc-running
 *   log-contains: ["is now up"]
 *   log-absent: ["Boot failed"]
 *   linux-memory-at-least: 32MiB    # the available of Linux's Memory: line
 * </pre>
 */
public final class ScenarioFile {

    private static final List<String> KEYS = List.of("name", "description", "reports", "board", "memmap", "dts", "include", "dtb",
            "kernel", "kernel-config", "firmware", "rproc-driver", "chain", "fip", "image", "fsbl", "opensbi", "uboot", "start-rproc", "bootargs",
            "freertos-in-fip", "mailbox-test", "uboot-copies-reserved-memory", "expect");
    private static final List<String> EXPECT_KEYS = List.of("verdict", "log-contains", "log-absent", "linux-memory-at-least");

    private final String file;
    private final String dir;

    private ScenarioFile(String file) {
        this.file = file;
        Path parent = Path.of(file).getParent();
        this.dir = parent == null ? "" : parent.toString();
    }

    /** Reads {@code path} through {@code files}; the scenario's own paths are read through the same files. */
    public static Scenario read(SourceFiles files, String path) {
        byte[] bytes = files.read(path).orElseThrow(() -> new DuobootException(path + ": no such scenario file"));
        return new ScenarioFile(path).parse(files, new String(bytes, StandardCharsets.UTF_8));
    }

    private Scenario parse(SourceFiles files, String text) {
        Value root = YamlFile.parse(file, text, "a mapping of keys such as memmap, dts, kernel");
        Map<String, Value> map = root.mapping("the scenario", KEYS);
        String stem = Path.of(file).getFileName().toString().replaceFirst("\\.ya?ml$", "");
        ScenarioBuilder s = ScenarioBuilder.defaults(stem, files);
        for (Map.Entry<String, Value> e : map.entrySet()) {
            Value v = e.getValue();
            switch (e.getKey()) {
                case "name" -> s.name(v.text("a name"));
                case "description" -> s.description(v.text("a description"));
                case "reports" -> s.reports(strings(v));
                case "board" -> s.board(v.text("a board"), v.where());
                case "memmap" -> s.memmap(path(v));
                case "dts" -> s.dts(path(v));
                case "include" -> s.includeDirs(v.list("include").stream().map(this::path).toList());
                case "dtb" -> s.dtb(path(v));
                case "kernel" -> s.kernel(v.text("a kernel profile name"), v.where());
                case "kernel-config" -> s.kernelConfig(path(v));
                case "firmware" -> {
                    String t = v.text("a firmware ELF path or fixture:cvirtos|arduino|vdev|sophgo");
                    s.firmware(t.startsWith("fixture:") ? t : join(t), v.where());
                }
                case "rproc-driver" -> s.rprocDriver(v.text("a driver"), v.where());
                case "chain" -> s.chain(v.text("a chain"), v.where());
                case "fip" -> s.fip(path(v));
                case "image" -> s.image(path(v));
                case "fsbl" -> s.fsbl(v.text("user or duoboot"), v.where());
                case "opensbi" -> s.opensbi(path(v));
                case "uboot" -> s.uboot(path(v));
                case "start-rproc" -> s.startRproc(v.bool());
                case "bootargs" -> s.bootargs(v.text("a kernel command line"));
                case "freertos-in-fip" -> s.freertosInFip(v.bool());
                case "mailbox-test" -> s.mailboxTest(v.bool());
                case "uboot-copies-reserved-memory" -> s.ubootCopiesReservedMemory(v.bool());
                case "expect" -> expectations(s, v);
                default -> throw new IllegalStateException(e.getKey());
            }
        }
        if (map.containsKey("dts") && map.containsKey("dtb")) {
            throw new DuobootException(file + ": give either dts or dtb, not both");
        }
        return s.build();
    }

    private void expectations(ScenarioBuilder s, Value v) {
        Map<String, Value> m = v.mapping("expect", EXPECT_KEYS);
        List<String> contains = Optional.ofNullable(m.get("log-contains")).map(this::strings).orElse(List.of());
        List<String> absent = Optional.ofNullable(m.get("log-absent")).map(this::strings).orElse(List.of());
        Optional<Long> memory = Optional.ofNullable(m.get("linux-memory-at-least"))
                .map(x -> Expectations.parseSize(x.text("a size such as 32MiB"), x.where()));
        s.expect(new Expectations(Optional.empty(), contains, absent, memory));
        Optional.ofNullable(m.get("verdict")).ifPresent(x -> s.expectVerdict(x.text("a verdict"), x.where()));
    }

    private String path(Value v) {
        return join(v.text("a path"));
    }

    /** A path relative to the scenario file's directory, as the file system (or class path) names it. */
    private String join(String p) {
        return dir.isEmpty() ? Path.of(p).normalize().toString() : Path.of(dir).resolve(p).normalize().toString();
    }

    private List<String> strings(Value v) {
        List<String> out = new ArrayList<>();
        for (Value item : v.list("a list of strings")) {
            out.add(item.text("a string"));
        }
        return out;
    }
}
