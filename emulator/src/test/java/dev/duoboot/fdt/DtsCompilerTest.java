package dev.duoboot.fdt;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The corpus against Debian's cpp + dtc 1.6.1: for every DTS the same DTB bytes and the same
 * warning lines, and the DTB dtc wrote reads back and writes out identically.
 */
class DtsCompilerTest {

    static Stream<String> corpus() {
        return RealTools.corpusFiles("").stream();
    }

    /** What the kernel-style build does: cpp -I include FILE | dtc -i . -i include -. */
    static RealTools.Result realBuild(String file) {
        RealTools.Result cpp = RealTools.cpp(RealTools.corpus(), file, List.of("-I", "include"));
        assertThat(cpp.exitCode()).as(cpp.stderr()).isZero();
        return RealTools.dtc(RealTools.corpus(), cpp.stdout(), "-i", ".", "-i", "include");
    }

    static DtsCompiler.Result ours(String file) {
        return DtsCompiler.compile(SourceFiles.under(RealTools.corpus()), file,
                new DtsCompiler.Options(List.of("include"), List.of(), true, "<stdout>"));
    }

    @ParameterizedTest
    @MethodSource("corpus")
    void compilesToDtcsBytesWithDtcsWarnings(String file) {
        RealTools.assumeInstalled("cpp");
        RealTools.assumeInstalled("dtc");
        RealTools.Result dtc = realBuild(file);
        assertThat(dtc.exitCode()).as(dtc.stderr()).isZero();

        DtsCompiler.Result result = ours(file);

        assertThat(Dtb.write(result.tree())).isEqualTo(dtc.stdout());
        assertThat(result.warnings()).containsExactlyElementsOf(lines(dtc.stderr()));
    }

    @ParameterizedTest
    @MethodSource("corpus")
    void dtcsBlobRoundTripsThroughTheTree(String file) {
        RealTools.assumeInstalled("cpp");
        RealTools.assumeInstalled("dtc");
        byte[] blob = realBuild(file).stdout();
        assertThat(Dtb.write(Dtb.read(blob, file))).isEqualTo(blob);
    }

    static Stream<String> errorCorpus() {
        return RealTools.corpusFiles("errors").stream();
    }

    /**
     * Each bad DTS fails with the first error line cpp or dtc prints (our message may add which
     * macro the bad token came from), after the same warning lines.
     */
    @ParameterizedTest
    @MethodSource("errorCorpus")
    void failsWithTheToolsFirstErrorLine(String file) {
        RealTools.assumeInstalled("cpp");
        RealTools.assumeInstalled("dtc");
        List<String> includes = List.of("include", "errors");
        RealTools.Result cpp = RealTools.cpp(RealTools.corpus(), file, List.of("-I", "include", "-I", "errors"));
        String expected;
        List<String> before = List.of();
        if (cpp.exitCode() != 0) {
            expected = lines(cpp.stderr()).stream()
                    .filter(l -> l.contains(": error: ") || l.contains(": fatal error: ")).findFirst().orElseThrow();
        } else {
            RealTools.Result dtc = RealTools.dtc(RealTools.corpus(), cpp.stdout(), "-i", ".", "-i", "include");
            assertThat(dtc.exitCode()).as("dtc should reject " + file).isNotZero();
            List<String> err = lines(dtc.stderr());
            int at = 0;
            while (!(err.get(at).startsWith("Error: ") || err.get(at).startsWith("Lexical error: ")
                    || err.get(at).contains(": ERROR ("))) {
                at++;
            }
            expected = err.get(at);
            before = err.subList(0, at);
        }

        var thrown = org.assertj.core.api.Assertions.catchThrowableOfType(DtsCompileException.class,
                () -> DtsCompiler.compile(SourceFiles.under(RealTools.corpus()), file,
                        new DtsCompiler.Options(includes, List.of(), true, "<stdout>")));

        assertThat(thrown).as("no error for " + file).isNotNull();
        assertThat(thrown.getMessage()).satisfiesAnyOf(
                m -> assertThat(m).isEqualTo(expected),
                m -> assertThat(m).startsWith(expected + " (").endsWith(")"));
        assertThat(thrown.warnings()).containsExactlyElementsOf(before);
    }

    /**
     * Nesting deep enough to fill bison's stack fails as dtc fails ("memory exhausted" at the same
     * token), just below that depth it compiles, and absurd depths fail fast in one line.
     */
    @ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource({"nodes,3330", "nodes,3331", "nodes,200000",
        "parens,9989", "parens,9990", "parens,200000"})
    void deepNestingFailsWhereDtcFails(String kind, int depth) {
        RealTools.assumeInstalled("dtc");
        String dts = kind.equals("nodes")
                ? "/dts-v1/;\n/ {" + "n {".repeat(depth) + "};".repeat(depth) + "};\n"
                : "/dts-v1/;\n/ { v = <" + "(".repeat(depth) + "1" + ")".repeat(depth) + ">; };\n";
        RealTools.Result dtc = RealTools.dtc(RealTools.corpus(), dts.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        java.util.concurrent.Callable<DtsCompiler.Result> ours = () -> DtsCompiler.compile(
                SourceFiles.of(java.util.Map.of("<stdin>", dts)), "<stdin>",
                new DtsCompiler.Options(List.of(), List.of(), false, "<stdout>"));
        if (dtc.exitCode() == 0) {
            assertThat(org.assertj.core.api.Assertions.catchThrowable(ours::call)).isNull();
        } else {
            assertThat(org.assertj.core.api.Assertions.catchThrowable(ours::call))
                    .isInstanceOf(DtsCompileException.class)
                    .hasMessage(lines(dtc.stderr()).get(0));
        }
    }

    @org.junit.jupiter.api.Test
    void anErrorInsideAMacroExpansionNamesTheMacro() {
        var thrown = org.assertj.core.api.Assertions.catchThrowableOfType(DtsCompileException.class,
                () -> DtsCompiler.compile(SourceFiles.under(RealTools.corpus()), "errors/macro-expands-to-junk.dts",
                        new DtsCompiler.Options(List.of("errors"), List.of(), true, "<stdout>")));
        assertThat(thrown.getMessage()).isEqualTo("Error: errors/macro-expands-to-junk.dts:7.38-39 syntax error"
                + " (in expansion of macro \"CVIMMAP_FREERTOS_SIZE\" defined at errors/bad_memmap.h:1)");
    }

    static List<String> lines(String text) {
        List<String> out = new ArrayList<>(List.of(text.split("\n", -1)));
        if (!out.isEmpty() && out.get(out.size() - 1).isEmpty()) {
            out.remove(out.size() - 1);
        }
        return out;
    }

}
