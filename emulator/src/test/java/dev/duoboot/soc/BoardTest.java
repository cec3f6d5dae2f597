package dev.duoboot.soc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class BoardTest {

    @Test
    void boardsAreFoundByNameAndDescribeTheirDram() {
        assertThat(Board.named("duo256m")).hasValue(Board.DUO256M);
        assertThat(Board.DUO256M.dram().sizeBytes()).isEqualTo(256L << 20);
        assertThat(Board.DUO.dram().sizeBytes()).isEqualTo(64L << 20);
        assertThat(Board.named("duo512")).isEmpty();
        assertThat(Board.DUO.regionAt(0x03003024L)).map(Board.Region::kind).hasValue(Board.Kind.RESET);
    }

    @Test
    void overlappingRegionsAreRefused() {
        assertThatThrownBy(() -> new Board("x", "x", "x", List.of(
                new Board.Region("a", Board.Kind.SRAM, 0x1000, 0x2000),
                new Board.Region("b", Board.Kind.SRAM, 0x2000, 0x1000))))
                .hasMessage("a overlaps b");
    }

    /** The committed DTB is what dtc makes of the committed DTS (skipped without dtc). */
    @ParameterizedTest
    @ValueSource(strings = {"sg2002", "cv1800b"})
    void committedDtbIsDtcOutput(String name, @TempDir Path tmp) throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/dtc")),
                "dtc not installed (apt-get install device-tree-compiler); committed DTB not re-checked");
        Path dts = Path.of("src/main/resources/dev/duoboot/soc/" + name + ".dts");
        Path out = tmp.resolve(name + ".dtb");
        Process p = new ProcessBuilder("/usr/bin/dtc", "-I", "dts", "-O", "dtb", "-o", out.toString(), dts.toString())
                .redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(log).isZero();
        assertThat(Files.readAllBytes(out)).isEqualTo(resource("/dev/duoboot/soc/" + name + ".dtb"));
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = BoardTest.class.getResourceAsStream(name)) {
            return in.readAllBytes();
        }
    }
}
