package dev.duoboot.soc;

/**
 * A Synopsys DesignWare APB UART as the SoC wires it: 16550 registers 4 bytes apart ({@code
 * reg-shift = <2>}, {@code reg-io-width = <4>}, facts §9), the DesignWare status and identification
 * registers, an infinitely fast transmitter, and a receiver fed by the {@link Console} script.
 * Register behaviour follows the 16550 data sheet as U-Boot's {@code drivers/serial/ns16550.c} and
 * OpenSBI's {@code lib/utils/serial/uart8250.c} use it.
 */
final class Uart16550 {

    private static final int LSR_DR = 0x01;
    private static final int LSR_THRE = 0x20;
    private static final int LSR_TEMT = 0x40;
    private static final int LCR_DLAB = 0x80;
    private static final int IER_RDA = 0x01;
    private static final int IER_THRE = 0x02;
    private static final int FCR_ENABLE = 0x01;
    private static final int FCR_RX_RESET = 0x02;
    /** DW_apb_uart "component type" register (offset 0xfc): "DW" and 0x0110. */
    private static final int DW_COMPONENT_TYPE = 0x44570110;

    private final int index;
    private final Console console;
    private final Runnable interruptChanged;
    private int ier;
    private int lcr;
    private int mcr;
    private int fcr;
    private int scr;
    private int dll;
    private int dlm;
    private boolean irq;

    Uart16550(int index, Console console, Runnable interruptChanged) {
        this.index = index;
        this.console = console;
        this.interruptChanged = interruptChanged;
    }

    long read(int hart, long offset) {
        int reg = (int) (offset >>> 2);
        return switch (reg) {
            case 0 -> (lcr & LCR_DLAB) != 0 ? dll : receive();
            case 1 -> (lcr & LCR_DLAB) != 0 ? dlm : ier;
            case 2 -> interruptId() | ((fcr & FCR_ENABLE) != 0 ? 0xc0 : 0);
            case 3 -> lcr;
            case 4 -> mcr;
            case 5 -> LSR_THRE | LSR_TEMT | (console.receiverReady(index) ? LSR_DR : 0);
            case 6 -> 0;
            case 7 -> scr;
            // USR: not busy, transmit FIFO not full and empty, receive FIFO not empty
            case 0x1f -> 0x6 | (console.receiverReady(index) ? 0x8 : 0);
            case 0x3f -> DW_COMPONENT_TYPE;
            default -> 0;
        };
    }

    void write(int hart, long offset, long value) {
        int v = (int) value & 0xff;
        switch ((int) (offset >>> 2)) {
            case 0 -> {
                if ((lcr & LCR_DLAB) != 0) {
                    dll = v;
                } else {
                    console.write(index, hart, v);
                }
            }
            case 1 -> {
                if ((lcr & LCR_DLAB) != 0) {
                    dlm = v;
                } else {
                    ier = v & 0x0f;
                }
            }
            case 2 -> {
                fcr = v;
                if ((v & FCR_RX_RESET) != 0) {
                    console.resetReceiver(index);
                }
            }
            case 3 -> lcr = v;
            case 4 -> mcr = v;
            case 7 -> scr = v;
            default -> {
                // LSR, MSR and the DesignWare registers ignore writes
            }
        }
        updateInterrupt();
    }

    private int receive() {
        int b = console.receive(index);
        updateInterrupt();
        return b;
    }

    /** IIR: received data (0x4) before transmitter empty (0x2); 0x1 when nothing is pending. */
    private int interruptId() {
        if ((ier & IER_RDA) != 0 && console.receiverReady(index)) {
            return 0x04;
        }
        if ((ier & IER_THRE) != 0) {
            return 0x02;
        }
        return 0x01;
    }

    boolean interruptPending() {
        return irq;
    }

    private void updateInterrupt() {
        boolean now = interruptId() != 0x01;
        if (now != irq) {
            irq = now;
            interruptChanged.run();
        }
    }
}
