package dev.duoboot.linux;

import dev.duoboot.fdt.Node;
import java.util.Optional;

/**
 * A syscon's regmap as a driver gets it from {@code syscon_regmap_lookup_by_phandle()}
 * (drivers/mfd/syscon.c 6.12): the node the phandle names must be compatible with "syscon"
 * (else -EINVAL); {@code of_syscon_register()} maps its first {@code reg} and takes
 * {@code of_clk_get(np, 0)}: no {@code clocks} is fine (-ENOENT is ignored), a clock whose provider
 * is not registered defers the lookup, and a clock it gets is attached to the MMIO regmap
 * (regmap_mmio_attach_clk()), which enables it around every register access
 * (drivers/base/regmap/regmap-mmio.c regmap_mmio_read()/write()). No cache: every access reaches
 * the hardware.
 *
 * @param clock the clock the regmap enables around each access; empty when the node names none.
 *     A clock of the controller the model does not know is {@code Optional.of(Optional.empty())}
 */
record Syscon(Node node, long base, Optional<Optional<Cv1800Clocks.Gate>> clock) {

    /** How the lookup went: the regmap, or the error the driver gets. */
    sealed interface Lookup {
        record Found(Syscon syscon) implements Lookup {}

        /** {@code errno} negative; {@code why} in words, for the explanation. */
        record Failed(int errno, String why) implements Lookup {}
    }

    static final int ENODEV = -19;
    static final int EINVAL = -22;
    static final int EPROBE_DEFER = -517;

    /** {@code syscon_regmap_lookup_by_phandle(consumer, property)}. */
    static Lookup lookup(KernelRun run, Node consumer, String property) {
        Optional<Long> phandle = consumer.property(property).filter(p -> p.cellCount() >= 1).map(p -> p.u32(0));
        if (phandle.isEmpty()) {
            return new Lookup.Failed(ENODEV, "it has no " + property + " property, so of_parse_phandle() gives no node");
        }
        Optional<Node> target = run.kernel().tree().nodeByPhandle(phandle.get());
        if (target.isEmpty()) {
            return new Lookup.Failed(ENODEV, property + " is phandle " + phandle.get() + ", which no node has");
        }
        Node n = target.get();
        boolean syscon = n.property("compatible").map(p -> p.asStringList().contains("syscon")).orElse(false);
        if (!syscon) {
            return new Lookup.Failed(EINVAL, property + " points at " + n.path() + ", which is not compatible with \"syscon\"");
        }
        Optional<Long> base = Cv1800Clocks.firstRegBase(n);
        if (base.isEmpty()) {
            return new Lookup.Failed(EINVAL, property + " points at " + n.path() + ", which has no usable reg");
        }
        Optional<Long> clk = n.property("clocks").filter(p -> p.cellCount() >= 1).map(p -> p.u32(0));
        if (clk.isEmpty()) {
            return new Lookup.Found(new Syscon(n, base.get(), Optional.empty()));
        }
        Optional<Cv1800Clocks> provider = run.clocks().filter(c -> c.node().phandle().equals(clk));
        if (provider.isEmpty()) {
            return new Lookup.Failed(EPROBE_DEFER, n.path() + "'s clocks names no registered clock provider, so of_clk_get() "
                    + "returns -EPROBE_DEFER and the probe waits for ever");
        }
        Optional<Cv1800Clocks.Gate> gate = n.property("clocks").filter(p -> p.cellCount() >= 2)
                .flatMap(p -> Cv1800Clocks.gate((int) p.u32(1)));
        return new Lookup.Found(new Syscon(n, base.get(), Optional.of(gate)));
    }

    /** {@code regmap_read()}. */
    long read(KernelRun run, PhysicalMemory mem, long offset) {
        enable(run, mem);
        long v = mem.read32(base + offset);
        disable(run, mem);
        return v;
    }

    /** {@code regmap_write()}. */
    void write(KernelRun run, PhysicalMemory mem, long offset, long value) {
        enable(run, mem);
        mem.write32(base + offset, value);
        disable(run, mem);
    }

    /** {@code regmap_update_bits()}: read, and write only if the bits change. */
    void updateBits(KernelRun run, PhysicalMemory mem, long offset, long mask, long value) {
        long orig = read(run, mem, offset);
        long next = (orig & ~mask) | (value & mask);
        if (next != orig) {
            write(run, mem, offset, next);
        }
    }

    private void enable(KernelRun run, PhysicalMemory mem) {
        clock.flatMap(c -> c).ifPresent(g -> run.clocks().orElseThrow().enable(g, mem));
    }

    private void disable(KernelRun run, PhysicalMemory mem) {
        clock.flatMap(c -> c).ifPresent(g -> run.clocks().orElseThrow().disable(g, mem));
    }
}
