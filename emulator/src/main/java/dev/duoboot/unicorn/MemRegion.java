package dev.duoboot.unicorn;

/** One mapped region as {@code uc_mem_regions} reports it; {@code end} is inclusive. */
public record MemRegion(long begin, long end, int perms) {
    public long size() {
        return end - begin + 1;
    }
}
