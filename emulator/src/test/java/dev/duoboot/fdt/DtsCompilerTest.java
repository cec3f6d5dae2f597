package dev.duoboot.fdt;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
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

    static List<String> lines(String text) {
        List<String> out = new ArrayList<>(List.of(text.split("\n", -1)));
        if (!out.isEmpty() && out.get(out.size() - 1).isEmpty()) {
            out.remove(out.size() - 1);
        }
        return out;
    }

    static String hex(byte[] b) {
        return new String(b, StandardCharsets.ISO_8859_1);
    }
}
