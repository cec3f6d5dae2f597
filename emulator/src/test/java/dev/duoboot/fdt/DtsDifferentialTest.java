package dev.duoboot.fdt;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Randomly generated DTS (fixed seed) compiled by dtc and by us: the same blob and warnings, or
 * the same first error. The generator mixes what the corpus has one of each: labels, phandle and
 * path references (some dangling), merges by label and path, deletions, /omit-if-no-ref/,
 * /bits/, byte strings, expressions and the properties the checks look at.
 */
class DtsDifferentialTest {
    private static final int FILES = 200;

    @Test
    void generatedSourcesCompileLikeDtc() {
        RealTools.assumeInstalled("dtc");
        Random random = new Random(0xd7c161L);
        int compiled = 0;
        int errors = 0;
        for (int i = 0; i < FILES; i++) {
            String dts = new Generator(random).file();
            RealTools.Result dtc = RealTools.dtc(RealTools.corpus(), dts.getBytes(StandardCharsets.ISO_8859_1));
            if (dtc.exitCode() > 128) {
                // dtc 1.6.1 itself crashes on a few inputs (an assertion in propval_cell when a
                // check reads a malformed cell property); there is nothing to compare.
                continue;
            }
            List<String> stderr = DtsCompilerTest.lines(dtc.stderr());
            try {
                DtsCompiler.Result ours = DtsCompiler.compile(SourceFiles.of(Map.of("gen.dts", dts)), "gen.dts",
                        new DtsCompiler.Options(List.of(), List.of(), false, "<stdout>"));
                assertThat(dtc.exitCode()).as("dtc rejected what we accepted:\n%s\n%s", dts, dtc.stderr()).isZero();
                assertThat(Dtb.write(ours.tree())).as("blob for\n%s", dts).isEqualTo(dtc.stdout());
                assertThat(ours.warnings()).as("warnings for\n%s", dts)
                        .containsExactlyElementsOf(stderr.stream().map(l -> l.replace("<stdin>", "gen.dts")).toList());
                compiled++;
            } catch (DtsCompileException e) {
                String first = stderr.stream().filter(l -> l.startsWith("Error: ") || l.startsWith("Lexical error: ")
                        || l.contains(": ERROR (")).findFirst().orElse("(dtc accepted it)");
                assertThat(e.getMessage()).as("error for\n%s", dts).isEqualTo(first.replace("<stdin>", "gen.dts"));
                errors++;
            }
        }
        // Most files compile (so blobs and warnings are compared), some fail (so errors are).
        assertThat(compiled).isGreaterThan(FILES / 4);
        assertThat(errors).isGreaterThan(FILES / 10);
    }

    @Test
    void deletingTheRootIsRefusedInOneLine() {
        var thrown = org.assertj.core.api.Assertions.catchThrowableOfType(DtsCompileException.class,
                () -> DtsCompiler.compile(SourceFiles.of(Map.of("r.dts", "/dts-v1/;\n/ { };\n/delete-node/ &{/};\n")),
                        "r.dts", new DtsCompiler.Options(List.of(), List.of(), false, "<stdout>")));
        assertThat(thrown).hasMessageStartingWith("r.dts: the root node ends up deleted");
    }

    /** Builds one random DTS. */
    private static final class Generator {
        private final Random r;
        private final StringBuilder out = new StringBuilder();
        private final List<String> labels = new ArrayList<>();
        private final List<String> nodeLabels = new ArrayList<>();
        private final List<String> paths = new ArrayList<>();
        private boolean inRootBlock;
        private int labelCount;

        Generator(Random r) {
            this.r = r;
        }

        String file() {
            out.append("/dts-v1/;\n");
            if (r.nextInt(3) == 0) {
                out.append(maybeLabel()).append("/memreserve/ ").append(cell()).append(' ').append(cell()).append(";\n");
            }
            out.append("/ {\n");
            inRootBlock = true;
            body("", 1);
            inRootBlock = false;
            out.append("};\n");
            int merges = r.nextInt(4);
            for (int i = 0; i < merges; i++) {
                merge();
            }
            return out.toString();
        }

        private void body(String path, int depth) {
            int props = r.nextInt(5);
            java.util.Set<String> used = new java.util.HashSet<>();
            String base = path.substring(path.lastIndexOf('/') + 1).replaceAll("@.*", "");
            for (int i = 0; i < props; i++) {
                property(depth, used, base);
            }
            int children = depth > 3 ? 0 : r.nextInt(4);
            java.util.Set<String> names = new java.util.HashSet<>();
            for (int i = 0; i < children; i++) {
                String name = pick("n", "node@1", "dev@10", "dev@0x20", "cpus", "cpu@0", "soc", "bus@1000", "i2c@3",
                        "chosen", "aliases", "x-y", "memory@80000000", "port", "endpoint@1");
                if (!names.add(name) && r.nextInt(20) != 0) {
                    continue;
                }
                String childPath = path + "/" + name;
                indent(depth);
                if (r.nextInt(12) == 0) {
                    out.append("/omit-if-no-ref/ ");
                }
                out.append(nodeLabel(childPath)).append(name).append(" {\n");
                if (inRootBlock) {
                    paths.add(childPath);
                }
                body(childPath, depth + 1);
                indent(depth);
                out.append("};\n");
            }
            if (r.nextInt(25) == 0) {
                indent(depth);
                out.append("/delete-node/ ").append(pick("n", "node@1", "dev@10", "soc")).append(";\n");
            }
        }

        private void property(int depth, java.util.Set<String> used, String nodeBase) {
            if (r.nextInt(12) == 0) {
                indent(depth);
                out.append("/delete-property/ ").append(propName()).append(";\n");
                return;
            }
            String name = propName();
            if ((!used.add(name) || name.equals("name") || name.contains("phandle")) && r.nextInt(50) != 0) {
                return;
            }
            indent(depth);
            if (r.nextInt(8) == 0) {
                out.append(newLabel()).append(": ");
            }
            out.append(name);
            if (r.nextInt(6) == 0) {
                out.append(";\n");
                return;
            }
            out.append(" = ").append(value(name, nodeBase)).append(";\n");
        }

        private String value(String name, String nodeBase) {
            return switch (name) {
                case "#address-cells", "#size-cells", "#interrupt-cells", "#clock-cells" -> "<" + r.nextInt(4) + ">";
                case "compatible", "status", "model", "device_type", "clock-names" ->
                        r.nextInt(5) == 0 ? "<1>" : "\"" + pick("okay", "simple-bus", "disabled", "cpu", "memory", "pci")
                                + "\"" + (r.nextInt(3) == 0 ? ", \"b\"" : "");
                case "phandle", "linux,phandle" -> r.nextInt(3) == 0 ? "<" + anyNodeRef() + ">" : "<" + (1 + r.nextInt(3)) + ">";
                case "name" -> "\"" + (r.nextInt(4) != 0 ? nodeBase : "x") + "\"";
                default -> {
                    List<String> parts = new ArrayList<>();
                    int n = 1 + r.nextInt(3);
                    for (int i = 0; i < n; i++) {
                        parts.add(piece());
                    }
                    yield String.join(", ", parts);
                }
            };
        }

        private String piece() {
            return switch (r.nextInt(8)) {
                case 0 -> "\"s" + r.nextInt(10) + (r.nextInt(4) == 0 ? "\\n\\x41\\101" : "") + "\"";
                case 1 -> "[" + String.format("%02x %02x", r.nextInt(256), r.nextInt(256)) + "]";
                case 2 -> "/bits/ " + pick("8", "16", "64") + " <" + r.nextInt(200) + " " + r.nextInt(256) + ">";
                case 3 -> r.nextInt(3) == 0 ? "&{" + anyPath() + "}" : anyNodeRef();
                case 4 -> "<" + anyNodeRef() + " " + cell() + ">";
                case 5 -> "<" + (r.nextInt(4) == 0 ? newLabel() + ": " : "") + cell() + " " + cell() + ">";
                case 6 -> "<(" + r.nextInt(100) + " " + pick("+", "-", "*", "<<", ">>", "|", "&", "^", "==", "<", "&&", "||")
                        + " " + r.nextInt(20) + ") (" + cell() + " ? " + cell() + " : " + cell() + ")>";
                default -> "<" + cell() + ">";
            };
        }

        private String cell() {
            return switch (r.nextInt(5)) {
                case 0 -> "0x" + Integer.toHexString(r.nextInt());
                case 1 -> "'" + (char) ('a' + r.nextInt(26)) + "'";
                case 2 -> "(-" + r.nextInt(5) + ")";
                default -> Integer.toString(r.nextInt(64));
            };
        }

        private void merge() {
            switch (r.nextInt(5)) {
                case 0 -> {
                    out.append(anyNodeRef()).append(" {\n");
                    body("", 1);
                    out.append("};\n");
                }
                case 1 -> {
                    out.append("&{").append(anyPath()).append("} {\n");
                    body("", 1);
                    out.append("};\n");
                }
                case 2 -> out.append("/delete-node/ ").append(anyNodeRef().replace("&{/}", "&nolabel")).append(";\n");
                case 3 -> out.append("/omit-if-no-ref/ ").append(anyNodeRef().replace("&{/}", "&nolabel")).append(";\n");
                default -> {
                    out.append("/ {\n");
                    body("", 1);
                    out.append("};\n");
                }
            }
        }

        private String propName() {
            return pick("reg", "ranges", "#address-cells", "#size-cells", "compatible", "status", "model", "x",
                    "y-names", "clock-names", "phandle", "linux,phandle", "interrupts", "interrupt-parent", "clocks",
                    "#clock-cells", "#interrupt-cells", "interrupt-controller", "device_type", "name", "gpios", "val");
        }

        private String nodeLabel(String path) {
            if (r.nextInt(3) != 0) {
                return "";
            }
            String l = newLabel();
            nodeLabels.add(l);
            return l + ": ";
        }

        /** Mostly a node's label (or a path when there is none), now and then a dangling one. */
        private String anyNodeRef() {
            if (r.nextInt(60) == 0) {
                return "&nolabel";
            }
            return nodeLabels.isEmpty() ? "&{" + anyPath() + "}" : "&" + nodeLabels.get(r.nextInt(nodeLabels.size()));
        }

        private String maybeLabel() {
            return r.nextInt(3) == 0 ? newLabel() + ": " : "";
        }

        private String newLabel() {
            String l = r.nextInt(10) == 0 && !labels.isEmpty() ? labels.get(r.nextInt(labels.size())) : "l" + labelCount++;
            labels.add(l);
            return l;
        }



        private String anyPath() {
            if (r.nextInt(60) == 0) {
                return "/nowhere";
            }
            return paths.isEmpty() ? "/" : paths.get(r.nextInt(paths.size()));
        }

        private String pick(String... options) {
            return options[r.nextInt(options.length)];
        }

        private void indent(int depth) {
            out.append("\t".repeat(depth));
        }
    }
}
