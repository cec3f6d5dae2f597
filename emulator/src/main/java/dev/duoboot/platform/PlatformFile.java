package dev.duoboot.platform;

import dev.duoboot.DuobootException;
import dev.duoboot.yaml.YamlFile;
import dev.duoboot.yaml.YamlFile.Value;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads one platform file (YAML) into a {@link Platform} and checks that it describes a board the
 * SoC model can build: no overlapping regions, exactly one DRAM, ROM, PLIC, CLINT, reset block,
 * SEC_SYS and mailbox, at most one SD controller (the card slot), an irq on each UART and SD
 * controller and on nothing else, FSBL's SRAM and the little-core registers inside the regions that
 * hold them, each clock gate's bit in a clock region and the regions it clocks named in the file.
 * Every problem is one line naming the file and the place.
 */
final class PlatformFile {

    private static final List<String> KEYS = List.of("id", "name", "soc", "default", "sources", "sdk", "boot-rom", "regions",
            "mailbox", "little-core", "device-tree", "stock-preset", "fixtures", "clock-gates");
    private static final Set<Region.Kind> EXACTLY_ONE = EnumSet.of(Region.Kind.DRAM, Region.Kind.ROM, Region.Kind.PLIC,
            Region.Kind.CLINT, Region.Kind.RESET, Region.Kind.SEC_SYS, Region.Kind.MAILBOX);
    /** The devices that raise an interrupt at the C906B's PLIC, so their regions name it. */
    private static final Set<Region.Kind> WITH_IRQ = EnumSet.of(Region.Kind.UART, Region.Kind.SDHCI);

    /** Devices a board may lack (a platform file describing less of the chip), one of each at most. */
    private static final Set<Region.Kind> AT_MOST_ONE = EnumSet.of(Region.Kind.SDHCI, Region.Kind.RTC_CTRL, Region.Kind.RTC, Region.Kind.EFUSE,
            Region.Kind.WATCHDOG, Region.Kind.DDR_PHY, Region.Kind.DDR_PHY_APB, Region.Kind.DDR_CTRL, Region.Kind.DDR_BIST);
    /** Devices modelled as parts of one block: the RTC's two pages, the DDR PHY, controller and BIST. */
    private static final List<List<Region.Kind>> TOGETHER = List.of(List.of(Region.Kind.RTC_CTRL, Region.Kind.RTC),
            List.of(Region.Kind.DDR_PHY, Region.Kind.DDR_PHY_APB, Region.Kind.DDR_CTRL, Region.Kind.DDR_BIST));

    private PlatformFile() {}

    /** @param file the file's name in messages */
    static Platform read(String file, String text) {
        Value root = YamlFile.parse(file, text, "a board description (id, soc, regions, ...)");
        Map<String, Value> m = root.mapping("the platform", KEYS);
        String id = YamlFile.require(m, "id", root).text("the board id");
        String stem = file.substring(file.lastIndexOf('/') + 1).replaceFirst("\\.yaml$", "");
        if (!id.equals(stem)) {
            throw m.get("id").error("id '" + id + "' must be the file's name (" + stem + ")");
        }
        Value sdkV = YamlFile.require(m, "sdk", root);
        Map<String, Value> sdk = sdkV.mapping("sdk", List.of("chip-family", "board"));
        Platform.SdkNames names = new Platform.SdkNames(YamlFile.require(sdk, "chip-family", sdkV).text("a chip family"),
                YamlFile.require(sdk, "board", sdkV).text("the SDK's CHIP_BOARD"));

        Map<Region, Value> placed = new java.util.IdentityHashMap<>();
        for (Value r : YamlFile.require(m, "regions", root).list("regions")) {
            placed.put(region(r), r);
        }
        List<Region> regions = new ArrayList<>(placed.keySet());
        regions.sort(Comparator.comparingLong(Region::base));
        checkRegions(regions, placed, m.get("regions"));

        Value romV = YamlFile.require(m, "boot-rom", root);
        Map<String, Value> rom = romV.mapping("boot-rom", List.of("bl2", "bl2-size", "param1"));
        Region romRegion = regions.stream().filter(r -> r.kind() == Region.Kind.ROM).findFirst().orElseThrow();
        Platform.BootRomLayout layout = new Platform.BootRomLayout(romRegion.base(), (int) romRegion.sizeBytes(),
                YamlFile.require(rom, "bl2", romV).number("BL2's SRAM address"),
                (int) YamlFile.require(rom, "bl2-size", romV).number("BL2's size"),
                YamlFile.require(rom, "param1", romV).number("param1's address"));
        inside(regions, layout.bl2Base(), layout.bl2Size(), Region.Kind.SRAM, rom.get("bl2"),
                String.format("BL2 [0x%x, +0x%x)", layout.bl2Base(), layout.bl2Size()));
        inside(regions, layout.param1Base(), 0x1000, Region.Kind.SRAM, rom.get("param1"),
                String.format("param1 [0x%x, +0x1000)", layout.param1Base()));

        Value mbV = YamlFile.require(m, "mailbox", root);
        Map<String, Value> mb = mbV.mapping("mailbox", List.of("c906b-irq", "c906l-irq"));
        Platform.MailboxWiring mailbox = new Platform.MailboxWiring(irq(YamlFile.require(mb, "c906b-irq", mbV)),
                irq(YamlFile.require(mb, "c906l-irq", mbV)));

        Value lcV = YamlFile.require(m, "little-core", root);
        Map<String, Value> lc = lcV.mapping("little-core", List.of("reset", "vector-enable", "vector-low", "vector-high"));
        Platform.LittleCoreControl little = new Platform.LittleCoreControl(
                bit(YamlFile.require(lc, "reset", lcV), regions, Region.Kind.RESET),
                bit(YamlFile.require(lc, "vector-enable", lcV), regions, Region.Kind.SEC_SYS),
                register(YamlFile.require(lc, "vector-low", lcV), regions, Region.Kind.SEC_SYS),
                register(YamlFile.require(lc, "vector-high", lcV), regions, Region.Kind.SEC_SYS));

        Value dtV = YamlFile.require(m, "device-tree", root);
        Map<String, Value> dt = dtV.mapping("device-tree", List.of("model", "compatible"));
        Platform.DeviceTreeNames dtNames = new Platform.DeviceTreeNames(YamlFile.require(dt, "model", dtV).text("a model string"),
                YamlFile.require(dt, "compatible", dtV).list("compatible").stream().map(v -> v.text("a compatible string")).toList());
        Value fxV = YamlFile.require(m, "fixtures", root);
        Map<String, Value> fx = fxV.mapping("fixtures", List.of("little-core"));
        List<Platform.ClockGate> gates = new ArrayList<>();
        for (Value g : YamlFile.optional(m, "clock-gates").map(v -> v.list("clock-gates")).orElse(List.of())) {
            gates.add(clockGate(g, regions));
        }
        List<String> sources = YamlFile.optional(m, "sources").map(v -> v.list("sources").stream().map(x -> x.text("a source")).toList())
                .orElse(List.of());
        return new Platform(id, YamlFile.require(m, "name", root).text("the board's name"),
                YamlFile.require(m, "soc", root).text("the SoC"),
                YamlFile.optional(m, "default").map(Value::bool).orElse(false), names, layout, regions, mailbox, little,
                dtNames, YamlFile.require(m, "stock-preset", root).text("a preset id"),
                YamlFile.require(fx, "little-core", fxV).text("a little-core fixture directory"), sources, gates);
    }

    /** {@code {name: clk_efuse, register: 0x03002000, bit: 11, gates: [sec_sys]}}. */
    private static Platform.ClockGate clockGate(Value v, List<Region> regions) {
        Map<String, Value> g = v.mapping("a clock gate", List.of("name", "register", "bit", "gates"));
        String clock = YamlFile.require(g, "name", v).text("a clock name");
        Platform.RegisterBit enable = new Platform.RegisterBit(register(YamlFile.require(g, "register", v), regions, Region.Kind.CLOCK),
                (int) bitNumber(YamlFile.require(g, "bit", v)));
        List<String> gated = new ArrayList<>();
        for (Value r : YamlFile.require(g, "gates", v).list("gates")) {
            String name = r.text("a region name");
            if (regions.stream().noneMatch(x -> x.name().equals(name))) {
                throw r.error("clock gate " + clock + " gates '" + name + "', which is no region of this board");
            }
            gated.add(name);
        }
        return new Platform.ClockGate(clock, enable, gated);
    }

    private static long bitNumber(Value v) {
        long bit = v.number("a bit number");
        if (bit > 31) {
            throw v.error("bit " + bit + " of a 32-bit register");
        }
        return bit;
    }

    private static Region region(Value v) {
        Map<String, Value> r = v.mapping("a region", List.of("name", "kind", "base", "size", "alias-of", "irq", "reset"));
        String kindWord = YamlFile.require(r, "kind", v).text("a region kind");
        Region.Kind kind = EnumSet.allOf(Region.Kind.class).stream().filter(k -> k.word().equals(kindWord)).findFirst()
                .orElseThrow(() -> r.get("kind").error("unknown region kind '" + kindWord + "', expected one of "
                        + String.join(", ", EnumSet.allOf(Region.Kind.class).stream().map(Region.Kind::word).toList())));
        long size = YamlFile.require(r, "size", v).number("a size");
        if (size == 0) {
            throw r.get("size").error("a region of size 0");
        }
        Optional<Integer> irq = YamlFile.optional(r, "irq").map(PlatformFile::irq);
        Map<Long, Long> reset = new java.util.TreeMap<>();
        Optional<Value> resetV = YamlFile.optional(r, "reset");
        if (resetV.isPresent()) {
            if (kind != Region.Kind.REGISTERS) {
                throw resetV.get().error("only a registers region takes reset values");
            }
            for (Map.Entry<String, Value> e : resetV.get().mapping("reset values (offset: value)").entrySet()) {
                long offset = offset(e.getKey(), resetV.get());
                if (offset % 4 != 0 || offset >= size) {
                    throw resetV.get().error(String.format("reset value at 0x%x: expected a 32-bit register inside the region (0x%x bytes)",
                            offset, size));
                }
                long value = e.getValue().number("a 32-bit register value");
                if (value > 0xffffffffL) {
                    throw e.getValue().error(String.format("0x%x does not fit a 32-bit register", value));
                }
                reset.put(offset, value);
            }
        }
        return new Region(YamlFile.require(r, "name", v).text("a region name"), kind, YamlFile.require(r, "base", v).number("an address"),
                size, YamlFile.optional(r, "alias-of").map(a -> a.text("a region name")), irq, reset);
    }

    private static long offset(String key, Value at) {
        try {
            return key.startsWith("0x") || key.startsWith("0X") ? Long.parseLong(key.substring(2), 16) : Long.parseLong(key);
        } catch (NumberFormatException e) {
            throw at.error("expected a register offset (decimal or 0x hex) as a key, found '" + key + "'");
        }
    }

    private static int irq(Value v) {
        long n = v.number("a PLIC source");
        if (n < 1 || n > 1023) {
            throw v.error("PLIC source " + n + " is outside 1..1023");
        }
        return (int) n;
    }

    /** {@code placed}: where each region stands in the file; {@code at}: the list. */
    private static void checkRegions(List<Region> regions, Map<Region, Value> placed, Value at) {
        for (int i = 1; i < regions.size(); i++) {
            if (Long.compareUnsigned(regions.get(i).base(), regions.get(i - 1).end()) < 0) {
                throw placed.get(regions.get(i)).error("region " + regions.get(i).name() + " overlaps "
                        + regions.get(i - 1).name());
            }
        }
        if (!regions.isEmpty() && Long.compareUnsigned(regions.getLast().end(), 1L << 32) > 0) {
            throw placed.get(regions.getLast()).error("region " + regions.getLast().name() + " ends above 4 GiB");
        }
        for (Region.Kind k : EXACTLY_ONE) {
            long n = regions.stream().filter(r -> r.kind() == k).count();
            if (n != 1) {
                throw at.error("expected exactly one region of kind " + k.word() + ", found " + n);
            }
        }
        for (Region.Kind k : AT_MOST_ONE) {
            if (regions.stream().filter(r -> r.kind() == k).count() > 1) {
                throw at.error("expected at most one region of kind " + k.word());
            }
        }
        for (List<Region.Kind> together : TOGETHER) {
            long present = together.stream().filter(k -> regions.stream().anyMatch(r -> r.kind() == k)).count();
            if (present != 0 && present != together.size()) {
                throw at.error("regions of kinds " + String.join(", ", together.stream().map(Region.Kind::word).toList())
                        + " work together: give all of them or none");
            }
        }
        for (Region r : regions) {
            Value where = placed.get(r);
            if (r.aliasOf().isPresent()) {
                Optional<Region> target = regions.stream().filter(x -> x.name().equals(r.aliasOf().get())).findFirst();
                if (target.isEmpty() || target.get().kind() != r.kind() || target.get().sizeBytes() < r.sizeBytes()) {
                    throw where.error("region " + r.name() + " aliases '" + r.aliasOf().get() + "', which is no " + r.kind().word()
                            + " region of at least its size");
                }
            }
            if (r.irq().isPresent() && !WITH_IRQ.contains(r.kind())) {
                throw where.error("region " + r.name() + ": only UARTs and the SD controller take an irq here");
            }
            if (WITH_IRQ.contains(r.kind()) && r.irq().isEmpty()) {
                throw where.error((r.kind() == Region.Kind.UART ? "UART " : "SD controller ") + r.name() + " has no irq");
            }
        }
    }

    private static void inside(List<Region> regions, long base, long size, Region.Kind kind, Value at, String what) {
        boolean ok = regions.stream().anyMatch(r -> r.kind() == kind && r.contains(base) && Long.compareUnsigned(base + size, r.end()) <= 0);
        if (!ok) {
            throw at.error(what + " lies in no " + kind.word() + " region");
        }
    }

    private static Platform.RegisterBit bit(Value v, List<Region> regions, Region.Kind kind) {
        Map<String, Value> b = v.mapping("a register bit", List.of("register", "bit"));
        long reg = register(YamlFile.require(b, "register", v), regions, kind);
        long bit = YamlFile.require(b, "bit", v).number("a bit number");
        if (bit > 31) {
            throw b.get("bit").error("bit " + bit + " of a 32-bit register");
        }
        return new Platform.RegisterBit(reg, (int) bit);
    }

    private static long register(Value v, List<Region> regions, Region.Kind kind) {
        long reg = v.number("a register address");
        inside(regions, reg, 4, kind, v, String.format("register 0x%x", reg));
        return reg;
    }

    /** A platform file's problem that is not about one value. */
    static DuobootException error(String file, String message) {
        return new DuobootException(file + ": " + message);
    }
}
