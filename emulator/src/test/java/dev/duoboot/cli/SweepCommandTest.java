package dev.duoboot.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SweepCommandTest {

    @TempDir
    Path dir;

    @Test
    void everyCellBootsSoExitZero() {
        MainTest.Result r = MainTest.run("sweep", "--preset", "duo256m-v2-arduino-builtin", "--vary", "FREERTOS_SIZE=0x200000,0x400000",
                "--jobs", "2");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("2 booted, 0 failed, 0 bad input");
        assertThat(r.err()).isEmpty(); // no progress bar when stderr is not a terminal
    }

    @Test
    void aFailingCellExitsOneAndTheJsonAndReportsSayWhy() {
        MainTest.Result r = MainTest.run("sweep", "--preset", "duo256m-v2-arduino-port", "--vary", "FREERTOS_SIZE=0x200000",
                "--kernel", "cvitek-5.10-c,mainline", "--json", "--report-dir", dir.toString());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.out()).contains("\"name\" : \"kernel\"", "\"rule\" : \"NAME_COPY_8_UNLESS_REMOTEPROC_BUILTIN\"",
                "\"booted\" : 1");
        assertThat(dir.resolve("sweep.txt")).content().contains("1 booted, 1 failed");
        assertThat(dir.resolve("cell-1/report.txt")).content().contains("diagnosis");
        assertThat(dir.resolve("cell-2/memory-map.svg")).isRegularFile();
    }

    @Test
    void bootedCellsRunTheEmulatedChainAndKeepTheirConsoles() {
        MainTest.Result r = MainTest.run("sweep", "--boot", "--chain", "fixtures", "--preset", "duo256m-v2-arduino-port",
                "--vary", "FREERTOS_SIZE=0x200000", "--kernel", "cvitek-5.10-c,mainline", "--jobs", "2", "--report-dir", dir.toString());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.out()).contains("each booted on the emulated SoC", "1 booted, 1 failed, 0 bad input\n",
                "rule    NAME_COPY_8_UNLESS_REMOTEPROC_BUILTIN");
        assertThat(dir.resolve("cell-1/report.txt")).content().contains("console: hart 0", "Boot failed: -22");
        // mainline has no /dev/cvi-rtos-cmdqu; the little core's console shows it runs the firmware
        assertThat(dir.resolve("cell-2/report.txt")).content().contains("console: hart 1", "duoboot little-core image",
                "open failed! fd = -1");
    }

    @Test
    void badSweepInputIsOneLine() {
        MainTest.Result r = MainTest.run("sweep", "--preset", "duo256m-v2-default", "--vary", "FREERTOS_SZE=1");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("duoboot: sdk/memmap/duo256m_v2.py: class MemoryMap has no line assigning FREERTOS_SZE\n");
        MainTest.Result k = MainTest.run("sweep", "--preset", "duo256m-v2-default", "--vary", "ION_SIZE=0", "--kernel", "a,mainline");
        assertThat(k.exitCode()).isEqualTo(2);
        assertThat(k.err()).startsWith("duoboot: --kernel: unknown kernel profile 'a'");
    }
}
