package dev.duoboot.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code duoboot run} end to end, on real firmware where Debian's packages are installed. */
class RunCommandTest {

    static final String OPENSBI = "/usr/lib/riscv64-linux-gnu/opensbi/generic/fw_dynamic.bin";
    static final String UBOOT = "/usr/lib/u-boot/qemu-riscv64_smode/u-boot.bin";
    static final String TWOHART = "../firmware-fixtures/prebuilt/twohart/twohart.bin";

    static String[] uboot(String board, String input) {
        return new String[] {"run", "--board", board, "--load", OPENSBI + "@0x80000000", "--load", UBOOT + "@0x80200000",
            "--dtb", "board@0x80080000", "--fw-dynamic", "0x80200000", "--entry", "0x80000000",
            "--console-input", input, "--until", "=> $", "--max-virtual-time", "10"};
    }

    @ParameterizedTest
    @CsvSource({"duo256m, 0x10000000", "duo, 0x04000000"})
    void openSbiAndUBootReachThePromptAndRunScriptedCommands(String board, String dramSize) {
        assumeTrue(Files.exists(Path.of(OPENSBI)) && Files.exists(Path.of(UBOOT)),
                "Debian packages opensbi and u-boot-qemu are not installed: real-firmware test skipped");
        MainTest.Result r = MainTest.run(uboot(board, "bdinfo\\nfdt addr $fdtcontroladdr\\nfdt print /memory\\n"));
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out())
                .contains("OpenSBI v1.1")
                .contains("Platform Console Device   : uart8250")
                .contains("U-Boot 2023.01")
                .contains("=> bdinfo")
                .contains("-> size     = 0x00000000" + dramSize.substring(2))
                .contains("=> fdt addr $fdtcontroladdr")
                .contains("=> fdt print /memory\r\nmemory@80000000 {")
                .contains("reg = <0x00000000 0x80000000 0x00000000 " + dramSize + ">;");
        String summary = r.out().lines().reduce((a, b) -> b).orElseThrow();
        assertThat(summary).startsWith("matched '=> ' at 2.0");
    }

    @Test
    void untilPromptStopsAtThePromptAfterTheLastInput() {
        assumeTrue(Files.exists(Path.of(OPENSBI)) && Files.exists(Path.of(UBOOT)),
                "Debian packages opensbi and u-boot-qemu are not installed: real-firmware test skipped");
        String[] args = uboot("duo256m", "version\\n");
        java.util.List<String> a = new java.util.ArrayList<>(java.util.List.of(args));
        int at = a.indexOf("--until");
        a.remove(at + 1);
        a.set(at, "--until-prompt");
        MainTest.Result r = MainTest.run(a.toArray(String[]::new));
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("=> version\r\nU-Boot 2023.01");
        assertThat(r.out().lines().reduce((x, y) -> y).orElseThrow()).startsWith("matched '=> ' at 2.0");
    }

    @Test
    void twoHartFixtureReleasesTheC906LAndBothPrint() {
        MainTest.Result r = MainTest.run("run", "--board", "duo256m", "--load", TWOHART + "@0x80000000", "--entry", "0x80000000",
                "--until", "answered 0x[0-9a-f]{16}");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("""
                hart 0: C906B up, releasing the C906L\r
                hart 1: C906L running from DRAM written by hart 0\r
                hart 0: hart 1 answered 0x00000000c906c906\r
                matched 'answered 0x00000000c906c906' at 0.000111""");
    }

    @Test
    void sameInputsGiveByteIdenticalOutputAndTrace(@org.junit.jupiter.api.io.TempDir Path tmp) throws Exception {
        String[] args = {"run", "--board", "duo", "--load", TWOHART + "@0x80000000", "--entry", "0x80000000",
            "--max-virtual-time", "0.01", "--trace", tmp.resolve("a").toString()};
        MainTest.Result a = MainTest.run(args);
        args[args.length - 1] = tmp.resolve("b").toString();
        MainTest.Result b = MainTest.run(args);
        assertThat(a.exitCode()).isZero();
        assertThat(b.out()).isEqualTo(a.out());
        assertThat(Files.readAllLines(tmp.resolve("b"))).isEqualTo(Files.readAllLines(tmp.resolve("a")))
                .contains("C906L released at 0x80100000 by hart 0 (SEC_SYS enable bit set)");
    }

    @Test
    void aPatternThatNeverAppearsEndsAtTheTimeLimitWithExit1() {
        MainTest.Result r = MainTest.run("run", "--board", "duo", "--load", TWOHART + "@0x80000000", "--entry", "0x80000000",
                "--until", "never printed", "--max-virtual-time", "0.01");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.out()).contains("all harts idle: hart 0 in wfi at 0x");
    }

    @Test
    void aRunawayHitsTheBudgetWithExit3() throws Exception {
        Path spin = Files.createTempFile("spin", ".bin");
        Files.write(spin, new byte[] {0x6f, 0x00, 0x00, 0x00}); // j .
        MainTest.Result r = MainTest.run("run", "--board", "duo", "--load", spin + "@0x80000000", "--entry", "0x80000000",
                "--max-instructions", "1000000");
        assertThat(r.exitCode()).isEqualTo(3);
        assertThat(r.err()).startsWith("duoboot: instruction budget exhausted: 1000000 instructions executed at 0.001000000 s virtual")
                .contains("hart 0: pc 0x80000000");
        assertThat(r.err().lines()).hasSize(1);
    }

    /** The fixture chain's fip.bin for the Duo256M's stock layout. */
    static Path fixtureFip(Path dir) throws Exception {
        dev.duoboot.sdk.MemoryMap map = dev.duoboot.sdk.MemmapPreset.DUO256M_V2.memoryMap();
        byte[] dtb = dev.duoboot.fdt.Dtb.write(new dev.duoboot.fdt.DeviceTree());
        Path fip = dir.resolve("fip.bin");
        Files.write(fip, dev.duoboot.firmware.BootImages.build(dev.duoboot.platform.Platforms.require("duo256m", "test"), map,
                dev.duoboot.firmware.Chain.FIXTURES, dtb, dtb, java.util.Optional.empty(), "console=ttyS0").fip());
        return fip;
    }

    @Test
    void withAnSdCardTheMaskRomModelColdBootsItsFsbl(@org.junit.jupiter.api.io.TempDir Path tmp) throws Exception {
        MainTest.Result r = MainTest.run("run", "--board", "duo256m", "--sd", fixtureFip(tmp).toString(), "--until",
                "Jump to monitor at 0x[0-9a-f]+");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("BS/SD.PS.SD/0x0/0x1000/0x1000/0.PE.BS.SD.\n\nFSBL duoboot-fixture:cv181x\n"
                + "st_on_reason=0\nst_off_reason=0\n").contains("DDR init.\nDDR BIST PASS\n", "Jump to monitor at 0x80000000.");
    }

    @Test
    void withRomABl2StartedByHandCallsTheRomApi() throws Exception {
        // FSBL at its entry without a cold boot: no param1, an empty card; the ROM API answers, the loads fail
        MainTest.Result r = MainTest.run("run", "--board", "duo256m", "--load",
                "../firmware-fixtures/prebuilt/fsbl/cv181x/fsbl.bin@0x0c000000", "--entry", "0x0c000020", "--rom", "--until",
                "FSBL panic");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("SD/0x0/0x1000/0x0/0.\n", " W:DL cancelled. Load flash. (1).", "NOR/0x0/0x1000/0x0/7.",
                " E:Failed to load DDR param (8).");
        MainTest.Result without = MainTest.run("run", "--board", "duo256m", "--load",
                "../firmware-fixtures/prebuilt/fsbl/cv181x/fsbl.bin@0x0c000000", "--entry", "0x0c000020", "--max-instructions",
                "1000000");
        // without the ROM model its first ROM call (get_number_of_retries, ROM_BASE + 0xC0) is no code
        assertThat(without.out()).contains(" E:FSBL trap mcause=0x2 mepc=0x44180c0 mtval=0x0");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "--board duo --rom | duoboot: --rom: a cold boot through the mask ROM model reads fip.bin from the SD card; give --sd FIP",
        "--board duo | duoboot: --entry: missing (or give --rom/--sd for a cold boot through the mask ROM model)",
        "--board duo --sd nothere.bin | duoboot: --sd nothere.bin: cannot read it (no such file)",
        "--board duo --sd pom.xml | duoboot: --sd pom.xml: the mask ROM model refuses it: fip.bin offset 0x0: param1 magic is 0x",
        "--board duo512 --entry 0x80000000 | duoboot: --board: unknown board 'duo512', expected one of duo, ",
        "--board duo --load nothere.bin@0x80000000 --entry 0x80000000 | duoboot: --load nothere.bin@0x80000000: cannot read nothere.bin (no such file)",
        "--board duo --load pom.xml@0x9000 --entry 0x80000000 | duoboot: --load pom.xml@0x9000: 0x9000..",
        "--board duo --load pom.xml@0x8zz --entry 0x80000000 | duoboot: --load pom.xml@0x8zz: '0x8zz' is not an address (expected e.g. 0x80000000)",
        "--board duo --load pom.xml --entry 0x80000000 | duoboot: --load pom.xml: expected FILE@ADDR, e.g. fw_dynamic.bin@0x80000000",
        "--board duo --load pom.xml@0x80000000 --load pom.xml@0x80000010 --entry 0x80000000 | duoboot: pom.xml at 0x80000010..",
        "--board duo --load pom.xml@0x80000000 --entry 0x80000000 --until ( | duoboot: --until: '(' is not a regular expression",
        "--board duo --load pom.xml@0x80000000 --entry 0x80000000 --fw-dynamic 0x80200000 | duoboot: --fw-dynamic: needs --dtb or --fw-dynamic-info",
        "--board duo --load pom.xml@0x80000000 --entry 0x80000000 --max-virtual-time soon | duoboot: --max-virtual-time: 'soon' is not a number of seconds",
    })
    void badInputIsOneLineNamingTheOptionWithExit2(String args, String message) {
        MainTest.Result r = MainTest.run(("run " + args).split(" "));
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).startsWith(message);
        assertThat(r.err().lines()).hasSize(1);
        assertThat(r.out()).isEmpty();
    }
}
