package dev.duoboot.linux;

import dev.duoboot.linux.MemblockRegion.Flag;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

/**
 * The early boot allocator's two region lists, {@code memblock.memory} and
 * {@code memblock.reserved}, with the merge and split behaviour of {@code mm/memblock.c}
 * (identical in what is modelled here from 5.10 to 6.19): sorted, non-overlapping regions;
 * neighbours with equal flags merge after add and after a flag change, never after a remove.
 *
 * <p>Addresses are {@code phys_addr_t}: unsigned 64-bit, compared as such.
 */
public final class Memblock {

    /** {@code PHYS_ADDR_MAX}. */
    public static final long PHYS_ADDR_MAX = -1L;
    /** {@code MEMBLOCK_ALLOC_ANYWHERE} (~0): no upper bound. */
    public static final long ALLOC_ANYWHERE = -1L;
    /** {@code MEMBLOCK_ALLOC_ACCESSIBLE} (0): up to {@code memblock.current_limit}. */
    public static final long ALLOC_ACCESSIBLE = 0L;
    public static final long PAGE_SIZE = 0x1000;
    /** {@code SMP_CACHE_BYTES} on RISC-V ({@code L1_CACHE_BYTES} = 64). */
    public static final long SMP_CACHE_BYTES = 64;

    private static final class Region {
        long base;
        long size;
        final EnumSet<Flag> flags;

        Region(long base, long size, EnumSet<Flag> flags) {
            this.base = base;
            this.size = size;
            this.flags = EnumSet.copyOf(flags);
        }

        long end() {
            return base + size;
        }
    }

    private final List<Region> memory = new ArrayList<>();
    private final List<Region> reserved = new ArrayList<>();
    private boolean bottomUp;
    private long currentLimit = ALLOC_ANYWHERE;

    public List<MemblockRegion> memory() {
        return snapshot(memory);
    }

    public List<MemblockRegion> reserved() {
        return snapshot(reserved);
    }

    private static List<MemblockRegion> snapshot(List<Region> type) {
        return type.stream().map(r -> new MemblockRegion(r.base, r.size, r.flags)).toList();
    }

    public boolean bottomUp() {
        return bottomUp;
    }

    /** {@code memblock_set_bottom_up}. */
    public void setBottomUp(boolean enable) {
        bottomUp = enable;
    }

    public void setCurrentLimit(long limit) {
        currentLimit = limit;
    }

    // ---- add / remove / reserve / free -------------------------------------------------

    /** {@code memblock_add}: always 0 here (the region array is never exhausted in the model). */
    public int add(long base, long size) {
        addRange(memory, base, size, EnumSet.noneOf(Flag.class));
        return 0;
    }

    /** {@code memblock_remove}: cuts [base, base+size) out of memory; a range outside memory is a no-op. */
    public int remove(long base, long size) {
        removeRange(memory, base, size);
        return 0;
    }

    /** {@code memblock_reserve}: the range need not be memory; overlaps with reservations merge. */
    public int reserve(long base, long size) {
        addRange(reserved, base, size, EnumSet.noneOf(Flag.class));
        return 0;
    }

    /** {@code memblock_free} (5.10) / {@code memblock_phys_free} (6.x): removes from reserved. */
    public int free(long base, long size) {
        removeRange(reserved, base, size);
        return 0;
    }

    public int markNomap(long base, long size) {
        setClearFlag(memory, base, size, Flag.NOMAP, true);
        return 0;
    }

    public int clearNomap(long base, long size) {
        setClearFlag(memory, base, size, Flag.NOMAP, false);
        return 0;
    }

    public int markHotplug(long base, long size) {
        setClearFlag(memory, base, size, Flag.HOTPLUG, true);
        return 0;
    }

    // ---- queries ------------------------------------------------------------------------

    /** {@code memblock_is_region_reserved}: any overlap with memblock.reserved. */
    public boolean isRegionReserved(long base, long size) {
        return overlaps(reserved, base, size);
    }

    /** {@code memblock_overlaps_region(&memblock.memory, ...)}. */
    public boolean overlapsMemory(long base, long size) {
        return overlaps(memory, base, size);
    }

    /** {@code memblock_is_memory}: the address lies inside a memory region. */
    public boolean isMemory(long addr) {
        for (Region r : memory) {
            if (ule(r.base, addr) && ult(addr, r.end())) {
                return true;
            }
        }
        return false;
    }

    /** {@code memblock_start_of_DRAM}: 0 while memory is empty (the kernel's dummy entry). */
    public long startOfDram() {
        return memory.isEmpty() ? 0 : memory.getFirst().base;
    }

    /** {@code memblock_end_of_DRAM}: 0 while memory is empty. */
    public long endOfDram() {
        return memory.isEmpty() ? 0 : memory.getLast().end();
    }

    private static boolean overlaps(List<Region> type, long base, long size) {
        size = capSize(base, size);
        long end = base + size;
        for (Region r : type) {
            if (ult(base, r.end()) && ult(r.base, end)) {
                return true;
            }
        }
        return false;
    }

    // ---- allocation ---------------------------------------------------------------------

    /**
     * {@code memblock_find_in_range_node}: the highest (top-down) or lowest (bottom-up) aligned
     * address where {@code size} bytes of memory that is neither reserved nor NOMAP fit inside
     * [start, end); 0 when nothing fits. The first page is never returned.
     */
    public long findInRange(long start, long end, long size, long align) {
        if (end == ALLOC_ACCESSIBLE) {
            end = currentLimit;
        }
        start = umax(start, PAGE_SIZE);
        end = umax(start, end);
        List<long[]> free = freeRanges();
        if (bottomUp) {
            for (long[] f : free) {
                long thisStart = clamp(f[0], start, end);
                long thisEnd = clamp(f[1], start, end);
                long cand = roundUp(thisStart, align);
                if (ult(cand, thisEnd) && ule(size, thisEnd - cand)) {
                    return cand;
                }
            }
        } else {
            for (int i = free.size() - 1; i >= 0; i--) {
                long thisStart = clamp(free.get(i)[0], start, end);
                long thisEnd = clamp(free.get(i)[1], start, end);
                if (ult(thisEnd, size)) {
                    continue;
                }
                long cand = (thisEnd - size) & -align;
                if (ule(thisStart, cand)) {
                    return cand;
                }
            }
        }
        return 0;
    }

    /** {@code memblock_phys_alloc_range}: find, then reserve; 0 on failure. */
    public long physAllocRange(long size, long align, long start, long end) {
        if (align == 0) {
            align = SMP_CACHE_BYTES;
        }
        long found = findInRange(start, end, size, align);
        if (found != 0) {
            reserve(found, size);
        }
        return found;
    }

    /** Memory minus NOMAP regions minus reserved, in address order (for_each_free_mem_range): {start, end} pairs. */
    List<long[]> freeRanges() {
        List<long[]> out = new ArrayList<>();
        for (Region m : memory) {
            if (m.flags.contains(Flag.NOMAP)) {
                continue;
            }
            long cursor = m.base;
            for (Region r : reserved) {
                if (ule(r.end(), cursor) || ule(m.end(), r.base)) {
                    continue;
                }
                if (ult(cursor, r.base)) {
                    out.add(new long[] {cursor, r.base});
                }
                cursor = umax(cursor, r.end());
            }
            if (ult(cursor, m.end())) {
                out.add(new long[] {cursor, m.end()});
            }
        }
        return out;
    }

    // ---- limits -------------------------------------------------------------------------

    /**
     * {@code memblock_enforce_memory_limit}: keep the first {@code limit} bytes of memory; drop
     * everything above that address from both memory and reserved. 0 does nothing.
     */
    public void enforceMemoryLimit(long limit) {
        if (limit == 0) {
            return;
        }
        long maxAddr = PHYS_ADDR_MAX;
        for (Region r : memory) {
            if (ule(limit, r.size)) {
                maxAddr = r.base + limit;
                break;
            }
            limit -= r.size;
        }
        if (maxAddr == PHYS_ADDR_MAX) {
            return;
        }
        removeRange(memory, maxAddr, PHYS_ADDR_MAX);
        removeRange(reserved, maxAddr, PHYS_ADDR_MAX);
    }

    // ---- the list operations of mm/memblock.c -------------------------------------------

    /** {@code memblock_cap_size}: keeps base + size from wrapping. */
    private static long capSize(long base, long size) {
        return ult(PHYS_ADDR_MAX - base, size) ? PHYS_ADDR_MAX - base : size;
    }

    /** {@code memblock_add_range}: insert the parts not yet covered, then merge neighbours. */
    private static void addRange(List<Region> type, long base, long size, EnumSet<Flag> flags) {
        size = capSize(base, size);
        if (size == 0) {
            return;
        }
        long end = base + size;
        for (int i = 0; i < type.size(); i++) {
            Region r = type.get(i);
            if (ule(end, r.base)) {
                break;
            }
            if (ule(r.end(), base)) {
                continue;
            }
            if (ult(base, r.base)) {
                type.add(i, new Region(base, r.base - base, flags));
                i++;
            }
            base = umin(r.end(), end);
        }
        if (ult(base, end)) {
            int at = 0;
            while (at < type.size() && ult(type.get(at).base, base)) {
                at++;
            }
            type.add(at, new Region(base, end - base, flags));
        }
        merge(type);
    }

    private static void merge(List<Region> type) {
        for (int i = 0; i + 1 < type.size(); ) {
            Region a = type.get(i);
            Region b = type.get(i + 1);
            if (a.end() != b.base || !a.flags.equals(b.flags)) {
                i++;
                continue;
            }
            a.size += b.size;
            type.remove(i + 1);
        }
    }

    /**
     * {@code memblock_isolate_range}: split regions at base and base+size so that the range is
     * covered by whole regions; returns [first, last) indices of those regions.
     */
    private static int[] isolate(List<Region> type, long base, long size) {
        size = capSize(base, size);
        long end = base + size;
        int first = -1;
        int last = -1;
        if (size == 0) {
            return new int[] {0, 0};
        }
        for (int i = 0; i < type.size(); i++) {
            Region r = type.get(i);
            long rbase = r.base;
            long rend = r.end();
            if (ule(end, rbase)) {
                break;
            }
            if (ule(rend, base)) {
                continue;
            }
            if (ult(rbase, base)) {
                r.base = base;
                r.size = rend - base;
                type.add(i, new Region(rbase, base - rbase, r.flags));
            } else if (ult(end, rend)) {
                r.base = end;
                r.size = rend - end;
                type.add(i, new Region(rbase, end - rbase, r.flags));
                i--;
            } else {
                if (first < 0) {
                    first = i;
                }
                last = i + 1;
            }
        }
        return first < 0 ? new int[] {0, 0} : new int[] {first, last};
    }

    private static void removeRange(List<Region> type, long base, long size) {
        int[] span = isolate(type, base, size);
        type.subList(span[0], span[1]).clear();
    }

    private static void setClearFlag(List<Region> type, long base, long size, Flag flag, boolean set) {
        int[] span = isolate(type, base, size);
        for (int i = span[0]; i < span[1]; i++) {
            if (set) {
                type.get(i).flags.add(flag);
            } else {
                type.get(i).flags.remove(flag);
            }
        }
        merge(type);
    }

    // ---- unsigned helpers ---------------------------------------------------------------

    static boolean ult(long a, long b) {
        return Long.compareUnsigned(a, b) < 0;
    }

    static boolean ule(long a, long b) {
        return Long.compareUnsigned(a, b) <= 0;
    }

    static long umax(long a, long b) {
        return ult(a, b) ? b : a;
    }

    static long umin(long a, long b) {
        return ult(a, b) ? a : b;
    }

    private static long clamp(long v, long lo, long hi) {
        return umin(umax(v, lo), hi);
    }

    private static long roundUp(long v, long align) {
        return (v + align - 1) & -align;
    }
}
