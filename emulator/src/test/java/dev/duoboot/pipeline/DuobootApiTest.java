package dev.duoboot.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.duoboot.Duoboot;
import dev.duoboot.EmulationException;
import dev.duoboot.analysis.BootReport;
import dev.duoboot.analysis.Diagnosis;
import dev.duoboot.analysis.FixCheck;
import dev.duoboot.boot.BootChain;
import dev.duoboot.boot.StageId;
import dev.duoboot.boot.StageRecord;
import dev.duoboot.boot.Verdict;
import dev.duoboot.scenario.ScenarioEdit;
import dev.duoboot.soc.RunLimits;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The API a user's own test suite calls. */
class DuobootApiTest {

    @TempDir
    Path dir;

    @Test
    void aPresetWithAnOverrideFromTheUsersFiles() throws IOException {
        Path config = dir.resolve("my.config");
        Files.writeString(config, "CONFIG_REMOTEPROC=y\nCONFIG_CVITEK_REMOTEPROC=y\n");
        BootReport r = Duoboot.preset("duo256m-v2-arduino-port").kernelConfig(config)
                .expectVerdict("remoteproc-running").expectLog("is now up").expectNoLog("Boot failed").check();
        r.assertAsExpected();
        assertThat(r.verdict()).isEqualTo(new Verdict.RemoteprocRunning("c906l_rproc@0", 0x8fe00000L));
        assertThat(r.log()).anyMatch(l -> l.endsWith("remoteproc remoteproc0: remote processor c906l_rproc@0 is now up"));
        assertThat(r.regions()).anyMatch(x -> x.label().equals("carve-out rtos_dram") && x.base() == 0x8fe00000L);
    }

    @Test
    void aScenarioFileFromDisk() throws IOException {
        Path yaml = dir.resolve("layout.yaml");
        Files.writeString(yaml, """
                board: duo256m
                kernel: mainline
                dts: board.dts
                expect:
                  verdict: no-remoteproc
                """);
        Files.writeString(dir.resolve("board.dts"), """
                /dts-v1/;
                #include "cvi_board_memmap.h"
                / { #address-cells = <2>; #size-cells = <2>;
                    memory@80000000 { device_type = "memory"; reg = <0 CVIMMAP_DRAM_BASE 0 CVIMMAP_DRAM_SIZE>; }; };
                """);
        BootReport r = Duoboot.scenario(yaml).check();
        assertThat(r.asExpected()).isTrue();
        assertThat(r.kernel().orElseThrow().memory()).isNotEmpty();
    }

    @Test
    void unmetExpectationsFailWithTheReason() {
        BootReport r = Duoboot.preset("duo256m-v2-arduino-port").expectVerdict("remoteproc-running").check();
        assertThat(r.exitCode()).isEqualTo(1);
        assertThatThrownBy(r::assertAsExpected).isInstanceOf(AssertionError.class)
                .hasMessageContaining("expected verdict remoteproc-running, got remoteproc-failed");
    }

    @Test
    void editsInTheUsersTerms() {
        BootReport r = Duoboot.preset("duo256m-v2-arduino-port")
                .edit(new ScenarioEdit.RenameNode("/reserved-memory/rtos_dram@0x8fe00000", "c906l"))
                .expectVerdict("remoteproc-running").check();
        r.assertAsExpected();
        assertThat(r.inputs().edits()).containsExactly(new ScenarioEdit.RenameNode("/reserved-memory/rtos_dram@0x8fe00000", "c906l"));
    }

    @Test
    void anEmulatedBootProvesTheLittleCoreRuns() {
        BootReport r = Duoboot.preset("duo256m-v2-arduino-builtin").chain("fixtures").run();
        r.assertAsExpected();
        assertThat(r.chain()).isEqualTo(BootChain.Kind.EMULATED);
        assertThat(r.verdict()).isEqualTo(new Verdict.RemoteprocRunning("c906l_rproc@0", 0x8fe00000L));
        assertThat(r.log()).anyMatch(l -> l.contains("C906B: cmd.param_ptr = 0x4"));
        assertThat(r.stages()).extracting(StageRecord::stage).contains(StageId.FSBL, StageId.OPENSBI, StageId.UBOOT);
    }

    @Test
    void fixesCanBeProvedByBootingEachOne() {
        BootReport r = Duoboot.preset("duo256m-v2-arduino-port").chain("fixtures")
                .run(Pipeline.BOOT_LIMITS, FixCheck.EMULATED_BOOT);
        Diagnosis d = r.diagnosis().orElseThrow();
        assertThat(d.fixesCheckedWith()).contains(FixCheck.EMULATED_BOOT);
        assertThat(d.fixes()).isNotEmpty().allMatch(Diagnosis.Fix::verified);
        assertThat(d.fixes()).extracting(f -> f.result().orElseThrow())
                .allMatch(v -> v instanceof Verdict.RemoteprocRunning);
        assertThat(Duoboot.preset("duo256m-v2-arduino-port").chain("fixtures").run().diagnosis().orElseThrow()
                .fixesCheckedWith()).as("by default").contains(FixCheck.STATIC_CHAIN);
    }

    @Test
    void anEmulatedBootThatRunsOutOfBudgetIsAnEmulationError() {
        RunLimits tiny = RunLimits.defaults().withMaxInstructions(10_000);
        assertThatThrownBy(() -> Duoboot.preset("duo256m-v2-default").chain("fixtures").run(tiny))
                .isInstanceOf(EmulationException.class).hasMessageContaining("instruction");
    }
}
