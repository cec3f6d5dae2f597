package dev.duoboot.linux;

import static org.assertj.core.api.Assertions.assertThat;

import dev.duoboot.fdt.DeviceTree;
import dev.duoboot.fdt.Node;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The spec's §8: every way {@code of_reserved_mem_lookup()} returns NULL, per profile. Each row
 * builds a tree whose {@code /rproc} node points at the target; the expected column lists, per
 * profile in {@link #PROFILES} order, F (found), F0 (found, size 0), N (NULL), O (oops), or - (row
 * does not apply). A row's log line is printed exactly where the lookup comes back NULL.
 */
class LookupNullTableTest {

    /** A, B, C built =m, C built =y, vanilla 5.10, 6.1, 6.6, 6.12, mainline. */
    static final List<String> PROFILES = List.of("cvitek-5.10-a", "cvitek-5.10-b", "cvitek-5.10-c:m", "cvitek-5.10-c:y",
            "linux-5.10", "linux-6.1", "linux-6.6", "linux-6.12", "mainline");

    record Row(String id, Consumer<DeviceTree> build, String expected, List<String> mustLog) {}

    static DeviceTree tree() {
        return Dt.base(0x80000000L, 0x10000000L, "console=ttyS0");
    }

    static Node rmem(DeviceTree t) {
        return t.node("/reserved-memory").orElseThrow();
    }

    /** Adds /rproc with memory-region = <&target> (phandle 7). */
    static Node target(Node n) {
        n.setProperty(Dt.cells("phandle", 7));
        return n;
    }

    static void consumer(DeviceTree t) {
        Dt.node(t.root(), "rproc", Dt.cells("memory-region", 7));
    }

    static Row row(String id, String expected, Consumer<DeviceTree> build, String... mustLog) {
        return new Row(id, t -> {
            build.accept(t);
            consumer(t);
        }, expected, List.of(mustLog));
    }

    static List<Row> rows() {
        List<Row> rows = new ArrayList<>();
        rows.add(row("3 no /reserved-memory", "N N N N N N N N N", t -> {
            t.root().removeChild(rmem(t));
            target(Dt.node(t.root(), "rtos", Dt.cells64("reg", 0x8fe00000L, 0x200000)));
        }));
        rows.add(row("3b reserved-memory@0 (5.10 wants the exact name)", "N N N N N F F F F", t -> {
            t.root().removeChild(rmem(t));
            Node r = Dt.node(t.root(), "reserved-memory@0", Dt.cells("#address-cells", 2), Dt.cells("#size-cells", 2), Dt.empty("ranges"));
            target(Dt.node(r, "rtos", Dt.cells64("reg", 0x8fe00000L, 0x200000)));
        }));
        rows.add(row("4 root check fails", "N N N N N N N N N", t -> {
            rmem(t).setProperty(Dt.cells("#size-cells", 1));
            target(Dt.node(rmem(t), "rtos", Dt.cells("reg", 0, 0x8fe00000L, 0x200000)));
        }, "Reserved memory: unsupported node format, ignoring"));
        rows.add(row("5 target disabled", "N N N N N N N N N", t ->
                target(Dt.node(rmem(t), "rtos", Dt.cells64("reg", 0x8fe00000L, 0x200000), Dt.str("status", "disabled")))));
        rows.add(row("6 grandchild", "F F F F O N N N N", t -> {
            Node g = Dt.node(rmem(t), "group");
            target(Dt.node(g, "rtos", Dt.cells64("reg", 0x8fe00000L, 0x200000)));
        }));
        rows.add(row("7 neither reg nor size", "N N N N N N N N N", t -> target(Dt.node(rmem(t), "rtos", Dt.empty("no-map")))));
        rows.add(row("8 reg not a multiple of the entry size", "N N N N N N N N N", t ->
                target(Dt.node(rmem(t), "rtos", Dt.cells("reg", 0, 0x8fe00000L, 0x200000)))));
        rows.add(row("9 empty reg", "N N N N N N N N N", t -> target(Dt.node(rmem(t), "rtos", Dt.empty("reg")))));
        rows.add(row("10 first reg entry has size 0", "F0 F0 F0 F0 O F0 F0 N N", t ->
                target(Dt.node(rmem(t), "rtos", Dt.cells64("reg", 0x8fe00000L, 0)))));
        rows.add(row("11 several reg entries", "F F F F O F F F N", t ->
                target(Dt.node(rmem(t), "rtos", Dt.cells64("reg", 0x8fe00000L, 0x100000, 0x8ff00000L, 0x100000)))));
        rows.add(row("12 memblock reservation fails (-EBUSY on 5.10.20+/6.x)", "F F F F O F F F F", t ->
                target(Dt.node(rmem(t), "rtos", Dt.cells64("reg", 0x80400000L, 0x100000), Dt.empty("no-map")))));
        rows.add(row("13 static no-map region outside every memory node", "F N N F O F F F F", t -> {
            t.node("/memory@80000000").orElseThrow().setProperty(Dt.cells64("reg", 0x80000000L, 0xfe00000));
            target(Dt.node(rmem(t), "rtos_dram@8fe00000", Dt.cells64("reg", 0x8fe00000L, 0x200000), Dt.empty("no-map")));
        }));
        rows.add(row("14 dynamic region fails allocation", "F0 F0 F0 F0 O F0 F0 N N", t ->
                target(Dt.node(rmem(t), "pool", Dt.cells64("size", 0x20000000L)))));
        rows.add(row("15 more regions than the SDK table holds (4)", "F N N N O F F F F", t -> {
            for (int i = 0; i < 4; i++) {
                Dt.node(rmem(t), "r" + i, Dt.cells64("reg", 0x8f000000L + i * 0x100000L, 0x100000));
            }
            target(Dt.node(rmem(t), "rtos", Dt.cells64("reg", 0x8fe00000L, 0x200000)));
        }));
        rows.add(row("15b more regions than 64", "N N N N O N N F F", t -> {
            for (int i = 0; i < 64; i++) {
                Dt.node(rmem(t), "r" + i, Dt.cells64("reg", 0x88000000L + i * 0x100000L, 0x100000));
            }
            target(Dt.node(rmem(t), "rtos", Dt.cells64("reg", 0x8fe00000L, 0x200000)));
        }, "not enough space for all defined regions."));
        rows.add(row("16 region init fails (misaligned CMA pool)", "F F F F O F F F F", t ->
                target(Dt.node(rmem(t), "cmapool", Dt.str("compatible", "shared-dma-pool"), Dt.empty("reusable"),
                        Dt.cells64("reg", 0x8f100000L, 0x100000)))));
        rows.add(row("18 6.12 reserved_mem array cannot be allocated", "- - - - - - - N N", t -> {
            t.node("/memory@80000000").orElseThrow().setProperty(Dt.cells64("reg", 0x80200000L, 0x1000000));
            target(Dt.node(rmem(t), "rtos", Dt.cells64("reg", 0x8fe00000L, 0x200000)));
        }, "Failed to allocate memory for reserved_mem array with err: -12"));
        rows.add(row("19 name of 9+ characters with name[8]", "F N N F O F F F F", t ->
                target(Dt.node(rmem(t), "rtos_dram@8f000000", Dt.cells64("reg", 0x8f000000L, 0x200000)))));
        rows.add(row("20a name of exactly 8 characters, fdt_node low byte 0", "F F F F O F F F F", t ->
                target(Dt.node(rmem(t), "rtosdram", Dt.cells64("reg", 0x8f000000L, 0x200000))).setStructureOffset(0x300)));
        rows.add(row("20b name of exactly 8 characters, fdt_node low byte not 0", "F N N F O F F F F", t ->
                target(Dt.node(rmem(t), "rtosdram", Dt.cells64("reg", 0x8f000000L, 0x200000))).setStructureOffset(0x304)));
        rows.add(row("21 memory-region outside /reserved-memory", "N N N N N N N N N", t ->
                target(Dt.node(t.root(), "fwmem", Dt.cells64("reg", 0x8fe00000L, 0x200000)))));
        rows.add(row("21b outside, but a saved region has the same name", "F F F F O F F F F", t -> {
            Dt.node(rmem(t), "fwmem", Dt.cells64("reg", 0x8fe00000L, 0x200000));
            target(Dt.node(Dt.node(t.root(), "soc"), "fwmem"));
        }));
        return rows;
    }

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (Row r : rows()) {
            String[] exp = r.expected().split(" ");
            for (int i = 0; i < PROFILES.size(); i++) {
                if (!exp[i].equals("-")) {
                    out.add(Arguments.of(r.id(), PROFILES.get(i), exp[i], r));
                }
            }
        }
        return out.stream();
    }

    static KernelRun boot(String profileSpec, DeviceTree t) {
        String[] p = profileSpec.split(":");
        KernelInputs in = KernelInputs.of(t, 0x2000, KernelProfile.byName(p[0]).orElseThrow());
        if (p.length > 1) {
            in = in.withConfig(Map.of("CONFIG_ARCH_CVITEK", "y", "CONFIG_CVITEK_REMOTEPROC", p[1]));
        }
        return KernelModel.boot(in);
    }

    @ParameterizedTest(name = "§8 row {0} on {1}: {2}")
    @MethodSource("cases")
    void lookupVerdict(String id, String profile, String expected, Row row) {
        DeviceTree t = tree();
        row.build().accept(t);
        KernelRun run = boot(profile, t);
        Lookup l = run.lookups().getFirst();
        String got = switch (l.result()) {
            case FOUND -> l.region().orElseThrow().size() == 0 ? "F0" : "F";
            case NULL -> "N";
            case OOPS -> "O";
            case NO_PHANDLE -> "no-phandle";
        };
        assertThat(got).as("lookup result").isEqualTo(expected);
        if (!got.startsWith("F")) {
            assertThat(l.why()).as("every failure is explained").isPresent();
        }
        List<String> log = run.printk().lines().stream().map(LogLine::text).toList();
        for (String m : got.equals("O") ? List.<String>of() : row.mustLog()) {
            // the row's message is what made the lookup fail; where it is found, it is not printed
            assertThat(log.stream().anyMatch(s -> s.endsWith(m))).as("log has " + m).isEqualTo(got.equals("N"));
        }
    }
}
