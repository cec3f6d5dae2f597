package dev.duoboot.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.duoboot.fdt.Dtb;
import dev.duoboot.linux.DuoTrees;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LinuxCommandTest {

    @TempDir
    Path dir;

    Path duoDtb() throws Exception {
        Path f = dir.resolve("duo.dtb");
        Files.write(f, Dtb.write(DuoTrees.duo64()));
        return f;
    }

    Path config(String remoteproc) throws Exception {
        Path f = dir.resolve("config-" + remoteproc);
        Files.writeString(f, "CONFIG_ARCH_CVITEK=y\nCONFIG_CVITEK_REMOTEPROC=" + remoteproc + "\n");
        return f;
    }

    static JsonNode json(MainTest.Result r) throws Exception {
        return new ObjectMapper().readTree(r.out());
    }

    @Test
    void jsonReportsTheFailedLookupForAModuleBuild() throws Exception {
        MainTest.Result r = MainTest.run("linux", "--dtb", duoDtb().toString(), "--profile", "cvitek-5.10-c",
                "--config", config("m").toString(), "--json");
        assertThat(r.exitCode()).isZero();
        JsonNode j = json(r);
        List<String> keys = new ArrayList<>();
        j.fieldNames().forEachRemaining(keys::add);
        assertThat(keys).startsWith("profile", "memblock", "reservedMem", "lookups", "memInfo", "reservations", "log");
        assertThat(j.get("profile").asText()).isEqualTo("cvitek-5.10-c");
        assertThat(j.at("/memblock/memory/0/base").asText()).isEqualTo("0x80000000");
        assertThat(j.at("/memblock/memory/0/size").asText()).isEqualTo("0x3f40000");
        assertThat(j.at("/memblock/memory/0/flags").isArray()).isTrue();
        assertThat(j.at("/reservedMem/1/name").asText()).isEqualTo("rtos_dram@83f40000");
        assertThat(j.at("/reservedMem/1/storedNameBytes").asText()).startsWith("72746f735f647261");
        JsonNode l = j.at("/lookups/0");
        assertThat(l.get("consumer").asText()).isEqualTo("/c906l_rproc@0");
        assertThat(l.get("index").asInt()).isZero();
        assertThat(l.get("target").asText()).isEqualTo("/reserved-memory/rtos_dram@83f40000");
        assertThat(l.get("result").asText()).isEqualTo("null");
        assertThat(l.get("base").isNull()).isTrue();
        assertThat(j.get("log").get(0).asText()).isEqualTo("[    0.000000] earlycon: sbi0 at I/O port 0x0 (options '')");
    }

    @Test
    void builtInDriverFindsTheRegion() throws Exception {
        MainTest.Result r = MainTest.run("linux", "--dtb", duoDtb().toString(), "--config", config("y").toString(), "--json");
        JsonNode l = json(r).at("/lookups/0");
        assertThat(l.get("result").asText()).isEqualTo("found");
        assertThat(l.get("base").asText()).isEqualTo("0x83f40000");
        assertThat(l.get("size").asText()).isEqualTo("0xc0000");
    }

    @Test
    void linux61DropsRamBelowTheKernel() throws Exception {
        MainTest.Result r = MainTest.run("linux", "--dtb", duoDtb().toString(), "--profile", "linux-6.1", "--json");
        JsonNode j = json(r);
        assertThat(j.at("/memblock/memory/0/base").asText()).isEqualTo("0x80200000");
        assertThat(j.get("log").toString()).contains("OF: fdt: Ignoring memory range 0x80000000 - 0x80200000");
        assertThat(j.at("/lookups/0/result").asText()).isEqualTo("found");
    }

    @Test
    void textReportExplainsTheFailure() throws Exception {
        MainTest.Result r = MainTest.run("linux", "--dtb", duoDtb().toString(), "--config", config("m").toString());
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("-> /reserved-memory/rtos_dram@83f40000: null")
                .contains("fix: set CONFIG_CVITEK_REMOTEPROC=y");
    }

    @Test
    void badInputIsOneLineAndExitCode2() throws Exception {
        MainTest.Result missing = MainTest.run("linux", "--dtb", dir.resolve("nope.dtb").toString());
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err().strip()).startsWith("duoboot: ").contains("nope.dtb").doesNotContain("\n");
        Path junk = dir.resolve("junk.dtb");
        Files.write(junk, new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
        MainTest.Result bad = MainTest.run("linux", "--dtb", junk.toString());
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.err().strip()).contains("junk.dtb").doesNotContain("\n");
        MainTest.Result profile = MainTest.run("linux", "--dtb", duoDtb().toString(), "--profile", "linux-4.19");
        assertThat(profile.exitCode()).isEqualTo(2);
        assertThat(profile.err()).contains("unknown kernel profile 'linux-4.19'");
        MainTest.Result addr = MainTest.run("linux", "--dtb", duoDtb().toString(), "--load-addr", "zz");
        assertThat(addr.exitCode()).isEqualTo(2);
        assertThat(addr.err()).contains("--load-addr");
    }
}
