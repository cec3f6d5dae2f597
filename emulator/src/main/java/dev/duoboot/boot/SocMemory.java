package dev.duoboot.boot;

import dev.duoboot.linux.PhysicalMemory;
import dev.duoboot.soc.BusHang;
import java.util.Optional;

/**
 * Physical memory as a chain gives it to the kernel model, with what the SoC saw of it: an access
 * the bus never answered (the access then throws {@link PhysicalMemory.AccessHangs}), and whether
 * the C906L was released from reset after the last write to DRAM (remoteproc's loads: a core
 * that was not restarted since does not run what was loaded).
 */
public interface SocMemory extends PhysicalMemory {

    /** The first access the bus never answered, if any. */
    Optional<BusHang> busHang();

    /** Whether the C906L's reset saw a release edge after the last DRAM write made through this memory. */
    boolean littleCoreRestartedSinceLoad();
}
