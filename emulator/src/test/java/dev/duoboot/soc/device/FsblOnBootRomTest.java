package dev.duoboot.soc.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.duoboot.cpu.C906Hart;
import dev.duoboot.cpu.FetchHandler;
import dev.duoboot.fdt.DeviceTree;
import dev.duoboot.fdt.Dtb;
import dev.duoboot.firmware.BootImages;
import dev.duoboot.firmware.Chain;
import dev.duoboot.firmware.LittleCoreImage;
import dev.duoboot.platform.Platform;
import dev.duoboot.platform.Platforms;
import dev.duoboot.sdk.MemmapPreset;
import dev.duoboot.sdk.MemoryMap;
import dev.duoboot.unicorn.MmioHandler;
import dev.duoboot.unicorn.RiscvRegister;
import dev.duoboot.unicorn.Unicorn;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The FSBL fixture run by the modelled mask ROM on one C906 hart over a minimal platform (SRAM,
 * DRAM, a console UART, the reset and SEC_SYS registers as plain memory): from reset to the call
 * into the monitor, through the ROM API.
 */
class FsblOnBootRomTest {
    private C906Hart hart;
    private final StringBuilder console = new StringBuilder();
    private Runnable deferred;

    /** Runs the hart, doing the ROM's deferred copies between slices. */
    private C906Hart.Stop step() {
        C906Hart.Stop stop = hart.run(100_000);
        if (deferred != null) {
            Runnable work = deferred;
            deferred = null;
            work.run();
        }
        return stop;
    }

    @AfterEach
    void close() {
        if (hart != null) {
            hart.close();
        }
    }

    private BootRom boot(byte[] fip) {
        assumeTrue(Unicorn.unavailableReason().isEmpty(), "libunicorn2 is not installed");
        Platform.BootRomLayout chip = Platforms.require("duo256m", "test").bootRom();
        hart = new C906Hart(0, chip.romBase(), 0x70000000L, h -> 0);
        Unicorn uc = hart.engine();
        uc.map(chip.romBase(), chip.romSize(), Unicorn.PROT_ALL);
        uc.map(0x0C000000L, 0x40000, Unicorn.PROT_ALL);
        uc.map(0x80000000L, 0x10000000L, Unicorn.PROT_ALL);
        uc.map(0x03003000L, 0x1000, Unicorn.PROT_ALL);
        uc.map(0x020B0000L, 0x1000, Unicorn.PROT_ALL);
        uc.mapMmio(0x04140000L, 0x1000, new MmioHandler() {
            @Override
            public long read(Unicorn u, long offset, int size) {
                return offset == 0x14 ? 0x60 : 0;
            }

            @Override
            public void write(Unicorn u, long offset, int size, long value) {
                if (offset == 0) {
                    console.append((char) value);
                }
            }
        });
        BootRom rom = new BootRom(chip, BootMedium.sdCard(fip), new BootRom.Bus() {
            @Override
            public byte[] read(long address, int length) {
                return uc.read(address, length);
            }

            @Override
            public void write(long address, byte[] data) {
                uc.write(address, data);
                hart.invalidateCode(address, address + data.length);
            }
        }, console::append);
        uc.write(chip.romBase(), rom.image());
        rom.install(hart, (h, work) -> {
            deferred = work;
            return FetchHandler.Action.STOP;
        });
        return rom;
    }

    static byte[] fip(Optional<byte[]> littleCore) {
        MemoryMap map = MemmapPreset.DUO256M_V2.memoryMap();
        byte[] dtb = Dtb.write(new DeviceTree());
        return BootImages.build(Platforms.require("duo256m", "test"), map, Chain.FIXTURES, dtb, dtb, littleCore, "console=ttyS0,115200").fip();
    }

    @Test
    void fsblLoadsEveryImageReleasesTheLittleCoreAndCallsTheMonitorLikeTheSdk() {
        byte[] little = LittleCoreImage.linkedAt("duo256m", LittleCoreImage.Variant.CVIRTOS, 0x8fe00000L).rawBinary();
        BootRom rom = boot(fip(Optional.of(little)));
        assertThat(rom.coldBoot(hart)).isEmpty();
        boolean[] entered = new boolean[1];
        hart.onFetch(0x80000000L, h -> {
            entered[0] = true;
            return FetchHandler.Action.STOP;
        });
        for (int i = 0; i < 200 && !entered[0]; i++) {
            step();
        }
        assertThat(entered[0]).as("FSBL jumped to the monitor; console:\n" + console).isTrue();
        String log = console.toString();
        assertThat(log).contains("\nFSBL duoboot-fixture:cv181x\n", "P2E.\n", "DPE.\n",
                "C2S/0x", "/0x8fe00000/", "RSC.\nC2E.\n", "MS/", "/0x80000000/", "ME.\n",
                "Loader_2nd loaded.\n", "Jump to monitor at 0x80000000.\n",
                "OPENSBI: next_addr=0x80200020 arg1=0x80080000");
        Unicorn uc = hart.engine();
        assertThat(hart.register(RiscvRegister.A0)).isZero();
        assertThat(hart.register(RiscvRegister.A1)).isEqualTo(0x80080000L);
        long info = hart.register(RiscvRegister.A2);
        assertThat(uc.readLong(info)).isEqualTo(0x4942534fL); // "OSBI"
        assertThat(uc.readLong(info + 16)).isEqualTo(0x80200020L); // next_addr
        assertThat(uc.readLong(info + 24)).isEqualTo(1L); // next_mode S
        // reset_c906l: the vector in SEC_SYS and bit 6 of 0x03003024 set again
        assertThat(uc.readInt(0x020B0020L)).isEqualTo(0x8fe00000);
        assertThat(uc.readInt(0x020B0004L) & (1 << 13)).isNotZero();
        assertThat(uc.readInt(0x03003024L) & (1 << 6)).isNotZero();
        assertThat(uc.read(0x8fe00000L, little.length)).isEqualTo(little);
    }

    @Test
    void withoutALittleCoreImageFsblSaysSoAndLeavesTheResetBitAlone() {
        BootRom rom = boot(fip(Optional.empty()));
        assertThat(rom.coldBoot(hart)).isEmpty();
        boolean[] entered = new boolean[1];
        hart.onFetch(0x80000000L, h -> {
            entered[0] = true;
            return FetchHandler.Action.STOP;
        });
        for (int i = 0; i < 200 && !entered[0]; i++) {
            step();
        }
        assertThat(console.toString()).contains("C2S/0x0/0x0/0x0.\nNo C906L image.\n").doesNotContain("RSC.");
        assertThat(hart.engine().readInt(0x03003024L)).isZero();
    }

    @Test
    void aCorruptedParam2ChecksumStopsInFsblWithTheSdksMessages() {
        byte[] fip = fip(Optional.empty());
        int param2 = java.nio.ByteBuffer.wrap(fip).order(java.nio.ByteOrder.LITTLE_ENDIAN).getInt(0xE0);
        fip[param2 + 0x30] ^= 1; // a byte covered by PARAM2_CKSUM (MONITOR_CKSUM)
        BootRom rom = boot(fip);
        assertThat(rom.coldBoot(hart)).isEmpty();
        C906Hart.Stop stop = null;
        for (int i = 0; i < 200 && stop != C906Hart.Stop.WFI; i++) {
            stop = step();
        }
        String log = console.toString();
        assertThat(log).contains(" E:param2_cksum (0x", " W:DL cancelled. Load flash. (1).\n",
                " E:Failed to load DDR param (8).\n", " E:FSBL panic, halting.\n");
        assertThat(stop).isEqualTo(C906Hart.Stop.WFI);
    }

    @Test
    void aCorruptedMonitorBodyStopsInFsblWithTheSdksMessages() {
        byte[] fip = fip(Optional.empty());
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(fip).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        int param2 = b.getInt(0xE0);
        int monitor = b.getInt(param2 + 0x34); // MONITOR_LOADADDR
        fip[monitor + 0x100] ^= 1;
        BootRom rom = boot(fip);
        assertThat(rom.coldBoot(hart)).isEmpty();
        C906Hart.Stop stop = null;
        for (int i = 0; i < 400 && stop != C906Hart.Stop.WFI; i++) {
            stop = step();
        }
        String log = console.toString();
        assertThat(log).contains("P2E.", "MS/0x", " E:monitor_cksum (0x", " W:DL cancelled. Load flash. (1).\n",
                " E:Failed to load rest (8).\n", " E:FSBL panic, halting.\n").doesNotContain("Jump to monitor");
        assertThat(stop).isEqualTo(C906Hart.Stop.WFI);
    }

    @Test
    void theRomRefusesAFipWhoseParam1IsDamaged() {
        byte[] fip = fip(Optional.empty());
        fip[0x20] ^= 1; // inside NAND_INFO, covered by PARAM_CKSUM
        BootRom rom = boot(fip);
        assertThat(rom.coldBoot(hart)).hasValueSatisfying(r -> assertThat(r.reason()).contains("param1 checksum"));
    }
}
