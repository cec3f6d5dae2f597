package dev.duoboot.linux;

import dev.duoboot.fdt.Node;
import java.util.Optional;

/**
 * One reset line as {@code devm_reset_control_get_exclusive(dev, NULL)} gives it: the first
 * {@code resets} specifier, served by reset-simple (drivers/reset/reset-simple.c): the line's bit
 * is {@code id % 32} of the 32-bit register {@code id / 32} of the controller's {@code reg}, and
 * {@code sophgo,cv1800b-reset} is active low (assert clears the bit, deassert sets it). The
 * controller's address is its DT node's, as the kernel gets it.
 */
record ResetLine(Node controller, long id, long register, int bit) {

    /** reset-simple's compatibles the model serves, all active low. */
    private static final java.util.List<String> ACTIVE_LOW = java.util.List.of("sophgo,cv1800b-reset");

    static final int ENOENT = -2;
    static final int EINVAL = -22;
    static final int EPROBE_DEFER = -517;

    sealed interface Lookup {
        record Found(ResetLine line) implements Lookup {}

        /** {@code errno} negative; {@code kernelLine} what of_parse_phandle_with_args() printed, if anything. */
        record Failed(int errno, String why, Optional<String> kernelLine) implements Lookup {}
    }

    /** {@code __of_reset_control_get(node, NULL, 0, ...)}. */
    static Lookup lookup(KernelRun run, Node consumer) {
        Optional<dev.duoboot.fdt.Property> resets = consumer.property("resets").filter(p -> p.cellCount() >= 1);
        if (resets.isEmpty()) {
            return new Lookup.Failed(ENOENT, "it has no resets property", Optional.empty());
        }
        long phandle = resets.get().u32(0);
        Optional<Node> target = run.kernel().tree().nodeByPhandle(phandle);
        if (target.isEmpty()) {
            // of_phandle_iterator_next() with a cells name (drivers/of/base.c, pr_fmt "OF: ")
            return new Lookup.Failed(EINVAL, "resets names phandle " + phandle + ", which no node has",
                    Optional.of("OF: " + consumer.path() + ": could not find phandle " + phandle + "\n"));
        }
        Node c = target.get();
        boolean served = c.property("compatible").map(p -> p.asStringList().stream().anyMatch(ACTIVE_LOW::contains)).orElse(false)
                && EarlyScan.isAvailable(c);
        Optional<Long> base = Cv1800Clocks.firstRegBase(c);
        if (!served || base.isEmpty() || resets.get().cellCount() < 2) {
            return new Lookup.Failed(EPROBE_DEFER, "resets points at " + c.path() + ", which no registered reset controller serves "
                    + "(reset-simple's sophgo,cv1800b-reset), so the probe is deferred for ever", Optional.empty());
        }
        long id = resets.get().u32(1);
        return new Lookup.Found(new ResetLine(c, id, base.get() + 4 * (id / 32), (int) (id % 32)));
    }

    /** {@code reset_control_assert()}: active low, the bit is cleared. */
    void assertLine(PhysicalMemory mem) {
        mem.write32(register, mem.read32(register) & ~(1L << bit));
    }

    /** {@code reset_control_deassert()}: the bit is set. */
    void deassert(PhysicalMemory mem) {
        mem.write32(register, mem.read32(register) | (1L << bit));
    }
}
