package dev.duoboot.linux;

import dev.duoboot.platform.Platform;
import dev.duoboot.sdk.ElfFile;

/**
 * The SDK's {@code cvitek-rproc} driver (linux_5.10/drivers/remoteproc/cvitek_remoteproc.c):
 * {@code parse_fw} looks up every {@code memory-region} and registers it as an ioremapped
 * carveout; {@code start} pulses the C906L reset (active low). The registers are
 * the board's ({@code regs}, from its platform file); the driver only knows which it writes.
 *
 * @param regs the C906L's reset bit and SEC_SYS boot vector (only the forked driver writes the vector)
 */
public record CvitekRproc(Variant variant, Platform.LittleCoreControl regs) implements RprocDriver {

    public enum Variant {
        /** The Arduino patch (SDK @7221d23): parse_fw ends with rproc_elf_load_rsc_table(), so a firmware without one fails with -EINVAL. */
        ORIGINAL,
        /** SDK @20cb687: a missing table only warns; start waits 10 us between the two writes. */
        LATER,
        /** The vanbuong v2 fork: start also programs the SEC_SYS boot vector with the ELF entry. */
        VECTOR
    }

    @Override
    public String driverName() {
        return "cvitek-rproc";
    }

    @Override
    public String compatible() {
        return "cvitek,cv18xx-c906l-rproc";
    }

    @Override
    public int parseFw(Remoteproc r, ElfFile fw) {
        int ret = r.registerMemoryRegions(Remoteproc.RegionWalk.CVITEK);
        if (ret != 0) {
            return ret;
        }
        int rsc = r.loadRscTable(fw);
        if (variant == Variant.ORIGINAL) {
            if (rsc != 0) {
                r.explain(DriverRule.RPROC_RSC_TABLE_REQUIRED, "the original cvitek parse_fw returns rproc_elf_load_rsc_table()'s error: the firmware has no valid .resource_table",
                        "link a .resource_table section into the firmware, or use the later driver that only warns");
            }
            return rsc;
        }
        if (rsc != 0) {
            r.warn(r.rprocDev(), "no resource table found for this firmware\n");
        }
        return 0;
    }

    @Override
    public int start(Remoteproc r) {
        PhysicalMemory mem = r.memory();
        long reset = regs.reset().register();
        mem.write32(reset, mem.read32(reset) & ~regs.reset().mask());
        if (variant == Variant.VECTOR) {
            long enable = regs.vectorEnable().register();
            mem.write32(enable, mem.read32(enable) | regs.vectorEnable().mask());
            mem.write32(regs.vectorLow(), r.bootAddr() & 0xffffffffL);
            mem.write32(regs.vectorHigh(), r.bootAddr() >>> 32);
        }
        mem.write32(reset, mem.read32(reset) | regs.reset().mask());
        r.info(r.platformDev(), "Started from 0x" + Printk.llx(r.bootAddr()) + "\n");
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
