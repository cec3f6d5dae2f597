package dev.duoboot.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.duoboot.boot.BuildRule;
import dev.duoboot.boot.Verdict;
import dev.duoboot.fdt.SourceFiles;
import dev.duoboot.pipeline.Pipeline;
import dev.duoboot.scenario.Preset;
import dev.duoboot.scenario.Scenario;
import dev.duoboot.scenario.ScenarioEdit;
import dev.duoboot.scenario.VerdictKind;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A memmap.py whose assert fails stops the SDK's build (milkv-duo/duo-buildroot-sdk#78): the
 * report says so in the build's words, names the constants the assert ties, and proposes the
 * values at which memmap.py's own asserts hold, each re-checked by building and booting again.
 */
class MemmapAssertDiagnosisTest {

    @Test
    void ionZeroOnTheDuo256mStopsTheBuildAndBothFixesBoot() {
        BootReport r = Pipeline.check(Preset.named("duo256m-v1-ion-zero").scenario());
        assertThat(r.verdict().kind()).isEqualTo(VerdictKind.MEMMAP_ASSERT_FAILED);
        assertThat(r.stages()).isEmpty();
        assertThat(((Verdict.MemmapAssertFailed) r.verdict()).buildOutput()).contains(
                "    assert ISP_MEM_BASE_ADDR + ISP_MEM_BASE_SIZE <= ION_ADDR + ION_SIZE", "AssertionError");
        Diagnosis d = r.diagnosis().orElseThrow();
        assertThat(d.rule()).isEqualTo(BuildRule.MEMMAP_ASSERT);
        assertThat(d.summary()).contains("H26X_BITSTREAM_SIZE (2 MiB) + ISP_MEM_BASE_SIZE (20 MiB)");
        assertThat(d.kernelSource()).startsWith("presets/duo256m-v1-ion-zero/memmap.py:51 (class MemoryMap)");
        // Milk-V's answer in #139, and the least ION that passes (22 MiB, facts section 2.1)
        assertThat(d.fixes()).extracting(f -> f.edit().orElseThrow()).containsExactly(
                new ScenarioEdit.Together(List.of(new ScenarioEdit.MemmapAssign("H26X_BITSTREAM_SIZE", "0 * SIZE_1M"),
                        new ScenarioEdit.MemmapAssign("ISP_MEM_BASE_SIZE", "0 * SIZE_1M"))),
                new ScenarioEdit.MemmapAssign("ION_SIZE", "22 * SIZE_1M"));
        assertThat(d.fixes()).allMatch(Diagnosis.Fix::verified);
        assertThat(r.findings()).filteredOn(f -> f.status() == Finding.Status.CONFLICT).singleElement()
                .extracting(Finding::check).isEqualTo(LayoutCheck.MEMMAP_REGIONS);
    }

    @Test
    void theFixedLayoutBuildsAndBoots() {
        Scenario fixed = Preset.named("duo256m-v1-ion-zero").scenario().with(new ScenarioEdit.MemmapAssign("ION_SIZE", "22 * SIZE_1M"));
        BootReport r = Pipeline.check(fixed);
        assertThat(r.verdict().kind()).isEqualTo(VerdictKind.NO_REMOTEPROC);
        assertThat(r.diagnosis()).isEmpty();
        assertThat(r.findings()).noneMatch(f -> f.status() == Finding.Status.CONFLICT);
        // 21 MiB is one too few (docs/facts/failures.md section 2.2)
        BootReport short1 = Pipeline.check(Preset.named("duo256m-v1-ion-zero").scenario()
                .with(new ScenarioEdit.MemmapAssign("ION_SIZE", "21 * SIZE_1M")));
        assertThat(short1.verdict().kind()).isEqualTo(VerdictKind.MEMMAP_ASSERT_FAILED);
    }

    /** A user's own layout: a 512 MiB board, other names and sizes, ION 8 MiB, the buffers inside ION after a logo. */
    @Test
    void aUsersOwnLayoutGetsTheSameDiagnosis() {
        String memmap = """
                KB = 1024
                MB = 1024 * KB


                class MemoryMap:
                    _no_prefix = ["CONFIG_SYS_TEXT_BASE"]
                    DRAM_BASE = 0x80000000
                    DRAM_SIZE = 512 * MB
                    FREERTOS_SIZE = 4 * MB
                    FREERTOS_ADDR = DRAM_BASE + DRAM_SIZE - FREERTOS_SIZE
                    FSBL_C906L_START_ADDR = FREERTOS_ADDR
                    MONITOR_ADDR = DRAM_BASE
                    OPENSBI_SIZE = 512 * KB
                    OPENSBI_FDT_ADDR = MONITOR_ADDR + OPENSBI_SIZE
                    KERNEL_MEMORY_ADDR = DRAM_BASE
                    KERNEL_MEMORY_SIZE = DRAM_SIZE - FREERTOS_SIZE
                    ION_SIZE = 8 * MB
                    ION_ADDR = FREERTOS_ADDR - ION_SIZE
                    LOGO_SIZE = 1 * MB
                    CAMERA_SIZE = 12 * MB
                    LOGO_ADDR = ION_ADDR
                    CAMERA_ADDR = LOGO_ADDR + LOGO_SIZE
                    FREERTOS_RESERVED_ION_SIZE = 0
                    assert CAMERA_ADDR + CAMERA_SIZE <= ION_ADDR + ION_SIZE
                    UIMAG_SIZE = 16 * MB
                    UIMAG_ADDR = DRAM_BASE + 24 * MB
                    CONFIG_SYS_TEXT_BASE = DRAM_BASE + 2 * MB
                """;
        Scenario base = Preset.named("duos-v2-default").scenario();
        SourceFiles files = base.files();
        Scenario s = base.toBuilder().files(p -> p.equals("layout/memmap.py") ? Optional.of(memmap.getBytes(StandardCharsets.UTF_8))
                : files.read(p)).memmap("layout/memmap.py").build();
        BootReport r = Pipeline.check(s);
        assertThat(r.verdict().kind()).isEqualTo(VerdictKind.MEMMAP_ASSERT_FAILED);
        Diagnosis d = r.diagnosis().orElseThrow();
        assertThat(d.rule()).isEqualTo(BuildRule.MEMMAP_ASSERT);
        assertThat(d.summary()).contains("LOGO_SIZE (1 MiB) + CAMERA_SIZE (12 MiB)");
        assertThat(d.fixes()).extracting(f -> f.edit().orElseThrow()).containsExactly(
                new ScenarioEdit.Together(List.of(new ScenarioEdit.MemmapAssign("LOGO_SIZE", "0"),
                        new ScenarioEdit.MemmapAssign("CAMERA_SIZE", "0"))),
                new ScenarioEdit.MemmapAssign("CAMERA_SIZE", "0x700000"),
                new ScenarioEdit.MemmapAssign("ION_SIZE", "0xd00000"));
        assertThat(d.fixes()).allMatch(Diagnosis.Fix::verified);
    }
}
