package dev.duoboot.linux;

import java.util.List;

/**
 * The result of a remoteproc boot attempt: the return code ({@code rproc_boot()}'s, 0 on
 * success), the state afterwards, the carveouts registered, the segments written to memory;
 * {@code hung} when an access never completed (the kernel stopped there).
 */
public record RemoteprocOutcome(int returnCode, RprocState state, List<Carveout> carveouts, List<Segment> segments,
        long bootAddr, boolean oops, boolean hung) {

    /** A registered carveout ({@code struct rproc_mem_entry}). */
    public record Carveout(String name, long dma, long len, long da, boolean allocated) {}

    /** A PT_LOAD segment written to physical memory: its device address and where it really went ({@code phys}). */
    public record Segment(long da, long phys, long memsz, long filesz, long offset) {}
}
