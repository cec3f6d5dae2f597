package dev.duoboot.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.duoboot.fdt.SourceFiles;
import dev.duoboot.linux.DriverRule;
import dev.duoboot.linux.KernelProfile;
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
 * ION and remoteproc together on the Arduino kernel (milkv-duo/duo-buildroot-sdk#158): the scan after
 * unflatten_device_tree() puts ION below the early allocations at a base inside a page, the vendor
 * heap zeroes below it, the kernel oopses; PR #174's kernel puts ION back at ION_ADDR.
 */
class IonOopsTest {

    @Test
    void ionOnTheArduinoKernelOopsesInTheVendorsWords() {
        BootReport r = Pipeline.check(Preset.named("duo-v1-arduino-ion4m").scenario());
        assertThat(r.verdict().kind()).isEqualTo(VerdictKind.KERNEL_OOPS);
        List<String> log = r.kernel().orElseThrow().log().stream().map(l -> l.text()).toList();
        String base = log.stream().filter(l -> l.startsWith("Ion: rmem_ion_device_init: heap carveout base 0x00000000"))
                .findFirst().orElseThrow();
        assertThat(base).doesNotContain("000 size"); // not page aligned
        assertThat(log).containsSubsequence("Ion: ion_parse_dt_heap_common: id 0 type 2 name carveout align 1000",
                "ion_carveout_heap_create, size=0x400000", "cvi_get_rtos_ion_size, rtos ion_size get:0x0",
                "Unable to handle kernel NULL pointer dereference at virtual address 0000000000000000", "Oops [#1]", "Modules linked in:",
                "CPU: 0 PID: 1 Comm: swapper Not tainted 5.10.4-tag- #1");
        assertThat(log).noneMatch(l -> l.contains("remoteproc"));
        Diagnosis d = r.diagnosis().orElseThrow();
        assertThat(d.rule()).isEqualTo(DriverRule.ION_HEAP_ZEROES_BELOW_BASE);
        assertThat(d.node()).isEqualTo("/cvitek-ion/heap_carveout@0");
        assertThat(d.kernelSource()).contains("ion_carveout_heap.c ion_carveout_heap_create()");
        assertThat(d.fixes()).extracting(f -> f.edit().orElseThrow()).containsExactly(
                new ScenarioEdit.UseKernel("cvitek-5.10-d"),
                new ScenarioEdit.Together(List.of(new ScenarioEdit.UseKernel("cvitek-5.10-d"), new ScenarioEdit.MemmapAssign("ION_SIZE", "16 * SIZE_1M"))),
                new ScenarioEdit.MemmapAssign("ION_SIZE", "0 * SIZE_1M"));
        assertThat(d.fixes()).allMatch(Diagnosis.Fix::verified);
    }

    @Test
    void prNumber174sKernelPutsIonBackAtIonAddr() {
        BootReport r = Pipeline.check(Preset.named("duo-v1-arduino-ion4m").scenario()
                .with(new ScenarioEdit.UseKernel(KernelProfile.CVITEK_5_10_D.name())));
        assertThat(r.verdict().kind()).isEqualTo(VerdictKind.REMOTEPROC_RUNNING);
        assertThat(r.kernelLog()).anyMatch(l -> l.endsWith("Ion: Ion memory setup at 0x0000000083b40000 size 4 MiB"))
                .anyMatch(l -> l.endsWith("platform carveout: [ion] add heap id 0, type 2, base 0x83b40000, size 0x400000"));
        assertThat(r.diagnosis()).isEmpty();
    }

    /** A user's own Arduino layout: FreeRTOS 1 MiB, ION 6 MiB, the carve-out node named otherwise: the same diagnosis. */
    @Test
    void aUsersOwnLayoutGetsTheSameDiagnosis() {
        Scenario base = Preset.named("duo-v1-arduino-ion4m").scenario();
        String memmap = new String(base.files().read("presets/duo-v1-arduino-ion4m/memmap.py").orElseThrow(), StandardCharsets.UTF_8)
                .replace("FREERTOS_SIZE = 768 * SIZE_1K", "FREERTOS_SIZE = 1024 * SIZE_1K")
                .replace("ION_SIZE = 4 * SIZE_1M", "ION_SIZE = 6 * SIZE_1M");
        assertThat(memmap).contains("FREERTOS_SIZE = 1024 * SIZE_1K", "ION_SIZE = 6 * SIZE_1M");
        String dts = """
                /dts-v1/;
                #include "../presets/dts/cv18xx_base_riscv.dtsi"
                #include "../presets/dts/cv18xx_default_memmap.dtsi"

                &{/reserved-memory} {
                	little: c906l_code@CVIMMAP_FREERTOS_ADDR {
                		reg = <0x0 CVIMMAP_FREERTOS_ADDR 0x0 CVIMMAP_FREERTOS_SIZE>;
                		no-map;
                	};
                };

                / {
                	model = "my Duo";
                	compatible = "milkv,duo", "cvitek,cv180x";
                	rproc@0 {
                		compatible = "cvitek,cv18xx-c906l-rproc";
                		memory-region = <&little>;
                		firmware-name = "cvirtos.elf";
                	};
                };
                """;
        SourceFiles files = base.files();
        Scenario s = base.toBuilder().files(p -> switch (p) {
            case "mine/memmap.py" -> Optional.of(memmap.getBytes(StandardCharsets.UTF_8));
            case "mine/board.dts" -> Optional.of(dts.getBytes(StandardCharsets.UTF_8));
            default -> files.read(p);
        }).memmap("mine/memmap.py").dts("mine/board.dts").build();
        BootReport r = Pipeline.check(s);
        assertThat(r.verdict().kind()).isEqualTo(VerdictKind.KERNEL_OOPS);
        Diagnosis d = r.diagnosis().orElseThrow();
        assertThat(d.rule()).isEqualTo(DriverRule.ION_HEAP_ZEROES_BELOW_BASE);
        assertThat(d.summary()).contains("ION_ADDR 0x83900000");
        assertThat(d.fixes()).allMatch(Diagnosis.Fix::verified);
    }
}
