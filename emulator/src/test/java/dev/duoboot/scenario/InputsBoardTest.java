package dev.duoboot.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.duoboot.fdt.SourceFiles;
import dev.duoboot.platform.Platforms;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which board a layout describes when the scenario names none: one rule, from memmap.py's DRAM_SIZE. */
class InputsBoardTest {

    private static ResolvedInputs resolve(String memmapPreset, String dramSize) {
        String memmap = Preset.named(memmapPreset).memmap().text()
                .replaceFirst("DRAM_SIZE = [^\\n]*", "DRAM_SIZE = " + dramSize);
        String dts = "/dts-v1/;\n/ { #address-cells = <2>; #size-cells = <2>; memory@80000000 { device_type = \"memory\"; "
                + "reg = <0 0x80000000 0 0x1000000>; }; };\n";
        return Inputs.resolve(ScenarioBuilder.defaults("t", SourceFiles.of(Map.of("memmap.py", memmap, "b.dts", dts)))
                .memmap("memmap.py").dts("b.dts").build());
    }

    @Test
    void theOnlyBoardWithThatMuchDram() {
        assertThat(resolve("duos-v2-default", "512 * SIZE_1M").board()).isEqualTo(Platforms.require("duos", "test"));
        assertThat(resolve("duo-v1-default", "64 * SIZE_1M").board()).isEqualTo(Platforms.require("duo", "test"));
    }

    @Test
    void whereSeveralShareItTheDefaultBoard() {
        assertThat(Platforms.withDramSize(256L << 20)).hasSizeGreaterThan(1);
        assertThat(resolve("duo256m-v2-default", "256 * SIZE_1M").board()).isEqualTo(Platforms.defaultPlatform());
    }

    @Test
    void noBoardWithThatMuchDramIsBadInput() {
        assertThatThrownBy(() -> resolve("duo256m-v2-default", "128 * SIZE_1M"))
                .hasMessageStartingWith("memmap.py: DRAM_SIZE 0x8000000 is the DRAM of no board duoboot knows (duo (CV1800B, 64 MiB), ");
    }

    @Test
    void aNamedBoardMustHaveTheLayoutsDram() {
        String memmap = Preset.named("duo256m-v2-default").memmap().text();
        Scenario s = ScenarioBuilder.defaults("t", SourceFiles.of(Map.of("memmap.py", memmap, "b.dts", "/dts-v1/;\n/ { };\n")))
                .memmap("memmap.py").dts("b.dts").board(Platforms.require("duos", "test")).build();
        assertThatThrownBy(() -> Inputs.resolve(s))
                .hasMessage("memmap.py: DRAM_SIZE is 0x10000000, but board duos has 512 MiB (0x20000000)");
    }
}
