package dev.duoboot.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.duoboot.analysis.BootReport;
import dev.duoboot.firmware.Chain;
import dev.duoboot.pipeline.Pipeline;
import dev.duoboot.report.MemoryMapSvg;
import dev.duoboot.report.ReportJson;
import dev.duoboot.report.ReportText;
import dev.duoboot.scenario.Preset;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every preset's static check gives its stated outcome (its scenario's expectations) under both
 * chains, and its report, JSON and memory map match the golden files.
 */
class PresetCheckTest {

    @ParameterizedTest
    @MethodSource("dev.duoboot.pipeline.PresetCheckTest#presets")
    void realChainGivesTheStatedOutcomeAndTheGoldenReport(Preset p) {
        BootReport r = Pipeline.check(p.scenario());
        assertThat(r.unmet()).as(p.id()).isEmpty();
        assertThat(r.verdict().kind()).isEqualTo(p.scenario().expect().verdict().orElseThrow());
        Golden.assertMatches("dev/duoboot/pipeline/golden/" + p.id() + ".check.txt", ReportText.render(r));
        Golden.assertMatches("dev/duoboot/pipeline/golden/" + p.id() + ".check.json", ReportJson.render(r));
        Golden.assertMatches("dev/duoboot/pipeline/golden/" + p.id() + ".memory-map.svg",
                MemoryMapSvg.render(r.scenario() + ": memory map per stage", r.views(), r.memoryUse()));
    }

    @ParameterizedTest
    @MethodSource("dev.duoboot.pipeline.PresetCheckTest#presets")
    void fixtureChainGivesTheStatedOutcome(Preset p) {
        BootReport r = Pipeline.check(p.scenario().toBuilder().chain(Chain.FIXTURES).build());
        assertThat(r.unmet()).as(p.id()).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("dev.duoboot.pipeline.PresetCheckTest#presets")
    void sameInputsSameBytes(Preset p) {
        assertThat(ReportJson.render(Pipeline.check(p.scenario())))
                .isEqualTo(ReportJson.render(Pipeline.check(p.scenario())));
    }

    static java.util.List<Preset> presets() {
        return Preset.all();
    }
}
