package dev.duoboot.linux;

import dev.duoboot.fdt.DeviceTree;
import dev.duoboot.fdt.Node;
import dev.duoboot.fdt.Property;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The memblock allocations a 5.10 RISC-V kernel makes right after setup_bootmem(), top-down from
 * the end of memory (linux_5.10/arch/riscv/mm/init.c paging_init(), SDK @123710b and @7221d23;
 * drivers/of/fdt.c unflatten_device_tree()): the page tables of the linear map, the memory
 * resources, and the unflattened device tree with its aliases. On the Arduino kernel
 * (BOOTMEM_SDK_C) they come before the reserved-memory scan, so a dynamic region such as ION is
 * placed below them and inherits their (cache-line, not page) alignment; on the others they come
 * after it. Not modelled: sparse_init()'s struct page arrays and the later start_kernel()
 * allocations (per-cpu areas, hash tables, log buffer), whose sizes depend on the build.
 */
final class EarlyAllocations {

    private static final long PMD_SIZE = 0x200000;
    private static final long PGDIR_SIZE = 0x40000000L;
    /** {@code sizeof(struct resource)} on rv64 (start, end, name, flags, desc, parent, sibling, child). */
    private static final long RESOURCE_BYTES = 64;
    /** {@code sizeof(struct alias_prop)} on rv64 (link, alias, np, id; stem[] follows). */
    private static final long ALIAS_PROP_BYTES = 40;

    private EarlyAllocations() {}

    /**
     * {@code setup_vm_final()}: for each memory bank (NOMAP ones left out), one PMD page per 1 GiB of
     * the linear map it touches, and one PTE page per 2 MiB when the bank is not mapped with 2 MiB
     * pages (best_map_size() looks at the whole bank: base and size both 2 MiB-aligned, or 4 KiB
     * pages throughout), each {@code memblock_phys_alloc(PAGE_SIZE, PAGE_SIZE)}; then
     * {@code resource_init()}: one {@code struct resource} per memory region.
     */
    static void pagingInit(Kernel k) {
        Memblock mb = k.memblock();
        long dramBase = mb.startOfDram();
        java.util.Set<Long> pgd = new java.util.TreeSet<>();
        java.util.Set<Long> pmd = new java.util.TreeSet<>();
        long tables = 0;
        for (MemblockRegion r : mb.memory()) {
            if (r.has(MemblockRegion.Flag.NOMAP)) {
                continue;
            }
            long start = r.base();
            long end = r.end();
            boolean big = (start & (PMD_SIZE - 1)) == 0 && ((end - start) & (PMD_SIZE - 1)) == 0;
            for (long pa = start; Long.compareUnsigned(pa, end) < 0; pa += big ? PMD_SIZE : Memblock.PAGE_SIZE) {
                long va = pa - dramBase;
                if (pgd.add(va / PGDIR_SIZE)) {
                    tables += alloc(k, Memblock.PAGE_SIZE, Memblock.PAGE_SIZE, Reservation.Purpose.PAGE_TABLES, "page tables (PMD)");
                }
                if (!big && pmd.add(va / PMD_SIZE)) {
                    tables += alloc(k, Memblock.PAGE_SIZE, Memblock.PAGE_SIZE, Reservation.Purpose.PAGE_TABLES, "page tables (PTE)");
                }
            }
        }
        for (int i = 0; i < mb.memory().size(); i++) {
            alloc(k, RESOURCE_BYTES, Memblock.SMP_CACHE_BYTES, Reservation.Purpose.OTHER, "resource_init() resources");
        }
    }

    /**
     * {@code unflatten_device_tree()}: one {@code memblock_alloc(size + 4, 8)} for every node and
     * property (see {@link #unflattenedBytes}), then {@code of_alias_scan()}: one alias_prop per
     * /aliases property whose path resolves.
     */
    static void unflatten(Kernel k) {
        KernelImage img = k.profile().image();
        long bytes = unflattenedBytes(k.tree(), img.deviceNodeBytes(), img.propertyBytes(), img.ofKobj());
        alloc(k, bytes, 8, Reservation.Purpose.DEVICE_TREE, "the unflattened device tree");
        k.tree().node("/aliases").ifPresent(aliases -> {
            for (Property p : aliases.properties()) {
                if (p.name().equals("name") || p.name().equals("phandle") || p.name().equals("linux,phandle")) {
                    continue;
                }
                Optional<String> path = EarlyScan.cString(p);
                if (path.isEmpty() || !path.get().startsWith("/") || k.tree().node(path.get()).isEmpty()) {
                    continue;
                }
                int stem = p.name().length();
                while (stem > 0 && Character.isDigit(p.name().charAt(stem - 1))) {
                    stem--;
                }
                alloc(k, ALIAS_PROP_BYTES + stem + 1, 8, Reservation.Purpose.DEVICE_TREE, "the unflattened device tree (aliases)");
            }
        });
    }

    /**
     * What {@code __unflatten_device_tree()} allocates for {@code tree}: its dry run adds, aligned to
     * 8, a device_node plus the node name and its NUL for each node, a property for each property,
     * and one more property plus the name up to its '@' (and a NUL) for the "name" property it makes
     * up; then {@code ALIGN(size, 4) + 4} for the end marker. Without CONFIG_OF_KOBJ a disabled node
     * is left out (drivers/of/fdt.c unflatten_dt_nodes(), populate_node(), populate_properties(),
     * 5.10 and 6.1 alike).
     */
    static long unflattenedBytes(DeviceTree tree, int deviceNode, int property, boolean ofKobj) {
        long mem = 0;
        for (Node n : tree.root().walk()) {
            if (!ofKobj && !EarlyScan.isAvailable(n)) {
                continue;
            }
            String name = n.isRoot() ? "" : n.name();
            mem = align(mem, 8) + deviceNode + name.getBytes(StandardCharsets.ISO_8859_1).length + 1;
            boolean hasName = false;
            for (Property p : n.properties()) {
                hasName |= p.name().equals("name");
                mem = align(mem, 8) + property;
            }
            if (!hasName) {
                int at = name.lastIndexOf('@');
                int len = (at < 0 ? name.length() : at) + 1;
                mem = align(mem, 8) + property + len;
            }
        }
        return align(mem, 4) + 4;
    }

    private static long alloc(Kernel k, long size, long align, Reservation.Purpose purpose, String what) {
        long base = k.memblock().physAllocRange(size, align, 0, Memblock.ALLOC_ACCESSIBLE);
        k.noteReserved(purpose, what, base, base == 0 ? 0 : size);
        return size;
    }

    private static long align(long v, long a) {
        return (v + a - 1) & -a;
    }
}
