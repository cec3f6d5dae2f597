package dev.duoboot.platform;

import dev.duoboot.fdt.Dtb;
import dev.duoboot.fdt.DtsCompiler;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * One board as data, read from its file under {@code resources/dev/duoboot/platforms/} (in the
 * manner of a Renode {@code .repl} or QEMU's {@code virt_memmap[]}): what the SoC model maps, what
 * the SDK calls the board, where the mask ROM puts FSBL, how the little core is released, the
 * board's stock layout and which project fixtures serve it. Everything that differs from board to
 * board is here, so the code asks the platform instead of naming a board.
 *
 * @param id the CLI name ({@code duo256m})
 * @param name the board's marketing name
 * @param soc the SoC ({@code SG2002})
 * @param isDefault the board a command without {@code --board} or a layout describes
 * @param sdk the SDK build's names for it
 * @param bootRom where the mask ROM loads FSBL and param1
 * @param regions memory and devices, by address; other addresses below 4 GiB are unmodelled
 * @param mailbox the mailbox's interrupt wiring
 * @param littleCore the registers that hold, point and release the C906L
 * @param deviceTree the root model and compatible strings of the board DT {@code run --dtb board} gives
 *     (the rest of that DT is written from the regions)
 * @param stockPreset the preset holding the board's stock layout (memmap.py, DTS, .config)
 * @param littleCoreFixture the directory of the little-core fixture images built for it
 * @param sources where the values were taken from, for the reader of the file
 * @param clockGates the clock generator's gates that modelled devices need to answer on the bus
 */
public record Platform(
        String id,
        String name,
        String soc,
        boolean isDefault,
        SdkNames sdk,
        BootRomLayout bootRom,
        List<Region> regions,
        MailboxWiring mailbox,
        LittleCoreControl littleCore,
        DeviceTreeNames deviceTree,
        String stockPreset,
        String littleCoreFixture,
        List<String> sources,
        List<ClockGate> clockGates) {

    public Platform {
        regions = List.copyOf(regions);
        sources = List.copyOf(sources);
        clockGates = List.copyOf(clockGates);
    }

    /** The SDK's names: the chip family ({@code cv181x}, selects FSBL's build) and {@code CHIP_BOARD}. */
    public record SdkNames(String chipFamily, String board) {
        /** The FIT configuration the SDK's {@code sdboot} boots ({@code bootm ${uImage_addr}#config-...}). */
        public String fitConfiguration() {
            return "config-" + board;
        }
    }

    /**
     * Where the mask ROM finds itself and puts FSBL (FSBL's {@code platform_def.h}): its own code,
     * the SRAM BL2 is loaded to (entered at +0x20), and the param1 buffer.
     */
    public record BootRomLayout(long romBase, int romSize, long bl2Base, int bl2Size, long param1Base) {}

    /** The PLIC sources the mailbox raises: at the C906B's PLIC and at the C906L's. */
    public record MailboxWiring(int c906bIrq, int c906lIrq) {}

    /** One bit of a 32-bit register. */
    public record RegisterBit(long register, int bit) {
        public long mask() {
            return 1L << bit;
        }
    }

    /**
     * The C906L's reset and boot vector (FSBL's {@code reset_c906l}, the remoteproc drivers):
     * {@code reset} is active low (0 holds the core, a 0 to 1 edge releases it), {@code vectorEnable}
     * lets the vector registers take effect, {@code vectorLow}/{@code vectorHigh} hold the address.
     */
    public record LittleCoreControl(RegisterBit reset, RegisterBit vectorEnable, long vectorLow, long vectorHigh) {}

    /**
     * One enable bit of the clock generator (a {@code REG_CLK_EN_n} bit) and the regions whose bus
     * interface runs on that clock: with the bit clear, an access to them is never answered
     * (docs/facts/failures.md §10). On at power-on.
     *
     * @param name the clock's name in the kernel's clock tree ({@code clk_efuse})
     * @param gates the names of the regions it clocks
     */
    public record ClockGate(String name, RegisterBit enable, List<String> gates) {
        public ClockGate {
            gates = List.copyOf(gates);
        }

        /** "clk_efuse (0x3002000 bit 11)". */
        public String describe() {
            return String.format("%s (0x%x bit %d)", name, enable.register(), enable.bit());
        }
    }

    /** What the board DT's root says it is. */
    public record DeviceTreeNames(String model, List<String> compatible) {
        public DeviceTreeNames {
            compatible = List.copyOf(compatible);
        }
    }

    /** The region holding DRAM. */
    public Region dram() {
        return only(Region.Kind.DRAM);
    }

    /** The one region of a kind that a board has exactly one of (DRAM, ROM, PLIC, CLINT, reset, SEC_SYS, mailbox). */
    public Region only(Region.Kind kind) {
        return regions.stream().filter(r -> r.kind() == kind).findFirst()
                .orElseThrow(() -> new IllegalStateException(id + " has no " + kind + " region"));
    }

    /** The gate whose clock region {@code regionName} needs, if any. */
    public Optional<ClockGate> gateOf(String regionName) {
        return clockGates.stream().filter(g -> g.gates().contains(regionName)).findFirst();
    }

    /** The region holding {@code address}, if any. */
    public Optional<Region> regionAt(long address) {
        return regions.stream().filter(r -> r.contains(address)).findFirst();
    }

    /** The UARTs in address order: UART0 first. */
    public List<Region> uarts() {
        return regions.stream().filter(r -> r.kind() == Region.Kind.UART).toList();
    }

    /** The board DT's source, written from this platform ({@link BoardDeviceTree}). */
    public String deviceTreeSource() {
        return BoardDeviceTree.source(this, deviceTree.model(), deviceTree.compatible());
    }

    /** The board's DTB, compiled from {@link #deviceTreeSource()} as dtc would. */
    public byte[] deviceTreeBlob() {
        String name = id + ".dts";
        byte[] text = deviceTreeSource().getBytes(StandardCharsets.UTF_8);
        return Dtb.write(DtsCompiler.compile(p -> p.equals(name) ? Optional.of(text) : Optional.empty(), name,
                new DtsCompiler.Options(List.of(), List.of(), false, "<stdout>")).tree());
    }

    /** "duo256m (SG2002, 256 MiB)". */
    public String describe() {
        return id + " (" + soc + ", " + (dram().sizeBytes() >> 20) + " MiB)";
    }
}
