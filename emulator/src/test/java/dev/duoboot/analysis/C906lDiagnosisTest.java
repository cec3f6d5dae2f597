package dev.duoboot.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.duoboot.boot.BootRule;
import dev.duoboot.boot.LittleCoreObservation;
import dev.duoboot.boot.Verdict;
import dev.duoboot.fdt.SourceFiles;
import dev.duoboot.firmware.Chain;
import dev.duoboot.linux.DriverRule;
import dev.duoboot.linux.KernelRule;
import dev.duoboot.pipeline.Pipeline;
import dev.duoboot.scenario.Preset;
import dev.duoboot.scenario.RprocDriverChoice;
import dev.duoboot.scenario.Scenario;
import dev.duoboot.scenario.ScenarioBuilder;
import dev.duoboot.scenario.ScenarioEdit;
import dev.duoboot.soc.RunLimits;
import dev.duoboot.unicorn.Unicorn;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The mainline C906L driver's failures (failures.md §9, §10): the rule, node and source of each
 * diagnosis, its fixes verified, the fixed input booted, and the same diagnosis reached on layouts
 * that are no preset (other boards, addresses, sizes, node names, a module build).
 */
class C906lDiagnosisTest {

    static final RunLimits LIMITS = RunLimits.defaults().withMaxVirtualNanos(20_000_000_000L);

    private static Diagnosis diagnose(Scenario s) {
        return Pipeline.check(s).diagnosis().orElseThrow();
    }

    private static List<ScenarioEdit> verifiedEdits(Diagnosis d) {
        return d.fixes().stream().filter(Diagnosis.Fix::verified).map(f -> f.edit().orElseThrow()).toList();
    }

    private static BootReport boot(Scenario s) {
        assumeTrue(Unicorn.unavailableReason().isEmpty(), "libunicorn2 is not installed");
        return Pipeline.boot(s.toBuilder().chain(Chain.FIXTURES).build(), LIMITS, dev.duoboot.analysis.FixCheck.EMULATED_BOOT);
    }

    // ---- sophgo/linux#11 ----------------------------------------------------------------------

    @Test
    void theFirstStartIsNoResetEdgeAndAssertingTheResetInProbeFixesIt() {
        Scenario s = Preset.named("duo256m-c906l-first-start").scenario();
        Diagnosis d = diagnose(s);
        assertThat(d.rule()).isEqualTo(BootRule.C906L_NOT_RESTARTED);
        assertThat(d.node()).isEqualTo("/c906l-rproc");
        assertThat(d.kernelSource()).contains("sophgo_cv1800b_c906l.c", "cv1800b_c906l_probe()", "cv1800b_c906l_start()");
        assertThat(d.summary()).contains("released at 0x8fe00000", "no reset edge");
        assertThat(verifiedEdits(d)).containsExactly(new ScenarioEdit.UseRprocDriver(RprocDriverChoice.SOPHGO_C906L_RESET_IN_PROBE));
        Scenario fixed = s.with(verifiedEdits(d).getFirst());
        assertThat(Pipeline.check(fixed).verdict().id()).isEqualTo("remoteproc-running");
    }

    @Test
    void onTheMachineTheFixedDriverRestartsTheCoreAndThePostedOneDoesNot() {
        Scenario s = Preset.named("duo256m-c906l-first-start").scenario();
        BootReport failing = boot(s);
        assertThat(failing.verdict()).isInstanceOfSatisfying(Verdict.RemoteprocOtherImage.class,
                o -> assertThat(o.runs()).isEqualTo(LittleCoreObservation.Image.NOT_RESTARTED));
        assertThat(failing.diagnosis().orElseThrow().fixes().getFirst().verified()).as("re-booted with the fix").isTrue();
        BootReport fixed = boot(s.with(new ScenarioEdit.UseRprocDriver(RprocDriverChoice.SOPHGO_C906L_RESET_IN_PROBE)));
        assertThat(fixed.verdict().id()).isEqualTo("remoteproc-running");
        // the firmware started twice: from FSBL's release, and from remoteproc's after the reset in probe
        assertThat(fixed.consoles().get(1).lines()).filteredOn(l -> l.contains("duoboot little-core image")).hasSize(2);
        assertThat(failing.consoles().get(1).lines()).filteredOn(l -> l.contains("duoboot little-core image")).hasSize(1);
    }

    // ---- the binding ----------------------------------------------------------------------------

    @Test
    void aMissingSysconIsASilentProbeFailureAndTheDtFixPointsAtTheSecSysSyscon() {
        Scenario s = Preset.named("duo256m-c906l-no-syscon").scenario();
        BootReport r = Pipeline.check(s);
        assertThat(r.log()).noneMatch(l -> l.contains("c906l"));
        Diagnosis d = r.diagnosis().orElseThrow();
        assertThat(d.rule()).isEqualTo(DriverRule.RPROC_C906L_SYSCON);
        assertThat(d.node()).isEqualTo("/c906l-rproc");
        assertThat(verifiedEdits(d)).containsExactly(
                new ScenarioEdit.SetReference("/c906l-rproc", "sophgo,syscon", "/soc/syscon@20b0000", List.of(), "&sec_sys"));
        assertThat(d.fixes().getFirst().where()).startsWith("presets/dts/sg2002_milkv_duo256m_c906l_no_syscon.dts: sophgo,syscon = <&sec_sys>;");
        assertThat(Pipeline.check(s.with(verifiedEdits(d).getFirst())).verdict().id()).isEqualTo("remoteproc-running");
    }

    @Test
    void aMissingResetsPrintsTheDriversLinesAndTheFixNamesTheC906lLine() {
        Scenario s = Preset.named("duo256m-c906l-no-syscon").scenario().with(
                new ScenarioEdit.SetReference("/c906l-rproc", "sophgo,syscon", "/soc/syscon@20b0000", List.of(), "&sec_sys"));
        SourceFiles files = s.files();
        String path = "presets/dts/sg2002_milkv_duo256m_c906l.dtsi";
        s = s.toBuilder().files(p -> p.equals(path) ? files.read(p).map(b -> new String(b, StandardCharsets.UTF_8)
                .replace("resets = <&rst 294>;", "").getBytes(StandardCharsets.UTF_8)) : files.read(p)).build();
        BootReport r = Pipeline.check(s);
        assertThat(r.log()).contains("[    1.000000] cv1800b-c906l c906l-rproc: error -ENOENT: failed to get reset control handle",
                "[    1.000010] cv1800b-c906l c906l-rproc: probe with driver cv1800b-c906l failed with error -2");
        Diagnosis d = r.diagnosis().orElseThrow();
        assertThat(d.rule()).isEqualTo(DriverRule.RPROC_C906L_RESET);
        assertThat(verifiedEdits(d)).containsExactly(
                new ScenarioEdit.SetReference("/c906l-rproc", "resets", "/soc/reset-controller@3003000", List.of(294L), "&rst 294"));
    }

    // ---- the efuse clock ------------------------------------------------------------------------

    @Test
    void theSecSysHangIsTheGatedEfuseClockAndBothFixesBoot() {
        Scenario s = Preset.named("duo256m-sec-sys-clock-gated").scenario();
        BootReport r = boot(s);
        assertThat(r.verdict()).isEqualTo(new Verdict.BusHang(0, 0x020b0004L, false, "sec_sys", "clk_efuse", 0x03002000L, 11,
                "echo start > /sys/class/remoteproc/remoteproc0/state"));
        Diagnosis d = r.diagnosis().orElseThrow();
        assertThat(d.rule()).isEqualTo(KernelRule.CLK_UNUSED_GATES_EFUSE);
        assertThat(d.node()).isEqualTo("/soc/syscon@20b0000");
        assertThat(d.kernelSource()).contains("clk_disable_unused()", "clk-cv1800.c");
        assertThat(d.fixesCheckedWith()).hasValue(FixCheck.EMULATED_BOOT);
        assertThat(verifiedEdits(d)).containsExactly(
                new ScenarioEdit.SetReference("/soc/syscon@20b0000", "clocks", "/soc/clock-controller@3002000", List.of(19L), "&clk CLK_EFUSE"),
                new ScenarioEdit.AppendBootarg("clk_ignore_unused"));
        BootReport fixed = boot(s.with(verifiedEdits(d).getFirst()));
        assertThat(fixed.verdict().id()).isEqualTo("remoteproc-running");
        assertThat(fixed.log()).contains("[    2.000060] clk: Disabling unused clocks");
    }

    @Test
    void theSameLayoutOnALineWithoutTheCv1800ClockDriverDoesNotHang() {
        Scenario s = Preset.named("duo256m-sec-sys-clock-gated").scenario().toBuilder().kernel("linux-6.6", "test").build();
        BootReport r = Pipeline.check(s);
        assertThat(r.verdict().id()).isEqualTo("remoteproc-running");
        assertThat(r.log()).noneMatch(l -> l.contains("clk:"));
    }

    // ---- layouts that are no preset ---------------------------------------------------------------

    /** A Duo (CV1800B, 64 MiB) with mainline's carve-out and other node names and labels, the driver as a module. */
    static final String DUO_DTS = """
            /dts-v1/;
            #include "cv18xx_base_riscv.dtsi"
            / {
            	model = "my duo";
            	memory@80000000 {
            		device_type = "memory";
            		reg = <0x00 CVIMMAP_KERNEL_MEMORY_ADDR 0x00 CVIMMAP_KERNEL_MEMORY_SIZE>;
            	};
            	reserved-memory {
            		#address-cells = <0x2>;
            		#size-cells = <0x2>;
            		ranges;
            		littlefw: coprocessor_rtos@CVIMMAP_FREERTOS_ADDR {
            			reg = <0x0 CVIMMAP_FREERTOS_ADDR 0x0 CVIMMAP_FREERTOS_SIZE>;
            			no-map;
            		};
            	};
            	smallcore: remote-core {
            		compatible = "sophgo,cv1800b-c906l";
            		firmware-name = "cvirtos.elf";
            		memory-region = <&littlefw>;
            		resets = <&rstc 294>;
            		sophgo,syscon = <&secsys>;
            	};
            };
            &{/soc} {
            	clkgen: clock-controller@3002000 {
            		compatible = "sophgo,cv1800-clk";
            		reg = <0x0 0x03002000 0x0 0x1000>;
            		#clock-cells = <1>;
            	};
            	rstc: reset-controller@3003000 {
            		compatible = "sophgo,cv1800b-reset";
            		reg = <0x0 0x03003000 0x0 0x1000>;
            		#reset-cells = <1>;
            	};
            	secsys: system-controller@20b0000 {
            		compatible = "syscon";
            		reg = <0x0 0x020b0000 0x0 0x1000>;
            		CLOCKS
            	};
            };
            """;

    static final String MODULE_CONFIG = "CONFIG_REMOTEPROC=y\nCONFIG_SOPHGO_CV1800B_C906L=m\n";

    private static Scenario duoLayout(String clocks) {
        SourceFiles presets = Preset.files();
        String dts = DUO_DTS.replace("CLOCKS", clocks);
        SourceFiles files = p -> switch (p) {
            case "presets/dts/my_duo.dts" -> Optional.of(dts.getBytes(StandardCharsets.UTF_8));
            case "my.config" -> Optional.of(MODULE_CONFIG.getBytes(StandardCharsets.UTF_8));
            default -> presets.read(p);
        };
        return ScenarioBuilder.defaults("my-duo", files).board("duo", "test").memmap("sdk/memmap/duo_v1.py")
                .dts("presets/dts/my_duo.dts").kernel("mainline", "test").kernelConfig("my.config").build();
    }

    @Test
    void aDuoWithOtherNamesAndAModuleIsTheSameUnrestartedCore() {
        Scenario s = duoLayout("clocks = <&clkgen 19>;");
        BootReport r = Pipeline.check(s);
        assertThat(r.inputs().driver()).as("the DT names the mainline driver's compatible").isEqualTo(RprocDriverChoice.SOPHGO_C906L);
        // the module's auto-boot at load already started it; echo start only takes a reference
        assertThat(r.log()).containsSubsequence("[    1.000000] clk: Disabling unused clocks",
                "[    2.000000] remoteproc remoteproc0: remote-core is available",
                "[    3.000010] remoteproc remoteproc0: powering up remote-core",
                "[    3.000060] remoteproc remoteproc0: remote processor remote-core is now up");
        assertThat(r.verdict()).isInstanceOfSatisfying(Verdict.RemoteprocOtherImage.class,
                o -> assertThat(o.runs()).isEqualTo(LittleCoreObservation.Image.NOT_RESTARTED));
        Diagnosis d = r.diagnosis().orElseThrow();
        assertThat(d.rule()).isEqualTo(BootRule.C906L_NOT_RESTARTED);
        assertThat(d.node()).isEqualTo("/remote-core");
        assertThat(d.summary()).contains("released at 0x83f40000");
        assertThat(verifiedEdits(d)).containsExactly(new ScenarioEdit.UseRprocDriver(RprocDriverChoice.SOPHGO_C906L_RESET_IN_PROBE));
    }

    @Test
    void aDuoWhoseSysconClaimsNoClockHangsAtTheModulesAutoBoot() {
        Scenario s = duoLayout("").toBuilder().rprocDriver(RprocDriverChoice.SOPHGO_C906L_RESET_IN_PROBE).build();
        BootReport r = boot(s);
        assertThat(r.verdict()).isInstanceOfSatisfying(Verdict.BusHang.class, h -> {
            assertThat(h.address()).isEqualTo(0x020b0004L);
            assertThat(h.during()).isEqualTo("the auto-boot when the module loaded (rproc_add())");
        });
        Diagnosis d = r.diagnosis().orElseThrow();
        assertThat(d.rule()).isEqualTo(KernelRule.CLK_UNUSED_GATES_EFUSE);
        assertThat(d.node()).isEqualTo("/soc/system-controller@20b0000");
        assertThat(d.fixes().getFirst().edit()).hasValue(new ScenarioEdit.SetReference("/soc/system-controller@20b0000", "clocks",
                "/soc/clock-controller@3002000", List.of(19L), "&clkgen CLK_EFUSE"));
        assertThat(d.fixes().getFirst().verified()).as("booted again with the clock").isTrue();
        // with the driver as posted, the clock fix gets past the hang to sophgo/linux#11
        Diagnosis posted = diagnose(duoLayout(""));
        assertThat(posted.rule()).isEqualTo(KernelRule.CLK_UNUSED_GATES_EFUSE);
        assertThat(posted.fixes().getFirst().result().map(Verdict::id)).hasValue("remoteproc-other-image");
    }

    @Test
    void aGrownWindowOnTheDuo256mHangsTheSameWay() {
        Scenario s = Preset.named("duo256m-sec-sys-clock-gated").scenario().toBuilder()
                .edit(new ScenarioEdit.MemmapAssign("FREERTOS_SIZE", "3 * SIZE_1M")).build();
        Diagnosis d = diagnose(s);
        assertThat(d.rule()).isEqualTo(KernelRule.CLK_UNUSED_GATES_EFUSE);
        assertThat(verifiedEdits(d)).hasSize(2);
    }
}
