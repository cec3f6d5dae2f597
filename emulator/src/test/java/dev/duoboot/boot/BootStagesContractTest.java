package dev.duoboot.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.duoboot.boot.EmulatedBoot;
import dev.duoboot.boot.EmulatedChain;
import dev.duoboot.cpu.Privilege;
import dev.duoboot.fdt.DeviceTree;
import dev.duoboot.fdt.Dtb;
import dev.duoboot.fdt.Node;
import dev.duoboot.fdt.RegEntry;
import dev.duoboot.firmware.BootImages;
import dev.duoboot.firmware.Chain;
import dev.duoboot.firmware.StageFirmware;
import dev.duoboot.platform.Platform;
import dev.duoboot.platform.Platforms;
import dev.duoboot.scenario.Inputs;
import dev.duoboot.scenario.Preset;
import dev.duoboot.scenario.ResolvedInputs;
import dev.duoboot.scenario.Scenario;
import dev.duoboot.soc.Machine;
import dev.duoboot.soc.RunLimits;
import dev.duoboot.unicorn.Unicorn;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What every boot chain must do, the real firmware and the fixtures alike, on both boards: the
 * stages hand over in the SDK's order with the SDK's registers, FSBL releases the C906L (or leaves
 * it in reset without a little-core image), OpenSBI's reservation reaches the kernel, and U-Boot
 * relocates the DTB below the top of /memory without touching /memory.
 */
class BootStagesContractTest {

    static final RunLimits LIMITS = RunLimits.defaults().withMaxVirtualNanos(10_000_000_000L);

    static ResolvedInputs inputs(Platform board, Chain chain, boolean freertos) {
        assumeTrue(Unicorn.unavailableReason().isEmpty(), "libunicorn2 is not installed");
        if (chain == Chain.REAL) {
            assumeTrue(Files.exists(BootImages.DEBIAN_OPENSBI) && Files.exists(BootImages.DEBIAN_UBOOT),
                    "Debian packages opensbi and u-boot-qemu are not installed: real-chain contract skipped");
        }
        return Inputs.resolve(Preset.named(board.stockPreset()).scenario().toBuilder().chain(chain).freertosInFip(freertos).build());
    }

    static EmulatedBoot boot(ResolvedInputs in) {
        return EmulatedBoot.prepare(in, EmulatedChain.images(in), in.chain() == Chain.REAL);
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"duo256m, REAL", "duo256m, FIXTURES", "duo, REAL", "duo, FIXTURES"})
    void stagesHandOverAsTheSdkDoes(String boardId, Chain chain) {
        Platform board = Platforms.require(boardId, "test");
        ResolvedInputs in = inputs(board, chain, true);
        try (EmulatedBoot boot = boot(in)) {
            EmulatedBoot.Outcome out = boot.bootToKernel(LIMITS);
            assertThat(out).as(new String(boot.machine().console().transcript())).isInstanceOf(EmulatedBoot.AtKernel.class);
            List<HandOff> t = boot.timeline();
            assertThat(t).extracting(HandOff::stage).containsExactly(StageId.FSBL, StageId.OPENSBI, StageId.UBOOT, StageId.KERNEL);
            HandOff sbi = t.get(1);
            assertThat(sbi.privilege()).isEqualTo(Privilege.MACHINE);
            assertThat(sbi.entry()).isEqualTo(in.mm("MONITOR_ADDR"));
            assertThat(sbi.a0()).isZero();
            assertThat(sbi.a1()).isEqualTo(in.mm("OPENSBI_FDT_ADDR"));
            assertThat(boot.machine().readLong(sbi.a2())).as("fw_dynamic_info magic").isEqualTo(0x4942534fL);
            HandOff ub = t.get(2);
            assertThat(ub.privilege()).isEqualTo(Privilege.SUPERVISOR);
            assertThat(ub.a1()).isEqualTo(in.mm("OPENSBI_FDT_ADDR"));
            HandOff k = t.get(3);
            assertThat(k.privilege()).isEqualTo(Privilege.SUPERVISOR);
            assertThat(k.entry()).isEqualTo(BootImages.KERNEL_ADDR);

            // OpenSBI's reservation reaches the kernel, first under /reserved-memory
            DeviceTree kdt = Dtb.read(k.deviceTree().orElseThrow(), "kernel DTB");
            Node first = kdt.node("/reserved-memory").orElseThrow().children().get(0);
            assertThat(first.name()).isEqualTo("mmode_resv0@80000000");
            // /memory exactly as the board DTS has it; the DTB relocated below its top
            Node memory = kdt.node("/memory@80000000").orElseThrow();
            assertThat(memory.property("reg").orElseThrow().value())
                    .isEqualTo(in.kernelTree().node("/memory@80000000").orElseThrow().property("reg").orElseThrow().value());
            RegEntry ram = memory.reg().get(0);
            assertThat(k.a1()).isBetween(ram.address(), ram.address() + ram.size() - kdt.root().walk().size());
            assertThat(k.a1() + Dtb.write(kdt).length).isLessThanOrEqualTo(ram.address() + ram.size());
            assertThat(k.a1() >= in.mm("UIMAG_ADDR") && k.a1() < in.mm("UIMAG_ADDR") + in.mm("UIMAG_SIZE"))
                    .as("relocated, not used in place inside boot.sd").isFalse();

            // FSBL released the C906L, which prints while the C906B goes on
            assertThat(boot.machine().isHeld(Machine.HART_C906L)).isFalse();
            assertThat(boot.machine().console().linesOf(Machine.HART_C906L)).first().asString()
                    .startsWith("C906L: duoboot little-core image (cvirtos) on hart 0, running at 0x"
                            + Long.toHexString(in.mm("FREERTOS_ADDR")));
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"REAL", "FIXTURES"})
    void withoutALittleCoreImageTheC906LStaysInReset(Chain chain) {
        ResolvedInputs in = inputs(Platforms.require("duo256m", "test"), chain, false);
        try (EmulatedBoot boot = boot(in)) {
            assertThat(boot.bootToKernel(LIMITS)).isInstanceOf(EmulatedBoot.AtKernel.class);
            assertThat(boot.machine().isHeld(Machine.HART_C906L)).isTrue();
            assertThat(boot.machine().console().linesOf(Machine.HART_C906L)).isEmpty();
            assertThat(new String(boot.machine().console().transcript())).contains("C2S/0x0/0x0/0x0.\nNo C906L image.\n");
        }
    }

    @Test
    void debiansOpenSbiStopsWhenTheDeviceTreeLiesInsideItsRegionSoTheRealChainRunsTheMonitor() {
        assumeTrue(Files.exists(BootImages.DEBIAN_OPENSBI), "Debian's opensbi is not installed");
        Scenario duoV2 = Preset.named("duo-v1-default").scenario().toBuilder().chain(Chain.REAL).build()
                .toBuilder().memmap("sdk/memmap/duo_v2.py").build();
        ResolvedInputs in = Inputs.resolve(duoV2);
        assertThat(in.mm("OPENSBI_FDT_ADDR")).isEqualTo(0x80040000L);
        // the real chain picks the firmware that fits: duoboot's monitor, and says why
        assertThat(in.stages().opensbi()).isEqualTo(StageFirmware.OpenSbi.DUOBOOT_MONITOR);
        assertThat(in.stages().why()).hasValueSatisfying(w -> assertThat(w).contains("OPENSBI_FDT_ADDR 0x80040000 lies inside it"));
        try (EmulatedBoot boot = boot(in)) {
            assertThat(boot.bootToKernel(LIMITS)).isInstanceOf(EmulatedBoot.AtKernel.class);
        }
        // Debian's OpenSBI given as the user's stops before U-Boot: the guest parks, the boot ends in OpenSBI
        BootRecord r = new EmulatedChain(RunLimits.defaults().withMaxVirtualNanos(500_000_000L))
                .boot(Inputs.resolve(duoV2.toBuilder().opensbi(BootImages.DEBIAN_OPENSBI.toString())
                        .files(p -> Preset.files().read(p).or(() -> readDisk(p))).build()));
        assertThat(r.verdict()).isInstanceOfSatisfying(Verdict.BootStopped.class, v -> {
            assertThat(v.stage()).isEqualTo(StageId.OPENSBI);
            assertThat(v.lastLines()).contains("Jump to monitor at 0x80000000.");
        });
    }

    private static java.util.Optional<byte[]> readDisk(String p) {
        try {
            java.nio.file.Path path = java.nio.file.Path.of(p);
            return Files.exists(path) ? java.util.Optional.of(Files.readAllBytes(path)) : java.util.Optional.empty();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
