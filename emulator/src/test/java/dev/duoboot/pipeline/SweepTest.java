package dev.duoboot.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.duoboot.pipeline.Sweep;
import dev.duoboot.report.SweepJson;
import dev.duoboot.report.SweepText;
import dev.duoboot.scenario.Preset;
import dev.duoboot.scenario.Scenario;
import dev.duoboot.scenario.ScenarioEdit;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SweepTest {

    @Test
    void varySpecSplitsIntoConstants() {
        assertThat(Sweep.parseVary("FREERTOS_SIZE=0x200000,4 * SIZE_1M,ION_SIZE=0,0x1000000")).containsExactly(
                new Sweep.MemmapAxis("FREERTOS_SIZE", List.of("0x200000", "4 * SIZE_1M")),
                new Sweep.MemmapAxis("ION_SIZE", List.of("0", "0x1000000")));
        assertThatThrownBy(() -> Sweep.parseVary("0x200000")).hasMessage("--vary 0x200000: expected NAME=value,value,...");
        assertThatThrownBy(() -> Sweep.parseVary("ION_SIZE=1,,2")).hasMessage("--vary ION_SIZE: an empty value");
    }

    @Test
    void cellsAreEveryCombinationFirstAxisSlowest() {
        List<Sweep.Cell> cells = Sweep.cells(List.of(new Sweep.MemmapAxis("A", List.of("1", "2")),
                new Sweep.KernelAxis(List.of("mainline", "linux-6.1", "cvitek-5.10-c"))));
        assertThat(cells).hasSize(6);
        assertThat(cells.get(0).values()).containsExactly("1", "mainline");
        assertThat(cells.get(4).values()).containsExactly("2", "linux-6.1");
        assertThat(cells.get(4).edits()).containsExactly(new ScenarioEdit.MemmapAssign("A", "2"), new ScenarioEdit.UseKernel("linux-6.1"));
    }

    @Test
    void resultsDoNotDependOnThreadsAndFailingCellsExplainThemselves() {
        Scenario base = Preset.named("duo256m-v2-arduino-port").scenario();
        List<Sweep.Axis> axes = new ArrayList<>(Sweep.parseVary("ION_SIZE=0x4b00000,0"));
        axes.add(new Sweep.KernelAxis(List.of("cvitek-5.10-c", "linux-6.1")));
        Sweep.validate(base, axes);
        List<Sweep.Cell> cells = Sweep.cells(axes);
        List<Sweep.Result> one = Sweep.run(base, cells, Sweep.Mode.CHECK, 1, () -> { });
        List<Sweep.Result> four = Sweep.run(base, cells, Sweep.Mode.CHECK, 4, () -> { });
        assertThat(SweepJson.render("b", Sweep.Mode.CHECK, axes, four)).isEqualTo(SweepJson.render("b", Sweep.Mode.CHECK, axes, one));
        String text = SweepText.render("b", Sweep.Mode.CHECK, axes, four);
        assertThat(text).isEqualTo(SweepText.render("b", Sweep.Mode.CHECK, axes, one));

        assertThat(one.get(0).report().orElseThrow().verdict().id()).isEqualTo("remoteproc-failed");
        assertThat(one.get(1).success()).isTrue();
        // ION_SIZE = 0 fails memmap.py's own assert: the build stops there, the cell fails and says why
        assertThat(one.get(2).report().orElseThrow().verdict().id()).isEqualTo("memmap-assert-failed");
        assertThat(text).contains("1 booted, 3 failed", "\ncell 1: memmap.py: ION_SIZE = 0x4b00000, kernel: cvitek-5.10-c\n",
                "rule    NAME_COPY_8_UNLESS_REMOTEPROC_BUILTIN", "verified: remoteproc-running", "rule    MEMMAP_ASSERT");
    }

    @Test
    void aCellWhoseEmulationStoppedIsCountedAndExplainedApart() {
        List<Sweep.Axis> axes = List.copyOf(Sweep.parseVary("FREERTOS_SIZE=0x200000"));
        Sweep.Cell cell = Sweep.cells(axes).getFirst();
        Sweep.Result stopped = new Sweep.Result(cell, java.util.Optional.empty(), java.util.Optional.empty(),
                java.util.Optional.of("hart 0 ran out of its instruction budget at pc 0x80000000"));
        assertThat(stopped.success()).isFalse();
        String text = SweepText.render("b", Sweep.Mode.BOOT, axes, List.of(stopped));
        assertThat(text).contains("each booted on the emulated SoC", "emulation error  (below)",
                "0 booted, 0 failed, 0 bad input, 1 emulation error\n", "emulation error: hart 0 ran out");
        assertThat(SweepJson.render("b", Sweep.Mode.BOOT, axes, List.of(stopped)))
                .contains("\"mode\" : \"boot\"", "\"emulationError\" : 1");
    }

    @Test
    void anUnknownConstantIsBadInputBeforeAnyCellRuns() {
        assertThatThrownBy(() -> Sweep.validate(Preset.named("duo256m-v2-default").scenario(), List.copyOf(Sweep.parseVary("FREERTOS_SZE=1"))))
                .hasMessage("sdk/memmap/duo256m_v2.py: class MemoryMap has no line assigning FREERTOS_SZE");
    }
}
