package dev.duoboot.soc;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * A board as data: its memory map, in the style of a QEMU board file ({@code virt_memmap[]}). The
 * addresses are those of {@code docs/facts/sdk-boot-flow.md} §5.2 and §9 (sophgo/fsbl {@code
 * platform_def.h}, the SDK's {@code cv18{0,1}x_base_riscv.dtsi}). Every address not listed below
 * 0x1_0000_0000 is an "unimplemented" device that logs each access.
 *
 * @param name      the CLI name ({@code duo}, {@code duo256m})
 * @param soc       the SoC it models
 * @param dtb       classpath resource of the board's device tree blob
 * @param memoryMap the regions, by address
 */
public record Board(String name, String soc, String dtb, List<Region> memoryMap) {

    /** What sits at a region. */
    public enum Kind {
        DRAM, ROM, SRAM, UART, CLINT, PLIC, MAILBOX, RESET, SEC_SYS, REGISTERS
    }

    /**
     * One region. {@code aliasOf} names the region whose storage an alias shares (CV180x's "shadow"
     * SRAM addresses).
     */
    public record Region(String name, Kind kind, long base, long sizeBytes, Optional<String> aliasOf) {
        public Region(String name, Kind kind, long base, long sizeBytes) {
            this(name, kind, base, sizeBytes, Optional.empty());
        }

        public long end() {
            return base + sizeBytes;
        }

        public boolean contains(long address) {
            return address >= base && address < end();
        }
    }

    public Board {
        memoryMap = memoryMap.stream().sorted(Comparator.comparingLong(Region::base)).toList();
        for (int i = 1; i < memoryMap.size(); i++) {
            if (memoryMap.get(i).base() < memoryMap.get(i - 1).end()) {
                throw new IllegalArgumentException(memoryMap.get(i - 1).name() + " overlaps " + memoryMap.get(i).name());
            }
        }
    }

    public static final long DRAM_BASE = 0x8000_0000L;

    /** The peripherals both SoCs share (facts §9). */
    private static List<Region> peripherals() {
        return List.of(
                new Region("mailbox", Kind.MAILBOX, 0x0190_0000L, 0x1000),
                new Region("sec_sys", Kind.SEC_SYS, 0x020B_0000L, 0x1000),
                new Region("top", Kind.REGISTERS, 0x0300_0000L, 0x1000),
                new Region("pinmux", Kind.REGISTERS, 0x0300_1000L, 0x1000),
                new Region("clkgen", Kind.REGISTERS, 0x0300_2000L, 0x1000),
                new Region("rst", Kind.RESET, 0x0300_3000L, 0x1000),
                new Region("uart0", Kind.UART, 0x0414_0000L, 0x1000),
                new Region("uart1", Kind.UART, 0x0415_0000L, 0x1000),
                new Region("uart2", Kind.UART, 0x0416_0000L, 0x1000),
                new Region("uart3", Kind.UART, 0x0417_0000L, 0x1000),
                new Region("rtc_sram", Kind.SRAM, 0x0520_0000L, 0x6000),
                new Region("axi_sram", Kind.SRAM, 0x0E00_0000L, 0x4_0000), // size not in the sources read
                new Region("plic", Kind.PLIC, 0x7000_0000L, 0x400_0000),
                new Region("clint", Kind.CLINT, 0x7400_0000L, 0x1_0000));
    }

    private static List<Region> with(List<Region> common, Region... extra) {
        var all = new java.util.ArrayList<>(common);
        all.addAll(List.of(extra));
        return all;
    }

    /** Milk-V Duo256M: SG2002 (CV181x), 256 MiB. */
    public static final Board DUO256M = new Board("duo256m", "SG2002", "dev/duoboot/soc/sg2002.dtb", with(peripherals(),
            new Region("rom", Kind.ROM, 0x0441_8000L, 0x1_8000),
            new Region("tpu_sram", Kind.SRAM, 0x0C00_0000L, 0x4_0000),
            new Region("dram", Kind.DRAM, DRAM_BASE, 256L << 20)));

    /** Milk-V Duo: CV1800B (CV180x), 64 MiB; FSBL runs from the shadow addresses of its SRAMs. */
    public static final Board DUO = new Board("duo", "CV1800B", "dev/duoboot/soc/cv1800b.dtb", with(peripherals(),
            new Region("rom", Kind.ROM, 0x0440_0000L, 0x1_0000),
            new Region("vc_sram", Kind.SRAM, 0x0BC0_0000L, 0x1_9000),
            new Region("vc_sram_shadow", Kind.SRAM, 0x3BC0_0000L, 0x1_9000, Optional.of("vc_sram")),
            new Region("tpu_sram_shadow", Kind.SRAM, 0x3C00_0000L, 0x1_0000),
            new Region("dram", Kind.DRAM, DRAM_BASE, 64L << 20)));

    public static final List<Board> ALL = List.of(DUO, DUO256M);

    /** The board with this CLI name. */
    public static Optional<Board> named(String name) {
        return ALL.stream().filter(b -> b.name().equals(name)).findFirst();
    }

    public Region region(String regionName) {
        return memoryMap.stream().filter(r -> r.name().equals(regionName)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(name + " has no region " + regionName));
    }

    public Region dram() {
        return region("dram");
    }

    /** The region holding {@code address}, if any. */
    public Optional<Region> regionAt(long address) {
        return memoryMap.stream().filter(r -> r.contains(address)).findFirst();
    }
}
