package dev.duoboot.platform;

import java.util.Optional;

/**
 * One region of a board's physical address map.
 *
 * @param aliasOf the region whose storage this one shares (CV180x's "shadow" SRAM addresses)
 * @param irq the PLIC source the device raises at the C906B (UARTs)
 */
public record Region(String name, Kind kind, long base, long sizeBytes, Optional<String> aliasOf, Optional<Integer> irq) {

    /** What sits at a region. */
    public enum Kind {
        DRAM, ROM, SRAM, UART, CLINT, PLIC, MAILBOX, RESET, SEC_SYS,
        /** The clock generator (CLKGEN): registers whose enable bits the platform's clock gates name. */
        CLOCK,
        /** Registers that keep what is written and do nothing else (TOP, PINMUX, CLKGEN). */
        REGISTERS;

        /** The word in platform files ({@code sec-sys}). */
        public String word() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }

        public boolean isMemory() {
            return this == DRAM || this == ROM || this == SRAM;
        }
    }

    public long end() {
        return base + sizeBytes;
    }

    public boolean contains(long address) {
        return Long.compareUnsigned(address, base) >= 0 && Long.compareUnsigned(address, end()) < 0;
    }
}
