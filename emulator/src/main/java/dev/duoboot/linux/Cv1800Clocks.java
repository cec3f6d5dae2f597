package dev.duoboot.linux;

import dev.duoboot.fdt.FdtException;
import dev.duoboot.fdt.Node;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The CV18xx clock controller as the common clock framework sees it: the provider
 * drivers/clk/sophgo/clk-cv1800.c registers for the DT node it matches, and the gates of it the
 * model knows, each with the framework's enable count (drivers/clk/clk.c clk_enable()/clk_disable():
 * the gate's bit is set on the first enable and cleared when the count drops back to 0), and
 * {@code clk_disable_unused()}, the late_initcall_sync that gates every clock nobody holds enabled.
 *
 * <p>Only the efuse gates are modelled (docs/facts/failures.md §10.1): their DT ids
 * (include/dt-bindings/clock/sophgo,cv1800.h CLK_EFUSE 19, CLK_APB_EFUSE 20) and their bit in
 * REG_CLK_EN_0 (offset 0x000 of the controller: clk-cv1800.c {@code CV1800_GATE(clk_efuse, ...,
 * REG_CLK_EN_0, 11, 0)}, flags 0, so not CLK_IS_CRITICAL). The controller's address is its DT
 * node's, as the kernel gets it.
 */
public final class Cv1800Clocks {

    /** clk-cv1800.c's of_match_table. */
    public static final List<String> COMPATIBLES = List.of("sophgo,cv1800-clk", "sophgo,cv1810-clk", "sophgo,sg2000-clk");
    private static final long REG_CLK_EN_0 = 0x000;

    /** A gate of the controller: its DT id and the binding's macro for it, its name in the clock tree, its enable bit. */
    public record Gate(int id, String macro, String name, long offset, int bit) {
        long mask() {
            return 1L << bit;
        }
    }

    /** The gates the model knows, by DT id. */
    static final List<Gate> GATES = List.of(new Gate(19, "CLK_EFUSE", "clk_efuse", REG_CLK_EN_0, 11),
            new Gate(20, "CLK_APB_EFUSE", "clk_apb_efuse", REG_CLK_EN_0, 12));

    private final Node node;
    private final long base;
    private final Map<Integer, Integer> enableCount = new LinkedHashMap<>();

    private Cv1800Clocks(Node node, long base) {
        this.node = node;
        this.base = base;
    }

    /** The provider for the first available node clk-cv1800.c matches, if the DT has one with a reg. */
    static Optional<Cv1800Clocks> probe(dev.duoboot.fdt.DeviceTree tree) {
        for (Node n : tree.root().walk()) {
            boolean match = n.property("compatible").map(p -> p.asStringList().stream().anyMatch(COMPATIBLES::contains)).orElse(false);
            if (match && EarlyScan.isAvailable(n)) {
                return firstRegBase(n).map(b -> new Cv1800Clocks(n, b));
            }
        }
        return Optional.empty();
    }

    /** The first {@code reg} address of {@code n} (the CV18xx DTs map /soc 1:1 with an empty ranges). */
    public static Optional<Long> firstRegBase(Node n) {
        try {
            return n.reg().stream().findFirst().map(r -> r.address());
        } catch (FdtException e) {
            return Optional.empty();
        }
    }

    /** The provider's node: a {@code clocks} specifier names it by phandle. */
    public Node node() {
        return node;
    }

    /** The known gate with DT id {@code id}. */
    public static Optional<Gate> gate(int id) {
        return GATES.stream().filter(g -> g.id() == id).findFirst();
    }

    /** The known gate named {@code name} ({@code clk_efuse}). */
    public static Optional<Gate> gate(String name) {
        return GATES.stream().filter(g -> g.name().equals(name)).findFirst();
    }

    /** {@code clk_enable()}: the first enable opens the gate. */
    void enable(Gate g, PhysicalMemory mem) {
        int n = enableCount.merge(g.id(), 1, Integer::sum);
        if (n == 1) {
            long reg = base + g.offset();
            mem.write32(reg, mem.read32(reg) | g.mask());
        }
    }

    /** {@code clk_disable()}: the last disable closes the gate. */
    void disable(Gate g, PhysicalMemory mem) {
        int n = enableCount.merge(g.id(), -1, Integer::sum);
        if (n == 0) {
            long reg = base + g.offset();
            mem.write32(reg, mem.read32(reg) & ~g.mask());
        }
    }

    /**
     * {@code clk_disable_unused()}'s walk over this provider: every gate that is open in the
     * hardware while nobody holds it enabled is closed. Returns the gates it closed.
     */
    List<Gate> disableUnused(PhysicalMemory mem) {
        List<Gate> closed = new ArrayList<>();
        for (Gate g : GATES) {
            if (enableCount.getOrDefault(g.id(), 0) > 0) {
                continue;
            }
            long reg = base + g.offset();
            long v = mem.read32(reg);
            if ((v & g.mask()) != 0) {
                mem.write32(reg, v & ~g.mask());
                closed.add(g);
            }
        }
        return closed;
    }
}
