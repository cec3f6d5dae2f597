package dev.duoboot.sdk;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The memmap values the project's FSBL fixture reads from its own image
 * ({@code firmware-fixtures/src/fsbl/fsbl_config.h}): the SDK compiles them into FSBL from
 * {@code cvi_board_memmap.h}; duoboot patches them into the prebuilt fixture when it packs a
 * fip.bin, so one FSBL serves every memmap.py. The fixture's 32-byte head holds "DBFS" at +4 and
 * the config block's offset and size at +8 and +12; the block starts with "DBFSCFG1".
 */
public record FsblConfig(long dramBase, long dramSize, long opensbiFdtAddr, long uartBase) {

    /** UART0, the console of both boards (facts section 9). */
    public static final long UART0_BASE = 0x04140000L;
    static final int BLOCK_SIZE = 40;

    /** DRAM_BASE, DRAM_SIZE and OPENSBI_FDT_ADDR from a memory map, console on UART0. */
    public static FsblConfig from(MemoryMap map) {
        return new FsblConfig(map.get("DRAM_BASE"), map.get("DRAM_SIZE"), map.get("OPENSBI_FDT_ADDR"), UART0_BASE);
    }

    /** Whether {@code bl2} is the FSBL fixture (carries the "DBFS" head with a config block). */
    public static boolean isFixture(byte[] bl2) {
        return blockOffset(bl2).isPresent();
    }

    /** A copy of the fixture image with this configuration written into its config block. */
    public byte[] patchInto(byte[] bl2) {
        int at = blockOffset(bl2).orElseThrow(() -> new SdkFileException(
                "BL2: offset 0x4: not the duoboot FSBL fixture (no \"DBFS\" head with a \"DBFSCFG1\" block)"));
        byte[] out = bl2.clone();
        FipImage.put64(out, at + 8, dramBase);
        FipImage.put64(out, at + 16, dramSize);
        FipImage.put64(out, at + 24, opensbiFdtAddr);
        FipImage.put64(out, at + 32, uartBase);
        return out;
    }

    /** The configuration currently in a fixture image. */
    public static Optional<FsblConfig> readFrom(byte[] bl2) {
        return blockOffset(bl2).map(at -> new FsblConfig(FipImage.u64(bl2, at + 8), FipImage.u64(bl2, at + 16),
                FipImage.u64(bl2, at + 24), FipImage.u64(bl2, at + 32)));
    }

    private static Optional<Integer> blockOffset(byte[] bl2) {
        if (bl2.length < 16 || !ascii(bl2, 4, 4).equals("DBFS")) {
            return Optional.empty();
        }
        long at = FipImage.u32(bl2, 8);
        long size = FipImage.u32(bl2, 12);
        if (size != BLOCK_SIZE || at + BLOCK_SIZE > bl2.length || !ascii(bl2, (int) at, 8).equals("DBFSCFG1")) {
            return Optional.empty();
        }
        return Optional.of((int) at);
    }

    private static String ascii(byte[] b, int at, int len) {
        return new String(b, at, len, StandardCharsets.ISO_8859_1);
    }
}
