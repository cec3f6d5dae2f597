package dev.duoboot.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.duoboot.fdt.SourceFiles;
import dev.duoboot.pipeline.Pipeline;
import dev.duoboot.scenario.Expectations;
import dev.duoboot.scenario.Preset;
import dev.duoboot.scenario.Scenario;
import dev.duoboot.scenario.ScenarioEdit;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Where the memory of a 64 MiB Duo goes with ION at its SDK default (milkv-duo/duo-buildroot-sdk#132):
 * the kernel's own Memory: line, the account of every page, the warning, the diagnosis that names
 * ION, and a scenario's linux-memory-at-least that fails the run until ION shrinks.
 */
class LinuxMemoryTest {

    private static final long MIB = 1L << 20;

    @Test
    void theDefaultIonLeavesLinuxLessThanHalfAndTheDiagnosisNamesIt() {
        BootReport r = Pipeline.check(Preset.named("duo-v1-ion-oom").scenario());
        assertThat(r.verdict().success()).isTrue();
        MemoryUse u = r.memoryUse().orElseThrow();
        // every page of DRAM is accounted for, and what Linux keeps is the kernel's own "available"
        assertThat(u.shares().stream().mapToLong(MemoryUse.Share::bytes).sum()).isEqualTo(64 * MIB);
        assertThat(u.linuxKeeps()).isEqualTo(r.kernel().orElseThrow().memInfo().orElseThrow().availableBytes()).isEqualTo(29416L << 10);
        assertThat(u.bytes(MemoryUse.Use.ION)).isEqualTo(0x1acd000L);
        assertThat(u.bytes(MemoryUse.Use.OUTSIDE_LINUX)).isEqualTo(0xc0000L); // the FreeRTOS window
        assertThat(r.findings()).filteredOn(f -> f.check() == LayoutCheck.LINUX_MEMORY).singleElement()
                .satisfies(f -> assertThat(f.status()).isEqualTo(Finding.Status.WARNING));
        Diagnosis d = r.diagnosis().orElseThrow();
        assertThat(d.rule()).isEqualTo(MemoryRule.ION_TAKES_LINUX_MEMORY);
        assertThat(d.node()).isEqualTo("ION_SIZE, /reserved-memory/ion");
        assertThat(d.fixes()).extracting(f -> f.edit().orElseThrow()).containsExactly(
                new ScenarioEdit.MemmapAssign("ION_SIZE", "23 * SIZE_1M"), new ScenarioEdit.MemmapAssign("ION_SIZE", "0 * SIZE_1M"));
        assertThat(d.fixes()).allMatch(Diagnosis.Fix::verified);
        assertThat(r.asExpected()).isTrue(); // the boot works; only a scenario that asks for more fails
    }

    @Test
    void aScenarioThatNeeds32MiBFailsUntilIonShrinks() {
        Scenario demanding = withFloor(Preset.named("duo-v1-ion-oom").scenario(), 32 * MIB);
        BootReport failing = Pipeline.check(demanding);
        assertThat(failing.asExpected()).isFalse();
        assertThat(failing.unmet()).containsExactly(
                "expected Linux to keep at least 32 MiB, it keeps 29416K (the available of its Memory: line)");
        assertThat(failing.exitCode()).isEqualTo(1);

        BootReport fixed = Pipeline.check(demanding.with(new ScenarioEdit.MemmapAssign("ION_SIZE", "0 * SIZE_1M")));
        assertThat(fixed.asExpected()).isTrue();
        assertThat(fixed.memoryUse().orElseThrow().linuxKeeps()).isGreaterThan(55 * MIB);
        assertThat(fixed.diagnosis()).isEmpty();
        assertThat(fixed.findings()).filteredOn(f -> f.check() == LayoutCheck.LINUX_MEMORY).singleElement()
                .satisfies(f -> assertThat(f.status()).isEqualTo(Finding.Status.OK));
    }

    /** A user's own 64 MiB layout: FreeRTOS 1 MiB, ION 30 MiB, another UIMAG place; same diagnosis, its own numbers. */
    @Test
    void aUsersOwnLayoutGetsTheSameDiagnosis() {
        Scenario base = Preset.named("duo-v1-ion-oom").scenario();
        String memmap = new String(base.files().read("sdk/memmap/duo_v1.py").orElseThrow(), StandardCharsets.UTF_8)
                .replace("FREERTOS_SIZE = 768 * SIZE_1K", "FREERTOS_SIZE = 1024 * SIZE_1K")
                .replace("ION_SIZE = 26.80078125 * SIZE_1M", "ION_SIZE = 30 * SIZE_1M")
                .replace("UIMAG_ADDR = DRAM_BASE + 20 * SIZE_1M", "UIMAG_ADDR = DRAM_BASE + 16 * SIZE_1M");
        assertThat(memmap).contains("ION_SIZE = 30 * SIZE_1M", "FREERTOS_SIZE = 1024 * SIZE_1K");
        SourceFiles files = base.files();
        Scenario s = withFloor(base.toBuilder().files(p -> p.equals("mine/memmap.py") ? Optional.of(memmap.getBytes(StandardCharsets.UTF_8))
                : files.read(p)).memmap("mine/memmap.py").build(), 40 * MIB);
        BootReport r = Pipeline.check(s);
        assertThat(r.asExpected()).isFalse();
        Diagnosis d = r.diagnosis().orElseThrow();
        assertThat(d.rule()).isEqualTo(MemoryRule.ION_TAKES_LINUX_MEMORY);
        assertThat(d.summary()).contains("less than 40 MiB");
        assertThat(d.fixes()).allMatch(Diagnosis.Fix::verified);
        assertThat(d.fixes().getFirst().where()).startsWith("mine/memmap.py:").contains("ION_SIZE = 30 * SIZE_1M -> ION_SIZE = ");
    }

    /** The scenario expecting its verdict and that Linux keep {@code bytes}, as {@code linux-memory-at-least} says it. */
    private static Scenario withFloor(Scenario s, long bytes) {
        return s.toBuilder().expect(new Expectations(s.expect().verdict(), java.util.List.of(), java.util.List.of(), Optional.of(bytes)))
                .build();
    }

    @Test
    void sizesAreReadAsTheScenarioFileWritesThem() {
        assertThat(Expectations.parseSize("32MiB", "x")).isEqualTo(32 * MIB);
        assertThat(Expectations.parseSize("32 M", "x")).isEqualTo(32 * MIB);
        assertThat(Expectations.parseSize("0x2000000", "x")).isEqualTo(32 * MIB);
        assertThat(Expectations.parseSize("512KiB", "x")).isEqualTo(512 * 1024);
    }
}
