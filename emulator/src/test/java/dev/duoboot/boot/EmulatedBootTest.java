package dev.duoboot.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.duoboot.fdt.DeviceTree;
import dev.duoboot.fdt.Dtb;
import dev.duoboot.fdt.Node;
import dev.duoboot.fdt.SourceFiles;
import dev.duoboot.firmware.Chain;
import dev.duoboot.scenario.Inputs;
import dev.duoboot.scenario.ResolvedInputs;
import dev.duoboot.scenario.Scenario;
import dev.duoboot.scenario.ScenarioBuilder;
import dev.duoboot.sdk.MemmapPreset;
import dev.duoboot.soc.Machine;
import dev.duoboot.soc.RunLimits;
import dev.duoboot.unicorn.Unicorn;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** ROM to kernel entry on the modelled SG2002, with the fixture chain. */
class EmulatedBootTest {

    static String resource(String name) throws Exception {
        try (InputStream in = EmulatedBootTest.class.getResourceAsStream("/dev/duoboot/presets/dts/" + name)) {
            return new String(in.readAllBytes());
        }
    }

    /** An Arduino-style Duo256M board: the SDK v2 memmap.py and a board DTS of the test's own. */
    static Scenario arduinoBoard(String bootargs) throws Exception {
        Map<String, String> files = new LinkedHashMap<>();
        files.put("memmap.py", MemmapPreset.DUO256M_V2.source());
        files.put("board.dts", """
                /dts-v1/;
                #include "cv18xx_base_riscv.dtsi"
                #include "cv18xx_default_memmap.dtsi"
                #include "arduino_remoteproc.dtsi"
                / { model = "Milk-V Duo256M"; compatible = "milkv,duo256m", "sophgo,sg2002"; };
                """);
        for (String f : List.of("cv18xx_base_riscv.dtsi", "cv18xx_default_memmap.dtsi", "arduino_remoteproc.dtsi")) {
            files.put(f, resource(f));
        }
        return ScenarioBuilder.defaults("test", SourceFiles.of(files)).memmap("memmap.py").dts("board.dts").chain(Chain.FIXTURES)
                .bootargs(bootargs).build();
    }

    @Test
    void fixtureChainReachesTheKernelWithOpenSbisReservationAndUntouchedMemory() throws Exception {
        assumeTrue(Unicorn.unavailableReason().isEmpty(), "libunicorn2 is not installed");
        String bootargs = "console=ttyS0,115200 earlycon=sbi riscv.fwsz=0x80000";
        ResolvedInputs in = Inputs.resolve(arduinoBoard(bootargs));
        try (EmulatedBoot boot = EmulatedBoot.prepare(in, EmulatedChain.images(in), false)) {
            EmulatedBoot.Outcome out = boot.bootToKernel(RunLimits.defaults().withMaxVirtualNanos(5_000_000_000L));
            String console = new String(boot.machine().console().transcript());
            assertThat(out).as(console).isInstanceOf(EmulatedBoot.AtKernel.class);
            EmulatedBoot.KernelEntry k = ((EmulatedBoot.AtKernel) out).entry();
            assertThat(boot.timeline()).extracting(HandOff::stage)
                    .containsExactly(StageId.FSBL, StageId.OPENSBI, StageId.UBOOT, StageId.KERNEL);
            DeviceTree dt = Dtb.read(k.dtb(), "kernel DTB");
            Node resv = dt.node("/reserved-memory").orElseThrow();
            assertThat(resv.children().get(0).name()).isEqualTo("mmode_resv0@80000000");
            assertThat(dt.node("/memory@80000000").orElseThrow().property("reg").orElseThrow().value())
                    .isEqualTo(in.kernelTree().node("/memory@80000000").orElseThrow().property("reg").orElseThrow().value());
            assertThat(k.dtbAddress()).isLessThan(0x8fe00000L).isGreaterThan(0x8f000000L);
            assertThat(dt.node("/chosen").orElseThrow().property("bootargs").orElseThrow().asString()).contains(bootargs);
            // both cores ran: the little core printed its banner while the big core booted
            assertThat(boot.machine().console().linesOf(Machine.HART_C906L))
                    .anySatisfy(l -> assertThat(l).startsWith("C906L: duoboot little-core image (cvirtos) on hart 0, running at 0x8fe00000"));
            assertThat(console).contains("Starting kernel ...");

            long status = boot.afterKernel(EmulatedBoot.KERNEL_NEXT_MAILBOX_TEST, 25_000_000L,
                    RunLimits.defaults().withMaxVirtualNanos(8_000_000_000L)).orElseThrow();
            String all = new String(boot.machine().console().transcript());
            assertThat(all).contains("recv cmd(19) from C906B, param_ptr [0x2]", "recv cmd(19) from C906B...send [0x4] to C906B",
                    "C906B: cmd.param_ptr = 0x4", "recv cmd(19) from C906B, param_ptr [0x3]", "C906B: cmd.param_ptr = 0x3");
            assertThat(status).isZero();
        }
    }
}
