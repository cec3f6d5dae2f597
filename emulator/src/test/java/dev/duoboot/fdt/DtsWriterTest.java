package dev.duoboot.fdt;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Decompiling as dtc -I dtb -O dts does. */
class DtsWriterTest {

    static Stream<String> corpus() {
        return RealTools.corpusFiles("").stream();
    }

    @ParameterizedTest
    @MethodSource("corpus")
    void writesWhatDtcWritesForTheCorpusBlobs(String file) {
        RealTools.assumeInstalled("cpp");
        RealTools.assumeInstalled("dtc");
        byte[] blob = DtsCompilerTest.realBuild(file).stdout();
        RealTools.Result dts = RealTools.run(RealTools.corpus(),
                List.of("dtc", "-I", "dtb", "-O", "dts", "-"), blob);

        assertThat(DtsWriter.write(Dtb.read(blob, file)))
                .isEqualTo(new String(dts.stdout(), StandardCharsets.ISO_8859_1));
    }

    @Test
    void guessesStringsCellsAndBytesLikeDtc() {
        assertThat(DtsWriter.value(bytes("A\0B\0"))).isEqualTo(" = \"A\\0B\";");
        assertThat(DtsWriter.value(bytes("\0\0A\0"))).isEqualTo(" = <0x4100>;");
        assertThat(DtsWriter.value(bytes("x\u0001y\0"))).isEqualTo(" = <0x78017900>;");
        assertThat(DtsWriter.value(new byte[] {0})).isEqualTo(" = [00];");
        assertThat(DtsWriter.value(new byte[] {(byte) 0xc3, (byte) 0xa9, 0})).isEqualTo(" = [c3 a9 00];");
        assertThat(DtsWriter.value(bytes("tab\there \"q\" \\\0"))).isEqualTo(" = \"tab\\there \\\"q\\\" \\\\\";");
        assertThat(DtsWriter.value(new byte[0])).isEqualTo(";");
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }
}
