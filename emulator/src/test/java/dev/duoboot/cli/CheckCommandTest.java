package dev.duoboot.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.duoboot.firmware.FixtureImages;
import dev.duoboot.firmware.LittleCoreImage;
import dev.duoboot.sdk.FipImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code duoboot check}: exit codes, the report directory, and bad input as one line with exit 2. */
class CheckCommandTest {

    @TempDir
    Path dir;

    private static final String BOARD_DTS = """
            /dts-v1/;
            #include "cvi_board_memmap.h"
            / {
                #address-cells = <2>;
                #size-cells = <2>;
                memory@80000000 { device_type = "memory"; reg = <0x0 CVIMMAP_KERNEL_MEMORY_ADDR 0x0 CVIMMAP_KERNEL_MEMORY_SIZE>; };
                reserved-memory {
                    #address-cells = <2>;
                    #size-cells = <2>;
                    ranges;
                    c906l: rtos_dram@CVIMMAP_FREERTOS_ADDR { reg = <0x0 CVIMMAP_FREERTOS_ADDR 0x0 CVIMMAP_FREERTOS_SIZE>; no-map; };
                };
                c906l_rproc@0 {
                    compatible = "cvitek,cv18xx-c906l-rproc";
                    memory-region = <&c906l>;
                    firmware-name = "cvirtos.elf";
                };
            };
            """;

    /** A Duo256M with the SDK v2 memmap, a board DTS of its own and the given .config line. */
    private String[] explicit(String configLine, String... more) throws IOException {
        return explicitFor("check", configLine, more);
    }

    /** The same for another command ({@code boot} takes the same inputs). */
    private String[] explicitFor(String command, String configLine, String... more) throws IOException {
        Files.writeString(dir.resolve("board.dts"), BOARD_DTS);
        Files.writeString(dir.resolve("linux.config"), "CONFIG_REMOTEPROC=y\n" + configLine + "\n");
        String[] base = {command, "--board", "duo256m", "--dts", dir.resolve("board.dts").toString(), "--kernel-config",
                dir.resolve("linux.config").toString(), "--chain", "fixtures"};
        String[] all = new String[base.length + more.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return all;
    }

    /** {@code --board ID} alone describes the board's stock layout, for every board duoboot knows. */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.MethodSource("dev.duoboot.platform.PlatformTest#ids")
    void everyBoardChecksItsStockLayout(String id) {
        dev.duoboot.platform.Platform p = dev.duoboot.platform.Platforms.require(id, "test");
        MainTest.Result r = MainTest.run("check", "--board", id);
        assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("duoboot: command line (" + p.stockPreset() + ")", "board             " + p.describe(),
                "result: as expected");
    }

    @Test
    void presetThatReproducesItsFailureIsAsExpected() {
        MainTest.Result r = MainTest.run("check", "--preset", "duo256m-v2-arduino-port");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("verdict: FAILED remoteproc-failed", "result: as expected");
        assertThat(r.err()).isEmpty();
    }

    @Test
    void withoutExpectationsAFailureExitsOneAndASuccessZero() throws IOException {
        MainTest.Result failing = MainTest.run(explicit("CONFIG_CVITEK_REMOTEPROC=m"));
        assertThat(failing.exitCode()).isEqualTo(1);
        assertThat(failing.out()).contains("cvitek-rproc c906l_rproc@0: unable to acquire memory-region",
                "expected a successful boot, got remoteproc-failed");
        MainTest.Result ok = MainTest.run(explicit("CONFIG_CVITEK_REMOTEPROC=y"));
        assertThat(ok.exitCode()).isZero();
        assertThat(ok.out()).contains("remote processor c906l_rproc@0 is now up");
    }

    /** No --kernel-config: the kernel line's default .config, the same for every decision, named in the report. */
    @Test
    void withoutAConfigTheKernelLinesDefaultDecidesAndIsNamed() throws IOException {
        Files.writeString(dir.resolve("board.dts"), BOARD_DTS);
        MainTest.Result vendor = MainTest.run("check", "--board", "duo256m", "--dts", dir.resolve("board.dts").toString());
        assertThat(vendor.exitCode()).isEqualTo(1);
        assertThat(vendor.out()).contains(".config           presets/config/cvitek_default.config (no .config given: the default for "
                + "cvitek-5.10-c, the SDK's board defconfig, which has none of the remoteproc lines): CONFIG_CVITEK_REMOTEPROC is not set",
                "verdict: FAILED remoteproc-driver-missing",
                "kernel .config (no --kernel-config was given): CONFIG_CVITEK_REMOTEPROC=y", "verified: remoteproc-running");
        MainTest.Result upstream = MainTest.run("check", "--board", "duo256m", "--dts", dir.resolve("board.dts").toString(),
                "--kernel", "linux-6.12");
        assertThat(upstream.out()).contains("presets/config/upstream_default.config (no .config given: the default for linux-6.12, "
                + "arch/riscv/configs/defconfig, which has none of the remoteproc lines): CONFIG_REMOTEPROC is not set",
                "verdict: FAILED remoteproc-driver-missing");
    }

    @Test
    void explicitOptionsOverrideAPreset() {
        MainTest.Result r = MainTest.run("check", "--preset", "duo256m-v2-arduino-port", "--kernel", "linux-6.1", "--json");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.out()).contains("\"profile\" : \"linux-6.1\"", "\"id\" : \"remoteproc-running\"");
    }

    @Test
    void reportDirectoryHoldsReportsMapDtbsAndDiffs() {
        Path out = dir.resolve("report");
        MainTest.Result r = MainTest.run("check", "--preset", "duo256m-vendor-table-full", "--report-dir", out.toString());
        assertThat(r.exitCode()).isZero();
        assertThat(out.resolve("report.txt")).content().isEqualTo(r.out());
        assertThat(out.resolve("report.json")).content().contains("\"rule\" : \"TABLE_4\"");
        assertThat(out.resolve("memory-map.svg")).content().startsWith("<?xml").contains("rtos_dram");
        for (String dtb : new String[] {"board-uboot.dtb", "opensbi.dtb", "board-kernel.dtb", "kernel.dtb"}) {
            assertThat(out.resolve("dtb").resolve(dtb)).isRegularFile();
        }
        assertThat(out.resolve("dt-diff/opensbi.diff")).content().contains("+ /reserved-memory/mmode_resv0@80000000");
        assertThat(out.resolve("dt-diff/u-boot.diff")).content().contains("~ /chosen", "+ bootargs = ");
    }

    // ---- bad input (check and boot read inputs alike): one line on stderr naming the file and place, nothing on stdout, exit 2 ----

    private static void badInput(MainTest.Result r, String... lineContains) {
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err().lines().toList()).hasSize(1);
        assertThat(r.err()).startsWith("duoboot: ").contains(lineContains);
    }

    @ParameterizedTest
    @ValueSource(strings = {"check", "boot"})
    void missingFile(String command) throws IOException {
        badInput(MainTest.run(explicitFor(command, "CONFIG_CVITEK_REMOTEPROC=y", "--memmap", dir.resolve("memmap.py").toString())),
                dir.resolve("memmap.py") + ": no such file (memmap.py)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"check", "boot"})
    void dtsSyntaxError(String command) throws IOException {
        String[] args = explicitFor(command, "CONFIG_CVITEK_REMOTEPROC=y");
        Files.writeString(dir.resolve("board.dts"), BOARD_DTS.replace("ranges;", "ranges"));
        badInput(MainTest.run(args), dir.resolve("board.dts") + ":11.", "syntax error");
    }

    /** A failed memmap.py assert is no bad input but the build's own end: a verdict, its diagnosis, exit 1. */
    @ParameterizedTest
    @ValueSource(strings = {"check", "boot"})
    void memmapAssert(String command) throws IOException {
        String source = new String(dev.duoboot.sdk.MemmapPreset.DUO256M_V2.source()).replace("ION_SIZE = 75 * SIZE_1M", "ION_SIZE = 0");
        Files.writeString(dir.resolve("memmap.py"), source);
        MainTest.Result r = MainTest.run(explicitFor(command, "CONFIG_CVITEK_REMOTEPROC=y", "--memmap", dir.resolve("memmap.py").toString()));
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.out()).contains("build: stopped at memmap.py", "line 48, in MemoryMap",
                "    assert ISP_MEM_BASE_ADDR + ISP_MEM_BASE_SIZE <= ION_ADDR + ION_SIZE, \"ISP buffer must fit inside ION\"",
                "AssertionError: ISP buffer must fit inside ION", "verdict: FAILED memmap-assert-failed", "rule    MEMMAP_ASSERT",
                "ION_SIZE = 0 -> ION_SIZE = 22 * SIZE_1M");
    }

    @ParameterizedTest
    @ValueSource(strings = {"check", "boot"})
    void elfNotForRiscv(String command) throws IOException {
        byte[] elf = LittleCoreImage.linkedAt("duo256m", LittleCoreImage.Variant.CVIRTOS, 0x8fe00000L).elf();
        elf[0x12] = 62; // EM_X86_64
        Files.write(dir.resolve("fw.elf"), elf);
        badInput(MainTest.run(explicitFor(command, "CONFIG_CVITEK_REMOTEPROC=y", "--firmware", dir.resolve("fw.elf").toString())),
                dir.resolve("fw.elf") + ": offset 0x12: e_machine is 62, expected 243 (RISC-V)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"check", "boot"})
    void fipChecksum(String command) throws IOException {
        byte[] fip = FipImage.builder().bl2(FixtureImages.fsbl("cv181x")).ddrParam(new byte[0x2000])
                .monitor(new byte[0x400], 0x80000000L).build();
        int monitorAt = (int) FipImage.parse("fip.bin", fip).body("MONITOR").orElseThrow().offset();
        fip[monitorAt] ^= 1;
        Files.write(dir.resolve("fip.bin"), fip);
        badInput(MainTest.run(explicitFor(command, "CONFIG_CVITEK_REMOTEPROC=y", "--fip", dir.resolve("fip.bin").toString())),
                dir.resolve("fip.bin") + ": MONITOR", "checksum: stored 0x");
    }

    @ParameterizedTest
    @ValueSource(strings = {"check", "boot"})
    void unknownKernelProfile(String command) {
        badInput(MainTest.run(command, "--preset", "duo256m-v2-default", "--kernel", "linux-4.19"),
                "--kernel: unknown kernel profile 'linux-4.19', expected one of cvitek-5.10-a");
    }

    @ParameterizedTest
    @ValueSource(strings = {"check", "boot"})
    void unknownPresetAndUnknownOption(String command) {
        badInput(MainTest.run(command, "--preset", "duo512"), "--preset: unknown preset 'duo512', expected one of duo-v1-arduino, ");
        badInput(MainTest.run(command, "--kernal", "mainline"), "Unknown option: '--kernal'");
    }
}
