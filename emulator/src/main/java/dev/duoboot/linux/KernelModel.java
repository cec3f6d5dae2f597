package dev.duoboot.linux;

import static dev.duoboot.linux.KernelRule.*;

import dev.duoboot.fdt.Node;
import dev.duoboot.fdt.Property;
import java.util.Optional;

/**
 * The early part of a RISC-V kernel boot, per profile: {@code parse_dtb()}, the early parameters,
 * {@code setup_bootmem()} and the reserved-memory scans, in each version's order
 * (arch/riscv/kernel/setup.c setup_arch(), arch/riscv/mm/init.c setup_bootmem()).
 *
 * <p>On the 5.10 lines the model also makes paging_init()'s page tables and resources and the
 * unflattened device tree from memblock ({@link EarlyAllocations}); not modelled: sparse_init()'s
 * struct page arrays, the later start_kernel() allocations, and on 6.x the page tables and tree.
 * Then mem_init_print_info()'s {@code Memory:} line ({@link MemInfo}) and, on the vendor kernels,
 * the ION driver's probe ({@link VendorIon}).
 */
public final class KernelModel {

    private static final long PMD_SIZE = 0x200000;

    private KernelModel() {}

    /** Boots the model up to the point where drivers probe. */
    public static KernelRun boot(KernelInputs in) {
        Kernel k = new Kernel(in);
        String chosenArgs = new EarlyScan(k).scan();
        if (k.profile().uses(MACHINE_MODEL_LINE)) {
            machineName(k).ifPresent(name -> k.printk().print(LogLevel.INFO, "", "Machine model: " + name + "\n"));
        }
        k.setBootargs(Bootargs.parse(in.bootargs().orElse(chosenArgs), in.bootargs().isPresent() ? "--bootargs" : "/chosen/bootargs"));
        long memLimit = earlyParams(k);
        ReservedMemory rmem = new ReservedMemory(k);
        setupBootmem(k, rmem, memLimit);
        if (k.profile().uses(SAVE_LATE_FIRST_ENTRY) || k.profile().uses(SAVE_LATE_SINGLE_ENTRY)) {
            rmem.lateScan();
        }
        if (!k.profile().uses(BOOTMEM_6_1)) {
            // paging_init() and unflatten_device_tree() of 5.10 (6.x's are not modelled)
            EarlyAllocations.pagingInit(k);
            EarlyAllocations.unflatten(k);
        }
        if (k.profile().uses(BOOTMEM_SDK_C)) {
            rmem.earlyScan();
        }
        // memblock_free_all(): what the buddy allocator gets, as mem_init_print_info() reports it
        MemInfo mem = MemInfo.of(k.memblock(), k.reservations(), k.profile().image());
        k.setMemInfo(mem);
        if (k.profile().uses(MEMINFO_IN_START_KERNEL)) {
            k.printk().print(LogLevel.INFO, "", mem.line() + "\n");
        }
        // kernel_init_freeable(): past SMP bring-up, the late page-alloc init, then the initcalls
        k.printk().advanceTo(LATE_INIT_NANOS);
        if (k.profile().uses(MEMINFO_IN_PAGE_ALLOC_INIT_LATE)) {
            k.printk().print(LogLevel.INFO, "", mem.line() + "\n");
        }
        if (k.profile().uses(ION_REGIONS_DECLARED)) {
            VendorIon.probe(k, rmem);
        }
        return new KernelRun(k, rmem);
    }

    /**
     * The model's time for kernel_init_freeable() (6.12's late Memory: line, the vendor ION probe at
     * subsys_initcall): a point in its sequence after start_kernel()'s lines at 0 and before the
     * remoteproc steps from 1 s on, not a measured time (the v1.1.4 logs show the ION probe at
     * about 0.24 s).
     */
    static final long LATE_INIT_NANOS = 500_000_000L;

    /** {@code of_flat_dt_get_machine_name()}: model, else the first compatible. */
    private static Optional<String> machineName(Kernel k) {
        Node root = k.tree().root();
        return root.property("model").flatMap(EarlyScan::cString)
                .or(() -> root.property("compatible").flatMap(EarlyScan::cString));
    }

    /**
     * {@code parse_early_param()}: the early parameters in command-line order (earlycon=sbi prints
     * its two lines, mem= where RISC-V knows it). Returns the memory limit (0: none).
     */
    private static long earlyParams(Kernel k) {
        long limit = 0;
        for (String word : k.bootargs().commandLine().trim().split("\\s+")) {
            if (word.equals("earlycon=sbi")) {
                k.printk().print(LogLevel.INFO, "earlycon: ", "sbi0 at I/O port 0x0 (options '')\n");
                k.printk().print(LogLevel.INFO, "printk: ", "bootconsole [sbi0] enabled\n");
            } else if (word.startsWith("mem=")) {
                if (k.profile().uses(MEM_PARAM_IGNORED)) {
                    k.explain(MEM_PARAM_IGNORED, "/chosen", "mem= is ignored: RISC-V 5.10 has no handler for it", null);
                    continue;
                }
                long size = Bootargs.memparse(word.substring(4), "bootargs", word) & -Memblock.PAGE_SIZE;
                limit = limit == 0 ? size : Math.min(limit, size);
                k.printk().print(LogLevel.NOTICE, "", "Memory limited to " + (limit >>> 20) + "MB\n");
            }
        }
        return limit;
    }

    private static void setupBootmem(Kernel k, ReservedMemory rmem, long memLimit) {
        Memblock mb = k.memblock();
        KernelInputs in = k.inputs();
        KernelRule order = k.profile().rule(KernelRule.Group.SETUP_BOOTMEM);
        switch (order) {
            case BOOTMEM_VANILLA_5_10 -> {
                reserveKernel(k, in.kernelSize());
                reserveDtb(k);
                rmem.earlyScan();
            }
            case BOOTMEM_SDK_A -> {
                reserveKernel(k, in.kernelSize());
                reserveLowFirmware(k);
                rmem.earlyScan();
                if (!mb.isMemory(in.dtbAddr())) {
                    long copy = mb.physAllocRange(in.dtbSize(), Memblock.PAGE_SIZE, 0, Memblock.ALLOC_ACCESSIBLE);
                    k.noteReserved(Reservation.Purpose.DTB, "the DTB (copied into memory)", copy, in.dtbSize());
                } else {
                    reserveDtb(k);
                }
            }
            case BOOTMEM_SDK_B -> {
                reserveKernel(k, in.kernelSize());
                reserveDtb(k);
                reserveLowFirmware(k);
                rmem.earlyScan();
            }
            case BOOTMEM_SDK_C -> {
                reserveKernel(k, in.kernelSize());
                reserveDtb(k);
                reserveLowFirmware(k);
            }
            case BOOTMEM_6_1 -> {
                mb.enforceMemoryLimit(memLimit);
                long end = (in.loadAddr() + in.kernelSize() + PMD_SIZE - 1) & -PMD_SIZE;
                reserveKernel(k, end - in.loadAddr());
                long dma32Limit = Math.min(1L << 32, mb.endOfDram());
                rmem.earlyScan();
                reserveDtb(k);
                dmaContiguousReserve(k, rmem, dma32Limit);
            }
            default -> throw new IllegalStateException("not a setup_bootmem rule: " + order);
        }
    }

    /**
     * {@code dma_contiguous_reserve(dma32_phys_limit)} (kernel/dma/contiguous.c, mm/cma.c 6.1+): the
     * default CMA area of {@code cma=} or CONFIG_CMA_SIZE_MBYTES (16 unless set), unless the DT gave
     * a {@code linux,cma-default} pool. Only with CONFIG_DMA_CMA in the given .config.
     */
    private static void dmaContiguousReserve(Kernel k, ReservedMemory rmem, long limit) {
        if (!k.configEnabled("CONFIG_DMA_CMA", false) || rmem.defaultCmaFromDt()) {
            return;
        }
        long size = k.bootargs().cma().orElse(k.inputs().configValue("CONFIG_CMA_SIZE_MBYTES")
                .map(v -> Long.decode(v) << 20).orElse(16L << 20));
        if (size == 0) {
            return;
        }
        long align = rmem.cmaAlign();
        size = (size + align - 1) & -align;
        long addr = k.memblock().physAllocRange(size, align, 0, limit & -align);
        k.noteReserved(Reservation.Purpose.CMA, "the default CMA area", addr, addr == 0 ? 0 : size);
        if (addr == 0) {
            k.printk().print(LogLevel.ERR, "cma: ", "Failed to reserve " + (size >>> 20) + " MiB\n");
            return;
        }
        k.printk().print(LogLevel.INFO, "cma: ", "Reserved " + (size >>> 20) + " MiB at " + Printk.pa(addr) + "\n");
    }

    /** SDK: {@code memblock_reserve(__pa(PAGE_OFFSET), riscv.fwsz if PAGE_SIZE < fwsz < LOAD_OFFSET, else LOAD_OFFSET)}. */
    private static void reserveLowFirmware(Kernel k) {
        long dramBase = k.inputs().loadAddr() - EarlyScan.SDK_LOAD_OFFSET;
        long fw = k.bootargs().riscvFwsz().orElse(0);
        boolean useFw = Memblock.ult(Memblock.PAGE_SIZE, fw) && Memblock.ult(fw, EarlyScan.SDK_LOAD_OFFSET);
        k.reserve(Reservation.Purpose.FIRMWARE, useFw ? "OpenSBI (riscv.fwsz)" : "below the kernel (LOAD_OFFSET)", dramBase,
                useFw ? fw : EarlyScan.SDK_LOAD_OFFSET);
    }

    /** {@code memblock_reserve(vmlinux_start, vmlinux_end - vmlinux_start)}. */
    private static void reserveKernel(Kernel k, long size) {
        k.reserve(Reservation.Purpose.KERNEL_IMAGE, "the kernel image", k.inputs().loadAddr(), size);
    }

    private static void reserveDtb(Kernel k) {
        k.reserve(Reservation.Purpose.DTB, "the DTB", k.inputs().dtbAddr(), k.inputs().dtbSize());
    }

    /** The phandles of a {@code memory-region} property, one per cell (the property has no #cells). */
    static long[] phandles(Property p) {
        long[] out = new long[p.cellCount()];
        for (int i = 0; i < out.length; i++) {
            out[i] = p.u32(i);
        }
        return out;
    }
}
