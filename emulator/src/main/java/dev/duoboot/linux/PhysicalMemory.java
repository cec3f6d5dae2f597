package dev.duoboot.linux;

/**
 * Physical memory as the kernel model sees it: DRAM and the SoC registers. The boot flow adapts
 * the emulated machine to this; tests use a plain sparse store. The model never sees Unicorn.
 */
public interface PhysicalMemory {

    /**
     * Thrown by an access that never completes (the bus does not answer: a device whose clock is
     * gated). The CPU making it waits for ever; the kernel model stops there.
     */
    final class AccessHangs extends RuntimeException {
        private final long address;

        public AccessHangs(long address) {
            super(String.format("the access to 0x%x never completes", address), null, false, false);
            this.address = address;
        }

        public long address() {
            return address;
        }
    }

    byte[] read(long addr, int len);

    void write(long addr, byte[] bytes);

    /** A 32-bit little-endian load (MMIO registers are read this way by {@code readl}). */
    default long read32(long addr) {
        byte[] b = read(addr, 4);
        return (b[0] & 0xffL) | (b[1] & 0xffL) << 8 | (b[2] & 0xffL) << 16 | (b[3] & 0xffL) << 24;
    }

    /** A 32-bit little-endian store ({@code writel}). */
    default void write32(long addr, long value) {
        write(addr, new byte[] {(byte) value, (byte) (value >> 8), (byte) (value >> 16), (byte) (value >> 24)});
    }
}
