package dev.duoboot.linux;

import static org.assertj.core.api.Assertions.assertThat;

import dev.duoboot.fdt.DeviceTree;
import dev.duoboot.fdt.Node;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The mainline C906L driver (sophgo_cv1800b_c906l.c, v2; failures.md §9) on a Duo with mainline's
 * carve-out (cv1800b-milkv-duo.dts: region@83f40000, 0xc0000, no-map): what it writes where and in
 * which order, each probe failure with the lines the kernel prints, and the efuse clock (§10).
 */
class SophgoC906lRprocTest {

    static final byte[] CVIRTOS = Fixtures.littlecore("cvirtos.elf");
    static final long CLK_EN_0 = 0x03002000L;
    static final long SEC_SYS = 0x020b0000L;
    static final long RESET_C906L = 0x03003024L;

    /** Mainline's Duo: all of DRAM in memory, the window no-map, clock, reset and SEC_SYS under /soc, the rproc node at the root. */
    static DeviceTree tree(String bootargs) {
        DeviceTree t = Dt.base(0x80000000L, 0x4000000L, bootargs);
        Node rmem = t.node("/reserved-memory").orElseThrow();
        Dt.node(rmem, "region@83f40000", Dt.cells64("reg", 0x83f40000L, 0xc0000), Dt.empty("no-map"), Dt.cells("phandle", 1));
        Node soc = Dt.node(t.root(), "soc", Dt.cells("#address-cells", 2), Dt.cells("#size-cells", 2), Dt.empty("ranges"),
                Dt.str("compatible", "simple-bus"));
        Dt.node(soc, "clock-controller@3002000", Dt.str("compatible", "sophgo,cv1800-clk"), Dt.cells64("reg", CLK_EN_0, 0x1000),
                Dt.cells("#clock-cells", 1), Dt.cells("phandle", 2));
        Dt.node(soc, "reset-controller@3003000", Dt.str("compatible", "sophgo,cv1800b-reset"), Dt.cells64("reg", 0x03003000L, 0x1000),
                Dt.cells("#reset-cells", 1), Dt.cells("phandle", 3));
        Dt.node(soc, "syscon@20b0000", Dt.str("compatible", "sophgo,sg2002-sec-sys", "syscon"), Dt.cells64("reg", SEC_SYS, 0x1000),
                Dt.cells("clocks", 2, 19), Dt.cells("phandle", 4));
        Dt.node(t.root(), "c906l-rproc", Dt.str("compatible", "sophgo,cv1800b-c906l"), Dt.str("firmware-name", "cvirtos.elf"),
                Dt.cells("memory-region", 1), Dt.cells("resets", 3, 294), Dt.cells("sophgo,syscon", 4));
        return t;
    }

    static DeviceTree tree() {
        return tree("console=ttyS0,115200 earlycon=sbi root=/dev/mmcblk0p2");
    }

    /** The SoC as FSBL left it: the efuse clocks on, the C906L released. */
    static SparseMemory afterFsbl() {
        SparseMemory m = new SparseMemory();
        m.write(CLK_EN_0, new byte[] {0, 0x18, 0, 0});
        m.write(RESET_C906L, new byte[] {0x40, 0, 0, 0});
        return m;
    }

    static KernelRun boot(DeviceTree t) {
        return KernelModel.boot(KernelInputs.of(t, 0x2000, KernelProfile.MAINLINE));
    }

    static List<String> log(KernelRun k) {
        return k.printk().visible(LogLevel.INFO).stream().map(LogLine::text).toList();
    }

    static Node rproc(DeviceTree t) {
        return t.node("/c906l-rproc").orElseThrow();
    }

    @Test
    void startProgramsTheBootAddressThroughTheSysconAndDeassertsTheResetWithTheClockOnAroundEachAccess() {
        DeviceTree t = tree();
        KernelRun k = boot(t);
        SparseMemory mem = afterFsbl();
        mem.regWrites.clear();
        Remoteproc r = Remoteproc.probe(k, rproc(t), new SophgoC906lRproc(SophgoC906lRproc.Variant.V2), mem).orElseThrow();
        k.lateInitcallSync(mem);
        assertThat(k.gatedUnused()).containsExactly("clk_efuse", "clk_apb_efuse");
        RemoteprocOutcome out = r.stateStore("start\n", Map.of("cvirtos.elf", CVIRTOS));
        assertThat(out.returnCode()).isZero();
        assertThat(out.state()).isEqualTo(RprocState.RUNNING);
        assertThat(log(k)).containsSubsequence("remoteproc remoteproc0: c906l-rproc is available", "clk: Disabling unused clocks",
                "remoteproc remoteproc0: powering up c906l-rproc", "remoteproc remoteproc0: Booting fw image cvirtos.elf, size " + CVIRTOS.length,
                "remoteproc remoteproc0: No resource table in elf", "remoteproc remoteproc0: remote processor c906l-rproc is now up");
        long entry = 0x83f40000L;
        assertThat(mem.regWrites).containsExactly(
                // clk_disable_unused(): clk_efuse, then clk_apb_efuse
                new SparseMemory.RegWrite(CLK_EN_0, 0x1000), new SparseMemory.RegWrite(CLK_EN_0, 0),
                // prepare: regmap_update_bits(SEC_SYS + 0x04, BIT(13)): a read and a write, each inside clk_enable/disable
                new SparseMemory.RegWrite(CLK_EN_0, 0x800), new SparseMemory.RegWrite(CLK_EN_0, 0),
                new SparseMemory.RegWrite(CLK_EN_0, 0x800), new SparseMemory.RegWrite(SEC_SYS + 4, 0x2000), new SparseMemory.RegWrite(CLK_EN_0, 0),
                // start: regmap_bulk_write(SEC_SYS + 0x20, {lo, hi}), then reset_control_deassert()
                new SparseMemory.RegWrite(CLK_EN_0, 0x800), new SparseMemory.RegWrite(SEC_SYS + 0x20, entry), new SparseMemory.RegWrite(CLK_EN_0, 0),
                new SparseMemory.RegWrite(CLK_EN_0, 0x800), new SparseMemory.RegWrite(SEC_SYS + 0x24, 0), new SparseMemory.RegWrite(CLK_EN_0, 0),
                new SparseMemory.RegWrite(RESET_C906L, 0x40));
        // stop asserts the reset (active low: the bit is cleared)
        mem.regWrites.clear();
        assertThat(r.stateStore("stop\n", Map.of()).state()).isEqualTo(RprocState.OFFLINE);
        assertThat(mem.regWrites).containsExactly(new SparseMemory.RegWrite(RESET_C906L, 0));
    }

    @Test
    void theSophgoLinux11FixAssertsTheResetInProbe() {
        DeviceTree t = tree();
        SparseMemory mem = afterFsbl();
        mem.regWrites.clear();
        Remoteproc.probe(boot(t), rproc(t), new SophgoC906lRproc(SophgoC906lRproc.Variant.RESET_IN_PROBE), mem).orElseThrow();
        assertThat(mem.regWrites).containsExactly(new SparseMemory.RegWrite(RESET_C906L, 0));
        SparseMemory v2 = afterFsbl();
        v2.regWrites.clear();
        Remoteproc.probe(boot(t), rproc(t), new SophgoC906lRproc(SophgoC906lRproc.Variant.V2), v2).orElseThrow();
        assertThat(v2.regWrites).as("the posted driver leaves FSBL's release alone").isEmpty();
    }

    record ProbeCase(String what, Consumer<DeviceTree> edit, int errno, DriverRule rule, List<String> lines) {
        @Override
        public String toString() {
            return what;
        }
    }

    static Stream<Arguments> probeFailures() {
        return Stream.of(
                new ProbeCase("no firmware-name", t -> rproc(t).removeProperty("firmware-name"), -22, DriverRule.RPROC_C906L_FIRMWARE_NAME,
                        List.of("cv1800b-c906l c906l-rproc: error -EINVAL: No firmware filename given",
                                "cv1800b-c906l c906l-rproc: probe with driver cv1800b-c906l failed with error -22")),
                new ProbeCase("no sophgo,syscon", t -> rproc(t).removeProperty("sophgo,syscon"), -19, DriverRule.RPROC_C906L_SYSCON, List.of()),
                new ProbeCase("sophgo,syscon at a dangling phandle", t -> rproc(t).setProperty(Dt.cells("sophgo,syscon", 99)), -19,
                        DriverRule.RPROC_C906L_SYSCON, List.of()),
                new ProbeCase("sophgo,syscon at a node that is no syscon", t -> rproc(t).setProperty(Dt.cells("sophgo,syscon", 3)), -22,
                        DriverRule.RPROC_C906L_SYSCON, List.of("cv1800b-c906l c906l-rproc: probe with driver cv1800b-c906l failed with error -22")),
                new ProbeCase("a syscon clock of no registered provider", t -> t.node("/soc/syscon@20b0000").orElseThrow()
                        .setProperty(Dt.cells("clocks", 3, 19)), -517, DriverRule.RPROC_C906L_SYSCON, List.of()),
                new ProbeCase("no resets", t -> rproc(t).removeProperty("resets"), -2, DriverRule.RPROC_C906L_RESET,
                        List.of("cv1800b-c906l c906l-rproc: error -ENOENT: failed to get reset control handle",
                                "cv1800b-c906l c906l-rproc: probe with driver cv1800b-c906l failed with error -2")),
                new ProbeCase("resets at a dangling phandle", t -> rproc(t).setProperty(Dt.cells("resets", 77, 294)), -22,
                        DriverRule.RPROC_C906L_RESET, List.of("OF: /c906l-rproc: could not find phandle 77",
                                "cv1800b-c906l c906l-rproc: error -EINVAL: failed to get reset control handle",
                                "cv1800b-c906l c906l-rproc: probe with driver cv1800b-c906l failed with error -22")),
                new ProbeCase("resets at a node no reset driver serves", t -> rproc(t).setProperty(Dt.cells("resets", 4, 294)), -517,
                        DriverRule.RPROC_C906L_RESET, List.of()))
                .map(c -> Arguments.of(c));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("probeFailures")
    void eachProbeLookupFailsAsTheDriverDoes(ProbeCase c) {
        DeviceTree t = tree();
        c.edit().accept(t);
        KernelRun k = boot(t);
        int before = log(k).size();
        Remoteproc.Probed p = Remoteproc.bind(k, rproc(t), new SophgoC906lRproc(SophgoC906lRproc.Variant.V2), afterFsbl());
        assertThat(p).isInstanceOf(Remoteproc.Probed.Failed.class);
        assertThat(((Remoteproc.Probed.Failed) p).errno()).isEqualTo(c.errno());
        assertThat(log(k).subList(before, log(k).size())).containsExactlyElementsOf(c.lines());
        assertThat(k.explanations().getLast().rule()).isEqualTo(c.rule());
    }

    @Test
    void aFailedLookupInPrepareIsOnlyTheCoresCantPrepare() {
        DeviceTree t = tree();
        // memory-region at a node outside /reserved-memory: of_reserved_mem_lookup() finds nothing
        Dt.node(t.root(), "firmware@83f40000", Dt.cells64("reg", 0x83f40000L, 0xc0000), Dt.cells("phandle", 9));
        rproc(t).setProperty(Dt.cells("memory-region", 9));
        KernelRun k = boot(t);
        Remoteproc r = Remoteproc.probe(k, rproc(t), new SophgoC906lRproc(SophgoC906lRproc.Variant.V2), afterFsbl()).orElseThrow();
        RemoteprocOutcome out = r.stateStore("start\n", Map.of("cvirtos.elf", CVIRTOS));
        assertThat(out.returnCode()).isEqualTo(-22);
        List<String> lines = log(k);
        assertThat(lines.subList(lines.lastIndexOf("remoteproc remoteproc0: powering up c906l-rproc") + 1, lines.size())).containsExactly(
                "remoteproc remoteproc0: Booting fw image cvirtos.elf, size " + CVIRTOS.length,
                "remoteproc remoteproc0: can't prepare rproc c906l-rproc: -22",
                "remoteproc remoteproc0: Boot failed: -22");
    }

    /**
     * The binding lists memory-region as firmware, vdev buffer, vring0, vring1, but the driver takes
     * each entry by node name: another order is a binding (schema) error the driver does not see.
     */
    @Test
    void memoryRegionOrderIsTheBindingsNotTheDrivers() {
        DeviceTree t = tree();
        Node rmem = t.node("/reserved-memory").orElseThrow();
        Dt.node(rmem, "vdev0buffer@83f00000", Dt.cells64("reg", 0x83f00000L, 0x40000), Dt.empty("no-map"), Dt.cells("phandle", 5));
        rproc(t).setProperty(Dt.cells("memory-region", 5, 1));
        KernelRun k = boot(t);
        Remoteproc r = Remoteproc.probe(k, rproc(t), new SophgoC906lRproc(SophgoC906lRproc.Variant.V2), afterFsbl()).orElseThrow();
        RemoteprocOutcome out = r.stateStore("start\n", Map.of("cvirtos.elf", CVIRTOS));
        assertThat(out.state()).isEqualTo(RprocState.RUNNING);
        assertThat(out.carveouts()).extracting(RemoteprocOutcome.Carveout::name).containsExactly("vdev0buffer", "region");
        assertThat(out.carveouts().getFirst().allocated()).as("vdev0buffer is a DMA pool, not mapped by the driver").isFalse();
    }

    /** SEC_SYS as failures.md §10.2 has it: with clk_efuse gated, an access never completes. */
    static final class GatedSecSys implements PhysicalMemory {
        final SparseMemory mem = afterFsbl();

        @Override
        public byte[] read(long addr, int len) {
            check(addr);
            return mem.read(addr, len);
        }

        @Override
        public void write(long addr, byte[] bytes) {
            check(addr);
            mem.write(addr, bytes);
        }

        private void check(long addr) {
            if (addr >= SEC_SYS && addr < SEC_SYS + 0x1000 && (mem.read32(CLK_EN_0) & 0x800) == 0) {
                throw new AccessHangs(addr);
            }
        }
    }

    @Test
    void withoutClocksOnTheSysconTheFirstSecSysAccessAfterLateInitcallNeverCompletes() {
        DeviceTree t = tree();
        t.node("/soc/syscon@20b0000").orElseThrow().removeProperty("clocks");
        KernelRun k = boot(t);
        GatedSecSys soc = new GatedSecSys();
        Remoteproc r = Remoteproc.probe(k, rproc(t), new SophgoC906lRproc(SophgoC906lRproc.Variant.RESET_IN_PROBE), soc).orElseThrow();
        k.lateInitcallSync(soc);
        RemoteprocOutcome out = r.stateStore("start\n", Map.of("cvirtos.elf", CVIRTOS));
        assertThat(out.hung()).isTrue();
        assertThat(k.hung()).isTrue();
        assertThat(log(k)).last().isEqualTo("remoteproc remoteproc0: Booting fw image cvirtos.elf, size " + CVIRTOS.length);
        Explanation e = k.explanations().getLast();
        assertThat(e.rule()).isEqualTo(KernelRule.CLK_UNUSED_GATES_EFUSE);
        assertThat(e.nodePath()).isEqualTo("/soc/syscon@20b0000");
        assertThat(e.text()).isEqualTo("the access to 0x20b0004 (/soc/syscon@20b0000) never completed; at late_initcall clk_disable_unused() "
                + "gated clk_efuse and clk_apb_efuse, which no consumer held enabled, and /soc/syscon@20b0000 names no clocks for its "
                + "regmap to enable around each access");
        // nothing happens after a hang: the CPU is still waiting
        int lines = log(k).size();
        r.stateStore("stop\n", Map.of());
        assertThat(log(k)).hasSize(lines);
    }

    @Test
    void clkIgnoreUnusedKeepsTheClockAndTheStartWorks() {
        DeviceTree t = tree("console=ttyS0,115200 earlycon=sbi clk_ignore_unused");
        t.node("/soc/syscon@20b0000").orElseThrow().removeProperty("clocks");
        KernelRun k = boot(t);
        GatedSecSys soc = new GatedSecSys();
        Remoteproc r = Remoteproc.probe(k, rproc(t), new SophgoC906lRproc(SophgoC906lRproc.Variant.RESET_IN_PROBE), soc).orElseThrow();
        k.lateInitcallSync(soc);
        assertThat(log(k)).contains("clk: Not disabling unused clocks");
        assertThat(k.gatedUnused()).isEmpty();
        assertThat(r.stateStore("start\n", Map.of("cvirtos.elf", CVIRTOS)).state()).isEqualTo(RprocState.RUNNING);
    }

    @Test
    void withTheEfuseClockOnTheSysconTheRegmapOpensTheGateForEachAccess() {
        DeviceTree t = tree();
        KernelRun k = boot(t);
        GatedSecSys soc = new GatedSecSys();
        Remoteproc r = Remoteproc.probe(k, rproc(t), new SophgoC906lRproc(SophgoC906lRproc.Variant.RESET_IN_PROBE), soc).orElseThrow();
        k.lateInitcallSync(soc);
        assertThat(r.stateStore("start\n", Map.of("cvirtos.elf", CVIRTOS)).state()).isEqualTo(RprocState.RUNNING);
        assertThat(soc.mem.read32(CLK_EN_0) & 0x800).as("gated again while idle").isZero();
    }

    @Test
    void linesWithoutTheCv1800ClockDriverGateNothing() {
        DeviceTree t = tree();
        KernelRun k = KernelModel.boot(KernelInputs.of(t, 0x2000, KernelProfile.LINUX_6_6));
        SparseMemory mem = afterFsbl();
        k.lateInitcallSync(mem);
        assertThat(log(k)).noneMatch(l -> l.startsWith("clk:"));
        assertThat(mem.read32(CLK_EN_0)).isEqualTo(0x1800);
    }

    /**
     * The driver writes where the DT's syscon and reset controller say; the preset DT and the board's
     * platform file (where the SoC model puts SEC_SYS's enable bit and vector, and the C906L's reset)
     * must agree, or the writes would miss the modelled devices.
     */
    @Test
    void thePresetDtLeadsTheDriverToTheBoardsLittleCoreRegisters() {
        dev.duoboot.scenario.ResolvedInputs in = dev.duoboot.scenario.Inputs.resolve(
                dev.duoboot.scenario.Preset.named("duo256m-c906l-first-start").scenario());
        dev.duoboot.platform.Platform.LittleCoreControl regs = in.board().littleCore();
        DeviceTree t = in.kernelTree();
        KernelRun k = KernelModel.boot(KernelInputs.of(t, 0x2000, KernelProfile.LINUX_6_12));
        SparseMemory mem = afterFsbl();
        mem.regWrites.clear();
        Remoteproc r = Remoteproc.probe(k, rproc(t), new SophgoC906lRproc(SophgoC906lRproc.Variant.V2), mem).orElseThrow();
        r.stateStore("start\n", Map.of("cvirtos.elf", in.firmware().elf()));
        List<Long> written = mem.regWrites.stream().map(SparseMemory.RegWrite::addr).distinct().toList();
        assertThat(written).contains(regs.vectorEnable().register(), regs.vectorLow(), regs.vectorHigh(), regs.reset().register());
        assertThat(mem.read32(regs.vectorEnable().register()) & regs.vectorEnable().mask()).isNotZero();
        assertThat(mem.read32(regs.reset().register()) & regs.reset().mask()).isNotZero();
        assertThat(mem.read32(regs.vectorLow())).isEqualTo(in.firmware().file().entry());
    }
}
