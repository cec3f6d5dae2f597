package dev.duoboot.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.duoboot.fdt.DeviceTree;
import dev.duoboot.fdt.Dtb;
import dev.duoboot.fdt.DtsWriter;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** duoboot dt compile / decompile / diff through Main.run, as a user runs them. */
class DtCommandTest {

    static Path corpus() {
        try {
            return Path.of(DtCommandTest.class.getResource("/dev/duoboot/fdt/corpus").toURI());
        } catch (URISyntaxException e) {
            throw new AssertionError(e);
        }
    }

    @TempDir
    Path tmp;

    @Test
    void compilesTheBoardDtsWithItsMemmapHeader() throws Exception {
        Path out = tmp.resolve("duo256m.dtb");
        MainTest.Result r = MainTest.run("dt", "compile", corpus().resolve("duo256m.dts").toString(),
                "-I", corpus().resolve("include").toString(), "-o", out.toString());

        assertThat(r.exitCode()).as(r.err()).isZero();
        DeviceTree tree = Dtb.read(Files.readAllBytes(out), "duo256m.dtb");
        assertThat(tree.node("/reserved-memory/rtos_dram@0x8fe00000")).isPresent();
        assertThat(tree.memReserves()).hasSize(1);
        assertThat(r.err()).contains("Warning (unit_address_format): /reserved-memory/rtos_dram@0x8fe00000:"
                + " unit name should not have leading \"0x\"");
    }

    @Test
    void defineChangesTheCompiledTree() throws Exception {
        Path out = tmp.resolve("uboot.dtb");
        MainTest.Result r = MainTest.run("dt", "compile", corpus().resolve("duo256m.dts").toString(),
                "-I", corpus().resolve("include").toString(), "-D__UBOOT__", "-o", out.toString(), "--json");

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(Dtb.read(Files.readAllBytes(out), "uboot.dtb").memReserves()).isEmpty();
        JsonNode json = new ObjectMapper().readTree(r.out());
        assertThat(json.get("bytes").asInt()).isEqualTo(Files.size(out));
        assertThat(json.get("warnings").size()).isGreaterThan(0);
    }

    @Test
    void aSyntaxErrorIsOneLineAndExitCode2() throws Exception {
        Path dts = tmp.resolve("bad.dts");
        Files.writeString(dts, "/dts-v1/;\n/ {\n\ta = <1>\n};\n");
        MainTest.Result r = MainTest.run("dt", "compile", dts.toString(), "-o", tmp.resolve("bad.dtb").toString());

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("duoboot: Error: " + dts + ":4.1-2 syntax error\n");
        assertThat(tmp.resolve("bad.dtb")).doesNotExist();
    }

    @Test
    void decompilesLikeDtc() throws Exception {
        byte[] blob = Files.readAllBytes(Path.of(DtCommandTest.class.getResource("/dev/duoboot/fdt/sample.dtb").toURI()));
        Path dtb = tmp.resolve("sample.dtb");
        Files.write(dtb, blob);

        MainTest.Result r = MainTest.run("dt", "decompile", dtb.toString());

        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).isEqualTo(DtsWriter.write(Dtb.read(blob, "sample.dtb")));
        assertThat(r.out()).contains("\t\trtos_dram@8fe00000 {\n\t\t\treg = <0x00 0x8fe00000 0x00 0x200000>;\n");

        JsonNode json = new ObjectMapper().readTree(MainTest.run("dt", "decompile", dtb.toString(), "--json").out());
        assertThat(json.at("/root/children/2/children/0/path").asText()).isEqualTo("/reserved-memory/rtos_dram@8fe00000");
        assertThat(json.at("/root/children/2/children/0/offset").asInt()).isEqualTo(0x154);
    }

    @Test
    void badBlobsAreOneLineWithTheByteOffset() throws Exception {
        Path dtb = tmp.resolve("broken.dtb");
        Files.write(dtb, new byte[] {(byte) 0xd0, 0x0d, (byte) 0xfe, (byte) 0xed, 0, 0, 0, 1});
        MainTest.Result r = MainTest.run("dt", "decompile", dtb.toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("duoboot: " + dtb + ": byte 0x0: only 8 bytes, a DTB header needs at least 28"
                + " (FDT_ERR_TRUNCATED)\n");

        MainTest.Result missing = MainTest.run("dt", "decompile", tmp.resolve("nope.dtb").toString());
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err()).isEqualTo("duoboot: " + tmp.resolve("nope.dtb") + ": No such file or directory\n");
    }

    @Test
    void diffShowsWhatChangedAndExitsOneWhenTreesDiffer() throws Exception {
        Path a = tmp.resolve("a.dts");
        Path b = tmp.resolve("b.dts");
        Files.writeString(a, "/dts-v1/;\n/ { chosen { stdout-path = \"serial0\"; }; old { }; };\n");
        Files.writeString(b, "/dts-v1/;\n/ { chosen { stdout-path = \"serial0\"; bootargs = \"x\"; }; new { }; };\n");
        Path bDtb = tmp.resolve("b.dtb");
        assertThat(MainTest.run("dt", "compile", b.toString(), "-o", bDtb.toString()).exitCode()).isZero();

        MainTest.Result same = MainTest.run("dt", "diff", b.toString(), bDtb.toString());
        assertThat(same.exitCode()).isZero();
        assertThat(same.out()).isEmpty();

        MainTest.Result r = MainTest.run("dt", "diff", a.toString(), bDtb.toString());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.out()).isEqualTo("~ /chosen\n    + bootargs = \"x\";\n- /old\n+ /new\n");

        JsonNode json = new ObjectMapper().readTree(MainTest.run("dt", "diff", a.toString(), bDtb.toString(), "--json").out());
        assertThat(json.get("same").asBoolean()).isFalse();
        assertThat(json.at("/nodes/0/properties/0/after").asText()).isEqualTo("\"x\"");
        assertThat(json.at("/nodes/2/change").asText()).isEqualTo("added");
    }

    @Test
    void dtWithoutSubcommandIsAUsageError() {
        MainTest.Result r = MainTest.run("dt");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("Missing required subcommand");
    }
}
