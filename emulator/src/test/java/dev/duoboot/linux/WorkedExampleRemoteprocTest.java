package dev.duoboot.linux;

import dev.duoboot.platform.Platform;
import dev.duoboot.platform.Platforms;
import static org.assertj.core.api.Assertions.assertThat;

import dev.duoboot.fdt.Node;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** §10 continued: probe, auto-boot before the rootfs, then "echo start > state". */
class WorkedExampleRemoteprocTest {

    /** The Duo's C906L registers, as the platform file gives them. */
    static final Platform.LittleCoreControl REGS = Platforms.require("duo", "test").littleCore();

    static final byte[] CVIRTOS = Fixtures.littlecore("cvirtos.elf");

    record Run(KernelRun kernel, Remoteproc rproc, SparseMemory mem, RemoteprocOutcome start) {}

    static Run startOnDuo(String remoteproc, CvitekRproc.Variant variant, byte[] firmware) {
        KernelRun k = WorkedExampleTest.boot(remoteproc);
        SparseMemory mem = new SparseMemory();
        mem.write32(0x03003024L, 0x40); // FSBL left the little core running
        mem.regWrites.clear();
        Node rp = k.inputs().tree().node("/c906l_rproc@0").orElseThrow();
        Remoteproc r = Remoteproc.probe(k, rp, new CvitekRproc(variant, REGS), mem).orElseThrow();
        r.autoBoot(Map.of());
        RemoteprocOutcome out = r.stateStore("start\n", Map.of("cvirtos.elf", firmware));
        return new Run(k, r, mem, out);
    }

    static List<String> rprocLines(KernelRun k) {
        return k.printk().visible(LogLevel.INFO).stream().map(LogLine::formatted)
                .filter(s -> s.contains("remoteproc") || s.contains("rproc")).toList();
    }

    @Test
    void moduleBuildFailsWithMinus22() {
        Run run = startOnDuo("m", CvitekRproc.Variant.LATER, CVIRTOS);
        assertThat(run.start().returnCode()).isEqualTo(-22);
        assertThat(run.start().state()).isEqualTo(RprocState.OFFLINE);
        assertThat(rprocLines(run.kernel())).containsExactly(
                "[    1.000000] remoteproc remoteproc0: c906l_rproc@0 is available",
                "[    2.000010] remoteproc remoteproc0: Direct firmware load for cvirtos.elf failed with error -2",
                "[    2.000020] remoteproc remoteproc0: powering up c906l_rproc@0",
                "[    2.000030] remoteproc remoteproc0: Direct firmware load for cvirtos.elf failed with error -2",
                "[    2.000040] remoteproc remoteproc0: request_firmware failed: -2",
                "[    3.000050] remoteproc remoteproc0: powering up c906l_rproc@0",
                "[    3.000060] remoteproc remoteproc0: Booting fw image cvirtos.elf, size " + CVIRTOS.length,
                "[    3.000070] cvitek-rproc c906l_rproc@0: unable to acquire memory-region",
                "[    3.000080] remoteproc remoteproc0: Boot failed: -22");
        assertThat(run.mem().regWrites).isEmpty();
        assertThat(run.start().segments()).isEmpty();
    }

    @Test
    void builtInDriverLoadsTheFirmwareAndReleasesTheCore() {
        Run run = startOnDuo("y", CvitekRproc.Variant.LATER, CVIRTOS);
        assertThat(run.start().returnCode()).isZero();
        assertThat(run.start().state()).isEqualTo(RprocState.RUNNING);
        assertThat(rprocLines(run.kernel())).endsWith(
                "[    3.000050] remoteproc remoteproc0: powering up c906l_rproc@0",
                "[    3.000060] remoteproc remoteproc0: Booting fw image cvirtos.elf, size " + CVIRTOS.length,
                "[    3.000070] remoteproc remoteproc0: no resource table found for this firmware",
                "[    3.000100] cvitek-rproc c906l_rproc@0: Started from 0x83f40000",
                "[    3.000110] remoteproc remoteproc0: remote processor c906l_rproc@0 is now up");
        assertThat(run.start().carveouts()).containsExactly(
                new RemoteprocOutcome.Carveout("rtos_dram", 0x83f40000L, 0xc0000, 0x83f40000L, true));
        // the first segment's bytes are in DRAM at its physical address
        byte[] firstWord = run.mem().read(0x83f40000L, 4);
        assertThat(firstWord).containsExactly(java.util.Arrays.copyOfRange(CVIRTOS, 0x1000, 0x1004));
        // reset held (bit 6 cleared), then released
        assertThat(run.mem().regWrites).containsExactly(
                new SparseMemory.RegWrite(0x03003024L, 0x00),
                new SparseMemory.RegWrite(0x03003024L, 0x40));
    }

    @Test
    void originalDriverNeedsAResourceTable() {
        Run noTable = startOnDuo("y", CvitekRproc.Variant.ORIGINAL, CVIRTOS);
        assertThat(noTable.start().returnCode()).isEqualTo(-22);
        assertThat(rprocLines(noTable.kernel())).endsWith(
                "[    3.000060] remoteproc remoteproc0: Booting fw image cvirtos.elf, size " + CVIRTOS.length,
                "[    3.000070] remoteproc remoteproc0: Boot failed: -22");
        Run withTable = startOnDuo("y", CvitekRproc.Variant.ORIGINAL, Fixtures.littlecore("arduino.elf"));
        assertThat(withTable.start().returnCode()).isZero();
    }

    @Test
    void vectorForkProgramsSecSys() {
        Run run = startOnDuo("y", CvitekRproc.Variant.VECTOR, CVIRTOS);
        assertThat(run.mem().regWrites).containsExactly(
                new SparseMemory.RegWrite(0x03003024L, 0x00),
                new SparseMemory.RegWrite(0x020B0000L + 4, 1L << 13),
                new SparseMemory.RegWrite(0x020B0000L + 0x20, 0x83f40000L),
                new SparseMemory.RegWrite(0x020B0000L + 0x24, 0),
                new SparseMemory.RegWrite(0x03003024L, 0x40));
    }
}
