package dev.duoboot.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code duoboot boot}: the exit codes 0, 1 and 3 and what the report directory holds (bad input: CheckCommandTest). */
class BootCommandTest {

    @TempDir
    Path dir;

    @Test
    void thePresetReproducesTheForumFailureAsExpectedAndWritesTheReportDirectory() {
        Path out = dir.resolve("report");
        MainTest.Result r = MainTest.run("boot", "--preset", "duo256m-v2-arduino-port", "--chain", "fixtures",
                "--report-dir", out.toString());
        assertThat(r.exitCode()).isZero();
        assertThat(r.err()).isEmpty();
        assertThat(r.out()).contains("console: hart 0",
                "cvitek-rproc c906l_rproc@0: unable to acquire memory-region",
                "remoteproc remoteproc0: Boot failed: -22", "result: as expected");
        assertThat(out.resolve("report.txt")).content().isEqualTo(r.out());
        assertThat(out.resolve("report.json")).content().contains("\"rule\" : \"NAME_COPY_8_UNLESS_REMOTEPROC_BUILTIN\"");
        assertThat(out.resolve("memory-map.svg")).content().startsWith("<?xml").contains("rtos_dram");
        assertThat(out.resolve("dtb/kernel.dtb")).isRegularFile();
        assertThat(out.resolve("dt-diff/u-boot.diff")).content().contains("~ /chosen");
    }

    @Test
    void aBootThatDoesNotDoWhatThePresetExpectsExitsOne() {
        // linux-6.1 keeps a pointer to the full node name: the little core starts, unlike the preset's expectation
        MainTest.Result r = MainTest.run("boot", "--preset", "duo256m-v2-arduino-port", "--chain", "fixtures", "--kernel", "linux-6.1");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.out()).contains("remote processor c906l_rproc@0 is now up", "expected verdict remoteproc-failed, got remoteproc-running");
    }

    @Test
    void theFixFromTheDiagnosisBootsTheLittleCore() throws java.io.IOException {
        Path config = dir.resolve("fixed.config");
        java.nio.file.Files.writeString(config, "CONFIG_REMOTEPROC=y\nCONFIG_CVITEK_REMOTEPROC=y\n");
        MainTest.Result r = MainTest.run("boot", "--preset", "duo256m-v2-arduino-port", "--chain", "fixtures",
                "--kernel-config", config.toString(), "--expect", "success");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("remote processor c906l_rproc@0 is now up", "C906B: cmd.param_ptr = 0x4",
                "verdict: ok remoteproc-running").doesNotContain("Boot failed");
        MainTest.Result bad = MainTest.run("boot", "--preset", "duo256m-v2-arduino-port", "--expect", "works");
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.err()).startsWith("duoboot: --expect: unknown verdict 'works', expected success or one of remoteproc-running");
    }

    @Test
    void fixesCanBeTriedByBootingThemAgain() {
        // the vendor-table preset has one fix that works and one that does not: both kinds of result
        String[] args = {"boot", "--preset", "duo256m-vendor-table-full", "--chain", "fixtures"};
        MainTest.Result statically = MainTest.run(args);
        MainTest.Result booted = MainTest.run(concat(args, "--recheck-fixes", "boot", "--json"));
        MainTest.Result bootedText = MainTest.run(concat(args, "--recheck-fixes", "boot"));
        assertThat(booted.exitCode()).as(booted.err()).isZero();
        assertThat(bootedText.out())
                .contains("fixes (each applied to a copy of this scenario and booted again on the emulated SoC):")
                .contains("does not fix it: remoteproc-failed", "verified: remoteproc-running");
        assertThat(statically.out()).contains("fixes (each applied to a copy of this scenario and re-checked with the static chain):");
        assertThat(fixLines(bootedText.out())).as("the same results either way on these inputs")
                .isEqualTo(fixLines(statically.out())).isNotEmpty();
        assertThat(booted.out()).contains("\"fixesCheckedWith\" : \"emulated-boot\"");
        MainTest.Result bad = MainTest.run(concat(args, "--recheck-fixes", "qemu"));
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.err()).isEqualTo("duoboot: --recheck-fixes: expected static or boot, got 'qemu'\n");
    }

    private static String[] concat(String[] a, String... b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /** The numbered fixes and their results, without the header saying how they were tried. */
    private static java.util.List<String> fixLines(String report) {
        return report.lines().dropWhile(l -> !l.startsWith("  fixes (")).skip(1)
                .takeWhile(l -> l.startsWith("    ")).toList();
    }

    @Test
    void aRunawayBootEndsWithOneLineAndExitThree() {
        MainTest.Result r = MainTest.run("boot", "--preset", "duo256m-v2-default", "--chain", "fixtures", "--max-instructions", "10000");
        assertThat(r.exitCode()).isEqualTo(3);
        assertThat(r.out()).isEmpty();
        assertThat(r.err().lines().toList()).hasSize(1);
        assertThat(r.err()).startsWith("duoboot: ").contains("instruction");
        MainTest.Result bad = MainTest.run("boot", "--preset", "duo256m-v2-default", "--max-virtual-time", "0");
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.err()).startsWith("duoboot: --max-instructions and --max-virtual-time: expected positive numbers");
    }
}
