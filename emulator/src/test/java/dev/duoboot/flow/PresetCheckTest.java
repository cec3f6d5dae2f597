package dev.duoboot.flow;

import static org.assertj.core.api.Assertions.assertThat;

import dev.duoboot.report.MemoryMapSvg;
import dev.duoboot.report.ReportJson;
import dev.duoboot.report.ReportText;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every preset's static check gives its stated outcome (its scenario's expectations) under both
 * chains, and its report, JSON and memory map match the golden files.
 */
class PresetCheckTest {

    @ParameterizedTest
    @MethodSource("dev.duoboot.flow.PresetCheckTest#presets")
    void realChainGivesTheStatedOutcomeAndTheGoldenReport(Preset p) {
        BootReport r = StaticCheck.report(p.scenario());
        assertThat(r.unmet()).as(p.id()).isEmpty();
        assertThat(r.verdict().id()).isEqualTo(p.scenario().expect().verdict().orElseThrow());
        Golden.assertMatches("dev/duoboot/flow/golden/" + p.id() + ".check.txt", ReportText.render(r));
        Golden.assertMatches("dev/duoboot/flow/golden/" + p.id() + ".check.json", ReportJson.render(r));
        Golden.assertMatches("dev/duoboot/flow/golden/" + p.id() + ".memory-map.svg",
                MemoryMapSvg.render(r.scenario() + ": memory map per stage", r.views()));
    }

    @ParameterizedTest
    @MethodSource("dev.duoboot.flow.PresetCheckTest#presets")
    void fixtureChainGivesTheStatedOutcome(Preset p) {
        BootReport r = StaticCheck.report(p.scenario().withChain(Chain.FIXTURES));
        assertThat(r.unmet()).as(p.id()).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("dev.duoboot.flow.PresetCheckTest#presets")
    void sameInputsSameBytes(Preset p) {
        assertThat(ReportJson.render(StaticCheck.report(p.scenario())))
                .isEqualTo(ReportJson.render(StaticCheck.report(p.scenario())));
    }

    static java.util.List<Preset> presets() {
        return Preset.all();
    }
}
