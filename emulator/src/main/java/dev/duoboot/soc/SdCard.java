package dev.duoboot.soc;

import dev.duoboot.DuobootException;
import dev.duoboot.card.BlockDevice;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * An SDHC memory card on the SD bus, as the SD Physical Layer Simplified Specification (version
 * 3.01: §4.2 card identification, §4.3 data transfer, §4.7 commands, §4.9 responses, §4.10 card
 * status, §5 registers) describes one: the card state machine, the commands U-Boot's
 * {@code drivers/mmc/mmc.c} and the SDK's {@code sdboot} send (CMD0, 2, 3, 6, 7, 8, 9, 10, 12, 13, 16,
 * 17, 18, 24, 25, 55 and ACMD6, 13, 41, 51), the CID, CSD, SCR, SD status and switch-function status
 * registers, and 512-byte blocks addressed by block number, read and written through a
 * {@link BlockDevice}.
 *
 * <p>A working card in every respect the host can observe: it answers at once, is never busy, never
 * makes a CRC error. Like a real card it does not answer a command that is illegal in its state (the
 * host then sees a command timeout) and reports {@code ILLEGAL_COMMAND} in its next status; a block
 * outside its capacity is answered with {@code OUT_OF_RANGE} and no data. The capacity is the
 * device's size rounded down to the CSD's unit of 512 KiB; at least one unit is required.
 */
final class SdCard {

    static final int BLOCK_BYTES = 512;
    /** CSD version 2.0: memory capacity = (C_SIZE + 1) * 512 KiB (Physical Layer §5.3.3). */
    static final long CAPACITY_UNIT_BYTES = 512 * 1024;
    /** The relative card address the card publishes with CMD3 (the card chooses it; fixed for determinism). */
    static final int RCA = 0x0001;
    /** OCR voltage window 2.7-3.6 V (bits 15..23), Physical Layer §5.1. */
    static final int OCR_VOLTAGE_WINDOW = 0x00ff8000;
    static final int OCR_CCS = 1 << 30;
    static final int OCR_POWER_UP_DONE = 1 << 31;
    static final int OCR_HCS = 1 << 30;

    // card status bits (Physical Layer §4.10.1, Table 4-41)
    static final int OUT_OF_RANGE = 1 << 31;
    static final int BLOCK_LEN_ERROR = 1 << 29;
    static final int ILLEGAL_COMMAND = 1 << 22;
    static final int READY_FOR_DATA = 1 << 8;
    static final int APP_CMD = 1 << 5;

    /** The card states of Physical Layer §4.1 with their CURRENT_STATE codes. */
    enum State {
        IDLE(0), READY(1), IDENT(2), STBY(3), TRAN(4), DATA(5), RCV(6), PRG(7), DIS(8);

        final int code;

        State(int code) {
            this.code = code;
        }
    }

    /** What the card sends back on the CMD line. */
    sealed interface Reply {
        /** No response: an illegal command, a card not addressed, or a command without one. */
        record Silent() implements Reply {}

        /** A 48-bit response (R1, R1b, R3, R6, R7): the 32 bits between the index and the CRC. */
        record Short(int bits) implements Reply {}

        /** A 136-bit response (R2): the CID or CSD, 16 bytes most significant first, CRC7 in the last. */
        record Long(byte[] register) implements Reply {}
    }

    /** What follows the response on the DAT lines. */
    sealed interface DataPhase {
        record None() implements DataPhase {}

        /** The card sends one block holding a register (SCR, SD status, switch-function status). */
        record Register(byte[] bytes) implements DataPhase {}

        /** The card sends 512-byte blocks from {@code first} on: one, or until CMD12. */
        record SendBlocks(long first, boolean multiple) implements DataPhase {}

        /** The card takes 512-byte blocks from {@code first} on: one, or until CMD12. */
        record ReceiveBlocks(long first, boolean multiple) implements DataPhase {}
    }

    record Answer(Reply reply, DataPhase data) {
        static Answer silent() {
            return new Answer(new Reply.Silent(), new DataPhase.None());
        }

        static Answer of(int bits) {
            return new Answer(new Reply.Short(bits), new DataPhase.None());
        }
    }

    private final BlockDevice device;
    private final long capacityUnits;
    private State state = State.IDLE;
    private boolean appCommand;
    private boolean interfaceConditionChecked;
    private int rca;
    /** Error bits reported once, in the next response (the "clear on read" bits of §4.10.1). */
    private int pendingErrors;
    private boolean highSpeed;
    private boolean fourBitBus;

    SdCard(BlockDevice device) {
        this.device = device;
        this.capacityUnits = device.sizeBytes() / CAPACITY_UNIT_BYTES;
        if (capacityUnits < 1) {
            throw new DuobootException(String.format("SD card: %d bytes is too small for an SDHC card (expected at least %d bytes,"
                    + " the CSD's capacity unit)", device.sizeBytes(), CAPACITY_UNIT_BYTES));
        }
    }

    /** The blocks the card offers: its CSD capacity. */
    long blocks() {
        return capacityUnits * (CAPACITY_UNIT_BYTES / BLOCK_BYTES);
    }

    State state() {
        return state;
    }

    /** Power removed (the controller's SD bus power bit cleared): the card forgets everything. */
    void powerOff() {
        state = State.IDLE;
        appCommand = false;
        interfaceConditionChecked = false;
        rca = 0;
        pendingErrors = 0;
        highSpeed = false;
        fourBitBus = false;
    }

    /** A command on the CMD line; CMD55 makes the next one an application command. */
    Answer command(int index, long argument) {
        boolean app = appCommand;
        appCommand = false;
        int arg = (int) argument;
        if (app) {
            Optional<Answer> a = applicationCommand(index, arg);
            if (a.isPresent()) {
                return a.get();
            }
            // an index that is no ACMD is taken as the ordinary command (Physical Layer §4.3.9.1)
        }
        return switch (index) {
            case 0 -> goIdle();
            case 2 -> state == State.READY ? moveTo(State.IDENT, new Answer(new Reply.Long(cid()), new DataPhase.None())) : illegal();
            case 3 -> sendRelativeAddress();
            case 6 -> state == State.TRAN ? switchFunction(arg) : illegal();
            case 7 -> selectCard(arg);
            case 8 -> sendInterfaceCondition(arg);
            case 9 -> addressed(arg) && state == State.STBY ? new Answer(new Reply.Long(csd()), new DataPhase.None()) : illegal();
            case 10 -> addressed(arg) && state == State.STBY ? new Answer(new Reply.Long(cid()), new DataPhase.None()) : illegal();
            case 12 -> stopTransmission();
            case 13 -> addressed(arg) && state != State.IDLE && state != State.READY && state != State.IDENT ? r1() : Answer.silent();
            case 16 -> setBlockLength(arg);
            case 17, 18 -> state == State.TRAN ? readBlocks(arg & 0xffffffffL, index == 18) : illegal();
            case 24, 25 -> state == State.TRAN ? writeBlocks(arg & 0xffffffffL, index == 25) : illegal();
            case 55 -> applicationCommandNext(arg);
            default -> illegal();
        };
    }

    private Optional<Answer> applicationCommand(int index, int arg) {
        return switch (index) {
            case 6 -> Optional.of(state == State.TRAN ? setBusWidth(arg) : illegal());
            case 13 -> Optional.of(state == State.TRAN ? dataOut(new DataPhase.Register(sdStatus())) : illegal());
            case 41 -> Optional.of(state == State.IDLE ? sendOpCondition(arg) : illegal());
            case 51 -> Optional.of(state == State.TRAN ? dataOut(new DataPhase.Register(scr())) : illegal());
            default -> Optional.empty();
        };
    }

    /** The next block of a read, or empty (and OUT_OF_RANGE for the next status) past the capacity. */
    Optional<byte[]> readBlock(long block) {
        if (block < 0 || block >= blocks()) {
            pendingErrors |= OUT_OF_RANGE;
            return Optional.empty();
        }
        byte[] b = new byte[BLOCK_BYTES];
        device.read(block * BLOCK_BYTES, b);
        return Optional.of(b);
    }

    /** Programs one block; false (and OUT_OF_RANGE) past the capacity. */
    boolean writeBlock(long block, byte[] data) {
        if (block < 0 || block >= blocks()) {
            pendingErrors |= OUT_OF_RANGE;
            return false;
        }
        device.write(block * BLOCK_BYTES, data);
        return true;
    }

    /** The host has taken (or given) the data of a single-block command or a register: back to tran. */
    void dataFinished() {
        if (state == State.DATA || state == State.RCV) {
            state = State.TRAN;
        }
    }

    // ---- commands -----------------------------------------------------------------------------

    private Answer goIdle() {
        powerOff(); // CMD0 resets the card as power-up does (§4.2.1), its registers aside
        return Answer.silent();
    }

    private Answer sendInterfaceCondition(int arg) {
        if (state != State.IDLE) {
            return illegal();
        }
        // VHS 0001b (2.7-3.6 V) is the only supply range defined; the card echoes it and the pattern
        if (((arg >>> 8) & 0xf) != 1) {
            return Answer.silent();
        }
        interfaceConditionChecked = true;
        return Answer.of(arg & 0xfff);
    }

    private Answer sendOpCondition(int arg) {
        int ocr = OCR_VOLTAGE_WINDOW;
        if ((arg & OCR_VOLTAGE_WINDOW) == 0) {
            return Answer.of(ocr); // inquiry ACMD41: the OCR, initialisation not started (§4.2.3.1)
        }
        // an SDHC card initialises only for a host that sent CMD8 and set HCS; otherwise it stays busy
        if (!interfaceConditionChecked || (arg & OCR_HCS) == 0) {
            return Answer.of(ocr);
        }
        state = State.READY;
        return Answer.of(ocr | OCR_CCS | OCR_POWER_UP_DONE);
    }

    private Answer sendRelativeAddress() {
        if (state != State.IDENT && state != State.STBY) {
            return illegal();
        }
        int status = cardStatus(state);
        rca = RCA;
        state = State.STBY;
        // R6: the RCA, then status bits 23, 22, 19 and 12..0 (§4.9.5)
        int r6Status = ((status >>> 8) & 0xc000) | ((status >>> 6) & 0x2000) | (status & 0x1fff);
        return Answer.of(rca << 16 | r6Status);
    }

    private Answer selectCard(int arg) {
        int addressed = arg >>> 16;
        if (addressed != rca || rca == 0) {
            // deselected (another card, or address 0): to stby, no response (§4.3.1)
            if (state == State.TRAN || state == State.DATA || state == State.PRG) {
                state = state == State.PRG ? State.DIS : State.STBY;
            }
            return Answer.silent();
        }
        return switch (state) {
            case STBY -> moveTo(State.TRAN, r1());
            case DIS -> moveTo(State.PRG, r1());
            default -> illegal();
        };
    }

    private Answer stopTransmission() {
        return switch (state) {
            case DATA -> moveTo(State.TRAN, r1());
            case RCV -> moveTo(State.TRAN, r1()); // programming takes no time: prg is passed at once
            default -> illegal();
        };
    }

    private Answer setBlockLength(int arg) {
        if (state != State.TRAN) {
            return illegal();
        }
        // SDHC: reads and writes are always 512 bytes; the length matters to CMD42 only (§4.3.2)
        if ((arg & 0xffffffffL) > BLOCK_BYTES) {
            pendingErrors |= BLOCK_LEN_ERROR;
        }
        return r1();
    }

    private Answer readBlocks(long block, boolean multiple) {
        if (block >= blocks()) {
            pendingErrors |= OUT_OF_RANGE;
            return r1(); // the error is in this response; no data follows
        }
        return dataOut(new DataPhase.SendBlocks(block, multiple));
    }

    private Answer writeBlocks(long block, boolean multiple) {
        if (block >= blocks()) {
            pendingErrors |= OUT_OF_RANGE;
            return r1();
        }
        Answer a = r1();
        state = State.RCV;
        return new Answer(a.reply(), new DataPhase.ReceiveBlocks(block, multiple));
    }

    private Answer switchFunction(int arg) {
        boolean set = (arg & 0x80000000) != 0;
        int group1 = arg & 0xf;
        int selected;
        if (group1 == 0xf) {
            selected = highSpeed ? 1 : 0;
        } else if (group1 <= 1) {
            selected = group1;
            if (set) {
                highSpeed = group1 == 1;
            }
        } else {
            selected = 0xf; // not supported: the function is not switched
        }
        return dataOut(new DataPhase.Register(switchStatus(arg, selected)));
    }

    private Answer setBusWidth(int arg) {
        int width = arg & 3;
        if (width != 0 && width != 2) {
            pendingErrors |= 1 << 19; // ERROR: a bus width the SCR does not offer
            return r1();
        }
        Answer a = r1();
        fourBitBus = width == 2;
        return a;
    }

    private Answer applicationCommandNext(int arg) {
        if (state != State.IDLE && (arg >>> 16) != rca) {
            return Answer.silent();
        }
        appCommand = true;
        return r1();
    }

    private Answer dataOut(DataPhase data) {
        Answer a = r1();
        state = State.DATA;
        return new Answer(a.reply(), data);
    }

    private Answer illegal() {
        pendingErrors |= ILLEGAL_COMMAND;
        return Answer.silent();
    }

    private Answer moveTo(State next, Answer a) {
        state = next;
        return a;
    }

    private boolean addressed(int arg) {
        return rca != 0 && (arg >>> 16) == rca;
    }

    /** R1: the card status as the command found it; the reported errors are then cleared. */
    private Answer r1() {
        int status = cardStatus(state);
        pendingErrors = 0;
        return Answer.of(status);
    }

    private int cardStatus(State s) {
        return pendingErrors | s.code << 9 | READY_FOR_DATA | (appCommand ? APP_CMD : 0);
    }

    // ---- registers ----------------------------------------------------------------------------

    /** CID (§5.2): manufacturer 0x00 (none claimed), OEM "DB", product "DUOSD" rev 1.0, made 2026-12. */
    byte[] cid() {
        byte[] r = new byte[16];
        RegisterBits.put(r, 127, 120, 0x00);
        RegisterBits.put(r, 119, 104, ('D' << 8) | 'B');
        byte[] name = "DUOSD".getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < name.length; i++) {
            RegisterBits.put(r, 103 - 8 * i, 96 - 8 * i, name[i]);
        }
        RegisterBits.put(r, 63, 56, 0x10);
        RegisterBits.put(r, 55, 24, 0x00000001L);
        RegisterBits.put(r, 19, 12, 26);
        RegisterBits.put(r, 11, 8, 12);
        RegisterBits.sealWithCrc7(r);
        return r;
    }

    /** CSD version 2.0 (§5.3.3), the structure of every SDHC and SDXC card. */
    byte[] csd() {
        byte[] r = new byte[16];
        RegisterBits.put(r, 127, 126, 1);
        RegisterBits.put(r, 119, 112, 0x0e); // TAAC: fixed 1 ms
        RegisterBits.put(r, 111, 104, 0x00); // NSAC
        RegisterBits.put(r, 103, 96, highSpeed ? 0x5a : 0x32); // TRAN_SPEED: 50 or 25 MHz
        RegisterBits.put(r, 95, 84, 0x5b5); // CCC: classes 0, 2, 4, 5, 7, 8, 10
        RegisterBits.put(r, 83, 80, 9); // READ_BL_LEN: 512
        RegisterBits.put(r, 69, 48, capacityUnits - 1); // C_SIZE
        RegisterBits.put(r, 46, 46, 1); // ERASE_BLK_EN
        RegisterBits.put(r, 45, 39, 0x7f); // SECTOR_SIZE
        RegisterBits.put(r, 28, 26, 2); // R2W_FACTOR
        RegisterBits.put(r, 25, 22, 9); // WRITE_BL_LEN: 512
        RegisterBits.sealWithCrc7(r);
        return r;
    }

    /** SCR (§5.6): physical layer 3.0x, SDHC security, 1- and 4-bit buses, no CMD23 or CMD20. */
    byte[] scr() {
        byte[] r = new byte[8];
        RegisterBits.put(r, 59, 56, 2); // SD_SPEC
        RegisterBits.put(r, 54, 52, 3); // SD_SECURITY: SDHC
        RegisterBits.put(r, 51, 48, 0b0101); // SD_BUS_WIDTHS: 1 and 4 bit
        RegisterBits.put(r, 47, 47, 1); // SD_SPEC3
        return r;
    }

    /** SD status (§4.10.2), 64 bytes: the bus width, speed class 10, a 4 MiB allocation unit. */
    byte[] sdStatus() {
        byte[] r = new byte[64];
        RegisterBits.put(r, 511, 510, fourBitBus ? 2 : 0); // DAT_BUS_WIDTH
        RegisterBits.put(r, 447, 440, 4); // SPEED_CLASS: class 10
        RegisterBits.put(r, 431, 428, 9); // AU_SIZE: 4 MiB
        RegisterBits.put(r, 423, 408, 1); // ERASE_SIZE: one AU at a time
        RegisterBits.put(r, 407, 402, 1); // ERASE_TIMEOUT: 1 s
        return r;
    }

    /** The switch-function status (§4.3.10.4), 64 bytes: group 1 offers default and high speed. */
    private static byte[] switchStatus(int arg, int group1Selected) {
        byte[] r = new byte[64];
        RegisterBits.put(r, 511, 496, 100); // maximum current: 100 mA
        for (int g = 6; g >= 2; g--) {
            int hi = 415 + 16 * (g - 1);
            RegisterBits.put(r, hi, hi - 15, 0x8001); // function 0 (and 15, "no change") of groups 2..6
            int nibble = (arg >>> (4 * (g - 1))) & 0xf;
            int lo = 376 + 4 * (g - 1);
            RegisterBits.put(r, lo + 3, lo, nibble == 0 || nibble == 0xf ? 0 : 0xf);
        }
        RegisterBits.put(r, 415, 400, 0x8003); // group 1: default speed, high speed
        RegisterBits.put(r, 379, 376, group1Selected);
        RegisterBits.put(r, 375, 368, 1); // data structure version 1: the busy bits are valid (and 0)
        return r;
    }

    /** Bit fields of a register as the card sends it: most significant byte first. */
    static final class RegisterBits {
        private RegisterBits() {}

        /** Stores {@code value} in bits [hi:lo] (bit 0 the least significant bit of the register). */
        static void put(byte[] r, int hi, int lo, long value) {
            for (int b = lo; b <= hi; b++) {
                int index = r.length - 1 - b / 8;
                int mask = 1 << (b % 8);
                if (((value >>> (b - lo)) & 1) != 0) {
                    r[index] |= (byte) mask;
                } else {
                    r[index] &= (byte) ~mask;
                }
            }
        }

        /** CRC7 (x^7 + x^3 + 1) of the first 15 bytes in bits [7:1], end bit 1 (§4.5). */
        static void sealWithCrc7(byte[] r) {
            int crc = 0;
            for (int i = 0; i < 15; i++) {
                for (int bit = 7; bit >= 0; bit--) {
                    int in = (r[i] >>> bit) & 1;
                    int top = (crc >>> 6) & 1;
                    crc = (crc << 1) & 0x7f;
                    if ((in ^ top) != 0) {
                        crc ^= 0x09;
                    }
                }
            }
            r[15] = (byte) (crc << 1 | 1);
        }
    }
}
