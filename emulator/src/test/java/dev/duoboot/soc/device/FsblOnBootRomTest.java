package dev.duoboot.soc.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.duoboot.cpu.C906Hart;
import dev.duoboot.fdt.DeviceTree;
import dev.duoboot.fdt.Dtb;
import dev.duoboot.firmware.BootImages;
import dev.duoboot.firmware.Chain;
import dev.duoboot.firmware.LittleCoreImage;
import dev.duoboot.platform.Platforms;
import dev.duoboot.sdk.MemmapPreset;
import dev.duoboot.sdk.MemoryMap;
import dev.duoboot.soc.Machine;
import dev.duoboot.soc.RunLimits;
import dev.duoboot.soc.RunResult;
import dev.duoboot.unicorn.RiscvRegister;
import dev.duoboot.unicorn.Unicorn;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The FSBL fixture run by the modelled mask ROM on a modelled Duo256M ({@link Machine#powerOn}):
 * from reset through the RTC's request enables and the DDR bring-up's handshakes to the call into
 * the monitor, through the ROM API.
 */
class FsblOnBootRomTest {
    private Machine machine;
    private boolean atMonitor;

    @AfterEach
    void close() {
        if (machine != null) {
            machine.close();
        }
    }

    /** Powers a {@code board} on with {@code fip} on its SD card; empty when the ROM took it. */
    private Optional<BootRom.Refusal> powerOn(String board, byte[] fip) {
        assumeTrue(Unicorn.unavailableReason().isEmpty(), "libunicorn2 is not installed");
        machine = Machine.create(Platforms.require(board, "test"));
        machine.watch(0x80000000L, h -> {
            atMonitor = h.id() == Machine.HART_C906B;
            return atMonitor;
        });
        return machine.powerOn(BootMedium.sdCard(fip));
    }

    private RunResult run() {
        return machine.run(RunLimits.defaults().withMaxInstructions(50_000_000L).withMaxVirtualNanos(1_000_000_000L));
    }

    private String console() {
        return new String(machine.console().transcript(), java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    static byte[] fip(Optional<byte[]> littleCore) {
        MemoryMap map = MemmapPreset.DUO256M_V2.memoryMap();
        byte[] dtb = Dtb.write(new DeviceTree());
        return BootImages.build(Platforms.require("duo256m", "test"), map, Chain.FIXTURES, dtb, dtb, littleCore, "console=ttyS0,115200").fip();
    }

    @Test
    void fsblLoadsEveryImageReleasesTheLittleCoreAndCallsTheMonitorLikeTheSdk() {
        byte[] little = LittleCoreImage.linkedAt("duo256m", LittleCoreImage.Variant.CVIRTOS, 0x8fe00000L).rawBinary();
        assertThat(powerOn("duo256m", fip(Optional.of(little)))).isEmpty();
        run();
        assertThat(atMonitor).as("FSBL jumped to the monitor; console:\n" + console()).isTrue();
        assertThat(console()).contains("\nFSBL duoboot-fixture:cv181x\n", "st_on_reason=0\nst_off_reason=0\n", "P2E.\n", "DPE.\n",
                "DDR init.\nDDR BIST PASS\n", "C2S/0x", "/0x8fe00000/", "RSC.\nC2E.\n", "MS/", "/0x80000000/", "ME.\n",
                "Loader_2nd loaded.\n", "Jump to monitor at 0x80000000.\n",
                "OPENSBI: next_addr=0x80200020 arg1=0x80080000");
        C906Hart hart = machine.hart(Machine.HART_C906B);
        assertThat(hart.register(RiscvRegister.A0)).isZero();
        assertThat(hart.register(RiscvRegister.A1)).isEqualTo(0x80080000L);
        long info = hart.register(RiscvRegister.A2);
        assertThat(machine.readLong(info)).isEqualTo(0x4942534fL); // "OSBI"
        assertThat(machine.readLong(info + 16)).isEqualTo(0x80200020L); // next_addr
        assertThat(machine.readLong(info + 24)).isEqualTo(1L); // next_mode S
        // reset_c906l: the vector in SEC_SYS and bit 6 of 0x03003024 set again
        assertThat(machine.deviceRead(0, 0x020B0020L, 4)).isEqualTo(0x8fe00000L);
        assertThat(machine.deviceRead(0, 0x020B0004L, 4) & (1 << 13)).isNotZero();
        assertThat(machine.deviceRead(0, 0x03003024L, 4) & (1 << 6)).isNotZero();
        assertThat(machine.read(0x8fe00000L, little.length)).isEqualTo(little);
        // set_rtc_en_registers(): every request enable set, hw_wdg_rst_en in RTC_CTRL0
        for (long enable : new long[] {0x050260C0L, 0x050260C8L, 0x050260CCL, 0x050260E0L}) {
            assertThat(machine.deviceRead(0, enable, 4)).as("0x%x", enable).isEqualTo(1);
        }
        assertThat(machine.deviceRead(0, 0x05025008L, 4) & (1 << 6)).isNotZero();
    }

    @Test
    void theFixturesCapacityProbeFindsADuosDramSmallerThanTheMemmapSaysAndStops() {
        // the Duo256M's memmap (DRAM_SIZE 256 MiB) on a Duo: the BIST's addresses wrap at 64 MiB
        MemoryMap map = MemmapPreset.DUO256M_V2.memoryMap();
        byte[] dtb = Dtb.write(new DeviceTree());
        byte[] fip = BootImages.build(Platforms.require("duo", "test"), map, Chain.FIXTURES, dtb, dtb, Optional.empty(),
                "console=ttyS0,115200").fip();
        assertThat(powerOn("duo", fip)).isEmpty();
        RunResult r = run();
        assertThat(console()).contains("DDR init.\n", " E:the DRAM is 64 MiB, smaller than the memmap's DRAM_SIZE 0x10000000\n",
                " E:FSBL panic, halting.\n").doesNotContain("DDR BIST PASS", "C2S/");
        assertThat(atMonitor).isFalse();
        assertThat(r.outcome()).isEqualTo(RunResult.Outcome.IDLE);
    }

    @Test
    void withoutALittleCoreImageFsblSaysSoAndLeavesTheResetBitAlone() {
        assertThat(powerOn("duo256m", fip(Optional.empty()))).isEmpty();
        run();
        assertThat(atMonitor).isTrue();
        assertThat(console()).contains("C2S/0x0/0x0/0x0.\nNo C906L image.\n").doesNotContain("RSC.");
        assertThat(machine.deviceRead(0, 0x03003024L, 4)).isZero();
        assertThat(machine.isHeld(Machine.HART_C906L)).isTrue();
    }

    @Test
    void aCorruptedParam2ChecksumStopsInFsblWithTheSdksMessages() {
        byte[] fip = fip(Optional.empty());
        int param2 = java.nio.ByteBuffer.wrap(fip).order(java.nio.ByteOrder.LITTLE_ENDIAN).getInt(0xE0);
        fip[param2 + 0x30] ^= 1; // a byte covered by PARAM2_CKSUM (MONITOR_CKSUM)
        assertThat(powerOn("duo256m", fip)).isEmpty();
        RunResult r = run();
        assertThat(console()).contains(" E:param2_cksum (0x", " W:DL cancelled. Load flash. (1).\n",
                " E:Failed to load DDR param (8).\n", " E:FSBL panic, halting.\n");
        assertThat(r.outcome()).isEqualTo(RunResult.Outcome.IDLE); // in FSBL's wfi loop
    }

    @Test
    void aCorruptedMonitorBodyStopsInFsblWithTheSdksMessages() {
        byte[] fip = fip(Optional.empty());
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(fip).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        int param2 = b.getInt(0xE0);
        int monitor = b.getInt(param2 + 0x34); // MONITOR_LOADADDR
        fip[monitor + 0x100] ^= 1;
        assertThat(powerOn("duo256m", fip)).isEmpty();
        RunResult r = run();
        assertThat(console()).contains("P2E.", "MS/0x", " E:monitor_cksum (0x", " W:DL cancelled. Load flash. (1).\n",
                " E:Failed to load rest (8).\n", " E:FSBL panic, halting.\n").doesNotContain("Jump to monitor");
        assertThat(r.outcome()).isEqualTo(RunResult.Outcome.IDLE);
    }

    @Test
    void theRomRefusesAFipWhoseParam1IsDamaged() {
        byte[] fip = fip(Optional.empty());
        fip[0x20] ^= 1; // inside NAND_INFO, covered by PARAM_CKSUM
        assertThat(powerOn("duo256m", fip)).hasValueSatisfying(r -> assertThat(r.reason()).contains("param1 checksum"));
    }
}
