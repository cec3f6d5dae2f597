package dev.duoboot.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.duoboot.DuobootException;
import dev.duoboot.fdt.SourceFiles;
import dev.duoboot.firmware.Chain;
import dev.duoboot.firmware.LittleCoreImage;
import dev.duoboot.platform.Platforms;
import dev.duoboot.scenario.Expectations;
import dev.duoboot.scenario.FirmwareChoice;
import dev.duoboot.scenario.Preset;
import dev.duoboot.scenario.RprocDriverChoice;
import dev.duoboot.scenario.Scenario;
import dev.duoboot.scenario.ScenarioFile;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ScenarioFileTest {

    private static Scenario read(String text) {
        return ScenarioFile.read(SourceFiles.of(Map.of("ci/layouts/my.yaml", text)), "ci/layouts/my.yaml");
    }

    private static String error(String text) {
        try {
            read(text);
        } catch (DuobootException e) {
            return e.getMessage();
        }
        throw new AssertionError("no error for:\n" + text);
    }

    @Test
    void everyKeyWithPathsRelativeToTheFile() {
        Scenario s = read("""
                name: layout-a
                description: a layout
                board: duo256m
                memmap: memmap.py
                dts: ../dts/board.dts
                include: [../dts/include, /abs/inc]
                kernel: linux-6.1
                kernel-config: cfg/linux.config
                firmware: fw/sketch.elf
                rproc-driver: cvitek-original
                chain: fixtures
                fip: fip.bin
                opensbi: fw/fw_dynamic.bin
                uboot: /abs/u-boot.bin
                start-rproc: false
                bootargs: console=ttyS0
                freertos-in-fip: no
                uboot-copies-reserved-memory: false
                expect:
                  verdict: remoteproc-failed
                  log-contains: ["Boot failed: -22"]
                  log-absent: is now up
                """);
        assertThat(s.name()).isEqualTo("layout-a");
        assertThat(s.board()).contains(Platforms.require("duo256m", "test"));
        assertThat(s.memmap()).contains("ci/layouts/memmap.py");
        assertThat(s.dts()).contains("ci/dts/board.dts");
        assertThat(s.includeDirs()).containsExactly("ci/dts/include", "/abs/inc");
        assertThat(s.kernel()).isEqualTo("linux-6.1");
        assertThat(s.kernelConfig()).contains("ci/layouts/cfg/linux.config");
        assertThat(s.firmware()).isEqualTo(new FirmwareChoice.File("ci/layouts/fw/sketch.elf"));
        assertThat(s.rprocDriver()).contains(RprocDriverChoice.CVITEK_ORIGINAL);
        assertThat(s.chain()).isEqualTo(Chain.FIXTURES);
        assertThat(s.fip()).contains("ci/layouts/fip.bin");
        assertThat(s.parts()).isEqualTo(new Scenario.FipParts(Optional.of("ci/layouts/fw/fw_dynamic.bin"), Optional.of("/abs/u-boot.bin")));
        assertThat(s.startRproc()).contains(false);
        assertThat(s.bootargs()).contains("console=ttyS0");
        assertThat(s.freertosInFip()).isFalse();
        assertThat(s.ubootCopiesReservedMemory()).isFalse();
        assertThat(s.expect()).isEqualTo(new Expectations(Optional.of(VerdictKind.REMOTEPROC_FAILED), List.of("Boot failed: -22"),
                List.of("is now up")));
    }

    @Test
    void defaultsWhenKeysAreLeftOut() {
        Scenario s = read("memmap: m.py\n");
        assertThat(s.name()).isEqualTo("my");
        assertThat(s.kernel()).isEqualTo("cvitek-5.10-c");
        assertThat(s.chain()).isEqualTo(Chain.REAL);
        assertThat(s.firmware()).isEqualTo(new FirmwareChoice.Fixture(LittleCoreImage.Variant.CVIRTOS));
        assertThat(s.startRproc()).isEmpty();
        assertThat(s.expect().isEmpty()).isTrue();
    }

    @Test
    void errorsNameTheFileLineAndColumn() {
        assertThat(error("memmap: m.py\nkernal: mainline\n"))
                .startsWith("ci/layouts/my.yaml:2:1: unknown key 'kernal', expected one of name, description, reports, board");
        assertThat(error("expect:\n  verdict: works\n"))
                .startsWith("ci/layouts/my.yaml:2:12: unknown verdict 'works', expected one of remoteproc-running");
        assertThat(error("kernel: linux-4.19\n"))
                .startsWith("ci/layouts/my.yaml:1:9: unknown kernel profile 'linux-4.19', expected one of cvitek-5.10-a");
        assertThat(error("board: duo128\n")).isEqualTo("ci/layouts/my.yaml:1:8: unknown board 'duo128', expected one of duo, duo256m, duos, licheerv-nano, sg2002-wevb");
        assertThat(error("start-rproc: maybe\n")).isEqualTo("ci/layouts/my.yaml:1:14: expected true or false, found 'maybe'");
        assertThat(error("memmap: [a, b]\n")).isEqualTo("ci/layouts/my.yaml:1:9: expected a path, found a list");
        assertThat(error("memmap: m.py\nmemmap: n.py\n")).isEqualTo("ci/layouts/my.yaml:2:1: key 'memmap' appears twice");
        assertThat(error("firmware: fixture:zephyr\n")).startsWith("ci/layouts/my.yaml:1:11: unknown fixture 'fixture:zephyr'");
        assertThat(error("dts: a.dts\ndtb: a.dtb\n")).isEqualTo("ci/layouts/my.yaml: give either dts or dtb, not both");
        assertThat(error("- a\n- b\n")).isEqualTo("ci/layouts/my.yaml:1:1: expected the scenario to be a mapping of keys");
    }

    @Test
    void yamlSyntaxErrorsAreOneLineWithThePlace() {
        String e = error("memmap: m.py\n  dts: [unclosed\n");
        assertThat(e).startsWith("ci/layouts/my.yaml:2:").contains("YAML syntax").doesNotContain("\n");
    }

    @Test
    void aMissingFileIsNamed() {
        assertThatThrownBy(() -> ScenarioFile.read(SourceFiles.of(Map.of()), "nowhere.yaml"))
                .hasMessage("nowhere.yaml: no such scenario file");
    }

    @Test
    void everyPresetReadsAndNamesItself() {
        for (Preset p : Preset.all()) {
            Scenario s = p.scenario();
            assertThat(s.name()).isEqualTo(p.id());
            assertThat(s.expect().verdict()).as(p.id()).isPresent();
        }
    }
}
