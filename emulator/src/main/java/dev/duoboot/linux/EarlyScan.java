package dev.duoboot.linux;

import static dev.duoboot.linux.KernelRule.*;

import dev.duoboot.fdt.DeviceTree;
import dev.duoboot.fdt.Node;
import dev.duoboot.fdt.Property;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code early_init_dt_scan()} on RISC-V: the root cells, {@code /chosen}, the memory nodes and
 * {@code early_init_dt_add_memory_arch()} with its clamping (drivers/of/fdt.c).
 */
final class EarlyScan {

    private static final String FDT = "OF: fdt: ";
    private static final long PAGE_SIZE = Memblock.PAGE_SIZE;
    /** RISC-V rv64 {@code LOAD_OFFSET} in the SDK: the kernel sits 2 MiB above {@code PAGE_OFFSET}. */
    static final long SDK_LOAD_OFFSET = 0x200000;

    private final Kernel k;

    EarlyScan(Kernel k) {
        this.k = k;
    }

    /** Root cells as {@code early_init_dt_scan_root()} reads them: default 1/1, first cell of the property. */
    static int[] rootCells(DeviceTree tree) {
        return new int[] {firstCell(tree.root(), "#address-cells", 1), firstCell(tree.root(), "#size-cells", 1)};
    }

    private static int firstCell(Node n, String name, int dflt) {
        return n.property(name).filter(p -> p.length() >= 4).map(p -> (int) p.u32(0)).orElse(dflt);
    }

    /** The end of the first memory range in the tree (for choosing a default DTB address). */
    static Optional<Long> firstMemoryEnd(DeviceTree tree) {
        int[] cells = rootCells(tree);
        for (Node n : tree.root().children()) {
            if (isMemory(n) && n.property("reg").filter(p -> p.cellCount() >= cells[0] + cells[1]).isPresent()) {
                Property reg = n.property("reg").get();
                return Optional.of(reg.number(0, cells[0]) + reg.number(cells[0], cells[1]));
            }
        }
        return Optional.empty();
    }

    static boolean isMemory(Node n) {
        return n.property("device_type").flatMap(EarlyScan::cString).filter("memory"::equals).isPresent();
    }

    /** A property read as the C string at its start ({@code strcmp} stops at the first NUL). */
    static Optional<String> cString(Property p) {
        byte[] v = p.value();
        int end = 0;
        while (end < v.length && v[end] != 0) {
            end++;
        }
        return Optional.of(new String(v, 0, end, java.nio.charset.StandardCharsets.ISO_8859_1));
    }

    /** {@code of_fdt_device_is_available()}: no status, "okay" or "ok". */
    static boolean isAvailable(Node n) {
        Optional<Property> status = n.property("status");
        if (status.isEmpty()) {
            return true;
        }
        String s = cString(status.get()).orElse("");
        return s.equals("okay") || s.equals("ok");
    }

    /** Runs the scans in the version's order; returns the command line found in /chosen. */
    String scan() {
        Optional<Node> chosen = k.profile().uses(MEMORY_ANY_DEPTH_NO_STATUS)
                ? k.tree().root().children().stream().filter(c -> c.name().equals("chosen") || c.name().equals("chosen@0")).findFirst()
                : k.tree().node("/chosen").or(() -> k.tree().node("/chosen@0"));
        if (chosen.isEmpty()) {
            k.printk().print(LogLevel.WARNING, FDT, "No chosen node found, continuing without\n");
        }
        String cmdline = chosen.flatMap(c -> c.property("bootargs")).filter(p -> p.length() > 0)
                .flatMap(EarlyScan::cString).orElse("");
        scanMemory();
        return cmdline;
    }

    private void scanMemory() {
        List<Node> candidates = new ArrayList<>();
        if (k.profile().uses(MEMORY_ANY_DEPTH_NO_STATUS)) {
            candidates.addAll(k.tree().root().walk());
        } else {
            candidates.addAll(k.tree().root().children());
        }
        for (Node n : candidates) {
            if (!isMemory(n)) {
                continue;
            }
            if (k.profile().uses(MEMORY_ROOT_CHILDREN_OKAY) && !isAvailable(n)) {
                k.explain(MEMORY_ROOT_CHILDREN_OKAY, n.path(), "memory node is not okay, so its RAM is not added",
                        "remove status = \"disabled\" from " + n.path());
                continue;
            }
            if (!k.profile().uses(MEMORY_ROOT_CHILDREN_OKAY) && !isAvailable(n)) {
                k.explain(MEMORY_ANY_DEPTH_NO_STATUS, n.path(), "memory node is disabled, but this kernel adds it anyway", null);
            }
            if (k.profile().uses(MEMORY_ANY_DEPTH_NO_STATUS) && n.depth() != 1) {
                k.explain(MEMORY_ANY_DEPTH_NO_STATUS, n.path(), "memory node below the root level is still added by this kernel", null);
            }
            Optional<Property> reg = n.property("linux,usable-memory").or(() -> n.property("reg"));
            if (reg.isEmpty()) {
                continue;
            }
            byte[] v = reg.get().value();
            int pairCells = k.addrCells() + k.sizeCells();
            if (k.profile().uses(MEMORY_REG_EXACT_MULTIPLE) && (v.length == 0 || v.length % (pairCells * 4) != 0)) {
                k.explain(MEMORY_REG_EXACT_MULTIPLE, n.path(), "reg length " + v.length
                        + " is not a multiple of the root's (address, size) pair, so the whole node is ignored", "fix the reg of " + n.path());
                continue;
            }
            boolean hotpluggable = n.hasProperty("hotpluggable");
            k.printk().print(LogLevel.DEBUG, FDT, "memory scan node " + n.name() + ", reg size " + v.length + ",\n");
            Property p = reg.get();
            for (int cell = 0; (p.cellCount() - cell) >= pairCells; cell += pairCells) {
                long base = p.number(cell, k.addrCells());
                long size = p.number(cell + k.addrCells(), k.sizeCells());
                if (size == 0) {
                    continue;
                }
                String sep = k.profile().uses(MEMORY_ANY_DEPTH_NO_STATUS) ? " ,  " : ", ";
                k.printk().print(LogLevel.DEBUG, FDT, " - " + Printk.llx(base) + sep + Printk.llx(size) + "\n");
                addMemory(n, base, size);
                if (hotpluggable) {
                    k.memblock().markHotplug(base, size);
                }
            }
        }
    }

    /** {@code MIN_MEMBLOCK_ADDR} for this profile and load address. */
    long minMemblockAddr() {
        if (k.profile().uses(MIN_ADDR_KERNEL_LOAD)) {
            return k.inputs().loadAddr();
        }
        if (k.profile().uses(MIN_ADDR_DRAM_BASE)) {
            return k.inputs().loadAddr() - SDK_LOAD_OFFSET;
        }
        return 0;
    }

    /** {@code early_init_dt_add_memory_arch()}: page-align, clamp to [MIN, MAX], then memblock_add. */
    private void addMemory(Node n, long base, long size) {
        long min = minMemblockAddr();
        long offsetInPage = base & (PAGE_SIZE - 1);
        if (Memblock.ult(size, PAGE_SIZE - offsetInPage)) {
            warnBlock(base, base + size);
            return;
        }
        if (offsetInPage != 0) {
            size -= PAGE_SIZE - offsetInPage;
            base = base - offsetInPage + PAGE_SIZE;
        }
        size &= -PAGE_SIZE;
        if (Memblock.ult(base + size, min)) {
            warnBlock(base, base + size);
            k.explain(k.profile().rule(KernelRule.Group.MIN_MEMBLOCK_ADDR), n.path(), "memory range ends below MIN_MEMBLOCK_ADDR "
                    + hex(min) + " (the kernel's load address on this kernel) and is dropped", null);
            return;
        }
        if (Memblock.ult(base, min)) {
            k.printk().print(LogLevel.WARNING, FDT, "Ignoring memory range 0x" + Printk.llx(base) + " - 0x" + Printk.llx(min) + "\n");
            k.explain(k.profile().rule(KernelRule.Group.MIN_MEMBLOCK_ADDR), n.path(), "RAM [" + hex(base) + ", " + hex(min)
                    + ") lies below MIN_MEMBLOCK_ADDR (the kernel's load address) and never enters memblock", null);
            size -= min - base;
            base = min;
        }
        k.memblock().add(base, size);
    }

    private void warnBlock(long base, long end) {
        k.printk().print(LogLevel.WARNING, FDT, "Ignoring memory block 0x" + Printk.llx(base) + " - 0x" + Printk.llx(end) + "\n");
    }

    static String hex(long v) {
        return "0x" + Long.toHexString(v);
    }
}
