package dev.duoboot.linux;

import java.util.EnumSet;
import java.util.Set;

/** One entry of {@code memblock.memory} or {@code memblock.reserved}: [base, base + size) with flags. */
public record MemblockRegion(long base, long size, Set<Flag> flags) {

    /** The flags of {@code enum memblock_flags} (include/linux/memblock.h) that this model uses. */
    public enum Flag {
        HOTPLUG,
        NOMAP
    }

    public MemblockRegion {
        flags = flags.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(flags));
    }

    public long end() {
        return base + size;
    }

    public boolean has(Flag flag) {
        return flags.contains(flag);
    }

    /** Flags in declaration order, for deterministic output. */
    public java.util.List<Flag> sortedFlags() {
        return flags.isEmpty() ? java.util.List.of() : java.util.List.copyOf(EnumSet.copyOf(flags));
    }
}
