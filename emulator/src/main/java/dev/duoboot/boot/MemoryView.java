package dev.duoboot.boot;

import java.util.List;

/** The memory map as one stage or view saw it: one column of the drawn map. */
public record MemoryView(String title, List<MemoryRegion> regions) {

    public MemoryView {
        regions = List.copyOf(regions);
    }
}
