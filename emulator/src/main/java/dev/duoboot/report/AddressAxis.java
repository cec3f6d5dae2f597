package dev.duoboot.report;

import dev.duoboot.boot.MemoryRegion;
import dev.duoboot.boot.MemoryView;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * The shared vertical axis of a memory map: every region boundary of every view, sorted, so that
 * a 4 KiB device tree and a 254 MiB memory node can be drawn side by side. Segments are the
 * ranges between consecutive boundaries.
 */
final class AddressAxis {
    private final long[] bounds;

    AddressAxis(List<MemoryView> views) {
        TreeSet<Long> all = new TreeSet<>(Long::compareUnsigned);
        for (MemoryView v : views) {
            for (MemoryRegion r : v.regions()) {
                if (r.size() > 0) {
                    all.add(r.base());
                    all.add(r.end());
                }
            }
        }
        bounds = all.stream().mapToLong(Long::longValue).toArray();
    }

    int segmentCount() {
        return Math.max(0, bounds.length - 1);
    }

    long segmentBase(int i) {
        return bounds[i];
    }

    long segmentEnd(int i) {
        return bounds[i + 1];
    }

    /** Index of the boundary equal to {@code addr}. */
    int boundaryIndex(long addr) {
        for (int i = 0; i < bounds.length; i++) {
            if (bounds[i] == addr) {
                return i;
            }
        }
        throw new IllegalArgumentException("not a boundary: 0x" + Long.toHexString(addr));
    }

    /**
     * The most specific region of {@code view} covering segment {@code i}: the smallest one, ties
     * broken by the later region (views list background regions first).
     */
    MemoryRegion regionAt(MemoryView view, int i) {
        long base = segmentBase(i);
        MemoryRegion best = null;
        for (MemoryRegion r : view.regions()) {
            if (r.size() > 0 && Long.compareUnsigned(r.base(), base) <= 0
                    && Long.compareUnsigned(base, r.end()) < 0
                    && (best == null || Long.compareUnsigned(r.size(), best.size()) <= 0)) {
                best = r;
            }
        }
        return best;
    }

    List<Long> boundaries() {
        List<Long> out = new ArrayList<>();
        for (long b : bounds) {
            out.add(b);
        }
        return out;
    }

    static String hex(long v) {
        return String.format("0x%08x", v);
    }

    /** "128 KiB", "2 MiB", "1.5 MiB", "300 B". */
    static String size(long bytes) {
        if (bytes >= 1L << 30 && bytes % (1L << 20) == 0 && bytes % (1L << 30) == 0) {
            return (bytes >> 30) + " GiB";
        }
        if (bytes >= 1L << 20) {
            return trim(bytes / (double) (1L << 20)) + " MiB";
        }
        if (bytes >= 1L << 10) {
            return trim(bytes / 1024.0) + " KiB";
        }
        return bytes + " B";
    }

    private static String trim(double v) {
        String s = String.format("%.2f", v);
        s = s.replaceAll("0+$", "");
        return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
    }
}
