package dev.duoboot.linux;

import dev.duoboot.sdk.ElfFile;

/**
 * The SDK's {@code cvitek-rproc} driver (linux_5.10/drivers/remoteproc/cvitek_remoteproc.c):
 * {@code parse_fw} looks up every {@code memory-region} and registers it as an ioremapped
 * carveout; {@code start} pulses the C906L reset (0x03003024 bit 6, active low).
 */
public record CvitekRproc(Variant variant) implements RprocDriver {

    /** 0x03003024: bit 6 holds the C906L in reset while clear. */
    public static final long RESET_REG = 0x03003024L;
    public static final long RESET_BIT = 1L << 6;
    /** SEC_SYS: +0x04 bit 13 enables the vector, +0x20/+0x24 hold it (only the forked driver writes them). */
    public static final long SEC_SYS_BASE = 0x020B0000L;

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
        int ret = r.registerMemoryRegions(false);
        if (ret != 0) {
            return ret;
        }
        int rsc = r.loadRscTable(fw);
        if (variant == Variant.ORIGINAL) {
            if (rsc != 0) {
                r.explain("the original cvitek parse_fw returns rproc_elf_load_rsc_table()'s error: the firmware has no valid .resource_table",
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
        long v = mem.read32(RESET_REG);
        mem.write32(RESET_REG, v & ~RESET_BIT);
        if (variant == Variant.VECTOR) {
            mem.write32(SEC_SYS_BASE + 0x04, mem.read32(SEC_SYS_BASE + 0x04) | (1L << 13));
            mem.write32(SEC_SYS_BASE + 0x20, r.bootAddr() & 0xffffffffL);
            mem.write32(SEC_SYS_BASE + 0x24, r.bootAddr() >>> 32);
        }
        mem.write32(RESET_REG, mem.read32(RESET_REG) | RESET_BIT);
        r.info(r.platformDev(), "Started from 0x" + Printk.llx(r.bootAddr()) + "\n");
        return 0;
    }

    @Override
    public int stop(Remoteproc r) {
        PhysicalMemory mem = r.memory();
        mem.write32(RESET_REG, mem.read32(RESET_REG) & ~RESET_BIT);
        return 0;
    }
}
