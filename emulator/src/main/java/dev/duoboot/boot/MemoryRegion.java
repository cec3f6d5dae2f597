package dev.duoboot.boot;

import java.util.Objects;

/**
 * One labelled range of physical memory in a {@link MemoryView}. {@code conflict} marks a region
 * the diagnosis points at (an overlap, a carve-out the kernel cannot find, a segment outside its
 * carve-out); {@code note} says why, in one line.
 */
public record MemoryRegion(long base, long size, String label, RegionKind kind, boolean conflict, String note) {

    public MemoryRegion {
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(note, "note");
        if (size < 0) {
            throw new IllegalArgumentException("negative size for " + label);
        }
    }

    public MemoryRegion(long base, long size, String label, RegionKind kind) {
        this(base, size, label, kind, false, "");
    }

    /** Exclusive end address. */
    public long end() {
        return base + size;
    }

    public MemoryRegion withConflict(String why) {
        return new MemoryRegion(base, size, label, kind, true, why);
    }
}
