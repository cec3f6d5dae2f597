package dev.duoboot.soc;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The CV18xx SD controller (SDIO0 at 0x04310000, PLIC source 36 at the C906B; facts §9): a Synopsys
 * DesignWare MSHC that the SDK's drivers drive as an SD Host Controller (SD Host Controller
 * Simplified Specification 3.00, §2.2 registers, §3 sequences; the "version 4" SDMA registers the
 * vendor U-Boot selects with Host Control 2 bit 12), with the vendor registers the SDK's U-Boot
 * touches ({@code board/cvitek/cv181x/sdhci_reg.h}: {@code MSHC_CTRL} at 0x200, the PHY delay and
 * configuration registers at 0x240..0x24c) and the card slot.
 *
 * <p>Modelled: card detect in the present state (and the card-detect test bits), the command
 * register and its responses, normal and error interrupt status with their status-enable and
 * signal-enable masks (the interrupt line is their OR), PIO through the buffer data port (block by
 * block, buffer read/write ready), SDMA with the buffer-boundary interrupt and its restart by a
 * write of the address's top byte (0x03, or 0x5b/0x5f in version 4 mode), the 16- and 32-bit block
 * counts, Auto CMD12, software reset of all, the command or the data circuit, clock enable with an
 * internal clock that is stable at once, and SD bus power (removing it powers the card off).
 * Everything completes without delay in virtual time; DMA goes through {@link Bus#later}, so the
 * memory is written where the machine can do so safely, and the status follows it.
 *
 * <p>Not modelled: ADMA (not offered in the capabilities; selecting it gives an ADMA error), tuning
 * and UHS signalling (the SDK's U-Boot builds neither; the DT says {@code no-1-8-v}), block-gap
 * stops, SDIO card interrupts, wake-up, timeouts of a working card (none occur).
 */
final class SdhciController {

    /** Where DMA goes: guest memory, and a way to do work outside the CPU's memory hooks. */
    interface Bus {
        void read(long address, byte[] into);

        void write(long address, byte[] from);

        /** Runs {@code work} as soon as memory may be written (at once when no hart is running). */
        void later(Runnable work);
    }

    // standard registers (SD Host Controller Simplified Specification §2.2; U-Boot include/sdhci.h)
    static final int SDMA_ADDRESS = 0x00;
    static final int BLOCK_SIZE = 0x04;
    static final int BLOCK_COUNT = 0x06;
    static final int ARGUMENT = 0x08;
    static final int TRANSFER_MODE = 0x0c;
    static final int COMMAND = 0x0e;
    static final int RESPONSE = 0x10;
    static final int BUFFER = 0x20;
    static final int PRESENT_STATE = 0x24;
    static final int HOST_CONTROL = 0x28;
    static final int POWER_CONTROL = 0x29;
    static final int CLOCK_CONTROL = 0x2c;
    static final int SOFTWARE_RESET = 0x2f;
    static final int INT_STATUS = 0x30;
    static final int ERR_STATUS = 0x32;
    static final int INT_ENABLE = 0x34;
    static final int ERR_ENABLE = 0x36;
    static final int INT_SIGNAL = 0x38;
    static final int ERR_SIGNAL = 0x3a;
    static final int AUTO_CMD_ERR = 0x3c;
    static final int HOST_CONTROL2 = 0x3e;
    static final int CAPABILITIES = 0x40;
    static final int CAPABILITIES_1 = 0x44;
    static final int FORCE_AUTO_CMD_ERR = 0x50;
    static final int FORCE_ERR = 0x52;
    static final int ADMA_ERROR = 0x54;
    static final int ADMA_ADDRESS = 0x58;
    static final int SLOT_INT_STATUS = 0xfc;
    static final int HOST_VERSION = 0xfe;
    // the vendor area (board/cvitek/cv181x/sdhci_reg.h, CVI_SDHCI_VENDOR_OFFSET 0x200)
    static final int MSHC_CTRL = 0x200;
    static final int PHY_TX_RX_DLY = 0x240;
    static final int PHY_DS_DLY = 0x244;
    static final int PHY_DLY_STS = 0x248;
    static final int PHY_CONFIG = 0x24c;

    // normal interrupt status bits
    static final int INT_CMD_COMPLETE = 1;
    static final int INT_XFER_COMPLETE = 1 << 1;
    static final int INT_DMA = 1 << 3;
    static final int INT_BUFFER_WRITE_READY = 1 << 4;
    static final int INT_BUFFER_READ_READY = 1 << 5;
    static final int INT_CARD_INSERTION = 1 << 6;
    static final int INT_ERROR = 1 << 15;
    // error interrupt status bits
    static final int ERR_CMD_TIMEOUT = 1;
    static final int ERR_DATA_TIMEOUT = 1 << 4;
    static final int ERR_DATA_END_BIT = 1 << 6;
    static final int ERR_AUTO_CMD = 1 << 8;
    static final int ERR_ADMA = 1 << 9;

    // present state bits
    static final int PS_DAT_INHIBIT = 1 << 1;
    static final int PS_DAT_ACTIVE = 1 << 2;
    static final int PS_WRITE_ACTIVE = 1 << 8;
    static final int PS_READ_ACTIVE = 1 << 9;
    static final int PS_BUFFER_WRITE_ENABLE = 1 << 10;
    static final int PS_BUFFER_READ_ENABLE = 1 << 11;
    static final int PS_CARD_INSERTED = 1 << 16;
    static final int PS_CARD_STABLE = 1 << 17;
    static final int PS_CARD_DETECT_LEVEL = 1 << 18;
    static final int PS_WRITE_ENABLED_LEVEL = 1 << 19;
    static final int PS_DAT_LEVELS = 0xf << 20;
    static final int PS_CMD_LEVEL = 1 << 24;

    // transfer mode and host control bits
    static final int TM_DMA = 1;
    static final int TM_BLOCK_COUNT_ENABLE = 1 << 1;
    static final int TM_AUTO_CMD12 = 1 << 2;
    static final int TM_MULTI = 1 << 5;
    static final int HC2_VERSION4 = 1 << 12;
    static final int HC2_64BIT_ADDRESSING = 1 << 13;

    /**
     * Capabilities: SDMA, high speed, 3.3 V and 1.8 V, 64-bit system addressing (the SDK's DT asks
     * for {@code 64_addressing}); no ADMA2, which is not modelled; base and timeout clocks 0 (the
     * SDK's DT gives {@code src-frequency}, the driver never reads them). Capabilities 1: SDR50,
     * SDR104, DDR50 as the DT's {@code sd-uhs-*} claim (the SDK's U-Boot drops them for no-1-8-v).
     * The real values are not in any source read; these are what the SDK's drivers rely on.
     */
    static final long CAPABILITIES_VALUE = (1L << 21) | (1L << 22) | (1L << 24) | (1L << 26) | (1L << 27) | (1L << 28)
            | (0b111L << 32);
    /** Specification version 3.00 in the low byte (the vendor's version byte is not known: 0). */
    static final int HOST_VERSION_VALUE = 0x0002;

    private final Bus bus;
    private final Consumer<Boolean> interruptLine;
    /** Plain storage of the registers that keep what is written (standard area and vendor area). */
    private final byte[] regs = new byte[0x300];
    private Optional<SdCard> card = Optional.empty();
    private boolean cardPowered;
    private int normalStatus;
    private int errorStatus;
    private boolean lineHigh;
    private Transfer transfer;
    /** Commands the guest issued: whether any code drove this controller at all. */
    private long commandsIssued;

    SdhciController(Bus bus, Consumer<Boolean> interruptLine) {
        this.bus = bus;
        this.interruptLine = interruptLine;
    }

    /** Puts {@code c} in the slot (card insertion interrupt, if enabled). */
    void insert(SdCard c) {
        card = Optional.of(c);
        cardPowered = false;
        c.powerOff();
        updatePower();
        raise(INT_CARD_INSERTION, 0);
    }

    Optional<SdCard> card() {
        return card;
    }

    long commandsIssued() {
        return commandsIssued;
    }

    /** True for the offsets this model answers; others are the machine's "unimplemented". */
    static boolean models(long offset) {
        return (offset >= 0 && offset < 0x60) || (offset >= SLOT_INT_STATUS && offset < 0x100)
                || (offset >= MSHC_CTRL && offset < MSHC_CTRL + 4) || (offset >= PHY_TX_RX_DLY && offset < PHY_CONFIG + 4);
    }

    long read(long offset, int size) {
        long v = 0;
        for (int i = 0; i < size; i++) {
            v |= (long) readByte((int) offset + i) << (8 * i);
        }
        return v;
    }

    void write(long offset, int size, long value) {
        for (int i = 0; i < size; i++) {
            writeByte((int) offset + i, (int) (value >>> (8 * i)) & 0xff);
        }
        updateLine();
    }

    // ---- register bytes -----------------------------------------------------------------------

    private int readByte(int off) {
        if (off >= BUFFER && off < BUFFER + 4) {
            return bufferRead();
        }
        if (off >= PRESENT_STATE && off < PRESENT_STATE + 4) {
            return byteOf(presentState(), off - PRESENT_STATE);
        }
        if (off == CLOCK_CONTROL) {
            // the internal clock is stable as soon as it is enabled
            int c = regs[off] & 0xff;
            return (c & 1) != 0 ? c | 2 : c & ~2;
        }
        if (off == SOFTWARE_RESET) {
            return 0; // resets complete at once
        }
        if (off >= INT_STATUS && off < INT_STATUS + 2) {
            return byteOf(normalStatus | (errorStatus != 0 ? INT_ERROR : 0), off - INT_STATUS);
        }
        if (off >= ERR_STATUS && off < ERR_STATUS + 2) {
            return byteOf(errorStatus, off - ERR_STATUS);
        }
        if (off >= CAPABILITIES && off < CAPABILITIES + 8) {
            return (int) (CAPABILITIES_VALUE >>> (8 * (off - CAPABILITIES))) & 0xff;
        }
        if (off >= 0x48 && off < ADMA_ERROR) {
            return 0; // maximum current (not reported) and the write-only force-event registers
        }
        if (off >= SLOT_INT_STATUS && off < SLOT_INT_STATUS + 2) {
            return off == SLOT_INT_STATUS && lineHigh ? 1 : 0;
        }
        if (off >= HOST_VERSION && off < HOST_VERSION + 2) {
            return byteOf(HOST_VERSION_VALUE, off - HOST_VERSION);
        }
        if (off >= PHY_DLY_STS && off < PHY_DLY_STS + 4) {
            return 0; // delay-line status: only the tuning the SDK's U-Boot does not build reads it
        }
        return off < regs.length ? regs[off] & 0xff : 0;
    }

    private void writeByte(int off, int b) {
        if (off >= BUFFER && off < BUFFER + 4) {
            bufferWrite(b);
            return;
        }
        if ((off >= PRESENT_STATE && off < PRESENT_STATE + 4) || (off >= CAPABILITIES && off < 0x50)
                || (off >= ADMA_ERROR && off < ADMA_ERROR + 4) || off >= SLOT_INT_STATUS && off < 0x100
                || (off >= PHY_DLY_STS && off < PHY_DLY_STS + 4)) {
            return; // read only
        }
        if (off >= INT_STATUS && off < INT_STATUS + 2) {
            normalStatus &= ~(b << (8 * (off - INT_STATUS))) | INT_ERROR; // write 1 to clear
            return;
        }
        if (off >= ERR_STATUS && off < ERR_STATUS + 2) {
            errorStatus &= ~(b << (8 * (off - ERR_STATUS)));
            return;
        }
        if (off >= FORCE_AUTO_CMD_ERR && off < FORCE_ERR + 2) {
            forceEvent(off, b);
            return;
        }
        if (off == SOFTWARE_RESET) {
            softwareReset(b);
            return;
        }
        if (off < regs.length) {
            regs[off] = (byte) b;
        }
        switch (off) {
            case COMMAND + 1 -> issueCommand(); // the command goes out when its upper byte is written
            case POWER_CONTROL -> updatePower();
            case INT_ENABLE, INT_ENABLE + 1 -> normalStatus &= u16(INT_ENABLE) | INT_ERROR;
            case ERR_ENABLE, ERR_ENABLE + 1 -> errorStatus &= u16(ERR_ENABLE);
            case SDMA_ADDRESS + 3 -> {
                if (!version4()) {
                    resumeDma();
                }
            }
            case ADMA_ADDRESS + 3 -> {
                if (version4() && !addressing64()) {
                    resumeDma();
                }
            }
            case ADMA_ADDRESS + 7 -> {
                if (version4() && addressing64()) {
                    resumeDma();
                }
            }
            default -> { }
        }
    }

    private static int byteOf(long value, int index) {
        return (int) (value >>> (8 * index)) & 0xff;
    }

    private int u16(int off) {
        return (regs[off] & 0xff) | (regs[off + 1] & 0xff) << 8;
    }

    private long u32(int off) {
        return (u16(off) & 0xffffL) | (long) u16(off + 2) << 16;
    }

    private void put16(int off, int v) {
        regs[off] = (byte) v;
        regs[off + 1] = (byte) (v >>> 8);
    }

    private void put32(int off, long v) {
        put16(off, (int) v);
        put16(off + 2, (int) (v >>> 16));
    }

    private boolean version4() {
        return (u16(HOST_CONTROL2) & HC2_VERSION4) != 0;
    }

    private boolean addressing64() {
        return (u16(HOST_CONTROL2) & HC2_64BIT_ADDRESSING) != 0;
    }

    private int presentState() {
        int ps = PS_DAT_LEVELS | PS_CMD_LEVEL | PS_CARD_STABLE;
        if (cardInserted()) {
            ps |= PS_CARD_INSERTED | PS_CARD_DETECT_LEVEL | PS_WRITE_ENABLED_LEVEL;
        }
        Transfer t = transfer;
        if (t != null) {
            ps |= PS_DAT_INHIBIT | PS_DAT_ACTIVE | (t.read ? PS_READ_ACTIVE : PS_WRITE_ACTIVE);
            if (!t.dma && t.block != null) {
                ps |= t.read ? PS_BUFFER_READ_ENABLE : PS_BUFFER_WRITE_ENABLE;
            }
        }
        return ps;
    }

    /** Card inserted, or the card-detect test level when Host Control 1 selects it (bits 7 and 6). */
    private boolean cardInserted() {
        int hc = regs[HOST_CONTROL] & 0xff;
        return (hc & 0x80) != 0 ? (hc & 0x40) != 0 : card.isPresent();
    }

    private void updatePower() {
        int p = regs[POWER_CONTROL] & 0xff;
        int volts = (p >>> 1) & 7;
        // SD bus power holds only with a voltage the capabilities offer: 3.3 V (111b) or 1.8 V (101b)
        boolean on = (p & 1) != 0 && (volts == 7 || volts == 5);
        if (!on && (p & 1) != 0) {
            regs[POWER_CONTROL] = (byte) (p & ~1);
        }
        if (cardPowered && !on) {
            card.ifPresent(SdCard::powerOff);
            transfer = null;
        }
        cardPowered = on;
    }

    private void raise(int normal, int error) {
        normalStatus |= normal & u16(INT_ENABLE);
        errorStatus |= error & u16(ERR_ENABLE);
        updateLine();
    }

    private void updateLine() {
        boolean high = (normalStatus & u16(INT_SIGNAL) & ~INT_ERROR) != 0 || (errorStatus & u16(ERR_SIGNAL)) != 0;
        if (high != lineHigh) {
            lineHigh = high;
            interruptLine.accept(high);
        }
    }

    private void forceEvent(int off, int b) {
        if (off == FORCE_AUTO_CMD_ERR) {
            regs[AUTO_CMD_ERR] |= (byte) b;
            raise(0, ERR_AUTO_CMD);
        } else if (off >= FORCE_ERR) {
            raise(0, b << (8 * (off - FORCE_ERR)));
        }
    }

    private void softwareReset(int b) {
        if ((b & 1) != 0) {
            // all: every register of the standard area back to its reset value; SD bus power off
            transfer = null;
            Arrays.fill(regs, 0, 0x60, (byte) 0);
            normalStatus = 0;
            errorStatus = 0;
            updatePower();
            return;
        }
        if ((b & 2) != 0) {
            normalStatus &= ~INT_CMD_COMPLETE;
            errorStatus &= ~0xf;
        }
        if ((b & 4) != 0) {
            transfer = null;
            normalStatus &= ~(INT_XFER_COMPLETE | INT_DMA | INT_BUFFER_WRITE_READY | INT_BUFFER_READ_READY | 1 << 2);
        }
    }

    // ---- commands -----------------------------------------------------------------------------

    private void issueCommand() {
        commandsIssued++;
        int cmd = u16(COMMAND);
        int index = (cmd >>> 8) & 0x3f;
        int responseType = cmd & 3;
        boolean dataPresent = (cmd & 0x20) != 0;
        boolean abort = ((cmd >>> 6) & 3) == 3;
        if (dataPresent && transfer != null) {
            return; // Command Inhibit (DAT): the host must wait for the data circuit
        }
        boolean clocked = (regs[CLOCK_CONTROL] & 5) == 5; // internal clock and SD clock enabled
        if (card.isEmpty() || !cardPowered || !clocked || !cardInserted()) {
            // nobody hears the command: complete if no response was expected, else a timeout
            raise(responseType == 0 ? INT_CMD_COMPLETE : 0, responseType == 0 ? 0 : ERR_CMD_TIMEOUT);
            if (dataPresent) {
                raise(0, ERR_DATA_TIMEOUT);
            }
            return;
        }
        SdCard c = card.get();
        SdCard.Answer a = c.command(index, u32(ARGUMENT));
        switch (responseType == 0 ? new SdCard.Reply.Silent() : a.reply()) {
            case SdCard.Reply.Silent s -> {
                if (responseType != 0) {
                    raise(0, ERR_CMD_TIMEOUT); // a response was expected and none came
                    return;
                }
                // no response expected: the command is complete once sent
            }
            case SdCard.Reply.Short s -> put32(RESPONSE, s.bits() & 0xffffffffL);
            case SdCard.Reply.Long l -> {
                // R2: bits 127..8 of the register (its CRC byte stripped) in RESPONSE[119:0]
                for (int i = 0; i < 15; i++) {
                    regs[RESPONSE + i] = l.register()[14 - i];
                }
                regs[RESPONSE + 15] = 0;
            }
        }
        raise(INT_CMD_COMPLETE, 0);
        if (abort) {
            transfer = null;
        }
        if (!dataPresent) {
            if (!(a.data() instanceof SdCard.DataPhase.None)) {
                c.dataFinished(); // data the host does not take (a driver error); the card is done with it
            }
            if (responseType == 3) {
                raise(INT_XFER_COMPLETE, 0); // the busy of an R1b response ended (the card is never busy)
            }
            return;
        }
        startTransfer(c, a.data());
    }

    // ---- data ---------------------------------------------------------------------------------

    /** One data transfer between the card and the buffer (PIO) or memory (SDMA). */
    private static final class Transfer {
        final boolean read;
        final boolean dma;
        final int blockBytes;
        final boolean countEnabled;
        /** Blocks still to move; -1 for an open-ended transfer (stopped by CMD12). */
        long blocksLeft;
        final SdCard.DataPhase phase;
        long nextCardBlock;
        int blocksMoved;
        /** The block in the buffer (PIO) or being moved (DMA); null between blocks. */
        byte[] block;
        int position;
        boolean paused;

        Transfer(boolean read, boolean dma, int blockBytes, boolean countEnabled, long blocks, SdCard.DataPhase phase, long first) {
            this.read = read;
            this.dma = dma;
            this.blockBytes = blockBytes;
            this.countEnabled = countEnabled;
            this.blocksLeft = blocks;
            this.phase = phase;
            this.nextCardBlock = first;
        }
    }

    private void startTransfer(SdCard c, SdCard.DataPhase phase) {
        int mode = u16(TRANSFER_MODE);
        boolean hostReads = (mode & (1 << 4)) != 0;
        int blockBytes = u16(BLOCK_SIZE) & 0xfff;
        boolean multi = (mode & TM_MULTI) != 0;
        boolean countEnabled = (mode & TM_BLOCK_COUNT_ENABLE) != 0;
        long blocks;
        if (!multi) {
            blocks = 1;
        } else if (countEnabled) {
            int count16 = u16(BLOCK_COUNT);
            // version 4: a 16-bit count of 0 selects the 32-bit count at 0x00 (Host Controller 4.10 §1.15)
            blocks = version4() && count16 == 0 ? u32(SDMA_ADDRESS) : count16;
        } else {
            blocks = -1;
        }
        boolean dma = (mode & TM_DMA) != 0;
        Transfer t = switch (phase) {
            case SdCard.DataPhase.None n -> null;
            case SdCard.DataPhase.Register r -> new Transfer(true, dma, blockBytes, countEnabled, blocks, phase, 0);
            case SdCard.DataPhase.SendBlocks s -> new Transfer(true, dma, blockBytes, countEnabled, blocks, phase, s.first());
            case SdCard.DataPhase.ReceiveBlocks w -> new Transfer(false, dma, blockBytes, countEnabled, blocks, phase, w.first());
        };
        if (t == null || t.read != hostReads) {
            // no data from the card (an error in its response), or a direction the card does not go
            if (t != null) {
                c.dataFinished();
            }
            raise(0, ERR_DATA_TIMEOUT);
            return;
        }
        if (dma && ((regs[HOST_CONTROL] >>> 3) & 3) != 0) {
            raise(0, ERR_ADMA); // ADMA selected: not modelled (and not offered in the capabilities)
            c.dataFinished();
            return;
        }
        transfer = t;
        if (t.blocksLeft == 0) {
            finish(t);
            return;
        }
        if (dma) {
            bus.later(() -> runDma(t));
        } else if (t.read) {
            loadReadBlock(t);
        } else {
            t.block = new byte[t.blockBytes];
            t.position = 0;
            raise(INT_BUFFER_WRITE_READY, 0);
        }
    }

    /** The card's next block for {@code t}, or empty after a data error (already raised). */
    private Optional<byte[]> cardBlock(Transfer t) {
        SdCard c = card.orElseThrow();
        switch (t.phase) {
            case SdCard.DataPhase.Register r -> {
                if (t.blocksMoved > 0 || r.bytes().length != t.blockBytes) {
                    return dataError(t, t.blocksMoved > 0 ? ERR_DATA_TIMEOUT : ERR_DATA_END_BIT);
                }
                return Optional.of(r.bytes().clone());
            }
            case SdCard.DataPhase.SendBlocks s -> {
                if (t.blockBytes != SdCard.BLOCK_BYTES) {
                    return dataError(t, ERR_DATA_END_BIT); // the card sends 512 bytes, whatever the host expects
                }
                if (!s.multiple() && t.blocksMoved > 0) {
                    return dataError(t, ERR_DATA_TIMEOUT); // CMD17 sends one block only
                }
                Optional<byte[]> b = c.readBlock(t.nextCardBlock);
                if (b.isEmpty()) {
                    return dataError(t, ERR_DATA_TIMEOUT); // past the card's end the card sends nothing
                }
                t.nextCardBlock++;
                return b;
            }
            default -> throw new IllegalStateException("not a read: " + t.phase);
        }
    }

    private Optional<byte[]> dataError(Transfer t, int error) {
        if (transfer == t) {
            transfer = null;
        }
        raise(0, error);
        return Optional.empty();
    }

    /** The card takes the block just filled; false after a data error (already raised). */
    private boolean cardTakes(Transfer t, byte[] block) {
        SdCard.DataPhase.ReceiveBlocks w = (SdCard.DataPhase.ReceiveBlocks) t.phase;
        if (t.blockBytes != SdCard.BLOCK_BYTES || (!w.multiple() && t.blocksMoved > 0)) {
            dataError(t, ERR_DATA_END_BIT);
            return false;
        }
        if (!card.orElseThrow().writeBlock(t.nextCardBlock, block)) {
            dataError(t, ERR_DATA_TIMEOUT); // no CRC status from the card
            return false;
        }
        t.nextCardBlock++;
        return true;
    }

    private void loadReadBlock(Transfer t) {
        Optional<byte[]> b = cardBlock(t);
        if (b.isEmpty()) {
            return;
        }
        t.block = b.get();
        t.position = 0;
        raise(INT_BUFFER_READ_READY, 0);
    }

    private int bufferRead() {
        Transfer t = transfer;
        if (t == null || !t.read || t.dma || t.block == null) {
            return 0; // nothing in the buffer
        }
        int b = t.block[t.position++] & 0xff;
        if (t.position == t.block.length) {
            t.block = null;
            if (blockMoved(t)) {
                loadReadBlock(t);
            }
        }
        return b;
    }

    private void bufferWrite(int b) {
        Transfer t = transfer;
        if (t == null || t.read || t.dma || t.block == null) {
            return;
        }
        t.block[t.position++] = (byte) b;
        if (t.position == t.block.length) {
            byte[] full = t.block;
            t.block = null;
            if (cardTakes(t, full) && blockMoved(t)) {
                t.block = new byte[t.blockBytes];
                t.position = 0;
                raise(INT_BUFFER_WRITE_READY, 0);
            }
        }
    }

    /** Counts a block moved (the block count register counts down with it); true if more follow. */
    private boolean countBlock(Transfer t) {
        t.blocksMoved++;
        if (t.blocksLeft > 0) {
            t.blocksLeft--;
        }
        if (t.countEnabled) {
            int count16 = u16(BLOCK_COUNT);
            if (count16 > 0) {
                put16(BLOCK_COUNT, count16 - 1);
            } else if (version4() && u32(SDMA_ADDRESS) > 0) {
                put32(SDMA_ADDRESS, u32(SDMA_ADDRESS) - 1); // the 32-bit count of version 4 mode
            }
        }
        return t.blocksLeft != 0;
    }

    /** A PIO block moved: true if more follow, else the transfer is finished. */
    private boolean blockMoved(Transfer t) {
        if (countBlock(t)) {
            return true;
        }
        finish(t);
        return false;
    }

    private void finish(Transfer t) {
        if (transfer == t) {
            transfer = null;
        }
        SdCard c = card.orElseThrow();
        boolean multipleBlocks = t.phase instanceof SdCard.DataPhase.SendBlocks s ? s.multiple()
                : t.phase instanceof SdCard.DataPhase.ReceiveBlocks w && w.multiple();
        if (!multipleBlocks) {
            c.dataFinished();
        } else if ((u16(TRANSFER_MODE) & 0xc) == TM_AUTO_CMD12) {
            // Auto CMD12: the controller stops the card itself; the response goes to RESPONSE[127:96]
            SdCard.Answer a = c.command(12, 0);
            if (a.reply() instanceof SdCard.Reply.Short s) {
                put32(RESPONSE + 12, s.bits() & 0xffffffffL);
            } else {
                regs[AUTO_CMD_ERR] |= 1; // Auto CMD12 not executed: no response
                raise(0, ERR_AUTO_CMD);
            }
        }
        raise(INT_XFER_COMPLETE, 0);
    }

    // ---- SDMA ---------------------------------------------------------------------------------

    private long dmaAddress() {
        if (!version4()) {
            return u32(SDMA_ADDRESS);
        }
        long low = u32(ADMA_ADDRESS);
        return addressing64() ? low | u32(ADMA_ADDRESS + 4) << 32 : low;
    }

    private void setDmaAddress(long address) {
        if (!version4()) {
            put32(SDMA_ADDRESS, address);
        } else {
            put32(ADMA_ADDRESS, address);
            if (addressing64()) {
                put32(ADMA_ADDRESS + 4, address >>> 32);
            }
        }
    }

    private void resumeDma() {
        Transfer t = transfer;
        if (t != null && t.dma && t.paused) {
            t.paused = false;
            bus.later(() -> runDma(t));
        }
    }

    /**
     * Moves data between the card and memory from the system address on, until the transfer ends
     * or the address reaches an SDMA buffer boundary with data still to move: there it pauses with a
     * DMA interrupt, the address register pointing at the next byte, until the host writes the
     * address again (§1.13.1, §2.2.2).
     */
    private void runDma(Transfer t) {
        if (transfer != t || t.paused) {
            return; // reset or stopped meanwhile
        }
        long boundary = 4096L << ((u16(BLOCK_SIZE) >>> 12) & 7);
        long address = dmaAddress();
        long chunkStart = address;
        ByteArrayOutputStream chunk = new ByteArrayOutputStream();
        while (true) {
            if (t.block == null) {
                if (t.read) {
                    Optional<byte[]> b = cardBlock(t);
                    if (b.isEmpty()) {
                        flush(chunkStart, chunk);
                        return;
                    }
                    t.block = b.get();
                } else {
                    t.block = new byte[t.blockBytes];
                }
                t.position = 0;
            }
            int n = (int) Math.min(t.block.length - t.position, boundary - Long.remainderUnsigned(address, boundary));
            if (t.read) {
                chunk.write(t.block, t.position, n);
            } else {
                byte[] part = new byte[n];
                bus.read(address, part);
                System.arraycopy(part, 0, t.block, t.position, n);
            }
            t.position += n;
            address += n;
            if (t.position == t.block.length) {
                byte[] done = t.block;
                t.block = null;
                if (!t.read && !cardTakes(t, done)) {
                    setDmaAddress(address);
                    return;
                }
                if (!countBlock(t)) {
                    flush(chunkStart, chunk);
                    setDmaAddress(address);
                    finish(t);
                    return;
                }
            }
            if (Long.remainderUnsigned(address, boundary) == 0) {
                flush(chunkStart, chunk);
                setDmaAddress(address);
                t.paused = true;
                raise(INT_DMA, 0);
                return;
            }
        }
    }

    private void flush(long address, ByteArrayOutputStream chunk) {
        if (chunk.size() > 0) {
            bus.write(address, chunk.toByteArray());
            chunk.reset();
        }
    }
}
