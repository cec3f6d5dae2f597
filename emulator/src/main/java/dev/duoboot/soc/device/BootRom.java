package dev.duoboot.soc.device;

import dev.duoboot.cpu.C906Hart;
import dev.duoboot.cpu.FetchHandler;
import dev.duoboot.cpu.Privilege;
import dev.duoboot.platform.Platform;
import dev.duoboot.unicorn.RiscvRegister;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The CV18xx mask ROM, modelled: its code is not public, so its behaviour is served by duoboot.
 *
 * <p>Cold boot: read param1 (4 KiB) from offset 0 of {@code fip.bin} on the boot medium to
 * PARAM1_BASE, check its magic and checksum, load BL2 (FSBL) to the chip's SRAM, check its
 * checksum and enter it at +32 (BL2_ENTRY_OFFSET) in M mode (FSBL platform_def.h,
 * sdk-boot-flow.md 5.2). The ROM API table FSBL calls (include/riscv/rom_api_refer.h) sits at
 * fixed offsets from ROM_BASE: each entry holds a {@code ret}, and a fetch hook does the work
 * before it executes.
 *
 * <p>Assumptions (the ROM's sources are not public): the SD source reports one attempt per
 * image (FSBL's retry loop then falls back to flash), the flash eight (FLASH_NUMBER_OF_RETRIES);
 * its console markers follow boot logs published by users ("SD/offset/size/size/retry.").
 */
public final class BootRom {

    /** Physical memory as the ROM's DMA engine sees it. */
    public interface Bus {
        byte[] read(long address, int length);

        void write(long address, byte[] data);
    }

    /**
     * Runs a ROM routine's memory writes outside the emulation: changing memory while a hart is
     * inside a Unicorn hook (code invalidation, write tracking) is not safe, so {@code load_image}
     * hands its copy to the caller, which stops the hart, does the work and resumes it at the
     * routine's {@code ret}.
     */
    @FunctionalInterface
    public interface Deferral {
        FetchHandler.Action defer(C906Hart hart, Runnable work);
    }

    /** Why a cold boot did not reach FSBL. */
    public record Refusal(String reason) {}

    // ROM API entry offsets (rom_api_refer.h)
    static final int GET_BOOT_SRC = 0x20;
    static final int SET_BOOT_SRC = 0x40;
    static final int LOAD_IMAGE = 0x60;
    static final int FLASH_INIT = 0x80;
    static final int IMAGE_CRC = 0xA0;
    static final int GET_NUMBER_OF_RETRIES = 0xC0;
    static final int VERIFY_RSA = 0xE0;
    static final int CRYPTODMA_AES_DECRYPT = 0x100;

    static final int BOOT_SRC_TAG = 0xCE00;
    static final int BOOT_SRC_SPI_NOR = 0x2 | BOOT_SRC_TAG;
    static final int BOOT_SRC_SD = 0xA0 | BOOT_SRC_TAG;

    static final int PARAM1_SIZE = 0x1000;
    static final int BL2_ENTRY_OFFSET = 32;
    static final long PARAM1_MAGIC = 0x000A31304C425643L; // "CVBL01\n\0"
    static final int RET = 0x00008067; // jalr x0, 0(ra)
    static final int WFI_LOOP = 0x10500073; // wfi (followed by a jump back)

    private final Platform.BootRomLayout chip;
    private final BootMedium medium;
    private final Bus bus;
    private final Consumer<String> console;
    private int bootSource = BOOT_SRC_SD;

    public BootRom(Platform.BootRomLayout chip, BootMedium medium, Bus bus, Consumer<String> console) {
        this.chip = chip;
        this.medium = medium;
        this.bus = bus;
        this.console = console;
    }

    /** Where this ROM, FSBL's SRAM and param1 are (the platform's; FSBL's platform_def.h). */
    public Platform.BootRomLayout layout() {
        return chip;
    }

    /** The ROM's contents: a {@code ret} at every API entry, a {@code wfi} loop everywhere else. */
    public byte[] image() {
        ByteBuffer b = ByteBuffer.allocate(chip.romSize()).order(ByteOrder.LITTLE_ENDIAN);
        for (int at = 0; at + 8 <= chip.romSize(); at += 8) {
            b.putInt(at, WFI_LOOP);
            b.putInt(at + 4, 0xffdff06f); // j -4 (back to the wfi)
        }
        for (int off : new int[] {GET_BOOT_SRC, SET_BOOT_SRC, LOAD_IMAGE, FLASH_INIT, IMAGE_CRC,
                GET_NUMBER_OF_RETRIES, VERIFY_RSA, CRYPTODMA_AES_DECRYPT}) {
            b.putInt(off, RET);
        }
        return b.array();
    }

    /** Serves the ROM API on {@code hart} (which must have the ROM image mapped at ROM_BASE). */
    public void install(C906Hart hart, Deferral deferral) {
        serve(hart, GET_BOOT_SRC, h -> bootSource);
        serve(hart, SET_BOOT_SRC, h -> {
            bootSource = (int) h.register(RiscvRegister.A0);
            return 0;
        });
        hart.onFetch(chip.romBase() + LOAD_IMAGE, h -> loadImage(h, deferral));
        serve(hart, FLASH_INIT, h -> {
            bootSource = BOOT_SRC_SPI_NOR;
            return 0;
        });
        serve(hart, IMAGE_CRC, h -> crcWithTag(bus.read(h.register(RiscvRegister.A0),
                (int) h.register(RiscvRegister.A1))));
        serve(hart, GET_NUMBER_OF_RETRIES, h -> bootSource == BOOT_SRC_SD ? 1 : 8);
        // no secure boot in the model: signature checks and decryption succeed without doing anything
        serve(hart, VERIFY_RSA, h -> 0);
        serve(hart, CRYPTODMA_AES_DECRYPT, h -> 0);
    }

    private interface Call {
        long result(C906Hart hart);
    }

    private void serve(C906Hart hart, int offset, Call call) {
        hart.onFetch(chip.romBase() + offset, h -> {
            h.setRegister(RiscvRegister.A0, call.result(h));
            return FetchHandler.Action.CONTINUE; // the ret at the entry returns to the caller
        });
    }

    /** {@code int load_image(void *buf, uint32_t offset, size_t size, int retry)}. */
    private FetchHandler.Action loadImage(C906Hart h, Deferral deferral) {
        long buf = h.register(RiscvRegister.A0);
        long offset = h.register(RiscvRegister.A1) & 0xffffffffL;
        long size = h.register(RiscvRegister.A2);
        int retry = (int) h.register(RiscvRegister.X0 + 13); // a3
        boolean flash = bootSource != BOOT_SRC_SD;
        Optional<byte[]> data = medium.read(flash, offset, size);
        console.accept((flash ? "NOR" : "SD") + String.format("/0x%x/0x%x/0x%x/%d.", offset, size,
                data.map(d -> d.length).orElse(0), retry) + (data.isPresent() ? "" : "\n"));
        if (data.isEmpty()) {
            h.setRegister(RiscvRegister.A0, -1);
            return FetchHandler.Action.CONTINUE;
        }
        return deferral.defer(h, () -> {
            bus.write(buf, data.get());
            h.setRegister(RiscvRegister.A0, 0);
        });
    }

    /**
     * Loads param1 and FSBL and points {@code hart} at FSBL's entry, as the ROM does after reset.
     * Returns why it could not, if so.
     */
    public Optional<Refusal> coldBoot(C906Hart hart) {
        console.accept("BS/SD.PS.");
        Optional<byte[]> p1 = medium.read(false, 0, PARAM1_SIZE);
        if (p1.isEmpty()) {
            return refuse("fip.bin on the SD card is " + medium.sdSize() + " bytes, shorter than param1 (4096)");
        }
        byte[] param1 = p1.get();
        ByteBuffer p = ByteBuffer.wrap(param1).order(ByteOrder.LITTLE_ENDIAN);
        console.accept(String.format("SD/0x0/0x%x/0x%x/0.", PARAM1_SIZE, PARAM1_SIZE));
        if (p.getLong(0) != PARAM1_MAGIC) {
            return refuse(String.format("fip.bin offset 0x0: param1 magic is 0x%016x, expected \"CVBL01\\n\\0\"", p.getLong(0)));
        }
        long stored = Integer.toUnsignedLong(p.getInt(0x0C));
        long computed = crcWithTag(java.util.Arrays.copyOfRange(param1, 0x10, 0x800));
        if (stored != computed) {
            return refuse(String.format("fip.bin offset 0xc: param1 checksum is 0x%x, computed 0x%x", stored, computed));
        }
        bus.write(chip.param1Base(), param1);
        console.accept("PE.");
        long blcpSize = Integer.toUnsignedLong(p.getInt(0xC4));
        long bl2Cksum = Integer.toUnsignedLong(p.getInt(0xD4));
        long bl2Size = Integer.toUnsignedLong(p.getInt(0xD8));
        if (bl2Size == 0 || bl2Size > chip.bl2Size()) {
            return refuse(String.format("fip.bin offset 0xd8: BL2 size 0x%x does not fit the FSBL SRAM (0x%x)", bl2Size,
                    chip.bl2Size()));
        }
        Optional<byte[]> bl2 = medium.read(false, PARAM1_SIZE + blcpSize, bl2Size);
        if (bl2.isEmpty()) {
            return refuse(String.format("fip.bin: BL2 (0x%x bytes at 0x%x) runs past the end of the file", bl2Size,
                    PARAM1_SIZE + blcpSize));
        }
        long bl2Computed = crcWithTag(bl2.get());
        if (bl2Computed != bl2Cksum) {
            return refuse(String.format("fip.bin offset 0xd4: BL2 checksum is 0x%x, computed 0x%x", bl2Cksum, bl2Computed));
        }
        bus.write(chip.bl2Base(), bl2.get());
        console.accept("BS.SD.\n");
        hart.setPrivilege(Privilege.MACHINE);
        hart.setPc(chip.bl2Base() + BL2_ENTRY_OFFSET);
        return Optional.empty();
    }

    private Optional<Refusal> refuse(String why) {
        console.accept("\n");
        return Optional.of(new Refusal(why));
    }

    /** FSBL's image_crc: CRC-16/XMODEM in the low half, the tag 0xCAFE in the high half. */
    static long crcWithTag(byte[] data) {
        int crc = 0;
        for (byte value : data) {
            crc ^= (value & 0xff) << 8;
            for (int i = 0; i < 8; i++) {
                crc = (crc & 0x8000) != 0 ? (crc << 1) ^ 0x1021 : crc << 1;
            }
            crc &= 0xffff;
        }
        return 0xCAFE0000L | crc;
    }
}
