package dev.duoboot.platform;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One region of a board's physical address map.
 *
 * @param aliasOf the region whose storage this one shares (CV180x's "shadow" SRAM addresses)
 * @param irq the PLIC source the device raises at the C906B (UARTs, the SD controller)
 * @param resetValues what registers of a {@link Kind#REGISTERS} block read before anything writes
 *     them, by offset (a chip's straps: TOP's CONF_INFO)
 */
public record Region(String name, Kind kind, long base, long sizeBytes, Optional<String> aliasOf, Optional<Integer> irq,
        Map<Long, Long> resetValues) {

    public Region {
        resetValues = java.util.Collections.unmodifiableMap(new TreeMap<>(resetValues));
    }

    public Region(String name, Kind kind, long base, long sizeBytes, Optional<String> aliasOf, Optional<Integer> irq) {
        this(name, kind, base, sizeBytes, aliasOf, irq, Map.of());
    }

    /** What sits at a region. */
    public enum Kind {
        DRAM, ROM, SRAM, UART, CLINT, PLIC, MAILBOX, RESET, SEC_SYS,
        /** The SD host controller (SDHCI) and its card slot. */
        SDHCI,
        /** The clock generator (CLKGEN): registers whose enable bits the platform's clock gates name. */
        CLOCK,
        /** Registers that keep what is written and do nothing else (TOP, PINMUX, CLKGEN). */
        REGISTERS,
        /** RTC_CTRL (RTC_SYS + 0x25000): RTC_CTRL0 and its unlock key; shutdown and reset requests. */
        RTC_CTRL,
        /** The RTC core's page (RTC_SYS + 0x26000): request enables, power-on reasons, macro, core SRAM. */
        RTC,
        /** The eFuse controller and its shadow registers (TOP + 0x50000). */
        EFUSE,
        /** The TOP watchdog (DW_apb_wdt). */
        WATCHDOG,
        /** The DDR PHY's digital registers (PHYD). */
        DDR_PHY,
        /** The DDR PHY's APB block with the DDR PLL. */
        DDR_PHY_APB,
        /** The DDR controller (uMCTL2). */
        DDR_CTRL,
        /** The DDR BIST engine and its pattern SRAM. */
        DDR_BIST;

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
