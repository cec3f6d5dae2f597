package dev.duoboot.flow;

import dev.duoboot.DuobootException;
import dev.duoboot.fdt.SourceFiles;
import dev.duoboot.linux.KernelProfile;
import dev.duoboot.platform.Platform;
import dev.duoboot.platform.Platforms;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * Reads a scenario file: the same inputs as the command line, plus expectations. Paths are relative
 * to the file's directory. Every error is one line, {@code file:line:column: what was expected}.
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
 * </pre>
 */
public final class ScenarioYaml {

    private static final List<String> KEYS = List.of("name", "description", "board", "memmap", "dts", "include", "dtb",
            "kernel", "kernel-config", "firmware", "rproc-driver", "chain", "fip", "opensbi", "uboot", "start-rproc", "bootargs",
            "freertos-in-fip", "uboot-copies-reserved-memory", "expect");
    private static final List<String> EXPECT_KEYS = List.of("verdict", "log-contains", "log-absent");

    private final String file;
    private final String dir;

    private ScenarioYaml(String file) {
        this.file = file;
        Path parent = Path.of(file).getParent();
        this.dir = parent == null ? "" : parent.toString();
    }

    /** Reads {@code path} through {@code files}; the scenario's own paths are read through the same files. */
    public static Scenario read(SourceFiles files, String path) {
        byte[] bytes = files.read(path).orElseThrow(() -> new DuobootException(path + ": no such scenario file"));
        return new ScenarioYaml(path).parse(files, new String(bytes, StandardCharsets.UTF_8));
    }

    private Scenario parse(SourceFiles files, String text) {
        Node root;
        try {
            root = new Compose(LoadSettings.builder().setLabel(file).build()).composeString(text)
                    .orElseThrow(() -> new DuobootException(file + ":1:1: empty scenario, expected a mapping of keys such as memmap, dts, kernel"));
        } catch (MarkedYamlEngineException e) {
            Mark m = e.getProblemMark().or(e::getContextMark).orElse(null);
            String where = m == null ? file : file + ":" + (m.getLine() + 1) + ":" + (m.getColumn() + 1);
            throw new DuobootException(where + ": YAML syntax: " + oneLine(e.getProblem()));
        } catch (YamlEngineException e) {
            throw new DuobootException(file + ": YAML: " + oneLine(e.getMessage()));
        }
        MappingNode map = mapping(root, "the scenario");
        String stem = Path.of(file).getFileName().toString().replaceFirst("\\.ya?ml$", "");
        Scenario s = Scenario.defaults(stem, files);
        Set<String> seen = new LinkedHashSet<>();
        for (NodeTuple t : map.getValue()) {
            String key = scalar(t.getKeyNode(), "a key");
            Node v = t.getValueNode();
            if (!seen.add(key)) {
                throw error(t.getKeyNode(), "key '" + key + "' appears twice");
            }
            s = switch (key) {
                case "name" -> s.withName(scalar(v, "a name"));
                case "description" -> s.withDescription(scalar(v, "a description"));
                case "board" -> s.withBoard(board(v));
                case "memmap" -> s.withMemmap(path(v));
                case "dts" -> s.withDts(path(v));
                case "include" -> s.withIncludeDirs(paths(v));
                case "dtb" -> s.withDtb(path(v));
                case "kernel" -> s.withKernel(kernel(v));
                case "kernel-config" -> s.withKernelConfig(path(v));
                case "firmware" -> s.withFirmware(firmware(v));
                case "rproc-driver" -> s.withRprocDriver(RprocDriverChoice.byId(scalar(v, "a driver")).orElseThrow(() ->
                        error(v, "unknown rproc-driver '" + scalar(v, "") + "', expected one of " + RprocDriverChoice.ids())));
                case "chain" -> s.withChain(Chain.byId(scalar(v, "a chain")).orElseThrow(() ->
                        error(v, "unknown chain '" + scalar(v, "") + "', expected real or fixtures")));
                case "fip" -> s.withFip(path(v));
                case "opensbi" -> s.withParts(new Scenario.FipParts(Optional.of(path(v)), s.parts().uboot()));
                case "uboot" -> s.withParts(new Scenario.FipParts(s.parts().opensbi(), Optional.of(path(v))));
                case "start-rproc" -> s.withStartRproc(bool(v));
                case "bootargs" -> s.withBootargs(scalar(v, "a kernel command line"));
                case "freertos-in-fip" -> s.withFreertosInFip(bool(v));
                case "uboot-copies-reserved-memory" -> s.withUbootCopiesReservedMemory(bool(v));
                case "expect" -> s.withExpectations(expectations(v));
                default -> throw error(t.getKeyNode(), "unknown key '" + key + "', expected one of " + String.join(", ", KEYS));
            };
        }
        if (seen.contains("dts") && seen.contains("dtb")) {
            throw new DuobootException(file + ": give either dts or dtb, not both");
        }
        return s;
    }

    private Expectations expectations(Node v) {
        MappingNode m = mapping(v, "expect");
        Optional<String> verdict = Optional.empty();
        List<String> contains = List.of();
        List<String> absent = List.of();
        for (NodeTuple t : m.getValue()) {
            String key = scalar(t.getKeyNode(), "a key");
            Node val = t.getValueNode();
            switch (key) {
                case "verdict" -> {
                    String id = scalar(val, "a verdict");
                    if (!Verdict.ids().contains(id)) {
                        throw error(val, "unknown verdict '" + id + "', expected one of " + String.join(", ", Verdict.ids()));
                    }
                    verdict = Optional.of(id);
                }
                case "log-contains" -> contains = strings(val);
                case "log-absent" -> absent = strings(val);
                default -> throw error(t.getKeyNode(), "unknown key 'expect." + key + "', expected one of " + String.join(", ", EXPECT_KEYS));
            }
        }
        return new Expectations(verdict, contains, absent);
    }

    private String kernel(Node v) {
        String name = scalar(v, "a kernel profile name");
        if (KernelProfile.byName(name).isEmpty()) {
            throw error(v, "unknown kernel profile '" + name + "', expected one of "
                    + String.join(", ", KernelProfile.ALL.stream().map(KernelProfile::name).toList()));
        }
        return name;
    }

    private Platform board(Node v) {
        String id = scalar(v, "a board");
        return Platforms.byId(id).orElseThrow(() -> error(v, "unknown board '" + id + "', expected one of " + Platforms.ids()));
    }

    private FirmwareChoice firmware(Node v) {
        String text = scalar(v, "a firmware ELF path or fixture:cvirtos|arduino|vdev");
        return text.startsWith("fixture:")
                ? FirmwareChoice.parse(text).orElseThrow(() -> error(v, "unknown fixture '" + text + "', expected fixture:cvirtos, fixture:arduino or fixture:vdev"))
                : new FirmwareChoice.File(join(text));
    }

    private String path(Node v) {
        return join(scalar(v, "a path"));
    }

    private List<String> paths(Node v) {
        return strings(v).stream().map(this::join).toList();
    }

    /** A path relative to the scenario file's directory, as the file system (or class path) names it. */
    private String join(String p) {
        return dir.isEmpty() ? Path.of(p).normalize().toString() : Path.of(dir).resolve(p).normalize().toString();
    }

    private List<String> strings(Node v) {
        if (v instanceof ScalarNode) {
            return List.of(scalar(v, "a string"));
        }
        if (!(v instanceof SequenceNode seq)) {
            throw error(v, "expected a list of strings");
        }
        List<String> out = new ArrayList<>();
        for (Node item : seq.getValue()) {
            out.add(scalar(item, "a string"));
        }
        return out;
    }

    private boolean bool(Node v) {
        String s = scalar(v, "true or false");
        return switch (s) {
            case "true", "yes", "on" -> true;
            case "false", "no", "off" -> false;
            default -> throw error(v, "expected true or false, found '" + s + "'");
        };
    }

    private MappingNode mapping(Node v, String what) {
        if (v instanceof MappingNode m) {
            return m;
        }
        throw error(v, "expected " + what + " to be a mapping of keys");
    }

    private String scalar(Node v, String what) {
        if (v instanceof ScalarNode s) {
            return s.getValue();
        }
        throw error(v, "expected " + what + ", found a " + (v instanceof SequenceNode ? "list" : "mapping"));
    }

    private DuobootException error(Node at, String message) {
        String where = at.getStartMark().map(m -> file + ":" + (m.getLine() + 1) + ":" + (m.getColumn() + 1)).orElse(file);
        return new DuobootException(where + ": " + message);
    }

    private static String oneLine(String s) {
        return s == null ? "malformed" : s.replaceAll("\\s+", " ").strip();
    }
}
