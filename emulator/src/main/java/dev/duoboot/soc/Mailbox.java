package dev.duoboot.soc;

/**
 * The inter-processor mailbox at 0x01900000, as the SDK's {@code cvi_mailbox.h} lays it out and the
 * Linux {@code rtos_cmdqu} driver and FreeRTOS use it: {@code cpu_mbox_en[4]} at 0x00 (channels
 * enabled for each CPU), per CPU {@code {int_clr, int_mask, int, int_raw}} at 0x10 + 0x10 × cpu,
 * {@code mbox_set} at 0x60 (raises the written channels at every CPU that enabled them), and eight
 * 8-byte message slots at 0x400. CPU 1 is the C906B, CPU 2 the C906L; which PLIC source each
 * raises is the platform's {@code mailbox} wiring. Other offsets (status, spinlocks) are plain storage.
 */
final class Mailbox {

    static final int C906B = 1;
    static final int C906L = 2;

    /** Sets a CPU's mailbox interrupt level. */
    interface Irq {
        void set(int cpu, boolean level);
    }

    private final int[] enabled = new int[4];
    private final int[] mask = new int[4];
    private final int[] raw = new int[4];
    private final Registers other = new Registers(java.util.Map.of());
    private final Irq irq;

    Mailbox(Irq irq) {
        this.irq = irq;
    }

    long read(long offset, int size) {
        int off = (int) offset;
        if (off < 0x10) {
            return enabled[off / 4];
        }
        if (off < 0x50) {
            int cpu = (off - 0x10) / 0x10;
            return switch (off & 0xc) {
                case 0x4 -> mask[cpu];
                case 0x8 -> raw[cpu] & ~mask[cpu];
                case 0xc -> raw[cpu];
                default -> 0; // int_clr reads as 0
            };
        }
        return other.read(offset, size);
    }

    void write(long offset, int size, long value) {
        int off = (int) offset;
        int v = (int) value & 0xff;
        if (off < 0x10) {
            enabled[off / 4] = v;
        } else if (off < 0x50) {
            int cpu = (off - 0x10) / 0x10;
            switch (off & 0xc) {
                case 0x0 -> raw[cpu] &= ~v;
                case 0x4 -> mask[cpu] = v;
                default -> {
                    // int and int_raw are read-only
                }
            }
        } else if (off == 0x60) {
            for (int cpu = 0; cpu < 4; cpu++) {
                raw[cpu] |= v & enabled[cpu];
            }
        } else {
            other.write(offset, size, value);
            return;
        }
        for (int cpu = 0; cpu < 4; cpu++) {
            irq.set(cpu, (raw[cpu] & ~mask[cpu]) != 0);
        }
    }
}
