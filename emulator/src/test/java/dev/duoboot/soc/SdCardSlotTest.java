package dev.duoboot.soc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.duoboot.DuobootException;
import dev.duoboot.platform.Platform;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;

/**
 * The machine's SD slot with the project's sdread fixture (firmware-fixtures/src/sdread): RISC-V
 * code that brings the card up as U-Boot's SD driver does, reads the MBR and blocks by PIO and by
 * SDMA (taking IRQ 36 through the PLIC), writes blocks and reads them back, on a card of known
 * bytes. What it prints is compared with what the card holds.
 */
class SdCardSlotTest {

    static final int CARD_BYTES = 4 << 20;
    static final int BLOCKS = CARD_BYTES / 512;

    static byte[] sdread() throws IOException {
        try (InputStream in = SdCardSlotTest.class.getResourceAsStream("/dev/duoboot/fixtures/sdread/sdread.bin")) {
            return in.readAllBytes();
        }
    }

    /** The test card: the pattern bytes, an MBR with one FAT32 (LBA) partition at 2048. */
    static SdhciControllerTest.ByteCard card() {
        SdhciControllerTest.ByteCard card = new SdhciControllerTest.ByteCard(CARD_BYTES);
        ByteBuffer mbr = ByteBuffer.wrap(card.bytes, 0, 512).order(ByteOrder.LITTLE_ENDIAN);
        Arrays.fill(card.bytes, 0, 512, (byte) 0);
        mbr.putInt(440, 0xd00b5d00);
        mbr.put(446 + 4, (byte) 0x0c).putInt(446 + 8, 2048).putInt(446 + 12, BLOCKS - 2048);
        mbr.put(510, (byte) 0x55).put(511, (byte) 0xaa);
        return card;
    }

    static String crc(byte[] bytes, int from, int length) {
        CRC32 c = new CRC32();
        c.update(bytes, from, length);
        return String.format("0x%08x", c.getValue());
    }

    static RunResult run(Machine m) throws IOException {
        long dram = m.board().dram().base();
        m.load(dram, sdread(), "sdread");
        m.startHart(Machine.HART_C906B, dram);
        return m.run(RunLimits.defaults().withMaxInstructions(200_000_000L).withUntil(Pattern.compile("sdread: (done|no card).*")));
    }

    @Test
    void theFixtureReadsAndWritesTheCardByPioAndSdma() throws IOException {
        for (Platform board : List.of(MachineTest.DUO256M, MachineTest.DUO)) {
            SdhciControllerTest.ByteCard card = card();
            byte[] before = card.bytes.clone();
            try (Machine m = Machine.create(board)) {
                m.insertCard(card);
                RunResult r = run(m);
                assertThat(r.outcome()).as(board.id() + ": " + r.summary() + "\n" + m.console().linesOf(0)).isEqualTo(RunResult.Outcome.MATCHED);
                int last = BLOCKS - 1;
                byte[] lastBlock = new byte[512];
                byte[] twoBlocks = new byte[1024];
                for (int i = 0; i < 512; i++) {
                    lastBlock[i] = (byte) (i * 13 + last);
                }
                for (int i = 0; i < 1024; i++) {
                    twoBlocks[i] = (byte) (i * 13 + last - 2);
                }
                assertThat(m.console().linesOf(0)).as(board.id()).containsExactly(
                        "sdread: SD controller version 0x0002, capabilities 0x1d600000 0x00000007",
                        "sdread: card present",
                        "sdread: CMD8 echoed 0x1aa",
                        "sdread: OCR 0xc0ff8000 after 1 ACMD41",
                        "sdread: CID manufacturer 0x00 OEM DB product DUOSD rev 1.0 serial 0x00000001 made 2026-12",
                        "sdread: RCA 0x0001, CSD version 2.0, C_SIZE 7: 8192 blocks of 512 bytes",
                        "sdread: selected, 4-bit bus at 23437500 Hz, block length 512",
                        "sdread: MBR (PIO CMD17): disk signature 0xd00b5d00, boot signature 0x55aa",
                        "sdread: partition 1: type 0x0c, start 2048, 6144 sectors",
                        "sdread: PIO CMD18+CMD12 blocks 1..4: crc32 " + crc(before, 512, 512) + " " + crc(before, 1024, 512) + " "
                                + crc(before, 1536, 512) + " " + crc(before, 2048, 512),
                        "sdread: SDMA CMD18 blocks 8..23 to 0x80200800, 4 KiB boundary: 2 stops, 3 interrupts, crc32 "
                                + crc(before, 8 * 512, 16 * 512),
                        "sdread: SDMA (version 4 registers) CMD18 blocks 24..31 to 0x8027fc00: 1 stops, crc32 "
                                + crc(before, 24 * 512, 8 * 512),
                        "sdread: PIO CMD24 block 8191, SDMA CMD17 back: same",
                        "sdread: SDMA CMD25+CMD12 blocks 8189..8190, CMD13 state 4, PIO CMD18 back: same",
                        "sdread: done, 5 interrupts from the SD controller");
                // the card holds what was written, and nothing else changed
                assertThat(card.block(last)).isEqualTo(lastBlock);
                assertThat(Arrays.copyOfRange(card.bytes, (last - 2) * 512, last * 512)).isEqualTo(twoBlocks);
                assertThat(Arrays.copyOfRange(card.bytes, 0, (last - 2) * 512)).isEqualTo(Arrays.copyOfRange(before, 0, (last - 2) * 512));
                // DMA into DRAM is tracked like any other writer
                assertThat(m.writes().writes(m.writes().phases().getFirst()))
                        .anySatisfy(w -> assertThat(w.writer()).isEqualTo("SD controller DMA"));
            }
        }
    }

    @Test
    void anEmptySlotReportsNoCard() throws IOException {
        try (Machine m = Machine.create(MachineTest.DUO256M)) {
            RunResult r = run(m);
            assertThat(r.outcome()).isEqualTo(RunResult.Outcome.MATCHED);
            assertThat(m.console().linesOf(0)).containsExactly(
                    "sdread: SD controller version 0x0002, capabilities 0x1d600000 0x00000007", "sdread: no card present");
        }
    }

    @Test
    void aCardTooSmallForTheCsdIsRefused() {
        try (Machine m = Machine.create(MachineTest.DUO)) {
            assertThatThrownBy(() -> m.insertCard(new SdhciControllerTest.ByteCard(1024))).isInstanceOf(DuobootException.class)
                    .hasMessageStartingWith("SD card: 1024 bytes is too small");
        }
    }
}
