package dev.duoboot.soc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.duoboot.DuobootException;
import dev.duoboot.card.BlockDevice;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The SD controller and card at register level, driven as U-Boot's drivers/mmc/sdhci.c and
 * mmc.c drive them (the sequences of sdhci_send_command, sdhci_transfer_data, sdhci_set_clock,
 * sd_send_op_cond, mmc_startup), over a card of known bytes and a memory of our own.
 */
class SdhciControllerTest {

    static final long MEMORY = 0x80000000L;
    static final int CARD_BYTES = 2 << 20;

    /** A card whose byte at offset o is a function of o, so any misplaced block shows. */
    static final class ByteCard implements BlockDevice {
        final byte[] bytes;

        ByteCard(int size) {
            bytes = new byte[size];
            for (int i = 0; i < size; i++) {
                bytes[i] = (byte) (i * 31 + (i >>> 9) * 7 + 3);
            }
        }

        @Override
        public long sizeBytes() {
            return bytes.length;
        }

        @Override
        public void read(long offset, byte[] into) {
            System.arraycopy(bytes, (int) offset, into, 0, into.length);
        }

        @Override
        public void write(long offset, byte[] from) {
            System.arraycopy(from, 0, bytes, (int) offset, from.length);
        }

        byte[] block(long n) {
            return Arrays.copyOfRange(bytes, (int) n * 512, (int) n * 512 + 512);
        }
    }

    /** Memory at MEMORY; DMA work waits in a list until the test runs it, as a hart's hook would. */
    static final class FakeBus implements SdhciController.Bus {
        final byte[] memory = new byte[4 << 20];
        final List<Runnable> pending = new ArrayList<>();

        @Override
        public void read(long address, byte[] into) {
            System.arraycopy(memory, (int) (address - MEMORY), into, 0, into.length);
        }

        @Override
        public void write(long address, byte[] from) {
            System.arraycopy(from, 0, memory, (int) (address - MEMORY), from.length);
        }

        @Override
        public void later(Runnable work) {
            pending.add(work);
        }

        void runPending() {
            while (!pending.isEmpty()) {
                pending.removeFirst().run();
            }
        }
    }

    final FakeBus bus = new FakeBus();
    final List<Boolean> line = new ArrayList<>();
    final SdhciController sd = new SdhciController(bus, line::add);
    final ByteCard card = new ByteCard(CARD_BYTES);

    int r16(int off) {
        return (int) sd.read(off, 2);
    }

    long r32(int off) {
        return sd.read(off, 4);
    }

    void w8(int off, int v) {
        sd.write(off, 1, v);
    }

    void w16(int off, int v) {
        sd.write(off, 2, v);
    }

    void w32(int off, long v) {
        sd.write(off, 4, v);
    }

    /** sdhci_init and sdhci_set_clock: reset, 3.3 V bus power, status enables, the clock. */
    void powerUp() {
        w8(SdhciController.SOFTWARE_RESET, 1);
        assertThat(sd.read(SdhciController.SOFTWARE_RESET, 1)).isZero();
        w8(SdhciController.POWER_CONTROL, 0x0f);
        w32(SdhciController.INT_ENABLE, 0x027f003bL);
        w32(SdhciController.INT_SIGNAL, 0);
        w16(SdhciController.CLOCK_CONTROL, 0xd541);
        assertThat(r16(SdhciController.CLOCK_CONTROL) & 2).as("internal clock stable").isEqualTo(2);
        w16(SdhciController.CLOCK_CONTROL, r16(SdhciController.CLOCK_CONTROL) | 4);
    }

    /** Issues a command as sdhci_send_command does; returns INT_STATUS after it (then cleared). */
    long command(int index, long arg, int flags) {
        w32(SdhciController.INT_STATUS, 0xffffffffL);
        w32(SdhciController.ARGUMENT, arg);
        w16(SdhciController.COMMAND, index << 8 | flags);
        long stat = r32(SdhciController.INT_STATUS);
        w32(SdhciController.INT_STATUS, SdhciController.INT_CMD_COMPLETE);
        return stat;
    }

    static final int R1 = 0x1a;
    static final int R1B = 0x1b;
    static final int R2 = 0x09;
    static final int R3 = 0x02;
    static final int DATA = 0x20;

    /** mmc_startup for an SD card: to the transfer state at 4-bit width; returns the RCA. */
    int identify() {
        powerUp();
        assertThat(command(0, 0, 0) & 0xffff8001L).isEqualTo(1);
        assertThat(command(8, 0x1aa, R1)).isEqualTo(1);
        assertThat(r32(SdhciController.RESPONSE)).isEqualTo(0x1aa);
        command(55, 0, R1);
        command(41, 0x40300000L, R3);
        assertThat(r32(SdhciController.RESPONSE)).isEqualTo(0xc0ff8000L);
        command(2, 0, R2);
        command(3, 0, R1);
        int rca = (int) (r32(SdhciController.RESPONSE) >>> 16);
        command(9, (long) rca << 16, R2);
        assertThat(command(7, (long) rca << 16, R1B) & 3).as("R1b: command and transfer complete").isEqualTo(3);
        command(55, (long) rca << 16, R1);
        command(6, 2, R1);
        return rca;
    }

    @Test
    void withoutACardNoneIsPresentAndCommandsTimeOut() {
        assertThat(r32(SdhciController.PRESENT_STATE) & SdhciController.PS_CARD_INSERTED).isZero();
        powerUp();
        assertThat(command(0, 0, 0)).as("no response expected: complete").isEqualTo(SdhciController.INT_CMD_COMPLETE);
        long stat = command(8, 0x1aa, R1);
        assertThat(stat).isEqualTo(0x00018000L); // command timeout error, and the error summary bit
        w8(SdhciController.HOST_CONTROL, 0xc0); // card-detect test: "inserted"
        assertThat(r32(SdhciController.PRESENT_STATE) & SdhciController.PS_CARD_INSERTED).isNotZero();
    }

    @Test
    void theCardIdentifiesItselfAsAnSdhcCardOfTheDevicesSize() {
        sd.insert(new SdCard(card));
        assertThat(r32(SdhciController.PRESENT_STATE) & 0x1f0000).isEqualTo(0x1f0000); // inserted, stable, CD, WP, DAT0
        powerUp();
        command(0, 0, 0);
        command(8, 0x1aa, R1);
        command(55, 0, R1);
        assertThat(r32(SdhciController.RESPONSE) & SdCard.APP_CMD).isNotZero();
        command(41, 0, R3); // inquiry: OCR, not powered up
        assertThat(r32(SdhciController.RESPONSE)).isEqualTo(0x00ff8000L);
        command(55, 0, R1);
        command(41, 0x40300000L, R3);
        assertThat(r32(SdhciController.RESPONSE)).isEqualTo(0xc0ff8000L); // power-up done, CCS: SDHC

        command(2, 0, R2);
        // U-Boot's sdhci_cmd_done: response[i] = RESP[3-i] << 8 | top byte of RESP[2-i]
        long[] cid = longResponse();
        assertThat(cid[0] >>> 24).as("MID").isEqualTo(0);
        assertThat((cid[0] >>> 8) & 0xffff).as("OID").isEqualTo(('D' << 8) | 'B');
        byte[] name = {(byte) cid[0], (byte) (cid[1] >>> 24), (byte) (cid[1] >>> 16), (byte) (cid[1] >>> 8), (byte) cid[1]};
        assertThat(new String(name, StandardCharsets.US_ASCII)).isEqualTo("DUOSD");

        command(3, 0, R1);
        long r6 = r32(SdhciController.RESPONSE);
        assertThat(r6 >>> 16).isEqualTo(SdCard.RCA);
        assertThat((r6 >>> 9) & 0xf).as("state ident").isEqualTo(2);

        command(9, (long) SdCard.RCA << 16, R2);
        long[] csd = longResponse();
        assertThat(csd[0] >>> 30).as("CSD version 2.0").isEqualTo(1);
        long cSize = (csd[1] & 0x3f) << 16 | (csd[2] & 0xffff0000L) >>> 16; // mmc_startup's high-capacity C_SIZE
        assertThat((cSize + 1) << 19).isEqualTo(CARD_BYTES);
        assertThat(1 << ((csd[1] >>> 16) & 0xf)).as("READ_BL_LEN").isEqualTo(512);

        command(7, (long) SdCard.RCA << 16, R1B);
        assertThat((r32(SdhciController.RESPONSE) >>> 9) & 0xf).as("R1 shows the state before: stby").isEqualTo(3);
        command(13, (long) SdCard.RCA << 16, R1);
        assertThat((r32(SdhciController.RESPONSE) >>> 9) & 0xf).as("tran").isEqualTo(4);
    }

    long[] longResponse() {
        long[] r = new long[4];
        for (int i = 0; i < 4; i++) {
            r[i] = (r32(SdhciController.RESPONSE + (3 - i) * 4) << 8) & 0xffffffffL;
            if (i != 3) {
                r[i] |= sd.read(SdhciController.RESPONSE + (3 - i) * 4 - 1, 1);
            }
        }
        return r;
    }

    @Test
    void aCardThatNeverSawCmd8StaysBusy() {
        sd.insert(new SdCard(card));
        powerUp();
        command(0, 0, 0);
        command(55, 0, R1);
        command(41, 0x40300000L, R3);
        assertThat(r32(SdhciController.RESPONSE) & SdCard.OCR_POWER_UP_DONE).isZero();
    }

    @Test
    void pioReadsBlocksThroughTheBufferPort() {
        sd.insert(new SdCard(card));
        identify();
        w16(SdhciController.BLOCK_SIZE, 0x7200);
        w16(SdhciController.BLOCK_COUNT, 3);
        w16(SdhciController.TRANSFER_MODE, 0x32); // block count enable, read, multiple
        long stat = command(18, 5, R1 | DATA);
        assertThat(stat & SdhciController.INT_BUFFER_READ_READY).isNotZero();
        for (int b = 0; b < 3; b++) {
            assertThat(r32(SdhciController.PRESENT_STATE) & SdhciController.PS_BUFFER_READ_ENABLE).isNotZero();
            w32(SdhciController.INT_STATUS, SdhciController.INT_BUFFER_READ_READY);
            byte[] got = new byte[512];
            for (int i = 0; i < 512; i += 4) {
                long word = r32(SdhciController.BUFFER);
                for (int k = 0; k < 4; k++) {
                    got[i + k] = (byte) (word >>> (8 * k));
                }
            }
            assertThat(got).as("block %d", 5 + b).isEqualTo(card.block(5 + b));
        }
        assertThat(r32(SdhciController.INT_STATUS) & SdhciController.INT_XFER_COMPLETE).isNotZero();
        assertThat(r16(SdhciController.BLOCK_COUNT)).isZero();
        assertThat(r32(SdhciController.PRESENT_STATE) & 0xf06).as("data lines free").isZero();
        assertThat(command(12, 0, R1B) & 3).isEqualTo(3);
        assertThat((r32(SdhciController.RESPONSE) >>> 9) & 0xf).as("CMD12 found the card sending").isEqualTo(5);
    }

    @Test
    void sdmaPausesAtEachBufferBoundaryUntilTheHostWritesTheAddress() {
        sd.insert(new SdCard(card));
        identify();
        long buffer = MEMORY + 0x800; // 2 KiB below a 4 KiB boundary
        w32(SdhciController.SDMA_ADDRESS, buffer);
        w16(SdhciController.BLOCK_SIZE, 0x0200); // boundary 4 KiB, 512-byte blocks
        w16(SdhciController.BLOCK_COUNT, 16);
        w16(SdhciController.TRANSFER_MODE, 0x33); // DMA
        command(18, 100, R1 | DATA);
        assertThat(r32(SdhciController.PRESENT_STATE) & SdhciController.PS_DAT_INHIBIT).as("DMA under way").isNotZero();
        assertThat(bus.memory[0x800]).as("nothing moved before the DMA work runs").isZero();
        bus.runPending();
        assertThat(r32(SdhciController.INT_STATUS) & 0xb).isEqualTo(SdhciController.INT_DMA);
        assertThat(r32(SdhciController.SDMA_ADDRESS)).isEqualTo(MEMORY + 0x1000);
        assertThat(Arrays.copyOfRange(bus.memory, 0x800, 0x1000)).isEqualTo(Arrays.copyOfRange(card.bytes, 100 * 512, 104 * 512));
        assertThat(bus.memory[0x1000]).isZero();

        w32(SdhciController.INT_STATUS, SdhciController.INT_DMA);
        w32(SdhciController.SDMA_ADDRESS, MEMORY + 0x1000); // the top byte's write restarts it
        bus.runPending();
        assertThat(r32(SdhciController.INT_STATUS) & 0xb).isEqualTo(SdhciController.INT_DMA); // 8 more blocks to 0x2000
        w32(SdhciController.INT_STATUS, SdhciController.INT_DMA);
        w32(SdhciController.SDMA_ADDRESS, MEMORY + 0x2000);
        bus.runPending();
        // the last 4 blocks end at 0x2800, no boundary: transfer complete, no DMA interrupt
        assertThat(r32(SdhciController.INT_STATUS) & 0xb).isEqualTo(SdhciController.INT_XFER_COMPLETE);
        assertThat(Arrays.copyOfRange(bus.memory, 0x800, 0x2800)).isEqualTo(Arrays.copyOfRange(card.bytes, 100 * 512, 116 * 512));
        assertThat(bus.memory[0x2800]).isZero();
        assertThat(r32(SdhciController.SDMA_ADDRESS)).isEqualTo(MEMORY + 0x2800);
    }

    @Test
    void version4ModeTakesTheAddressAt0x58AndA32BitCount() {
        sd.insert(new SdCard(card));
        identify();
        w16(SdhciController.HOST_CONTROL2, 0x3000); // the SDK's 64_addressing: version 4, 64-bit
        long buffer = MEMORY + 0x10000;
        // sdhci_prepare_dma, version 4: the address at 0x58/0x5c, the count at 0x00, 16-bit count 0
        w32(SdhciController.ADMA_ADDRESS, buffer);
        w32(SdhciController.ADMA_ADDRESS + 4, 0);
        w32(SdhciController.SDMA_ADDRESS, 3000);
        w16(SdhciController.BLOCK_COUNT, 0);
        w16(SdhciController.BLOCK_SIZE, 0x7200); // 512 KiB boundary
        w16(SdhciController.TRANSFER_MODE, 0x33);
        command(18, 0, R1 | DATA);
        int boundaries = 0;
        while (true) {
            bus.runPending();
            long stat = r32(SdhciController.INT_STATUS);
            if ((stat & SdhciController.INT_XFER_COMPLETE) != 0) {
                break;
            }
            assertThat(stat & SdhciController.INT_DMA).isNotZero();
            boundaries++;
            long next = r32(SdhciController.ADMA_ADDRESS);
            w32(SdhciController.INT_STATUS, SdhciController.INT_DMA);
            w32(SdhciController.ADMA_ADDRESS, next);
            assertThat(bus.pending).as("a write of 0x58 alone does not restart in 64-bit mode").isEmpty();
            w32(SdhciController.ADMA_ADDRESS + 4, 0);
        }
        // 3000 blocks from 0x80010000: boundaries at 0x80080000, 0x80100000 and 0x80180000
        assertThat(boundaries).isEqualTo(3);
        assertThat(Arrays.copyOfRange(bus.memory, 0x10000, 0x10000 + 3000 * 512)).isEqualTo(Arrays.copyOfRange(card.bytes, 0, 3000 * 512));
        assertThat(r32(SdhciController.SDMA_ADDRESS)).as("the 32-bit count ran down").isZero();
    }

    @Test
    void writesReachTheCardByPioAndBySdma() {
        sd.insert(new SdCard(card));
        identify();
        byte[] pattern = new byte[512];
        Arrays.fill(pattern, (byte) 0xa5);
        pattern[0] = 1;
        w16(SdhciController.BLOCK_SIZE, 0x7200);
        w16(SdhciController.TRANSFER_MODE, 0x02); // write, single
        long stat = command(24, 7, R1 | DATA);
        assertThat(stat & SdhciController.INT_BUFFER_WRITE_READY).isNotZero();
        assertThat(r32(SdhciController.PRESENT_STATE) & SdhciController.PS_BUFFER_WRITE_ENABLE).isNotZero();
        for (int i = 0; i < 512; i += 4) {
            w32(SdhciController.BUFFER, (pattern[i] & 0xff) | (pattern[i + 1] & 0xff) << 8 | (pattern[i + 2] & 0xff) << 16
                    | (long) (pattern[i + 3] & 0xff) << 24);
        }
        assertThat(r32(SdhciController.INT_STATUS) & SdhciController.INT_XFER_COMPLETE).isNotZero();
        assertThat(card.block(7)).isEqualTo(pattern);

        for (int i = 0; i < 1024; i++) {
            bus.memory[0x4000 + i] = (byte) (255 - i);
        }
        w32(SdhciController.SDMA_ADDRESS, MEMORY + 0x4000);
        w16(SdhciController.BLOCK_COUNT, 2);
        w16(SdhciController.TRANSFER_MODE, 0x23); // DMA, count, multiple, write
        command(25, 20, R1 | DATA);
        bus.runPending();
        assertThat(r32(SdhciController.INT_STATUS) & SdhciController.INT_XFER_COMPLETE).isNotZero();
        command(12, 0, R1B);
        assertThat((r32(SdhciController.RESPONSE) >>> 9) & 0xf).as("CMD12 found the card receiving").isEqualTo(6);
        assertThat(Arrays.copyOfRange(card.bytes, 20 * 512, 22 * 512)).isEqualTo(Arrays.copyOfRange(bus.memory, 0x4000, 0x4400));
    }

    @Test
    void autoCmd12StopsAMultipleBlockReadAndItsResponseGoesToTheTopWord() {
        sd.insert(new SdCard(card));
        identify();
        w16(SdhciController.BLOCK_SIZE, 0x7200);
        w16(SdhciController.BLOCK_COUNT, 2);
        w32(SdhciController.SDMA_ADDRESS, MEMORY);
        w16(SdhciController.TRANSFER_MODE, 0x37); // DMA, count, Auto CMD12, read, multiple
        command(18, 0, R1 | DATA);
        bus.runPending();
        assertThat(r32(SdhciController.INT_STATUS) & SdhciController.INT_XFER_COMPLETE).isNotZero();
        assertThat((r32(SdhciController.RESPONSE + 12) >>> 9) & 0xf).as("auto CMD12's R1: the card was sending").isEqualTo(5);
        command(13, (long) SdCard.RCA << 16, R1);
        assertThat((r32(SdhciController.RESPONSE) >>> 9) & 0xf).as("back in tran").isEqualTo(4);
    }

    @Test
    void aBlockPastTheCapacityIsOutOfRangeAndNoDataComes() {
        sd.insert(new SdCard(card));
        identify();
        w16(SdhciController.BLOCK_SIZE, 0x7200);
        w16(SdhciController.TRANSFER_MODE, 0x10);
        long stat = command(17, CARD_BYTES / 512, R1 | DATA);
        assertThat(r32(SdhciController.RESPONSE) & SdCard.OUT_OF_RANGE).isNotZero();
        assertThat(stat >>> 16).as("data timeout").isEqualTo(SdhciController.ERR_DATA_TIMEOUT);
        assertThat(stat & SdhciController.INT_ERROR).isNotZero();
    }

    @Test
    void anIllegalCommandIsNotAnsweredAndReportedInTheNextStatus() {
        sd.insert(new SdCard(card));
        identify();
        long stat = command(2, 0, R2); // CMD2 in tran: illegal
        assertThat(stat & 0xffff0000L).isEqualTo((long) SdhciController.ERR_CMD_TIMEOUT << 16);
        w8(SdhciController.SOFTWARE_RESET, 2); // sdhci_reset(SDHCI_RESET_CMD) after an error
        command(13, (long) SdCard.RCA << 16, R1);
        assertThat(r32(SdhciController.RESPONSE) & SdCard.ILLEGAL_COMMAND).isNotZero();
        command(13, (long) SdCard.RCA << 16, R1);
        assertThat(r32(SdhciController.RESPONSE) & SdCard.ILLEGAL_COMMAND).as("reported once").isZero();
    }

    @Test
    void switchFunctionOffersAndSelectsHighSpeed() {
        sd.insert(new SdCard(card));
        identify();
        w16(SdhciController.BLOCK_SIZE, 0x7040);
        w16(SdhciController.TRANSFER_MODE, 0x10);
        command(6, 0x80fffff1L, R1 | DATA);
        int[] words = new int[16];
        for (int i = 0; i < 16; i++) {
            words[i] = Integer.reverseBytes((int) r32(SdhciController.BUFFER)); // be32 as sd_switch takes it
        }
        assertThat(words[3] & 0x00020000).as("SD_HIGHSPEED_SUPPORTED").isNotZero();
        assertThat((words[4] >>> 24) & 0xf).as("group 1 switched to function 1").isEqualTo(1);
        assertThat(words[7] & 0x00020000).as("not busy").isZero();
        command(7, 0, R1); // deselect, then the CSD shows 50 MHz
        command(9, (long) SdCard.RCA << 16, R2);
        assertThat(longResponse()[0] & 0xff).as("TRAN_SPEED").isEqualTo(0x5a);
    }

    @Test
    void theScrOffersFourBitBusesAndTheSdStatusShowsTheWidth() {
        sd.insert(new SdCard(card));
        identify();
        w16(SdhciController.BLOCK_SIZE, 0x7008);
        w16(SdhciController.TRANSFER_MODE, 0x10);
        command(55, (long) SdCard.RCA << 16, R1);
        command(51, 0, R1 | DATA);
        int scr0 = Integer.reverseBytes((int) r32(SdhciController.BUFFER));
        r32(SdhciController.BUFFER);
        assertThat((scr0 >>> 24) & 0xf).as("SD_SPEC").isEqualTo(2);
        assertThat(scr0 & 0x00040000).as("SD_DATA_4BIT").isNotZero();
        assertThat((scr0 >>> 15) & 1).as("SD_SPEC3").isEqualTo(1);
        w16(SdhciController.BLOCK_SIZE, 0x7040);
        command(55, (long) SdCard.RCA << 16, R1);
        command(13, 0, R1 | DATA);
        assertThat(Integer.reverseBytes((int) r32(SdhciController.BUFFER)) >>> 30).as("DAT_BUS_WIDTH 4 bit").isEqualTo(2);
    }

    @Test
    void statusBitsLatchOnlyWhenEnabledAndTheLineFollowsTheSignalEnables() {
        sd.insert(new SdCard(card));
        powerUp();
        w32(SdhciController.INT_ENABLE, 0);
        command(8, 0x1aa, R1);
        assertThat(r32(SdhciController.INT_STATUS)).isZero();
        w32(SdhciController.INT_ENABLE, 0xffffffffL);
        w32(SdhciController.INT_SIGNAL, SdhciController.INT_CMD_COMPLETE);
        w32(SdhciController.ARGUMENT, 0);
        w16(SdhciController.COMMAND, 13 << 8 | R1); // not addressed in idle: no answer, no CMD complete
        assertThat(line).isEmpty();
        assertThat(r32(SdhciController.INT_STATUS)).isEqualTo(0x00018000L);
        w32(SdhciController.INT_SIGNAL, (long) SdhciController.ERR_CMD_TIMEOUT << 16);
        assertThat(line).containsExactly(true);
        assertThat(sd.read(SdhciController.SLOT_INT_STATUS, 2)).isEqualTo(1);
        w32(SdhciController.INT_STATUS, (long) SdhciController.ERR_CMD_TIMEOUT << 16); // write 1 to clear
        assertThat(line).containsExactly(true, false);
        assertThat(r32(SdhciController.INT_STATUS)).isZero();
    }

    @Test
    void removingBusPowerPowersTheCardOff() {
        sd.insert(new SdCard(card));
        identify();
        w8(SdhciController.SOFTWARE_RESET, 1); // reset all: SD bus power off
        assertThat(sd.card().orElseThrow().state()).isEqualTo(SdCard.State.IDLE);
        powerUp();
        assertThat(command(13, (long) SdCard.RCA << 16, R1) & 0xffff0000L).as("no RCA any more").isNotZero();
        w8(SdhciController.POWER_CONTROL, 0x03); // bus power at an unsupported voltage does not stay on
        assertThat(sd.read(SdhciController.POWER_CONTROL, 1)).isEqualTo(2);
    }

    @Test
    void vendorRegistersKeepWhatTheDriverWrites() {
        w32(SdhciController.MSHC_CTRL, 0x302);
        w32(SdhciController.PHY_TX_RX_DLY, 0x1000100);
        w32(SdhciController.PHY_CONFIG, 1);
        w32(SdhciController.PHY_DLY_STS, 0xffffffffL);
        assertThat(r32(SdhciController.MSHC_CTRL)).isEqualTo(0x302);
        assertThat(r32(SdhciController.PHY_TX_RX_DLY)).isEqualTo(0x1000100);
        assertThat(r32(SdhciController.PHY_CONFIG)).isEqualTo(1);
        assertThat(r32(SdhciController.PHY_DLY_STS)).as("a status, read only").isZero();
        assertThat(r16(SdhciController.HOST_VERSION) & 0xff).as("SDHCI 3.00").isEqualTo(2);
        long caps = r32(SdhciController.CAPABILITIES);
        assertThat(caps & (1 << 22)).as("SDMA").isNotZero();
        assertThat(caps & (1 << 24)).as("3.3 V").isNotZero();
        assertThat(SdhciController.models(0x60)).isFalse();
    }

    @Test
    void aDeviceSmallerThanOneCapacityUnitIsRefused() {
        assertThatThrownBy(() -> new SdCard(new ByteCard(4096))).isInstanceOf(DuobootException.class)
                .hasMessage("SD card: 4096 bytes is too small for an SDHC card (expected at least 524288 bytes, the CSD's capacity unit)");
    }
}
