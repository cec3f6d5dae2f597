package dev.duoboot.fdt;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Randomly generated DTS-like sources full of macros (fixed seed) through GCC's cpp and ours:
 * the same text byte for byte. Covers spacing around expansions, arguments across lines,
 * nesting, # and ##, variadics, conditionals, comments, tabs, blank-line runs and headers.
 */
class PreprocessorDifferentialTest {
    private static final int FILES = 150;

    @TempDir
    Path dir;

    @Test
    void generatedSourcesPreprocessLikeCpp() throws IOException {
        RealTools.assumeInstalled("cpp");
        Random random = new Random(0xc99L);
        Files.writeString(dir.resolve("hdr.h"), "#ifndef HDR_H\n#define HDR_H\n#define H_ADDR 0x8fe00000\n"
                + "#define H_F(x)\t((x) + H_ADDR)\n#endif\n");
        for (int i = 0; i < FILES; i++) {
            String text = new Generator(random).file();
            Files.writeString(dir.resolve("g.dts"), text);
            RealTools.Result cpp = RealTools.cpp(dir, "g.dts", List.of("-DBOARD=2"));
            if (cpp.exitCode() != 0) {
                continue;
            }
            PreprocessedSource ours = Preprocessor.run(SourceFiles.under(dir), "g.dts", List.of(), List.of("BOARD=2"));
            assertThat(ours.text()).as("for\n%s", text).isEqualTo(cpp.out());
        }
    }

    /** Builds one random source. */
    private static final class Generator {
        private final Random r;
        private final List<String> objectMacros = new ArrayList<>(List.of("BOARD", "H_ADDR"));
        private final List<String> functionMacros = new ArrayList<>(List.of("H_F"));
        private final StringBuilder out = new StringBuilder();
        private int count;

        Generator(Random r) {
            this.r = r;
        }

        String file() {
            if (r.nextBoolean()) {
                out.append("#include \"hdr.h\"\n");
            }
            int lines = 5 + r.nextInt(25);
            for (int i = 0; i < lines; i++) {
                switch (r.nextInt(10)) {
                    case 0 -> define();
                    case 1 -> out.append("\n".repeat(1 + r.nextInt(12)));
                    case 2 -> conditional();
                    case 3 -> out.append(r.nextBoolean() ? "/* a\n comment */" : "// line comment").append('\n');
                    case 4 -> out.append(r.nextBoolean() ? "#include \"hdr.h\"\n" : "#address-cells = <1>;\n");
                    default -> out.append(indent()).append(textLine()).append('\n');
                }
            }
            return out.toString();
        }

        private void define() {
            String name = "M" + count++;
            switch (r.nextInt(4)) {
                case 0 -> {
                    out.append("#define ").append(name).append(' ').append(body(false)).append('\n');
                    objectMacros.add(name);
                }
                case 1 -> {
                    out.append("#define ").append(name).append("(a, b)").append(r.nextBoolean() ? " " : "\t")
                            .append(pick("a b", "a ## b", "#a", "(a)+(b)", "<a b>", "a##_x b", "[a] # b", "a-b",
                                    "b a a", "a ## 0x ## b"))
                            .append('\n');
                    functionMacros.add(name);
                }
                case 2 -> {
                    out.append("#define ").append(name).append("(x...) <x> , ## x\n");
                    functionMacros.add(name);
                }
                default -> {
                    out.append("#define ").append(name).append("() ").append(body(false)).append('\n');
                    functionMacros.add(name);
                }
            }
        }

        private void conditional() {
            out.append(pick("#if BOARD == 2", "#ifdef H_ADDR", "#ifndef NOPE", "#if defined(M0) || 0",
                    "#if (BOARD << 2) > 4 && !defined NOPE", "#if 0")).append('\n');
            out.append(indent()).append(textLine()).append('\n');
            if (r.nextBoolean()) {
                out.append(pick("#else", "#elif BOARD", "#elif 0")).append('\n');
                out.append(textLine()).append('\n');
            }
            out.append("#endif\n");
        }

        private String textLine() {
            StringBuilder line = new StringBuilder();
            int tokens = 1 + r.nextInt(8);
            for (int i = 0; i < tokens; i++) {
                if (i > 0) {
                    line.append(pick("", " ", "  ", "\t", " /* c */ "));
                }
                line.append(token(true));
            }
            return line.toString();
        }

        private String token(boolean allowCalls) {
            return switch (r.nextInt(12)) {
                case 0, 1 -> objectMacros.get(r.nextInt(objectMacros.size()));
                case 2, 3 -> {
                    String f = functionMacros.get(r.nextInt(functionMacros.size()));
                    if (!allowCalls || r.nextInt(6) == 0) {
                        yield f;
                    }
                    int args = f.equals("H_F") ? 1 : 2;
                    yield f + pick("", " ", "\n  ") + "(" + arg() + (args == 2 ? "," + pick("", " ", "\n") + arg() : "") + ")";
                }
                case 4 -> pick("<", ">", "=", ";", "{", "};", "&", "&lbl", "@", "-", "+", "/", "#", "##", ".", ",");
                case 5 -> pick("0x10", "42", "1e+5", ".5", "'c'", "\"str\"", "0x1fUL");
                case 6 -> pick("reg", "rtos_dram@", "c906l:", "status", "okay", "x_1");
                default -> pick("a", "b", "node", "n@1", "cells");
            };
        }

        private String arg() {
            return switch (r.nextInt(4)) {
                case 0 -> "";
                case 1 -> token(false) + " " + token(false);
                default -> token(r.nextInt(4) == 0);
            };
        }

        private String body(boolean allowCalls) {
            return token(allowCalls) + pick("", " ", "") + token(allowCalls);
        }

        private String indent() {
            return pick("", "", "\t", "\t\t", "  ", "    ", " \t ");
        }

        private String pick(String... options) {
            return options[r.nextInt(options.length)];
        }
    }
}
