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
 * <p>Only the memblock calls of the modelled code are made; page tables and the unflattened tree,
 * which a real kernel also allocates from memblock, are not.
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
        if (k.profile().uses(BOOTMEM_SDK_C)) {
            rmem.earlyScan();
        }
        return new KernelRun(k, rmem);
    }

    /** {@code of_flat_dt_get_machine_name()}: model, else the first compatible. */
    private static Optional<String> machineName(Kernel k) {
        Node root = k.tree().root();
        return root.property("model").flatMap(EarlyScan::cString)
                .or(() -> root.property("compatible").flatMap(EarlyScan::cString));
    }

    /** {@code parse_early_param()}: earlycon=sbi, and mem= where RISC-V knows it. Returns the memory limit (0: none). */
    private static long earlyParams(Kernel k) {
        if (k.bootargs().earlycon().filter("sbi"::equals).isPresent()) {
            k.printk().print(LogLevel.INFO, "earlycon: ", "sbi0 at I/O port 0x0 (options '')\n");
            k.printk().print(LogLevel.INFO, "printk: ", "bootconsole [sbi0] enabled\n");
        }
        if (k.bootargs().mem().isEmpty()) {
            return 0;
        }
        if (k.profile().uses(MEM_PARAM_IGNORED)) {
            k.explain(MEM_PARAM_IGNORED, "/chosen", "mem= is ignored: RISC-V 5.10 has no handler for it", null);
            return 0;
        }
        long limit = k.bootargs().mem().getAsLong() & -Memblock.PAGE_SIZE;
        k.printk().print(LogLevel.NOTICE, "", "Memory limited to " + (limit >>> 20) + "MB\n");
        return limit;
    }

    private static void setupBootmem(Kernel k, ReservedMemory rmem, long memLimit) {
        Memblock mb = k.memblock();
        KernelInputs in = k.inputs();
        KernelRule order = k.profile().rule(KernelRule.Group.SETUP_BOOTMEM);
        switch (order) {
            case BOOTMEM_VANILLA_5_10 -> {
                mb.reserve(in.loadAddr(), in.kernelSize());
                mb.reserve(in.dtbAddr(), in.dtbSize());
                rmem.earlyScan();
            }
            case BOOTMEM_SDK_A -> {
                mb.reserve(in.loadAddr(), in.kernelSize());
                reserveLowFirmware(k);
                rmem.earlyScan();
                if (!mb.isMemory(in.dtbAddr())) {
                    mb.physAllocRange(in.dtbSize(), Memblock.PAGE_SIZE, 0, Memblock.ALLOC_ACCESSIBLE);
                } else {
                    mb.reserve(in.dtbAddr(), in.dtbSize());
                }
            }
            case BOOTMEM_SDK_B -> {
                mb.reserve(in.loadAddr(), in.kernelSize());
                mb.reserve(in.dtbAddr(), in.dtbSize());
                reserveLowFirmware(k);
                rmem.earlyScan();
            }
            case BOOTMEM_SDK_C -> {
                mb.reserve(in.loadAddr(), in.kernelSize());
                mb.reserve(in.dtbAddr(), in.dtbSize());
                reserveLowFirmware(k);
            }
            case BOOTMEM_6_1 -> {
                mb.enforceMemoryLimit(memLimit);
                long end = (in.loadAddr() + in.kernelSize() + PMD_SIZE - 1) & -PMD_SIZE;
                mb.reserve(in.loadAddr(), end - in.loadAddr());
                rmem.earlyScan();
                mb.reserve(in.dtbAddr(), in.dtbSize());
            }
            default -> throw new IllegalStateException("not a setup_bootmem rule: " + order);
        }
    }

    /** SDK: {@code memblock_reserve(__pa(PAGE_OFFSET), riscv.fwsz if PAGE_SIZE < fwsz < LOAD_OFFSET, else LOAD_OFFSET)}. */
    private static void reserveLowFirmware(Kernel k) {
        long dramBase = k.inputs().loadAddr() - EarlyScan.SDK_LOAD_OFFSET;
        long fw = k.bootargs().riscvFwsz().orElse(0);
        boolean useFw = Memblock.ult(Memblock.PAGE_SIZE, fw) && Memblock.ult(fw, EarlyScan.SDK_LOAD_OFFSET);
        k.memblock().reserve(dramBase, useFw ? fw : EarlyScan.SDK_LOAD_OFFSET);
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
