package dev.duoboot.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.duoboot.DuobootException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

public class PlatformTest {

    public static java.util.List<String> ids() {
        return Platforms.all().stream().map(Platform::id).toList();
    }

    @Test
    void boardsAreFoundByIdAndDescribeTheirDram() {
        Platform duo256m = Platforms.require("duo256m", "test");
        assertThat(duo256m.dram().sizeBytes()).isEqualTo(256L << 20);
        assertThat(Platforms.require("duo", "test").dram().sizeBytes()).isEqualTo(64L << 20);
        assertThat(Platforms.byId("duo512")).isEmpty();
        assertThat(Platforms.require("duo", "test").regionAt(0x03003024L)).map(Region::kind).hasValue(Region.Kind.RESET);
        assertThat(duo256m.describe()).isEqualTo("duo256m (SG2002, 256 MiB)");
        assertThat(duo256m.sdk().fitConfiguration()).isEqualTo("config-sg2002_milkv_duo256m_musl_riscv64_sd");
        assertThat(Platforms.defaultPlatform().id()).isEqualTo("duo256m");
        assertThatThrownBy(() -> Platforms.require("duo512", "--board"))
                .isInstanceOf(DuobootException.class).hasMessageStartingWith("--board: unknown board 'duo512', expected one of duo, ");
    }

    @Test
    void uartsComeInAddressOrderWithTheirInterrupts() {
        Platform p = Platforms.require("duo256m", "test");
        assertThat(p.uarts()).extracting(Region::name).containsExactly("uart0", "uart1", "uart2", "uart3");
        assertThat(p.uarts()).extracting(r -> r.irq().orElseThrow()).containsExactly(44, 45, 46, 47);
    }

    /** Each board's stock preset describes that board, with memmap.py's DRAM_SIZE its DRAM. */
    @ParameterizedTest
    @MethodSource("ids")
    void theStockPresetIsTheBoards(String id) {
        Platform p = Platforms.require(id, "test");
        dev.duoboot.scenario.ResolvedInputs in = dev.duoboot.scenario.Inputs.resolve(
                dev.duoboot.scenario.Preset.named(p.stockPreset()).scenario());
        assertThat(in.board()).isEqualTo(p);
        assertThat(in.mm("DRAM_SIZE")).isEqualTo(p.dram().sizeBytes());
        assertThat(in.mm("DRAM_BASE")).isEqualTo(p.dram().base());
    }

    /** The board DTS compiles to the bytes dtc makes of it (skipped without dtc). */
    @ParameterizedTest
    @MethodSource("ids")
    void boardDeviceTreeIsWhatDtcMakes(String id, @TempDir Path tmp) throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/dtc")),
                "dtc not installed (apt-get install device-tree-compiler); board DTB not compared");
        Platform p = Platforms.require(id, "test");
        Path dts = tmp.resolve(id + ".dts");
        Files.writeString(dts, p.deviceTreeSource());
        Path out = tmp.resolve("board.dtb");
        Process proc = new ProcessBuilder("/usr/bin/dtc", "-I", "dts", "-O", "dtb", "-o", out.toString(), dts.toString())
                .redirectErrorStream(true).start();
        String log = new String(proc.getInputStream().readAllBytes());
        assertThat(proc.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(proc.exitValue()).as(log).isZero();
        assertThat(p.deviceTreeBlob()).isEqualTo(Files.readAllBytes(out));
    }

    /** Every board has its SD slot where the SDK's cv18{0,1}x dtsi put cv-sd: 0x04310000, PLIC source 36. */
    @ParameterizedTest
    @MethodSource("ids")
    void everyBoardHasTheSdControllerAtItsAddressAndInterrupt(String id) {
        Platform p = Platforms.require(id, "test");
        Region sd = p.regions().stream().filter(r -> r.kind() == Region.Kind.SDHCI).findFirst().orElseThrow();
        assertThat(sd.base()).isEqualTo(0x04310000L);
        assertThat(sd.irq()).hasValue(36);
        assertThat(p.regionAt(0x04310024L)).hasValue(sd);
    }

    @Test
    void onlyUartsAndTheSdControllerTakeAnIrqAndThereIsOneSlotAtMost() {
        String sd = "  - {name: sd, kind: sdhci, base: 0x04310000, size: 0x1000, irq: 36}\n";
        String withSd = GOOD.replace("  - {name: rom,", sd + "  - {name: rom,");
        assertThat(read(withSd).regions()).anySatisfy(r -> assertThat(r.kind()).isEqualTo(Region.Kind.SDHCI));
        assertThatThrownBy(() -> read(withSd.replace(", irq: 36}", "}")))
                .hasMessage("platforms/b.yaml:11:5: SD controller sd has no irq");
        assertThatThrownBy(() -> read(GOOD.replace("size: 0x40000}", "size: 0x40000, irq: 5}")))
                .hasMessage("platforms/b.yaml:12:5: region sram: only UARTs and the SD controller take an irq here");
        assertThatThrownBy(() -> read(withSd.replace(sd, sd + sd.replace("sd,", "sd1,").replace("0x04310000", "0x04320000"))))
                .hasMessage("platforms/b.yaml:7:3: expected at most one region of kind sdhci");
    }

    static final String GOOD = """
            id: b
            name: B
            soc: X
            sdk: {chip-family: cv181x, board: x_b}
            boot-rom: {bl2: 0x0c000000, bl2-size: 0x1000, param1: 0x0c001000}
            regions:
              - {name: mailbox, kind: mailbox, base: 0x01900000, size: 0x1000}
              - {name: sec_sys, kind: sec-sys, base: 0x020b0000, size: 0x1000}
              - {name: rst, kind: reset, base: 0x03003000, size: 0x1000}
              - {name: uart0, kind: uart, base: 0x04140000, size: 0x1000, irq: 44}
              - {name: rom, kind: rom, base: 0x04418000, size: 0x18000}
              - {name: sram, kind: sram, base: 0x0c000000, size: 0x40000}
              - {name: plic, kind: plic, base: 0x70000000, size: 0x4000000}
              - {name: clint, kind: clint, base: 0x74000000, size: 0x10000}
              - {name: dram, kind: dram, base: 0x80000000, size: 0x10000000}
            mailbox: {c906b-irq: 101, c906l-irq: 61}
            little-core:
              reset: {register: 0x03003024, bit: 6}
              vector-enable: {register: 0x020b0004, bit: 13}
              vector-low: 0x020b0020
              vector-high: 0x020b0024
            device-tree: {model: "B", compatible: ["x,b"]}
            stock-preset: b-default
            fixtures: {little-core: duo256m}
            """;

    private static Platform read(String text) {
        return PlatformFile.read("platforms/b.yaml", text);
    }

    @Test
    void aWellFormedFileReads() {
        Platform p = read(GOOD);
        assertThat(p.littleCore().reset()).isEqualTo(new Platform.RegisterBit(0x03003024L, 6));
        assertThat(p.bootRom()).isEqualTo(new Platform.BootRomLayout(0x04418000L, 0x18000, 0x0c000000L, 0x1000, 0x0c001000L));
        assertThat(p.isDefault()).isFalse();
        assertThat(p.deviceTreeSource()).contains("model = \"B\";", "compatible = \"x,b\";", "reg = <0x0 0x80000000 0x0 0x10000000>;",
                "interrupts-extended = <&plic 44 4>;");
    }

    @Test
    void badFilesAreOneLineNamingThePlace() {
        assertThatThrownBy(() -> read(GOOD.replace("base: 0x03003000", "base: 0x020b0800")))
                .hasMessage("platforms/b.yaml:9:5: region rst overlaps sec_sys");
        assertThatThrownBy(() -> read(GOOD.replace("kind: uart,", "kind: serial,")))
                .hasMessageStartingWith("platforms/b.yaml:10:25: unknown region kind 'serial', expected one of dram, rom,");
        assertThatThrownBy(() -> read(GOOD.replace("register: 0x03003024", "register: 0x03004024")))
                .hasMessage("platforms/b.yaml:18:21: register 0x3004024 lies in no reset region");
        assertThatThrownBy(() -> read(GOOD.replace("stock-preset: b-default\n", "")))
                .hasMessage("platforms/b.yaml:1:1: missing key 'stock-preset'");
        assertThatThrownBy(() -> read(GOOD.replace("id: b", "id: c")))
                .hasMessage("platforms/b.yaml:1:5: id 'c' must be the file's name (b)");
        assertThatThrownBy(() -> read(GOOD.replace("bl2-size: 0x1000", "bl2-size: 0x80000")))
                .hasMessage("platforms/b.yaml:5:17: BL2 [0xc000000, +0x80000) lies in no sram region");
        assertThatThrownBy(() -> read(GOOD.replace("  - {name: plic, kind: plic, base: 0x70000000, size: 0x4000000}\n", "")))
                .hasMessage("platforms/b.yaml:7:3: expected exactly one region of kind plic, found 0");
        assertThatThrownBy(() -> read(GOOD.replace("irq: 44", "irq: 4096")))
                .hasMessage("platforms/b.yaml:10:68: PLIC source 4096 is outside 1..1023");
        assertThatThrownBy(() -> read(GOOD + "colour: red\n"))
                .hasMessageStartingWith("platforms/b.yaml:25:1: unknown key 'colour', expected one of id,");
    }

    @Test
    void registersTakeResetValuesAndTheChipsDevicesComeOnceAndTogether() {
        String top = "  - {name: top, kind: registers, base: 0x03000000, size: 0x1000, reset: {0x4: 0x50000000}}\n";
        String withTop = GOOD.replace("  - {name: rst,", top + "  - {name: rst,");
        assertThat(read(withTop).regions()).filteredOn(r -> r.name().equals("top")).singleElement()
                .satisfies(r -> assertThat(r.resetValues()).containsExactly(java.util.Map.entry(4L, 0x50000000L)));
        assertThatThrownBy(() -> read(withTop.replace("{0x4: 0x50000000}", "{0x1002: 1}")))
                .hasMessage("platforms/b.yaml:9:73: reset value at 0x1002: expected a 32-bit register inside the region (0x1000 bytes)");
        assertThatThrownBy(() -> read(withTop.replace("{0x4: 0x50000000}", "{four: 1}")))
                .hasMessage("platforms/b.yaml:9:73: expected a register offset (decimal or 0x hex) as a key, found 'four'");
        assertThatThrownBy(() -> read(withTop.replace("kind: registers", "kind: efuse")))
                .hasMessage("platforms/b.yaml:9:69: only a registers region takes reset values");
        String rtc = "  - {name: rtc_ctrl, kind: rtc-ctrl, base: 0x05025000, size: 0x1000}\n"
                + "  - {name: rtc, kind: rtc, base: 0x05026000, size: 0x1000}\n";
        String withRtc = GOOD.replace("  - {name: sram,", rtc + "  - {name: sram,");
        assertThat(read(withRtc).regions()).extracting(Region::kind).contains(Region.Kind.RTC_CTRL, Region.Kind.RTC);
        assertThatThrownBy(() -> read(withRtc.replace("  - {name: rtc, kind: rtc, base: 0x05026000, size: 0x1000}\n", "")))
                .hasMessage("platforms/b.yaml:7:3: regions of kinds rtc-ctrl, rtc work together: give all of them or none");
        assertThatThrownBy(() -> read(withRtc.replace("  - {name: rtc, kind: rtc,", "  - {name: rtc, kind: rtc-ctrl,")))
                .hasMessage("platforms/b.yaml:7:3: expected at most one region of kind rtc-ctrl");
    }

    static final String GATED = GOOD.replace("  - {name: rst, kind: reset,", "  - {name: clkgen, kind: clock, base: 0x03002000, size: 0x1000}\n  - {name: rst, kind: reset,")
            + "clock-gates:\n  - {name: clk_efuse, register: 0x03002000, bit: 11, gates: [sec_sys]}\n";

    @Test
    void aClockGateNamesItsBitAndTheRegionsItClocks() {
        Platform p = read(GATED);
        assertThat(p.gateOf("sec_sys")).hasValue(new Platform.ClockGate("clk_efuse", new Platform.RegisterBit(0x03002000L, 11),
                java.util.List.of("sec_sys")));
        assertThat(p.gateOf("uart0")).isEmpty();
        assertThatThrownBy(() -> read(GATED.replace("gates: [sec_sys]", "gates: [secsys]")))
                .hasMessage("platforms/b.yaml:27:62: clock gate clk_efuse gates 'secsys', which is no region of this board");
        assertThatThrownBy(() -> read(GATED.replace("register: 0x03002000, bit: 11", "register: 0x03003000, bit: 11")))
                .hasMessage("platforms/b.yaml:27:33: register 0x3003000 lies in no clock region");
    }

    @ParameterizedTest
    @MethodSource("ids")
    void everyBoardGatesSecSysWithTheEfuseClock(String id) {
        Platform p = Platforms.require(id, "test");
        assertThat(p.gateOf(p.only(Region.Kind.SEC_SYS).name()).orElseThrow().enable())
                .isEqualTo(new Platform.RegisterBit(0x03002000L, 11));
    }
}
