package dev.duoboot.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.duoboot.boot.BootRecord;
import dev.duoboot.boot.OpenSbiFixups;
import dev.duoboot.boot.StaticChain;
import dev.duoboot.boot.UbootBootm;
import dev.duoboot.boot.Verdict;
import dev.duoboot.fdt.DeviceTree;
import dev.duoboot.fdt.Dtb;
import dev.duoboot.fdt.DtsCompiler;
import dev.duoboot.fdt.Node;
import dev.duoboot.fdt.RegEntry;
import dev.duoboot.fdt.SourceFiles;
import dev.duoboot.firmware.BootImages;
import dev.duoboot.firmware.Chain;
import dev.duoboot.scenario.Inputs;
import dev.duoboot.scenario.Preset;
import dev.duoboot.scenario.ResolvedInputs;
import dev.duoboot.scenario.Scenario;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What each modelled stage does to the device tree and where U-Boot puts it. */
class StaticChainTest {

    private static BootRecord boot(Scenario s) {
        return new StaticChain().boot(Inputs.resolve(s));
    }

    private static DeviceTree passedOn(BootRecord r, StageId stage) {
        return r.stage(stage).orElseThrow().dtPassedOn().orElseThrow().dt().tree();
    }

    /** The first reg entry of a node. */
    private static RegEntry reg(DeviceTree t, String path) {
        return t.node(path).orElseThrow().reg().getFirst();
    }

    private static List<String> children(DeviceTree t, String path) {
        return t.node(path).orElseThrow().children().stream().map(Node::name).toList();
    }

    @Test
    void openSbiAddsItsFirmwareRegionFirstAndUbootCopiesIt() {
        BootRecord real = boot(Preset.named("duo256m-v2-arduino-port").scenario());
        DeviceTree sbi = passedOn(real, StageId.OPENSBI);
        assertThat(children(sbi, "/reserved-memory")).containsExactly("mmode_resv0@80000000", "ion", "rtos_dram@0x8fe00000");
        Node mmode = sbi.node("/reserved-memory/mmode_resv0@80000000").orElseThrow();
        assertThat(reg(sbi, "/reserved-memory/mmode_resv0@80000000")).isEqualTo(new RegEntry(0x80000000L, 0x80000));
        assertThat(mmode.hasProperty("no-map")).isFalse(); // the C906 has PMP
        DeviceTree kernel = passedOn(real, StageId.UBOOT);
        assertThat(children(kernel, "/reserved-memory")).containsExactly("mmode_resv0@80000000", "ion", "rtos_dram@0x8fe00000");
        assertThat(kernel.node("/reserved-memory/mmode_resv0@80000000").orElseThrow().phandle()).isPresent();
    }

    @Test
    void theFixtureMonitorReservesThePowerOfTwoAroundItsImage() {
        DeviceTree sbi = passedOn(boot(Preset.named("duo256m-v2-arduino-port").scenario().toBuilder().chain(Chain.FIXTURES).build()), StageId.OPENSBI);
        assertThat(reg(sbi, "/reserved-memory/mmode_resv0@80000000")).isEqualTo(new RegEntry(0x80000000L, 0x20000));
    }

    @Test
    void firmwareRegionIsTheSmallestAlignedPowerOfTwo() {
        assertThat(OpenSbiFixups.firmwareRegion(0x80000000L, 0x15920)).isEqualTo(new OpenSbiFixups.Region(0x80000000L, 0x20000));
        assertThat(OpenSbiFixups.firmwareRegion(0x80000000L, 0x80000)).isEqualTo(new OpenSbiFixups.Region(0x80000000L, 0x80000));
        assertThat(OpenSbiFixups.firmwareRegion(0x80010000L, 0x20000)).isEqualTo(new OpenSbiFixups.Region(0x80000000L, 0x40000));
    }

    @Test
    void nobodyEditsTheMemoryNodeAndUbootSetsBootargs() {
        for (Preset p : Preset.all()) {
            ResolvedInputs in = Inputs.resolve(p.scenario());
            if (in.memmap().failedAssert().isPresent()) {
                continue; // the build stops at memmap.py: no stage runs
            }
            DeviceTree kernel = passedOn(new StaticChain().boot(in), StageId.UBOOT);
            Node before = in.kernelTree().root().children().stream().filter(n -> n.name().startsWith("memory")).findFirst().orElseThrow();
            Node after = kernel.node("/" + before.name()).orElseThrow();
            assertThat(after.properties()).as(p.id()).isEqualTo(before.properties());
            assertThat(kernel.node("/chosen").orElseThrow().property("bootargs").flatMap(x -> x.asString()))
                    .contains("root=/dev/mmcblk0p2 rootwait rw console=ttyS0,115200 earlycon=sbi riscv.fwsz=0x"
                            + Long.toHexString(in.mm("OPENSBI_SIZE")));
        }
    }

    @Test
    void ubootPutsTheDtbAtTheHighestFreePageBelowItsStack() {
        ResolvedInputs in = Inputs.resolve(Preset.named("duo256m-v2-arduino-port").scenario());
        BootRecord r = new StaticChain().boot(in);
        long ramTop = in.mm("KERNEL_MEMORY_ADDR") + in.mm("KERNEL_MEMORY_SIZE");
        UbootBootm.Relocation reloc = UbootBootm.fixtureRelocation(ramTop);
        long ofLen = in.kernelDtb().length + BootImages.FDT_PAD;
        assertThat(r.kernel().orElseThrow().dtbAddr()).isEqualTo((reloc.sp() - 4096 - ofLen) & -0x1000L);
        assertThat(reloc.relocaddr() % 0x1000).isZero();
        assertThat(reloc.sp()).isLessThan(reloc.relocaddr());
        // fdt_shrink_to_minimum(): used size plus five reserve entries, to the end of a page
        assertThat(r.kernel().orElseThrow().dtb().size() % 0x1000).isZero();
        assertThat(Dtb.header(r.kernel().orElseThrow().dtb().blob(), "dtb").totalSize()).isEqualTo(r.kernel().orElseThrow().dtb().size());
    }

    @Test
    void noMapIsCopiedOnlyUntilTheFirstSourceNodeWithoutIt() {
        DeviceTree control = Dtb.read(Dtb.write(tree("""
                / { #address-cells = <2>; #size-cells = <2>;
                    memory@80000000 { device_type = "memory"; reg = <0 0x80000000 0 0x4000000>; };
                    reserved-memory { #address-cells = <2>; #size-cells = <2>; ranges;
                        a@83000000 { reg = <0 0x83000000 0 0x1000>; no-map; };
                        b@83100000 { reg = <0 0x83100000 0 0x1000>; };
                        c@83200000 { reg = <0 0x83200000 0 0x1000>; no-map; };
                    };
                };""")), "control");
        DeviceTree kernelDt = tree("/ { #address-cells = <2>; #size-cells = <2>; memory@80000000 { device_type = \"memory\"; reg = <0 0x80000000 0 0x4000000>; }; };");
        UbootBootm.Result res = UbootBootm.run(control, Dtb.write(kernelDt),
                new UbootBootm.Env("", 0x4000000, 0x3000, true, 0x80200000L, 0x1000));
        DeviceTree out = Dtb.read(res.dtb(), "kernel");
        // each node is added first, so the last copied comes first
        assertThat(children(out, "/reserved-memory")).containsExactly("c@83200000", "b@83100000", "a@83000000");
        assertThat(out.node("/reserved-memory/a@83000000").orElseThrow().hasProperty("no-map")).isTrue();
        assertThat(out.node("/reserved-memory/b@83100000").orElseThrow().hasProperty("no-map")).isFalse();
        assertThat(out.node("/reserved-memory/c@83200000").orElseThrow().hasProperty("no-map")).isFalse();
        // created with the root's cells; /chosen created too
        assertThat(out.node("/reserved-memory").orElseThrow().properties().stream().map(p -> p.name()).toList())
                .containsExactly("#address-cells", "#size-cells", "ranges");
        assertThat(out.node("/chosen")).isPresent();
    }

    @Test
    void withoutTheCopyTheVendorTableHasRoomForTheCarveout() {
        Scenario s = Preset.named("duo256m-vendor-table-full").scenario().toBuilder().ubootCopiesReservedMemory(false).build();
        BootRecord r = boot(s);
        assertThat(children(passedOn(r, StageId.UBOOT), "/reserved-memory")).doesNotContain("mmode_resv0@80000000");
        assertThat(r.kernel().orElseThrow().verdict()).isInstanceOf(Verdict.RemoteprocRunning.class);
    }

    @Test
    void withoutFreertosInTheFipNoVectorIsProgrammed() {
        BootRecord r = boot(Preset.named("duo256m-v2-default").scenario().toBuilder().freertosInFip(false).build());
        assertThat(r.stages().getFirst().events().getFirst()).isEqualTo(new StageEvent.NoLittleCoreImage(true));
        assertThat(r.kernel().orElseThrow().verdict()).isEqualTo(new Verdict.NoRemoteproc(
                "FSBL had no little-core image (freertos-in-fip: false), so the C906L stays in reset"));
    }

    @Test
    void aDisabledRprocNodeMeansNoRemoteprocAndAMissingFirmwareNameAFailedProbe() {
        Scenario s = Preset.named("duo256m-v2-arduino-builtin").scenario();
        Scenario disabled = s.toBuilder().files(withText(s, "presets/dts/arduino_remoteproc.dtsi", "status = \"okay\"", "status = \"disabled\"")).build();
        assertThat(boot(disabled).kernel().orElseThrow().verdict().id()).isEqualTo("no-remoteproc");
        Scenario unnamed = s.toBuilder().files(withText(s, "presets/dts/arduino_remoteproc.dtsi", "firmware-name = \"cvirtos.elf\";", ""))
                .build();
        assertThat(boot(unnamed).kernel().orElseThrow().verdict()).isEqualTo(new Verdict.RemoteprocDriverMissing("/c906l_rproc@0",
                "the driver's probe fails without a firmware-name property"));
    }

    /** The scenario's files with one text replaced in one of them. */
    private static SourceFiles withText(Scenario s, String path, String from, String to) {
        SourceFiles files = s.files();
        return p -> p.equals(path)
                ? files.read(p).map(b -> new String(b, StandardCharsets.UTF_8).replace(from, to).getBytes(StandardCharsets.UTF_8))
                : files.read(p);
    }

    private static DeviceTree tree(String body) {
        return DtsCompiler.compile(SourceFiles.of(Map.of("t.dts", "/dts-v1/;\n" + body + "\n")), "t.dts",
                DtsCompiler.Options.defaults()).tree();
    }
}
