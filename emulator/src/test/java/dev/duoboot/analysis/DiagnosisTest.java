package dev.duoboot.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.duoboot.analysis.BootReport;
import dev.duoboot.analysis.Diagnosis;
import dev.duoboot.fdt.SourceFiles;
import dev.duoboot.firmware.LittleCoreImage;
import dev.duoboot.linux.DriverRule;
import dev.duoboot.linux.KernelRule;
import dev.duoboot.pipeline.Pipeline;
import dev.duoboot.scenario.FirmwareChoice;
import dev.duoboot.scenario.Preset;
import dev.duoboot.scenario.Scenario;
import dev.duoboot.scenario.ScenarioEdit;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The deciding rule, said about this boot, and fixes that were applied and re-checked. */
class DiagnosisTest {

    private static Diagnosis diagnose(Scenario s) {
        return Pipeline.check(s).diagnosis().orElseThrow();
    }

    private static List<String> verified(Diagnosis d) {
        return d.fixes().stream().filter(Diagnosis.Fix::verified).map(Diagnosis.Fix::where).toList();
    }

    @Test
    void moduleBuildNamesTheConfigLineAndTheTruncatedName() {
        Diagnosis d = diagnose(Preset.named("duo256m-v2-arduino-port").scenario());
        assertThat(d.rule()).isEqualTo(KernelRule.NAME_COPY_8_UNLESS_REMOTEPROC_BUILTIN);
        assertThat(d.summary()).isEqualTo("reserved_mem names are copied into char name[8] because CONFIG_CVITEK_REMOTEPROC=m; "
                + "'rtos_dram@0x8fe00000' (20 chars) can never match");
        assertThat(d.node()).isEqualTo("/reserved-memory/rtos_dram@0x8fe00000");
        assertThat(d.kernelSource()).contains("of_reserved_mem.c");
        assertThat(verified(d)).containsExactly(
                "presets/config/cvitek_remoteproc_module.config:10: CONFIG_CVITEK_REMOTEPROC=m -> CONFIG_CVITEK_REMOTEPROC=y",
                "presets/dts/sg2002_milkv_duo256m_arduino.dts: rename /reserved-memory/rtos_dram@0x8fe00000 to 'rtos' "
                        + "(7 characters or fewer, no unit address: the 8-byte copy then holds the whole name and its NUL)");
    }

    @Test
    void carveoutLeftBehindOffersTheDtsAndTheMemmapFix() {
        Diagnosis d = diagnose(Preset.named("duo256m-rtos-moved-in-memmap-only").scenario());
        assertThat(d.rule()).isEqualTo(DriverRule.RPROC_SEGMENT_OUTSIDE_CARVEOUT);
        assertThat(d.summary()).contains("linked at 0x88000000").contains("memmap.py's FREERTOS_ADDR (0x88000000) and the DTS carve-out disagree");
        assertThat(d.fixes()).hasSize(2).allMatch(Diagnosis.Fix::verified);
        assertThat(d.fixes().get(1).where())
                .startsWith("presets/duo256m-rtos-moved-in-memmap-only/memmap.py:22: FREERTOS_ADDR = DRAM_BASE + 128 * SIZE_1M -> FREERTOS_ADDR = 0x8fe00000");
    }

    @Test
    void aUsersOwnElfCannotBeRelinkedSoThatFixIsNotTried() {
        Scenario s = Preset.named("duo256m-rtos-moved-in-memmap-only").scenario();
        byte[] elf = LittleCoreImage.linkedAt("duo256m", LittleCoreImage.Variant.CVIRTOS, 0x88000000L).elf();
        SourceFiles files = s.files();
        s = s.toBuilder().files(p -> p.equals("my.elf") ? Optional.of(elf) : files.read(p)).firmware(new FirmwareChoice.File("my.elf")).build();
        Diagnosis d = diagnose(s);
        assertThat(d.fixes().get(0).verified()).isTrue();
        assertThat(d.fixes().get(1).result()).isEmpty();
        assertThat(d.fixes().get(1).where()).endsWith("and relink my.elf at 0x8fe00000");
    }

    @Test
    void fullTableSaysWhichFixWorksAndWhichDoesNot() {
        Diagnosis d = diagnose(Preset.named("duo256m-vendor-table-full").scenario());
        assertThat(d.rule()).isEqualTo(KernelRule.TABLE_4);
        assertThat(d.summary()).contains("5 children (mmode_resv0@80000000, ion, rpmsg@0x8fdc0000, vdev0buffer@0x8fdc5000, rtos_dram@0x8fe00000)");
        assertThat(d.fixes()).extracting(f -> f.edit().orElseThrow()).containsExactly(
                new ScenarioEdit.MoveNodeFirst("/reserved-memory/rtos_dram@0x8fe00000"),
                new ScenarioEdit.Together(List.of(new ScenarioEdit.DeleteNode("/reserved-memory/ion"),
                        new ScenarioEdit.DeleteNode("/cvitek-ion"))));
        // moving the carve-out first pushes vdev0buffer, which the driver also needs, out of the table
        assertThat(d.fixes().get(0).verified()).isFalse();
        assertThat(d.fixes().get(0).result().orElseThrow().id()).isEqualTo("remoteproc-failed");
        assertThat(d.fixes().get(1).verified()).isTrue();
    }

    @Test
    void missingDriverIsAConfigLine() {
        Scenario s = Preset.named("duo256m-v2-arduino-port").scenario().with(new ScenarioEdit.ConfigSet("CONFIG_CVITEK_REMOTEPROC", "n"));
        BootReport r = Pipeline.check(s);
        assertThat(r.verdict().id()).isEqualTo("remoteproc-driver-missing");
        Diagnosis d = r.diagnosis().orElseThrow();
        assertThat(d.rule()).isEqualTo(DriverRule.RPROC_DRIVER_NOT_BUILT);
        assertThat(verified(d)).containsExactly(
                "presets/config/cvitek_remoteproc_module.config:10: # CONFIG_CVITEK_REMOTEPROC is not set -> CONFIG_CVITEK_REMOTEPROC=y");
    }

    @Test
    void vanillaFiveTenOopsesAndNewerKernelsFixIt() {
        Scenario s = Preset.named("duo-v1-arduino").scenario().toBuilder().kernel("linux-5.10", "test").build();
        BootReport r = Pipeline.check(s);
        assertThat(r.verdict().id()).isEqualTo("kernel-oops");
        Diagnosis d = r.diagnosis().orElseThrow();
        assertThat(d.rule()).isEqualTo(KernelRule.DTB_EARLY_VA_UNMAPPED);
        assertThat(verified(d)).containsExactly("kernel: use linux-6.1 (--kernel linux-6.1)",
                "kernel: use cvitek-5.10-c (--kernel cvitek-5.10-c)");
    }

    @Test
    void successHasNoDiagnosis() {
        assertThat(Pipeline.check(Preset.named("duo256m-v2-arduino-builtin").scenario()).diagnosis()).isEmpty();
    }

    /** Another board and other sizes than the preset's: the same rule decides, and the same fixes work. */
    @Test
    void aGrownWindowWithAnOldFirmwareIsTheFsblVectorOnAnyLayout() {
        Scenario s = Preset.named("duo256m-v2-arduino-builtin").scenario().toBuilder()
                .firmware(new FirmwareChoice.File("fixtures/littlecore/duo256m/arduino.elf"))
                .edit(new ScenarioEdit.MemmapAssign("FREERTOS_SIZE", "3 * SIZE_1M")).build();
        BootReport r = Pipeline.check(s);
        assertThat(r.verdict()).isInstanceOf(dev.duoboot.boot.Verdict.RemoteprocOtherImage.class);
        Diagnosis d = r.diagnosis().orElseThrow();
        assertThat(d.rule()).isEqualTo(dev.duoboot.boot.BootRule.C906L_RESTARTS_AT_FSBL_VECTOR);
        assertThat(d.summary()).contains("restarts at FSBL's vector 0x8fd00000", "linked at 0x8fe00000");
        assertThat(d.fixes()).filteredOn(Diagnosis.Fix::verified).extracting(f -> f.edit().orElseThrow()).containsExactly(
                new ScenarioEdit.UseRprocDriver(dev.duoboot.scenario.RprocDriverChoice.CVITEK_VECTOR),
                new ScenarioEdit.MemmapAssign("FREERTOS_SIZE", "0x200000"));
        // the fixed input boots the sketch
        assertThat(Pipeline.check(s.with(new ScenarioEdit.UseRprocDriver(dev.duoboot.scenario.RprocDriverChoice.CVITEK_VECTOR)))
                .verdict().id()).isEqualTo("remoteproc-running");
    }
}
