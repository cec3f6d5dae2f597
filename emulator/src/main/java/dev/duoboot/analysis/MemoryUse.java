package dev.duoboot.analysis;

import dev.duoboot.fdt.DeviceTree;
import dev.duoboot.fdt.Node;
import dev.duoboot.linux.KernelReport;
import dev.duoboot.linux.MemInfo;
import dev.duoboot.linux.MemblockRegion;
import dev.duoboot.linux.Reservation;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Where the board's DRAM went, page by page, as the kernel's memblock left it when it handed its
 * free pages to the buddy allocator: what never was Linux's (outside every memory node), no-map
 * carve-outs, the kernel image, ION, other reserved-memory regions, the other memblock reservations
 * (DTB, OpenSBI's window, /memreserve/, page tables, the unflattened tree), CMA, and what Linux keeps.
 * "What Linux keeps" is exactly the kernel's own "available" of its {@code Memory:} line
 * ({@link MemInfo}); the other shares add up to the rest of DRAM. A page partly reserved counts as
 * reserved, as {@code memblock_free_all()} only frees whole pages.
 */
public record MemoryUse(long dramBase, long dramBytes, List<Share> shares, Optional<MemInfo> kernelCount) {

    public MemoryUse {
        shares = List.copyOf(shares);
    }

    /** What a share of DRAM is, in the order the report lists them. */
    public enum Use {
        OUTSIDE_LINUX("not given to Linux"),
        CARVE_OUT("carve-outs (no-map reserved memory)"),
        KERNEL_IMAGE("kernel image"),
        ION("ION"),
        RESERVED_MEMORY("other reserved memory"),
        OTHER_RESERVATIONS("other memblock reservations"),
        CMA("CMA"),
        LINUX_KEEPS("what Linux keeps");

        private final String label;

        Use(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /** One share: how many bytes and what they went to (node paths, "the DTB", ...). */
    public record Share(Use use, long bytes, List<String> what) {
        public Share {
            what = List.copyOf(what);
        }
    }

    /** The bytes of one use (0 when it has none). */
    public long bytes(Use use) {
        return shares.stream().filter(s -> s.use() == use).mapToLong(Share::bytes).sum();
    }

    /** What Linux keeps: the "available" of its Memory: line. */
    public long linuxKeeps() {
        return bytes(Use.LINUX_KEEPS);
    }

    private static final long PAGE = 0x1000;

    /** Accounts for DRAM [{@code base}, +{@code size}) from the kernel's final memblock state. */
    static MemoryUse of(long base, long size, KernelReport k, DeviceTree kernelDt) {
        List<long[]> noMapRegions = new ArrayList<>();
        kernelDt.node("/reserved-memory").ifPresent(rm -> {
            for (Node c : rm.children()) {
                if (c.hasProperty("no-map")) {
                    DtQueries.firstReg(c).ifPresent(r -> noMapRegions.add(new long[] {r.base(), r.base() + r.size()}));
                }
            }
        });
        // every edge of every range, rounded to the pages around it: between two neighbouring points
        // all pages overlap the same ranges, so one page stands for the whole segment
        java.util.TreeSet<Long> points = new java.util.TreeSet<>(Long::compareUnsigned);
        points.add(base);
        points.add(base + size);
        java.util.function.BiConsumer<Long, Long> edges = (from, to) -> {
            for (long e : new long[] {from, to}) {
                long down = e & -PAGE;
                for (long x : new long[] {down, down + (e == down ? 0 : PAGE)}) {
                    if (ule(base, x) && ule(x, base + size)) {
                        points.add(x);
                    }
                }
            }
        };
        k.memory().forEach(m -> edges.accept(m.base(), m.end()));
        k.reserved().forEach(r -> edges.accept(r.base(), r.end()));
        k.reservations().forEach(r -> edges.accept(r.base(), r.end()));
        noMapRegions.forEach(r -> edges.accept(r[0], r[1]));
        Map<Use, Long> bytes = new EnumMap<>(Use.class);
        Map<Use, Set<String>> what = new EnumMap<>(Use.class);
        Long previous = null;
        for (long point : points) {
            if (previous == null) {
                previous = point;
                continue;
            }
            final long page = previous;
            final long end = page + PAGE;
            long segment = point - previous;
            previous = point;
            Use use;
            String about = null;
            Optional<MemblockRegion> mem = k.memory().stream().filter(m -> ule(m.base(), page) && ule(end, m.end())).findFirst();
            if (mem.isEmpty()) {
                use = noMapRegions.stream().anyMatch(r -> overlaps(page, end, r[0], r[1])) ? Use.CARVE_OUT : Use.OUTSIDE_LINUX;
            } else if (mem.get().has(MemblockRegion.Flag.NOMAP)) {
                use = Use.CARVE_OUT;
            } else if (k.reserved().stream().noneMatch(r -> overlaps(page, end, r.base(), r.end()))) {
                use = Use.LINUX_KEEPS;
            } else {
                use = Use.OTHER_RESERVATIONS;
                int rank = Integer.MAX_VALUE;
                for (Reservation r : k.reservations()) {
                    if (!overlaps(page, end, r.base(), r.end())) {
                        continue;
                    }
                    Use u = use(r, kernelDt);
                    int rr = priority(u);
                    if (rr < rank) {
                        rank = rr;
                        use = u;
                        about = r.what();
                    }
                }
            }
            bytes.merge(use, segment, Long::sum);
            if (about != null) {
                what.computeIfAbsent(use, x -> new LinkedHashSet<>()).add(about);
            }
        }
        List<Share> shares = new ArrayList<>();
        for (Use u : Use.values()) {
            shares.add(new Share(u, bytes.getOrDefault(u, 0L), List.copyOf(what.getOrDefault(u, Set.of()))));
        }
        return new MemoryUse(base, size, shares, k.memInfo());
    }

    /** Where shared pages go: the most specific use first. */
    private static int priority(Use u) {
        return switch (u) {
            case CMA -> 0;
            case ION -> 1;
            case RESERVED_MEMORY -> 2;
            case KERNEL_IMAGE -> 3;
            default -> 4;
        };
    }

    private static Use use(Reservation r, DeviceTree dt) {
        return switch (r.purpose()) {
            case KERNEL_IMAGE -> Use.KERNEL_IMAGE;
            case CMA -> Use.CMA;
            case RESERVED_MEMORY -> dt.node(r.what()).filter(MemoryUse::isIon).isPresent() ? Use.ION : Use.RESERVED_MEMORY;
            default -> Use.OTHER_RESERVATIONS;
        };
    }

    /** The vendor ION pools: ion-region (and the vpp, vpu, npu regions the same driver takes). */
    static boolean isIon(Node n) {
        return n.property("compatible").map(p -> p.asStringList()).orElse(List.of()).stream()
                .anyMatch(c -> c.equals("ion-region") || c.equals("vpp-region") || c.equals("vpu-region") || c.equals("npu-region"));
    }

    private static boolean ule(long a, long b) {
        return Long.compareUnsigned(a, b) <= 0;
    }

    private static boolean overlaps(long a, long aEnd, long b, long bEnd) {
        return Long.compareUnsigned(a, bEnd) < 0 && Long.compareUnsigned(b, aEnd) < 0;
    }
}
