package dev.duoboot.linux;

import dev.duoboot.platform.Platform;
import dev.duoboot.sdk.ElfFile;

/**
 * A driver shaped like mainline's {@code imx_rproc} of 6.1-6.16 (drivers/remoteproc/imx_rproc.c),
 * ported to the C906L: {@code prepare} looks up the {@code memory-region} entries (skipping
 * {@code vdev0buffer} and {@code rsc-table}), so a failed lookup also prints
 * "can't prepare rproc"; {@code parse_fw} only reports a missing resource table. Start and stop
 * drive the same reset bit as the vendor driver, silently.
 */
public record MainlineStyleRproc(Platform.LittleCoreControl regs) implements RprocDriver {

    @Override
    public String driverName() {
        return "cvitek-rproc";
    }

    @Override
    public String compatible() {
        return "cvitek,cv18xx-c906l-rproc";
    }

    @Override
    public int prepare(Remoteproc r) {
        return r.registerMemoryRegions(Remoteproc.RegionWalk.IMX);
    }

    @Override
    public int parseFw(Remoteproc r, ElfFile fw) {
        if (r.loadRscTable(fw) != 0) {
            r.info(r.rprocDev(), "No resource table in elf\n");
        }
        return 0;
    }

    @Override
    public int start(Remoteproc r) {
        PhysicalMemory mem = r.memory();
        long reset = regs.reset().register();
        mem.write32(reset, mem.read32(reset) & ~regs.reset().mask());
        mem.write32(reset, mem.read32(reset) | regs.reset().mask());
        return 0;
    }

    @Override
    public int stop(Remoteproc r) {
        PhysicalMemory mem = r.memory();
        long reset = regs.reset().register();
        mem.write32(reset, mem.read32(reset) & ~regs.reset().mask());
        return 0;
    }
}
