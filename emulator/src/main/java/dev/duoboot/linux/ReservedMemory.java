package dev.duoboot.linux;

import static dev.duoboot.linux.KernelRule.*;

import dev.duoboot.fdt.MemReserve;
import dev.duoboot.fdt.Node;
import dev.duoboot.fdt.Property;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code /memreserve/} and {@code /reserved-memory}: the scan, the {@code reserved_mem[]} table with
 * its size limit and name storage, dynamic allocation, the overlap check, the
 * {@code RESERVEDMEM_OF_DECLARE} initialisers that matter on the Duo, and
 * {@code of_reserved_mem_lookup()} (drivers/of/fdt.c, drivers/of/of_reserved_mem.c).
 */
final class ReservedMemory {

    static final String RMEM = "OF: reserved mem: ";
    private static final int ENOENT = -2;
    private static final int ENOMEM = -12;
    private static final int EBUSY = -16;
    private static final int EINVAL = -22;
    private static final int MAX_DYNAMIC = 64;
    /** sizeof(struct reserved_mem) on rv64 in 6.12 (name, fdt_node, ops, base, size, priv). */
    private static final long ENTRY_BYTES = 48;

    /** One table slot; mutable while the kernel fills it in. */
    static final class Entry {
        final Node node;
        final String uname;
        final byte[] copy; // null: the name is a pointer to the full node name
        long base;
        long size;
        long phandle;

        Entry(Node node, String uname, byte[] copy, long base, long size) {
            this.node = node;
            this.uname = uname;
            this.copy = copy;
            this.base = base;
            this.size = size;
        }

        /** What strcmp and %s see: the pointer's string, or the 8 copied bytes run on into fdt_node. */
        String cName() {
            if (copy == null) {
                return uname;
            }
            byte[] all = new byte[16];
            System.arraycopy(copy, 0, all, 0, 8);
            long off = node.structureOffset() & 0xffffffffL;
            for (int i = 0; i < 8; i++) {
                all[8 + i] = (byte) (off >>> (8 * i));
            }
            int end = 0;
            while (end < all.length && all[end] != 0) {
                end++;
            }
            return new String(all, 0, end, StandardCharsets.ISO_8859_1);
        }

        ReservedRegion export() {
            Optional<byte[]> bytes = Optional.empty();
            if (copy != null) {
                byte[] b = new byte[16];
                System.arraycopy(copy, 0, b, 0, 8);
                long off = node.structureOffset() & 0xffffffffL;
                for (int i = 0; i < 8; i++) {
                    b[8 + i] = (byte) (off >>> (8 * i));
                }
                bytes = Optional.of(b);
            }
            return new ReservedRegion(uname, cName(), bytes, node.path(), base, size, node.structureOffset());
        }
    }

    private final Kernel k;
    private final List<Entry> table = new ArrayList<>();
    private int capacity;
    private int totalCount;
    /** The last word on each node that the scan looked at: why it is, or is not, in the table. */
    private final Map<Node, Explanation> fate = new LinkedHashMap<>();
    private Optional<Explanation> globalFailure = Optional.empty();
    private boolean defaultCmaFromDt;
    /** The entries rmem_ion_setup() initialised (their ops are the ION driver's). */
    private final java.util.Set<Entry> ionInitialised = new java.util.HashSet<>();

    ReservedMemory(Kernel k) {
        this.k = k;
        this.capacity = k.profile().uses(TABLE_4) ? 4 : 64;
    }

    /** Whether a {@code linux,cma-default} region became the default CMA area ({@code dma_contiguous_set_default}). */
    boolean defaultCmaFromDt() {
        return defaultCmaFromDt;
    }

    /** The CMA alignment of this kernel line. */
    long cmaAlign() {
        return k.profile().uses(CMA_ALIGN_4M) ? 0x400000 : 0x200000;
    }

    List<ReservedRegion> table() {
        return table.stream().map(Entry::export).toList();
    }

    private String scanPrefix() {
        return k.profile().uses(RMEM_CODE_IN_FDT_C) ? "OF: fdt: " : RMEM;
    }

    private int tLen() {
        return (k.addrCells() + k.sizeCells()) * 4;
    }

    // ---- early_init_fdt_scan_reserved_mem() -------------------------------------------------

    /** The early scan, with /memreserve/ in the version's place. */
    void earlyScan() {
        if (k.profile().uses(SAVE_IN_EARLY_SCAN)) {
            if (k.profile().uses(MEMRESERVE_BEFORE_RMEM)) {
                memreserve();
            }
            scanNodes();
            if (k.profile().uses(MEMRESERVE_AFTER_RMEM)) {
                memreserve();
            }
            initAll();
        } else {
            scanNodesReserveOnly();
            memreserve();
        }
    }

    private void memreserve() {
        for (MemReserve r : k.tree().memReserves()) {
            if (r.size() == 0) {
                break;
            }
            k.reserve(Reservation.Purpose.MEMRESERVE, "/memreserve/", r.address(), r.size());
        }
    }

    /** The /reserved-memory node and the nodes the scan visits, per version. */
    private Optional<Node> rmemNode() {
        if (k.profile().uses(RMEM_NODE_DEPTH1_EXACT_ALL_DESCENDANTS)) {
            return k.tree().root().children().stream().filter(c -> c.name().equals("reserved-memory")).findFirst();
        }
        return k.tree().node("/reserved-memory");
    }

    private List<Node> scanned(Node rmem) {
        if (k.profile().uses(RMEM_NODE_DEPTH1_EXACT_ALL_DESCENDANTS)) {
            List<Node> all = new ArrayList<>(rmem.walk());
            all.removeFirst();
            return all;
        }
        return rmem.children();
    }

    /** {@code __reserved_mem_check_root()}; prints and records the failure. */
    private boolean checkRoot(Node rmem) {
        Optional<Long> sc = rmem.property("#size-cells").filter(p -> p.length() >= 4).map(p -> p.u32(0));
        Optional<Long> ac = rmem.property("#address-cells").filter(p -> p.length() >= 4).map(p -> p.u32(0));
        String problem = null;
        if (sc.isEmpty() || sc.get() != k.sizeCells()) {
            problem = "#size-cells is " + sc.map(String::valueOf).orElse("missing") + ", the root's is " + k.sizeCells();
        } else if (ac.isEmpty() || ac.get() != k.addrCells()) {
            problem = "#address-cells is " + ac.map(String::valueOf).orElse("missing") + ", the root's is " + k.addrCells();
        } else if (!rmem.hasProperty("ranges")) {
            problem = "it has no ranges property";
        }
        if (problem == null) {
            return true;
        }
        k.printk().print(LogLevel.ERR, scanPrefix(), "Reserved memory: unsupported node format, ignoring\n");
        if (globalFailure.isEmpty()) {
            globalFailure = Optional.of(k.explain(k.profile().rule(KernelRule.Group.RMEM_CODE_FILE), rmem.path(),
                    rmem.path() + " is ignored because " + problem + ", so no region in it can be found",
                    "give " + rmem.path() + " #address-cells = <" + k.addrCells() + ">, #size-cells = <" + k.sizeCells()
                            + "> and an empty ranges;"));
        }
        return false;
    }

    /** ≤6.11: reserve static regions and save every region (dynamic ones as 0/0). */
    private void scanNodes() {
        Optional<Node> rmem = rmemNode();
        if (rmem.isEmpty()) {
            noRmemNode();
            return;
        }
        if (!checkRoot(rmem.get())) {
            return;
        }
        for (Node child : scanned(rmem.get())) {
            if (!EarlyScan.isAvailable(child)) {
                fate.put(child, k.explain(k.profile().rule(KernelRule.Group.RMEM_NODE), child.path(),
                        child.path() + " has status \"" + statusOf(child) + "\" and is skipped", "set status = \"okay\" or remove it"));
                continue;
            }
            int err = reserveReg(child);
            if (err == ENOENT) {
                if (child.hasProperty("size")) {
                    save(child, 0, 0);
                } else {
                    fate.put(child, k.explain(k.profile().rule(KernelRule.Group.SAVE), child.path(),
                            child.path() + " has neither reg nor size, so it is not a reserved region", "give it reg = <...> or size = <...>"));
                }
            }
        }
    }

    private void noRmemNode() {
        if (globalFailure.isEmpty()) {
            boolean unitForm = k.tree().root().children().stream().anyMatch(c -> c.baseName().equals("reserved-memory"));
            globalFailure = Optional.of(k.explain(k.profile().rule(KernelRule.Group.RMEM_NODE), "/reserved-memory",
                    unitForm && k.profile().uses(RMEM_NODE_DEPTH1_EXACT_ALL_DESCENDANTS)
                            ? "this kernel only accepts a top-level node named exactly reserved-memory (no unit address)"
                            : "the tree has no /reserved-memory node",
                    "add a top-level reserved-memory node"));
        }
    }

    private static String statusOf(Node n) {
        return n.property("status").flatMap(EarlyScan::cString).orElse("");
    }

    /**
     * {@code __reserved_mem_reserve_reg()}: 0 when reg was used, -ENOENT when there is none (or,
     * 6.19+, when it is malformed), -EINVAL when it is malformed.
     */
    private int reserveReg(Node node) {
        Optional<Property> reg = node.property("reg");
        if (reg.isEmpty()) {
            return ENOENT;
        }
        int len = reg.get().length();
        if (len != 0 && len % tLen() != 0) {
            if (k.profile().uses(INVALID_REG_AS_ABSENT)) {
                fate.put(node, k.explain(INVALID_REG_AS_ABSENT, node.path(), "reg length " + len + " is not a multiple of "
                        + tLen() + ", so this kernel treats the node as having no reg", "fix reg to whole (address, size) entries"));
                return ENOENT;
            }
            k.printk().print(LogLevel.ERR, scanPrefix(), "Reserved memory: invalid reg property in '" + node.name() + "', skipping node.\n");
            fate.put(node, k.explain(INVALID_REG_SKIPS, node.path(), "reg length " + len + " is not a multiple of " + tLen()
                    + " bytes (root #address-cells + #size-cells), so the node is skipped", "fix reg to whole (address, size) entries"));
            return EINVAL;
        }
        boolean nomap = node.hasProperty("no-map");
        Property p = reg.get();
        int per = k.addrCells() + k.sizeCells();
        boolean first = true;
        for (int cell = 0; (len - cell * 4) >= tLen(); cell += per) {
            long base = p.number(cell, k.addrCells());
            long size = p.number(cell + k.addrCells(), k.sizeCells());
            if (size != 0 && reserveArch(node, base, size, nomap) == 0) {
                k.printk().print(LogLevel.DEBUG, scanPrefix(), "Reserved memory: reserved region for node '" + node.name()
                        + "': base " + Printk.pa(base) + ", size " + mib(size) + " MiB\n");
            } else {
                LogLevel level = k.profile().uses(RESERVE_FAILURE_INFO) ? LogLevel.INFO : LogLevel.ERR;
                k.printk().print(level, scanPrefix(), "Reserved memory: failed to reserve memory for node '" + node.name()
                        + "': base " + Printk.pa(base) + ", size " + mib(size) + " MiB\n");
            }
            if (first && k.profile().uses(SAVE_IN_EARLY_SCAN)) {
                save(node, base, size);
            }
            first = false;
        }
        if (len == 0) {
            fate.put(node, k.explain(k.profile().rule(KernelRule.Group.SAVE), node.path(), node.path()
                    + " has an empty reg, so nothing is reserved or saved"
                    + (k.profile().uses(SAVE_LATE_FIRST_ENTRY) ? " (6.12 reads past the empty property: undefined)" : ""),
                    "give reg one (address, size) entry"));
        }
        return 0;
    }

    /** {@code early_init_dt_reserve_memory[_arch]()} per version. */
    private int reserveArch(Node node, long base, long size, boolean nomap) {
        Memblock mb = k.memblock();
        if (!nomap) {
            k.reserve(Reservation.Purpose.RESERVED_MEMORY, node.path(), base, size);
            return 0;
        }
        if (k.profile().uses(NOMAP_REMOVE)) {
            return mb.remove(base, size);
        }
        boolean busy = k.profile().uses(NOMAP_BUSY_IF_RESERVED)
                ? mb.isRegionReserved(base, size)
                : mb.overlapsMemory(base, size) && mb.isRegionReserved(base, size);
        if (busy) {
            k.explain(k.profile().rule(KernelRule.Group.NOMAP), node.path(), "no-map region [" + EarlyScan.hex(base) + ", "
                    + EarlyScan.hex(base + size) + ") overlaps memory already reserved (kernel image, DTB, /memreserve/ or another region): -EBUSY",
                    "move the region clear of the kernel, the DTB and other reservations");
            return EBUSY;
        }
        return mb.markNomap(base, size);
    }

    /** {@code fdt_reserved_mem_save_node()}: table limit and name storage. */
    private void save(Node node, long base, long size) {
        if (table.size() >= capacity) {
            k.printk().print(LogLevel.ERR, RMEM, "not enough space for all defined regions.\n");
            fate.put(node, k.explain(k.profile().rule(KernelRule.Group.TABLE_SIZE), node.path(), "the reserved_mem table already holds "
                    + capacity + " entries, so " + node.path() + " is not saved and cannot be found",
                    "remove unused /reserved-memory children (OpenSBI's mmode_resv nodes count too)"));
            return;
        }
        boolean copyName = k.profile().uses(NAME_COPY_8)
                || (k.profile().uses(NAME_COPY_8_UNLESS_REMOTEPROC_BUILTIN)
                        && !k.inputs().configValue("CONFIG_CVITEK_REMOTEPROC").filter("y"::equals).isPresent());
        byte[] copy = null;
        if (copyName) {
            copy = new byte[8];
            byte[] name = node.name().getBytes(StandardCharsets.ISO_8859_1);
            System.arraycopy(name, 0, copy, 0, Math.min(8, name.length));
        }
        Entry e = new Entry(node, node.name(), copy, base, size);
        table.add(e);
        KernelRule nameRule = k.profile().rule(KernelRule.Group.NAME_STORAGE);
        if (copy != null && !e.cName().equals(node.name())) {
            String fix = nameRule == NAME_COPY_8_UNLESS_REMOTEPROC_BUILTIN
                    ? "set CONFIG_CVITEK_REMOTEPROC=y (built in, not =m), or shorten the node name to at most 7 characters"
                    : "shorten the node name to at most 7 characters (e.g. rtos@" + node.unitAddress().orElse("...") + " is still too long: the unit address counts)";
            fate.put(node, k.explain(nameRule, node.path(), "the table keeps only 8 bytes of the name \"" + node.name()
                    + "\" (\"" + printable(e.cName()) + "\" with the bytes that follow), so strcmp against \"" + node.name()
                    + "\" never matches", fix));
        } else {
            fate.put(node, k.explain(nameRule, node.path(), node.path() + " saved as \"" + node.name() + "\"", null));
        }
        if (!k.profile().uses(SAVE_IN_EARLY_SCAN)) {
            initNode(e);
        }
    }

    static String printable(String s) {
        StringBuilder b = new StringBuilder();
        for (char c : s.toCharArray()) {
            b.append(c >= 0x20 && c < 0x7f ? String.valueOf(c) : String.format("\\x%02x", (int) c));
        }
        return b.toString();
    }

    // ---- fdt_init_reserved_mem() (≤6.11) ----------------------------------------------------

    private void initAll() {
        checkOverlap();
        for (Entry e : table) {
            e.phandle = e.node.phandle().orElse(0L);
            int err = 0;
            if (e.size == 0) {
                err = allocSize(e.node, e.cName(), e);
            }
            if (err == 0) {
                initNode(e);
            } else {
                fate.put(e.node, k.explain(k.profile().rule(KernelRule.Group.SAVE), e.node.path(), e.node.path()
                        + " stays in the table with base 0 and size 0 after its allocation failed; lookups still return it",
                        "give it a size that fits in free memory (and a valid alignment/alloc-ranges)"));
            }
        }
    }

    /** {@code __reserved_mem_alloc_size()}: on success fills base/size of {@code into} (or saves, 6.12+). */
    private int allocSize(Node node, String uname, Entry into) {
        Optional<Property> sizeProp = node.property("size");
        if (sizeProp.isEmpty()) {
            return EINVAL;
        }
        if (sizeProp.get().length() != k.sizeCells() * 4) {
            k.printk().print(LogLevel.ERR, RMEM, "invalid size property in '" + uname + "' node.\n");
            return EINVAL;
        }
        long size = sizeProp.get().number(0, k.sizeCells());
        if (k.profile().uses(RESERVED_MEM_SIZE_PARAM)) {
            for (Bootargs.SizeOverride o : k.bootargs().reservedMemSize()) {
                if (o.name().equals(uname)) {
                    k.printk().print(LogLevel.INFO, RMEM, "fix reserved-memory item " + o.name() + " from bootargs\n");
                    k.printk().print(LogLevel.INFO, RMEM, "old size=" + Printk.pa(size) + ", new size=" + Printk.pa(o.size()) + "\n");
                    size = o.size();
                    break;
                }
            }
        }
        long align = 0;
        Optional<Property> alignProp = node.property("alignment");
        if (alignProp.isPresent()) {
            if (alignProp.get().length() != k.addrCells() * 4) {
                k.printk().print(LogLevel.ERR, RMEM, "invalid alignment property in '" + uname + "' node.\n");
                return EINVAL;
            }
            align = alignProp.get().number(0, k.addrCells());
        }
        boolean nomap = node.hasProperty("no-map");
        if (k.configEnabled("CONFIG_CMA", true) && compatible(node, "shared-dma-pool") && node.hasProperty("reusable") && !nomap) {
            align = Memblock.umax(align, cmaAlign());
        }
        long base = 0;
        Optional<Property> ranges = node.property("alloc-ranges");
        if (ranges.isPresent() && ranges.get().length() % tLen() != 0) {
            if (!k.profile().uses(ALLOC_RANGES_INVALID_AS_ABSENT)) {
                k.printk().print(LogLevel.ERR, RMEM, "invalid alloc-ranges property in '" + uname + "', skipping node.\n");
                return EINVAL;
            }
            ranges = Optional.empty();
        }
        if (ranges.isPresent()) {
            Property r = ranges.get();
            int per = k.addrCells() + k.sizeCells();
            for (int cell = 0; cell + per <= r.cellCount(); cell += per) {
                long start = r.number(cell, k.addrCells());
                long end = start + r.number(cell + k.addrCells(), k.sizeCells());
                long got = k.profile().uses(ALLOC_NEXT_TO_RESERVED)
                        ? allocInRange(size, align, start, end, nomap)
                        : allocArch(size, align, start, end, nomap);
                if (got != 0) {
                    base = got;
                    printAllocated(uname, base, size);
                    break;
                }
            }
        } else {
            base = allocArch(size, align, 0, 0, nomap);
            if (base != 0) {
                printAllocated(uname, base, size);
            }
        }
        if (base == 0) {
            if (k.profile().uses(ALLOC_FAILURE_INFO)) {
                k.printk().print(LogLevel.INFO, RMEM, "failed to allocate memory for node '" + uname + "'\n");
            } else {
                k.printk().print(LogLevel.ERR, RMEM, "failed to allocate memory for node '" + uname + "': size " + mib(size) + " MiB\n");
            }
            return ENOMEM;
        }
        if (!nomap) {
            k.noteReserved(compatible(node, "shared-dma-pool") && node.hasProperty("reusable") ? Reservation.Purpose.CMA
                    : Reservation.Purpose.RESERVED_MEMORY, node.path(), base, size);
        }
        if (into != null) {
            into.base = base;
            into.size = size;
        } else {
            save(node, base, size);
        }
        return 0;
    }

    private void printAllocated(String uname, long base, long size) {
        k.printk().print(LogLevel.DEBUG, RMEM, "allocated memory for '" + uname + "' node: base " + Printk.pa(base)
                + ", size " + mib(size) + " MiB\n");
    }

    /** {@code early_init_dt_alloc_reserved_memory_arch()}: the base, or 0 on failure. */
    private long allocArch(long size, long align, long start, long end, boolean nomap) {
        Memblock mb = k.memblock();
        end = end == 0 ? Memblock.ALLOC_ANYWHERE : end;
        align = align == 0 ? Memblock.SMP_CACHE_BYTES : align;
        if (k.profile().uses(ALLOC_FIND_THEN_REMOVE_OR_RESERVE)) {
            long base = mb.findInRange(start, end, size, align);
            if (base != 0) {
                if (nomap) {
                    mb.remove(base, size);
                } else {
                    mb.reserve(base, size);
                }
            }
            return base;
        }
        long base = mb.physAllocRange(size, align, start, end);
        if (base != 0 && nomap) {
            mb.markNomap(base, size);
        }
        return base;
    }

    /** {@code __reserved_mem_alloc_in_range()} (6.6+): search towards an adjacent saved region. */
    private long allocInRange(long size, long align, long start, long end, boolean nomap) {
        boolean prev = k.memblock().bottomUp();
        boolean bottomUp = false;
        boolean topDown = false;
        for (Entry e : table) {
            if (e.size == 0) {
                continue;
            }
            if (Memblock.ule(e.base, start) && Memblock.ule(start, e.base + e.size)) {
                bottomUp = true;
            }
            if (Memblock.ule(e.base, end) && Memblock.ule(end, e.base + e.size)) {
                topDown = true;
            }
        }
        if (bottomUp != topDown) {
            k.memblock().setBottomUp(bottomUp);
        }
        long base = allocArch(size, align, start, end, nomap);
        if (bottomUp != topDown) {
            k.memblock().setBottomUp(prev);
        }
        return base;
    }

    /** The region initialisers linked into the kernel, in link order ({@code __reservedmem_of_table}). */
    private List<String[]> declaredInits() {
        List<String[]> out = new ArrayList<>();
        if (k.configEnabled("CONFIG_DMA_CMA", true)) {
            out.add(new String[] {"shared-dma-pool", "cma"});
        }
        out.add(new String[] {"shared-dma-pool", "coherent"});
        if (k.profile().uses(ION_REGIONS_DECLARED)) {
            for (String c : List.of("ion-region", "vpp-region", "vpu-region", "npu-region")) {
                out.add(new String[] {c, "ion"});
            }
        }
        return out;
    }

    /** {@code __reserved_mem_init_node()} and what the caller does with its result. */
    private void initNode(Entry e) {
        int ret = ENOENT;
        for (String[] decl : declaredInits()) {
            if (!compatible(e.node, decl[0])) {
                continue;
            }
            ret = switch (decl[1]) {
                case "cma" -> cmaSetup(e);
                case "coherent" -> e.node.hasProperty("reusable") ? EINVAL : dmaSetup(e);
                default -> ionSetup(e);
            };
            if (ret == 0 && decl[1].equals("ion")) {
                ionInitialised.add(e);
            }
            if (ret == 0) {
                k.printk().print(LogLevel.INFO, RMEM, "initialized node " + e.cName() + ", compatible id " + decl[0] + "\n");
                break;
            }
        }
        boolean nomap = e.node.hasProperty("no-map");
        if (ret != 0 && ret != ENOENT) {
            k.printk().print(LogLevel.INFO, RMEM, "node " + e.cName() + " compatible matching fail\n");
            k.noteFreed(e.base, e.size);
            if (k.profile().uses(INIT_FAIL_FREE_AND_READD)) {
                k.memblock().free(e.base, e.size);
                if (nomap) {
                    k.memblock().add(e.base, e.size);
                }
            } else if (nomap) {
                k.memblock().clearNomap(e.base, e.size);
            } else {
                k.memblock().free(e.base, e.size);
            }
            k.explain(k.profile().rule(KernelRule.Group.INIT_FAILURE), e.node.path(), "no reserved-memory driver accepted "
                    + e.node.path() + " (error " + ret + "); its memory is released but the entry stays in the table", null);
        } else if (k.profile().uses(SUMMARY_LINE)) {
            long end = e.base + e.size - 1;
            k.printk().print(LogLevel.INFO, RMEM, Printk.pa(e.base) + ".." + Printk.pa(end) + " (" + Printk.lu(Long.divideUnsigned(e.size, 1024))
                    + " KiB) " + (nomap ? "nomap" : "map") + " " + (e.node.hasProperty("reusable") ? "reusable" : "non-reusable")
                    + " " + e.cName() + "\n");
        }
    }

    private int cmaSetup(Entry e) {
        boolean dflt = e.node.hasProperty("linux,cma-default");
        if (k.bootargs().cma().isPresent() && dflt) {
            k.printk().print(LogLevel.INFO, "", "Reserved memory: bypass " + e.cName() + " node, using cmdline CMA params instead\n");
            return EBUSY;
        }
        if (!e.node.hasProperty("reusable") || e.node.hasProperty("no-map")) {
            return EINVAL;
        }
        long mask = cmaAlign() - 1;
        if ((e.base & mask) != 0 || (e.size & mask) != 0) {
            k.printk().print(LogLevel.ERR, "", "Reserved memory: incorrect alignment of CMA region\n");
            return EINVAL;
        }
        if (e.size == 0 || !k.memblock().isRegionReserved(e.base, e.size)) {
            k.printk().print(LogLevel.ERR, "", "Reserved memory: unable to setup CMA region\n");
            return EINVAL;
        }
        defaultCmaFromDt |= dflt;
        k.reservations().replaceAll(r -> r.base() == e.base && r.size() == e.size ? new Reservation(Reservation.Purpose.CMA, r.what(), r.base(), r.size()) : r);
        k.printk().print(LogLevel.INFO, "", "Reserved memory: created CMA memory pool at " + Printk.pa(e.base) + ", size " + mib(e.size) + " MiB\n");
        return 0;
    }

    private int dmaSetup(Entry e) {
        k.printk().print(LogLevel.INFO, "", "Reserved memory: created DMA memory pool at " + Printk.pa(e.base) + ", size " + mib(e.size) + " MiB\n");
        return 0;
    }

    private int ionSetup(Entry e) {
        k.printk().print(LogLevel.INFO, "Ion: ", "Ion memory setup at " + Printk.pa(e.base) + " size " + mib(e.size) + " MiB\n");
        return 0;
    }

    static boolean compatible(Node n, String compat) {
        return n.property("compatible").map(Property::asStringList).orElse(List.of()).contains(compat);
    }

    private static String mib(long size) {
        return Printk.lu(size >>> 20);
    }

    // ---- overlap check ---------------------------------------------------------------------

    /** {@code __rmem_check_for_overlap()}: sort the table with the kernel's heapsort, report neighbours. */
    private void checkOverlap() {
        if (table.size() < 2) {
            return;
        }
        Comparator<Entry> cmp = (a, b) -> {
            int c = Long.compareUnsigned(a.base, b.base);
            if (c == 0) {
                c = Long.compareUnsigned(a.size, b.size);
            }
            if (c == 0 && k.profile().uses(OVERLAP_SORT_BASE_SIZE_NODE)) {
                c = Integer.compare(a.node.structureOffset(), b.node.structureOffset());
            }
            return c;
        };
        KernelSort.sort(table, cmp);
        for (int i = 0; i + 1 < table.size(); i++) {
            Entry a = table.get(i);
            Entry b = table.get(i + 1);
            if (Memblock.ult(b.base, a.base + a.size)) {
                k.printk().print(LogLevel.ERR, RMEM, "OVERLAP DETECTED!\n" + a.cName() + " (" + Printk.pa(a.base) + "--" + Printk.pa(a.base + a.size)
                        + ") overlaps with " + b.cName() + " (" + Printk.pa(b.base) + "--" + Printk.pa(b.base + b.size) + ")\n");
                k.explain(k.profile().rule(KernelRule.Group.OVERLAP_SORT), b.node.path(), a.node.path() + " and " + b.node.path()
                        + " overlap; the kernel only reports it and keeps both", "make the regions disjoint");
            }
        }
    }

    // ---- 6.12+: early scan reserves, dynamic regions allocated at once; late scan saves --------

    private void scanNodesReserveOnly() {
        Optional<Node> rmem = rmemNode();
        if (rmem.isEmpty()) {
            noRmemNode();
            return;
        }
        if (!checkRoot(rmem.get())) {
            return;
        }
        int count = 0;
        List<Node> dynamic = new ArrayList<>();
        for (Node child : rmem.get().children()) {
            if (!EarlyScan.isAvailable(child)) {
                fate.put(child, k.explain(k.profile().rule(KernelRule.Group.RMEM_NODE), child.path(),
                        child.path() + " has status \"" + statusOf(child) + "\" and is skipped", "set status = \"okay\" or remove it"));
                continue;
            }
            int err = reserveReg(child);
            if (err == 0) {
                count++;
            }
            if (err == ENOENT) {
                if (!child.hasProperty("size")) {
                    fate.put(child, k.explain(k.profile().rule(KernelRule.Group.SAVE), child.path(),
                            child.path() + " has neither reg nor size, so it is not a reserved region", "give it reg = <...> or size = <...>"));
                } else if (dynamic.size() >= MAX_DYNAMIC) {
                    k.printk().print(LogLevel.ERR, RMEM, "too many defined dynamic regions, skip '" + child.name() + "'\n");
                    fate.put(child, k.explain(SAVE_LATE_FIRST_ENTRY, child.path(), "more than 64 dynamic regions", null));
                } else {
                    dynamic.add(child);
                }
            }
        }
        for (Node d : dynamic) {
            if (allocSize(d, d.name(), null) == 0) {
                count++;
            } else {
                fate.put(d, k.explain(k.profile().rule(KernelRule.Group.SAVE), d.path(), "the dynamic region " + d.path()
                        + " could not be allocated and this kernel does not save it, so lookups return NULL",
                        "give it a size that fits in free memory (and a valid alignment/alloc-ranges)"));
            }
        }
        totalCount = count;
    }

    /** {@code fdt_scan_reserved_mem_reg_nodes()}, called at the start of unflatten_device_tree(). */
    void lateScan() {
        Optional<Node> rmem = rmemNode();
        if (rmem.isEmpty()) {
            k.printk().print(LogLevel.INFO, RMEM, "Reserved memory: No reserved-memory node in the DT\n");
            return;
        }
        long bytes = totalCount * ENTRY_BYTES;
        long array = bytes == 0 ? 0 : k.memblock().physAllocRange(bytes, Memblock.SMP_CACHE_BYTES, 0, Memblock.ALLOC_ACCESSIBLE);
        if (array != 0) {
            k.noteReserved(Reservation.Purpose.OTHER, "the reserved_mem array", array, bytes);
        }
        if (bytes != 0 && array == 0) {
            k.printk().print(LogLevel.ERR, RMEM, "Failed to allocate memory for reserved_mem array with err: " + ENOMEM);
            globalFailure = Optional.of(k.explain(SAVE_LATE_FIRST_ENTRY, rmem.get().path(),
                    "memblock could not allocate the reserved_mem array, so the table is emptied and every lookup returns NULL", null));
            // 6.12.y with the 2026 fix: the count is reset and the late scan stops here
            table.clear();
            capacity = 0;
            return;
        }
        capacity = Math.max(totalCount, table.size());
        if (!checkRoot(rmem.get())) {
            return;
        }
        for (Node child : rmem.get().children()) {
            Optional<Property> reg = child.property("reg");
            if (reg.isEmpty() || !EarlyScan.isAvailable(child)) {
                continue;
            }
            int len = reg.get().length();
            if (len != 0 && len % tLen() != 0) {
                if (!k.profile().uses(INVALID_REG_AS_ABSENT)) {
                    k.printk().print(LogLevel.ERR, RMEM, "Reserved memory: invalid reg property in '" + child.name() + "', skipping node.\n");
                }
                continue;
            }
            if (len == 0) {
                continue;
            }
            if (k.profile().uses(SAVE_LATE_SINGLE_ENTRY) && len != tLen()) {
                fate.put(child, k.explain(SAVE_LATE_SINGLE_ENTRY, child.path(), child.path() + " has " + (len / tLen())
                        + " reg entries; this kernel saves a node only if reg holds exactly one", "split it into one node per range"));
                continue;
            }
            if (len > tLen()) {
                k.printk().print(LogLevel.WARNING, RMEM, "fdt_scan_reserved_mem_reg_nodes() ignores " + (len / tLen() - 1)
                        + " regions in node '" + child.name() + "'\n");
            }
            long base = reg.get().number(0, k.addrCells());
            long size = reg.get().number(k.addrCells(), k.sizeCells());
            if (size == 0) {
                fate.put(child, k.explain(k.profile().rule(KernelRule.Group.SAVE), child.path(), "the first reg entry of "
                        + child.path() + " has size 0, and this kernel does not save such regions", "give the region a non-zero size"));
                continue;
            }
            save(child, base, size);
        }
        checkOverlap();
    }

    // ---- of_reserved_mem_device_init_by_idx() (5.10: by phandle) --------------------------------

    /**
     * {@code __find_rmem()}: the table entry whose phandle is the target's, when an {@code ion-region}
     * (or vpp/vpu/npu) init gave it the ION ops; empty where the device init would return -EINVAL.
     */
    Optional<ReservedRegion> initialisedIonRegion(Node target) {
        Optional<Long> ph = target.phandle();
        if (ph.isEmpty()) {
            return Optional.empty();
        }
        for (Entry e : table) {
            if (e.phandle == ph.get() && ionInitialised.contains(e)) {
                return Optional.of(e.export());
            }
        }
        return Optional.empty();
    }

    // ---- of_reserved_mem_lookup() ----------------------------------------------------------

    /** What the kernel's lookup returns for {@code target}, and why. */
    Lookup lookup(String consumer, int index, Node target) {
        String key = target.name();
        boolean dangling = k.profile().uses(DTB_EARLY_VA_UNMAPPED);
        for (Entry e : table) {
            if (dangling && e.copy == null) {
                return new Lookup(consumer, index, Optional.of(target.path()), Lookup.Result.OOPS, Optional.empty(),
                        Optional.of(Explanation.of(k.profile(), DTB_EARLY_VA_UNMAPPED, target.path(),
                                "the saved name of " + e.node.path() + " points into the early DTB mapping, which is gone after paging_init(): "
                                        + "strcmp faults (\"Unable to handle kernel paging request\")",
                                "use a kernel with the riscv reserved-memory fix (6.1+) or the SDK's patched 5.10")));
            }
            if (e.cName().equals(key)) {
                Optional<Explanation> why;
                if (e.node != target) {
                    why = Optional.of(Explanation.of(k.profile(), k.profile().rule(KernelRule.Group.NAME_STORAGE), target.path(),
                            "the lookup matches names only: " + target.path() + " is answered with the entry of " + e.node.path(),
                            "give reserved-memory nodes unique names"));
                } else if (e.size == 0) {
                    why = Optional.of(Explanation.of(k.profile(), k.profile().rule(KernelRule.Group.SAVE), target.path(),
                            "found, but with size 0: the region was never reserved or allocated", "give the region a non-zero size that fits"));
                } else {
                    why = Optional.ofNullable(fate.get(target));
                }
                return new Lookup(consumer, index, Optional.of(target.path()), Lookup.Result.FOUND, Optional.of(e.export()), why);
            }
        }
        return new Lookup(consumer, index, Optional.of(target.path()), Lookup.Result.NULL, Optional.empty(),
                Optional.of(whyNull(target)));
    }

    private Explanation whyNull(Node target) {
        Explanation f = fate.get(target);
        if (f != null) {
            return f;
        }
        if (globalFailure.isPresent()) {
            return globalFailure.get();
        }
        Optional<Node> rmem = rmemNode();
        if (rmem.isPresent() && target.parent().flatMap(Node::parent).filter(gp -> gp == rmem.get()).isPresent()) {
            return Explanation.of(k.profile(), k.profile().rule(KernelRule.Group.RMEM_NODE), target.path(),
                    target.path() + " is a grandchild of " + rmem.get().path() + "; this kernel only scans direct children",
                    "move it directly under " + rmem.get().path());
        }
        return Explanation.of(k.profile(), k.profile().rule(KernelRule.Group.RMEM_NODE), target.path(),
                target.path() + " is not a region the reserved-memory scan saved (it is not a direct child of /reserved-memory), "
                        + "and no saved region has the name \"" + target.name() + "\"",
                "point memory-region at a child of /reserved-memory");
    }
}
