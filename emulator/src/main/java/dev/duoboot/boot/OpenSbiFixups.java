package dev.duoboot.boot;

import dev.duoboot.fdt.DeviceTree;
import dev.duoboot.fdt.FdtEdits;
import dev.duoboot.fdt.Node;
import dev.duoboot.fdt.Property;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The edits OpenSBI's generic platform makes to the device tree it passes on
 * ({@code generic_final_init()}: {@code fdt_cpu_fixup()}, then {@code fdt_fixups()} =
 * {@code fdt_plic_fixup()} + {@code fdt_reserved_memory_fixup()}, all in
 * lib/utils/fdt/fdt_fixup.c), as duoboot's monitor fixture implements them
 * (firmware-fixtures/src/monitor/fdt_fixup.c), so the static chain and the fixture chain agree.
 */
public final class OpenSbiFixups {

    private static final long IRQ_M_EXT = 11;
    private static final long SBI_HARTMASK_MAX_BITS = 128;

    private OpenSbiFixups() {}

    /** A naturally aligned power-of-two region, what one PMP entry protects. */
    public record Region(long base, long size) {}

    /**
     * The root domain's firmware region: the smallest aligned power of two holding
     * [base, base + size) (lib/sbi/sbi_domain.c with sbi_math.c log2roundup()).
     */
    static Region firmwareRegion(long base, long size) {
        int order = 0;
        while (order < 64 && Long.compareUnsigned(size, 1L << order) > 0) {
            order++;
        }
        long last = base + size - 1;
        for (; order < 64; order++) {
            long b = base & -(1L << order);
            if (Long.compareUnsigned(last, b + (1L << order)) < 0) {
                return new Region(b, 1L << order);
            }
        }
        return new Region(0, 0);
    }

    /** Edits {@code t} in place and says what changed, one line per edit. */
    static List<String> apply(DeviceTree t, Region fw, boolean hasPmp) {
        List<String> actions = new ArrayList<>();
        cpuFixup(t, actions);
        plicFixup(t, actions);
        reservedMemoryFixup(t, fw, hasPmp, actions);
        return actions;
    }

    /** A cpu node without an MMU, or a hart the root domain does not hold, gets status "disabled". */
    private static void cpuFixup(DeviceTree t, List<String> actions) {
        Optional<Node> cpus = t.node("/cpus");
        if (cpus.isEmpty()) {
            return;
        }
        for (Node cpu : cpus.get().children()) {
            Optional<Long> hart = hartId(cpu);
            if (hart.isEmpty()) {
                continue;
            }
            boolean mmu = cpu.property("mmu-type").filter(p -> p.length() > 0).isPresent();
            if (hart.get() >= SBI_HARTMASK_MAX_BITS || !mmu) {
                FdtEdits.setProp(cpu, FdtEdits.string("status", "disabled"));
                actions.add("fdt_cpu_fixup: " + cpu.path() + " status = \"disabled\" (no mmu-type)");
            }
        }
    }

    /** fdt_parse_hart_id(): device_type "cpu" and the last cell of a one- or two-cell reg. */
    private static Optional<Long> hartId(Node cpu) {
        Optional<Property> type = cpu.property("device_type");
        Optional<Property> reg = cpu.property("reg");
        if (type.isEmpty() || type.get().length() == 0 || !new String(type.get().value(), 0,
                Math.min(3, type.get().length()), java.nio.charset.StandardCharsets.ISO_8859_1).equals("cpu")
                || reg.isEmpty() || reg.get().length() < 4) {
            return Optional.empty();
        }
        return Optional.of(reg.get().u32(reg.get().length() > 4 ? 1 : 0));
    }

    /** The M-mode external interrupt contexts of a sifive/riscv PLIC are hidden (0xffffffff). */
    private static void plicFixup(DeviceTree t, List<String> actions) {
        Optional<Node> plic = byCompatible(t, "sifive,plic-1.0.0").or(() -> byCompatible(t, "riscv,plic0"));
        if (plic.isEmpty() || plic.get().property("interrupts-extended").isEmpty()) {
            return;
        }
        byte[] v = plic.get().property("interrupts-extended").get().value();
        boolean changed = false;
        for (int i = 0; i + 8 <= v.length; i += 8) {
            long cause = ((v[i + 4] & 0xffL) << 24) | ((v[i + 5] & 0xffL) << 16) | ((v[i + 6] & 0xffL) << 8) | (v[i + 7] & 0xffL);
            if (cause == IRQ_M_EXT) {
                v[i + 4] = v[i + 5] = v[i + 6] = v[i + 7] = (byte) 0xff;
                changed = true;
            }
        }
        if (changed) {
            plic.get().setProperty(new Property("interrupts-extended", v));
            actions.add("fdt_plic_fixup: " + plic.get().path() + " M-mode contexts set to 0xffffffff");
        }
    }

    /**
     * Creates /reserved-memory (root cells, empty ranges) if missing, then adds
     * {@code mmode_resv0@<base>} as its first child over the firmware region; {@code no-map} only
     * when the hart has no PMP.
     */
    private static void reservedMemoryFixup(DeviceTree t, Region fw, boolean hasPmp, List<String> actions) {
        int na = t.root().childAddressCells();
        int ns = t.root().childSizeCells();
        Node parent = t.node("/reserved-memory").orElse(null);
        if (parent == null) {
            parent = FdtEdits.addSubnode(t.root(), "reserved-memory");
            FdtEdits.setProp(parent, FdtEdits.empty("ranges"));
            FdtEdits.setProp(parent, FdtEdits.u32("#size-cells", ns));
            FdtEdits.setProp(parent, FdtEdits.u32("#address-cells", na));
            actions.add("fdt_reserved_memory_fixup: created /reserved-memory");
        }
        long high = fw.base() >>> 32;
        String name = "mmode_resv0@" + (na > 1 && high != 0 ? Long.toHexString(high) + "," : "")
                + Long.toHexString(fw.base() & 0xffffffffL);
        Node n = FdtEdits.addSubnode(parent, name);
        if (!hasPmp) {
            FdtEdits.setProp(n, FdtEdits.empty("no-map"));
        }
        FdtEdits.setProp(n, FdtEdits.reg(na > 1 ? fw.base() : fw.base() & 0xffffffffL, fw.size(), Math.min(na, 2), Math.min(ns, 2)));
        actions.add(String.format("fdt_reserved_memory_fixup: added %s [0x%x, +0x%x) first in /reserved-memory%s",
                n.path(), fw.base(), fw.size(), hasPmp ? " (no no-map: the hart has PMP)" : " no-map"));
    }

    private static Optional<Node> byCompatible(DeviceTree t, String compat) {
        return t.root().walk().stream()
                .filter(n -> n.property("compatible").map(p -> p.asStringList().contains(compat)).orElse(false))
                .findFirst();
    }
}
