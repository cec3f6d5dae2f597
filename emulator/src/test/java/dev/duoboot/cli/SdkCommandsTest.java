package dev.duoboot.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.duoboot.sdk.FipImage;
import dev.duoboot.sdk.FsblConfig;
import dev.duoboot.sdk.MemmapPreset;
import dev.duoboot.sdk.MmapConv;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The memmap, fip, fit and elf commands through Main.run, as a user or a CI job calls them. */
class SdkCommandsTest {

    @TempDir
    Path dir;

    static MainTest.Result run(String... args) {
        return MainTest.run(args);
    }

    static JsonNode json(MainTest.Result r) throws IOException {
        return new ObjectMapper().readTree(r.out());
    }

    Path fixture(String path) throws IOException {
        Path f = dir.resolve(path.replace('/', '_'));
        try (InputStream in = SdkCommandsTest.class.getResourceAsStream("/dev/duoboot/fixtures/" + path)) {
            Files.write(f, in.readAllBytes());
        }
        return f;
    }

    Path file(String name, byte[] content) throws IOException {
        Path f = dir.resolve(name);
        Files.write(f, content);
        return f;
    }

    static void assertOneLineError(MainTest.Result r, String expected) {
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err().lines().toList()).containsExactly("duoboot: " + expected);
    }

    @Test
    void memmapPrintsTheGeneratedFileExactly() throws IOException {
        Path memmap = file("memmap.py", MemmapPreset.DUO256M_V2.source().getBytes());
        MainTest.Result h = run("memmap", memmap.toString());
        assertThat(h.exitCode()).isZero();
        assertThat(h.out()).isEqualTo(MmapConv.header(MemmapPreset.DUO256M_V2.memoryMap()));
        MainTest.Result conf = run("memmap", memmap.toString(), "--format", "conf");
        assertThat(conf.out()).startsWith("CONFIG_SYS_TEXT_BASE=0x80200000\nCVIMMAP_ATF_SIZE=0x80000\n")
                .endsWith("CVIMMAP_UIMAG_SIZE=0x1000000");
        MainTest.Result ld = run("memmap", "--preset", "duo_v1", "--format", "ld");
        assertThat(ld.out()).contains("CVIMMAP_ION_SIZE = 0x1acd000;\n");
        MainTest.Result table = run("memmap", "--preset", "duo_v1_arduino", "--format", "table");
        assertThat(table.out()).containsPattern("CVIMMAP_FREERTOS_ADDR +0x83f40000 +offset 63.25MiB +DRAM");
    }

    @Test
    void memmapJsonKeepsItsKeyOrder() throws IOException {
        JsonNode j = json(run("memmap", "--preset", "duo256m_v2", "--json"));
        List<String> keys = new ArrayList<>();
        j.get("entries").get(0).fieldNames().forEachRemaining(keys::add);
        assertThat(keys).containsExactly("name", "value", "hex", "size", "region");
        assertThat(j.at("/entries/0/name").asText()).isEqualTo("CONFIG_SYS_TEXT_BASE");
        assertThat(j.at("/entries/0/value").asLong()).isEqualTo(0x80200000L);
    }

    @Test
    void memmapBadInputIsOneLineAndExit2() throws IOException {
        Path bad = file("bad.py", """
                SIZE_1M = 0x100000
                class MemoryMap:
                    ION_ADDR = 0x82000000
                    UIMAG_ADDR = 0x81400000
                    UIMAG_SIZE = 16 * SIZE_1M
                    assert UIMAG_ADDR + UIMAG_SIZE <= ION_ADDR
                """.getBytes());
        assertOneLineError(run("memmap", bad.toString()), bad + ":6: assertion failed: UIMAG_ADDR + UIMAG_SIZE <= ION_ADDR"
                + " (UIMAG_ADDR = 0x81400000, UIMAG_SIZE = 0x1000000, ION_ADDR = 0x82000000)");
        Path imports = file("imp.py", "import os\n".getBytes());
        assertThat(run("memmap", imports.toString()).err()).startsWith("duoboot: " + imports + ":1: 'import'");
        assertOneLineError(run("memmap"), "memmap: give a memmap.py FILE or --preset NAME");
        assertThat(run("memmap", "--preset", "duo_v1", "--format", "xml").exitCode()).isEqualTo(2);
    }

    @Test
    void fipPackThenInfoHasEveryChecksumValid() throws IOException {
        Path fip = dir.resolve("fip.bin");
        MainTest.Result pack = run("fip", "pack", "--preset", "duo_v2", "--bl2", fixture("fsbl/cv180x/fsbl.bin").toString(),
                "--blcp-2nd", fixture("littlecore/duo/cvirtos.bin").toString(),
                "--monitor", file("fw_dynamic.bin", new byte[5000]).toString(),
                "--loader-2nd", file("u-boot.bin", new byte[20000]).toString(), "-o", fip.toString());
        assertThat(pack.exitCode()).as(pack.err()).isZero();
        assertThat(pack.out()).contains("checksums: 7 of 7 hold", "run addresses: inside DRAM of duo_v2.py",
                "BLCP_2ND   at 0x00003c00", "runaddr 0x83f40000", "MAGIC      \"B3MA\" (LZMA body)",
                "RUNADDR    0x80200000 (FSBL enters at 0x80200020)");
        byte[] bytes = Files.readAllBytes(fip);
        FipImage parsed = FipImage.parse("fip.bin", bytes);
        // the FSBL fixture carries duo_v2's DRAM and OPENSBI_FDT_ADDR now
        assertThat(FsblConfig.readFrom(parsed.bodyBytes(parsed.body("BL2").orElseThrow())))
                .contains(new FsblConfig(0x80000000L, 0x4000000L, 0x80040000L, FsblConfig.UART0_BASE));

        JsonNode j = json(run("fip", "info", fip.toString(), "--json"));
        assertThat(j.get("checks")).hasSize(7).allMatch(c -> c.get("valid").asBoolean());
        assertThat(j.at("/param2/BLCP_2ND_RUNADDR/value").asText()).isEqualTo("0x83f40000");
        assertThat(j.at("/loader2ndHeader/magic").asText()).isEqualTo("B3MA");
    }

    @Test
    void fipInfoExitsOneWhenAChecksumFailsAndTwoForAnotherFile() throws IOException {
        Path fip = dir.resolve("fip.bin");
        run("fip", "pack", "--bl2", file("bl2.bin", new byte[3000]).toString(), "--monitor",
                file("m.bin", new byte[700]).toString(), "--monitor-runaddr", "0x80000000", "-o", fip.toString());
        byte[] bytes = Files.readAllBytes(fip);
        bytes[bytes.length - 1] ^= 1; // inside MONITOR's padding
        Path bad = file("bad.bin", bytes);
        MainTest.Result r = run("fip", "info", bad.toString());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.out()).contains("checksums: 4 of 5 hold", "MONITOR CKSUM: stored 0x");
        assertThat(run("fip", "info", "--preset", "duo_v1", fip.toString()).out())
                .contains("run addresses: inside DRAM of duo_v1.py");
        assertOneLineError(run("fip", "info", file("x.bin", new byte[10]).toString()),
                dir.resolve("x.bin") + ": the file is 10 bytes, shorter than param1 (0x1000 bytes)");
        assertOneLineError(run("fip", "pack", "--bl2", file("b.bin", new byte[4]).toString(), "--blcp-2nd",
                file("r.bin", new byte[4]).toString(), "-o", dir.resolve("o.bin").toString()),
                "--blcp-2nd-runaddr: needed (or --memmap/--preset to take FSBL_C906L_START_ADDR from)");
    }

    @Test
    void fitPackThenInfo() throws IOException {
        Path dtb = file("board.dtb", resource("/dev/duoboot/sdk/fit/board.dtb"));
        Path kernel = file("Image", new byte[50_000]);
        Path out = dir.resolve("boot.sd");
        MainTest.Result pack = run("fit", "pack", "--kernel", kernel.toString(), "--kernel-compression", "lzma",
                "--dtb", dtb.toString(), "--board", "sg2002_milkv_duo256m_musl_riscv64_sd", "--timestamp", "1700000000",
                "-o", out.toString());
        assertThat(pack.exitCode()).as(pack.err()).isZero();
        assertThat(pack.out()).contains("Image 1 (fdt-sg2002_milkv_duo256m_musl_riscv64_sd)",
                "Configuration 0 (config-sg2002_milkv_duo256m_musl_riscv64_sd)", "Compression:  lzma", "hashes: 2 of 2 hold");
        JsonNode j = json(run("fit", "info", out.toString(), "--json"));
        assertThat(j.get("timestamp").asLong()).isEqualTo(1700000000L);
        assertThat(j.at("/images/0/hashes/0/valid").asBoolean()).isTrue();
        byte[] bytes = Files.readAllBytes(out);
        byte[] data = dev.duoboot.sdk.FitImage.parse("boot.sd", bytes).image("kernel-1").orElseThrow().data();
        bytes[indexOf(bytes, data) + data.length / 2] ^= 1;
        MainTest.Result bad = run("fit", "info", file("bad.sd", bytes).toString());
        assertThat(bad.exitCode()).isEqualTo(1);
        assertThat(bad.out()).contains("BAD (computed", "hashes: 1 of 2 hold");
        MainTest.Result notFit = run("fit", "info", dtb.toString());
        assertOneLineError(notFit, dtb + ": not a FIT image: the device tree has no /images node");
    }

    @Test
    void elfShowsSegmentsAndTheResourceTableChecks() throws IOException {
        Path elf = fixture("littlecore/duo256m/arduino.elf");
        MainTest.Result r = run("elf", elf.toString());
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("ELF64 little-endian", "(RISC-V), entry 0x8fe00000",
                "LOAD             0x00001000 0x000000008fe00000 0x000000008fe00000",
                "[0] offset 20: carveout \"text\" da 0x8fe00000 pa 0x8fe00000 len 0x200000 flags 0x0  -- ok");
        JsonNode j = json(run("elf", fixture("littlecore/duo256m/vdev.elf").toString(), "--json", "--symbols"));
        assertThat(j.at("/resourceTable/status").asText()).isEqualTo("found");
        assertThat(j.at("/resourceTable/entries/1/resource/kind").asText()).isEqualTo("vdev");
        assertThat(j.at("/resourceTable/entries/1/resource/vrings")).hasSize(2);
        assertThat(j.get("symbols").size()).isGreaterThan(0);
        assertThat(run("elf", fixture("littlecore/duo256m/cvirtos.elf").toString()).out())
                .contains("resource table: none (no .resource_table section).");
        Path junk = file("junk.elf", new byte[] {1, 2, 3});
        assertOneLineError(run("elf", junk.toString()),
                junk + ": offset 0x0: e_ident: not an ELF file: expected magic 7f 45 4c 46, found 01 02 03");
    }

    static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int k = 0; k < needle.length; k++) {
                if (hay[i + k] != needle[k]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("not found");
    }

    static byte[] resource(String path) throws IOException {
        try (InputStream in = SdkCommandsTest.class.getResourceAsStream(path)) {
            return in.readAllBytes();
        }
    }
}
