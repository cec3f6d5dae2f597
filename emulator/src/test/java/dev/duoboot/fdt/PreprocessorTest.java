package dev.duoboot.fdt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The preprocessor against GCC's cpp: same text, byte for byte, and GCC's error messages. */
class PreprocessorTest {

    static Stream<String> corpusDts() {
        return Stream.concat(RealTools.corpusFiles("").stream(),
                RealTools.corpusFiles("pp").stream());
    }

    @ParameterizedTest
    @MethodSource("corpusDts")
    void writesWhatCppWrites(String file) {
        RealTools.assumeInstalled("cpp");
        RealTools.Result cpp = RealTools.cpp(RealTools.corpus(), file, List.of("-I", "include"));
        assertThat(cpp.exitCode()).as(cpp.stderr()).isZero();

        PreprocessedSource ours = Preprocessor.run(SourceFiles.under(RealTools.corpus()), file,
                List.of("include"), List.of());

        assertThat(ours.text()).isEqualTo(cpp.out());
    }

    static PreprocessedSource pp(String text, String... moreFiles) {
        Map<String, String> files = new java.util.TreeMap<>();
        files.put("t.dts", text);
        for (int i = 0; i < moreFiles.length; i += 2) {
            files.put(moreFiles[i], moreFiles[i + 1]);
        }
        return Preprocessor.run(SourceFiles.of(files), "t.dts", List.of("inc"), List.of("BOARD=2"));
    }

    static String body(PreprocessedSource s) {
        return s.text().substring(s.text().indexOf("# 1 \"t.dts\"\n") + "# 1 \"t.dts\"\n".length());
    }

    @Test
    void expandsMemmapMacrosInNodeNamesAndCells() {
        String out = body(pp("#include \"m.h\"\n\tc906l: rtos_dram@ADDR {\n\t\treg = <0x0 ADDR 0x0 SIZE>;\n",
                "m.h", "#define ADDR 0x8fe00000  /* offset 254.0MiB */\n#define SIZE 0x200000\n"));
        assertThat(out).isEqualTo("# 1 \"m.h\" 1\n# 2 \"t.dts\" 2\n c906l: rtos_dram@0x8fe00000 {\n"
                + "  reg = <0x0 0x8fe00000 0x0 0x200000>;\n");
    }

    @Test
    void keepsAssemblerHashLinesAndAppliesDefines() {
        String out = body(pp("#address-cells = <BOARD>;\n#if BOARD == 2\nyes\n#else\nno\n#endif\n"));
        assertThat(out).isEqualTo("#address-cells = <2>;\n\nyes\n");
    }

    @Test
    void guardedHeaderIncludedTwiceLeavesNoSecondMarker() {
        String out = body(pp("#include <g.h>\n#include \"g.h\"\nX\n",
                "inc/g.h", "#ifndef G_H\n#define G_H\n#define X 1\n#endif\n"));
        assertThat(out).isEqualTo("# 1 \"inc/g.h\" 1\n# 2 \"t.dts\" 2\n\n1\n");
    }

    @Test
    void macroArgumentCountErrorNamesTheDefinition() {
        assertThatThrownBy(() -> pp("#define F(a, b) a+b\nx F(1)\n"))
                .isInstanceOf(FdtException.class)
                .hasMessage("t.dts:2:6: error: macro \"F\" requires 2 arguments, but only 1 given"
                        + " (macro \"F\" defined at t.dts:1)");
    }

    @Test
    void missingIncludeIsFatalWithThePlace() {
        assertThatThrownBy(() -> pp("/dts-v1/;\n#include \"cvi_board_memmap.h\"\n"))
                .hasMessage("t.dts:2:10: fatal error: cvi_board_memmap.h: No such file or directory");
    }

    /** #if expressions GCC rejects: the same first error line (message and column). */
    @ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"#if", "#if 1 +", "#if (1", "#if 1 2",
        "#if )", "#if ()", "#if 1 ? 2", "#if \"s\"", "#if defined", "#if defined(X", "#if 1 : 2",
        "#if 08", "#if 1.0", "#if 0x", "#if 12abc", "#if\t1\t/\t0", "#if 1 % 0", "#elif 1",
        "#define F(a) a\n#if F(1", "#define 3", "#define F(a, a) a", "#undef", "#include",
        "#include nofile", "\t#endif"})
    void badDirectivesFailLikeCpp(String directive) throws Exception {
        RealTools.assumeInstalled("cpp");
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("pp");
        try {
            java.nio.file.Files.writeString(dir.resolve("e.dts"), directive + "\n#endif\n");
            RealTools.Result cpp = RealTools.cpp(dir, "e.dts", List.of());
            String expected = cpp.stderr().lines().filter(l -> l.contains("error: ")).findFirst()
                    .orElseThrow();
            assertThatThrownBy(() -> Preprocessor.run(SourceFiles.under(dir), "e.dts", List.of(), List.of()))
                    .isInstanceOf(FdtException.class)
                    .satisfies(e -> assertThat(e.getMessage()).startsWith(expected));
        } finally {
            try (var files = java.nio.file.Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    void errorDirectiveAndBadExpressions() {
        assertThatThrownBy(() -> pp("#error boom  here\n"))
                .hasMessage("t.dts:1:2: error: #error boom here");
        assertThatThrownBy(() -> pp("#if 1 +\n#endif\n"))
                .hasMessage("t.dts:1:8: error: operator '+' has no right operand");
        assertThatThrownBy(() -> pp("#if 1 / 0\n#endif\n"))
                .hasMessage("t.dts:1:7: error: division by zero in #if");
        assertThatThrownBy(() -> pp("#ifdef X\n"))
                .hasMessage("t.dts:1: error: unterminated #ifdef");
        assertThatThrownBy(() -> pp("#endif\n"))
                .hasMessage("t.dts:1:2: error: #endif without #if");
    }
}
