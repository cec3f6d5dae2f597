package dev.duoboot.linux;

import dev.duoboot.fdt.Node;
import dev.duoboot.fdt.Property;
import java.util.List;
import java.util.Optional;

/**
 * The SDK's ION driver at {@code subsys_initcall} (linux_5.10/drivers/staging/android/ion/cvitek/cvitek_ion.c
 * cvitek_ion_probe(), ion_parse_dt(), ion_parse_dt_heap_common(), rmem_ion_device_init(); ion_carveout_heap.c
 * ion_carveout_heap_create(), cvi_get_rtos_ion_size(); SDK @4f81018), with its messages:
 * each available child of the {@code cvitek,cvitek-ion} node whose compatible is in the heap table
 * becomes a heap device; a carve-out heap gets its region from {@code memory-region} through
 * {@code of_reserved_mem_device_init()} (5.10: the table entry with the target's phandle, whose
 * {@code ion-region} init set the ops; its {@code dev_info} "assigned reserved memory node" is
 * commented out in the SDK), then is created: the part FreeRTOS uses ({@code ion-size} of the
 * {@code cvitek,rtos_image} node) is left alone, the rest zeroed in whole pages.
 */
final class VendorIon {

    private static final String ION = "Ion: ";
    /** cvitek_ion.c cvi_ion_heap_list: compatible, ION heap type, heap name. */
    private static final List<String[]> HEAPS = List.of(
            new String[] {"cvitek,carveout_vpp", "2", "vpp"}, new String[] {"cvitek,cma_vpp", "4", "vpp"},
            new String[] {"cvitek,carveout_npu", "2", "npu"}, new String[] {"cvitek,carveout", "2", "carveout"},
            new String[] {"civtek,cma", "4", "cma"}, new String[] {"cvitek,sys_contig", "1", "sys_contig"});
    private static final int ION_HEAP_TYPE_CARVEOUT = 2;
    private static final long NS_PER_LINE = 10_000;

    private VendorIon() {}

    /** Probes the ION device when the DT has one; an oops ends the boot (the kernel's own verdict). */
    static void probe(Kernel k, ReservedMemory rmem) {
        Optional<Node> ion = k.tree().root().walk().stream()
                .filter(n -> ReservedMemory.compatible(n, "cvitek,cvitek-ion") && EarlyScan.isAvailable(n)).findFirst();
        if (ion.isEmpty()) {
            return;
        }
        int heapId = 0;
        for (Node child : ion.get().children()) {
            if (!EarlyScan.isAvailable(child)) {
                continue;
            }
            Optional<String[]> heap = HEAPS.stream().filter(h -> ReservedMemory.compatible(child, h[0])).findFirst();
            if (heap.isEmpty()) {
                continue;
            }
            int type = Integer.parseInt(heap.get()[1]);
            String name = heap.get()[2];
            line(k, ION, "ion_parse_dt_heap_common: id 0 type " + type + " name " + name + " align " + Long.toHexString(Memblock.PAGE_SIZE));
            if (type != ION_HEAP_TYPE_CARVEOUT) {
                continue; // the probe creates carve-out and chunk heaps only
            }
            Optional<ReservedRegion> region = region(k, rmem, child);
            if (region.isEmpty()) {
                continue; // -EINVAL: the heap device is unregistered, silently
            }
            long base = region.get().base();
            long size = region.get().size();
            line(k, ION, "rmem_ion_device_init: heap " + name + " base " + Printk.pa(base) + " size " + Printk.pa(size)
                    + " dev (____ptrval____)");
            line(k, "", "ion_carveout_heap_create, size=0x" + Long.toHexString(size));
            long rtos = rtosIonSize(k);
            long zeroFrom = base & -Memblock.PAGE_SIZE;
            long zeroBytes = size;
            if (rtos != 0) {
                zeroFrom = (base + rtos + Memblock.PAGE_SIZE - 1) & -Memblock.PAGE_SIZE;
                zeroBytes = base + size - zeroFrom;
                line(k, "", "ion_carveout_heap_create, size(exclusion of rtos_ion_size)=0x" + Long.toHexString(zeroBytes));
            }
            if (Long.compareUnsigned(zeroFrom, base) < 0 && zeroBytes > 0) {
                oops(k, child, base, size, zeroFrom);
                return;
            }
            line(k, "platform " + name + ": ", "[ion] add heap id " + heapId++ + ", type " + type + ", base 0x" + Long.toHexString(base)
                    + ", size 0x" + Long.toHexString(size));
        }
    }

    /** {@code of_reserved_mem_device_init(dev)}: memory-region[0], found by phandle, with the ion-region ops. */
    private static Optional<ReservedRegion> region(Kernel k, ReservedMemory rmem, Node heapNode) {
        Optional<Property> mr = heapNode.property("memory-region");
        if (mr.isEmpty() || mr.get().cellCount() == 0) {
            return Optional.empty();
        }
        Optional<Node> target = k.tree().nodeByPhandle(mr.get().u32(0));
        if (target.isEmpty() || !EarlyScan.isAvailable(target.get())) {
            return Optional.empty();
        }
        return rmem.initialisedIonRegion(target.get());
    }

    /** {@code cvi_get_rtos_ion_size()}: the fast_image node's ion-size, printed when the node exists. */
    private static long rtosIonSize(Kernel k) {
        Optional<Node> image = k.tree().root().walk().stream().filter(n -> ReservedMemory.compatible(n, "cvitek,rtos_image")).findFirst();
        if (image.isEmpty()) {
            return 0;
        }
        long size = image.get().property("ion-size").filter(p -> p.length() >= 4).map(p -> p.u32(0)).orElse(0L);
        line(k, "", "cvi_get_rtos_ion_size, rtos ion_size get:0x" + Long.toHexString(size));
        return size;
    }

    /**
     * The heap's zeroing reaches below its base: the bytes there are the kernel's own, allocated
     * top-down right below ION after the scan (start_kernel()'s command-line copies and the first
     * per-cpu chunk's metadata come first [I]); the boot then dies in PID 1 (#158: "Unable to handle
     * kernel NULL pointer dereference at virtual address 0000000000000000", right after the next
     * subsys_initcalls). The oops's lines are the RISC-V fault handler's (arch/riscv/mm/fault.c
     * no_context(): pr_alert), die()'s (pr_emerg) and show_regs()' first lines; the register dump and
     * call trace, which are the build's own, are not printed.
     */
    private static void oops(Kernel k, Node heapNode, long base, long size, long zeroFrom) {
        k.explanations().add(new Explanation(DriverRule.ION_HEAP_ZEROES_BELOW_BASE, heapNode.path(), String.format(
                "the ION carve-out heap [0x%x, +0x%x) starts 0x%x bytes into a page (dynamic regions are only cache-line aligned, and "
                        + "this kernel allocated the unflattened device tree top-down before it), so ion_carveout_heap_create() zeroes from "
                        + "0x%x: 0x%x bytes below the heap that the kernel allocated for itself after the reserved-memory scan; the NULL "
                        + "dereference that follows is inferred from that (its site is open)", base, size, base - zeroFrom, zeroFrom,
                base - zeroFrom), k.profile().alternatives(KernelRule.Group.SETUP_BOOTMEM),
                Optional.of("scan reserved memory before anything else is allocated (the kernel of PR #174), or give ION no size")));
        k.printk().advanceTo(k.printk().now() + 6 * NS_PER_LINE);
        line(k, LogLevel.ALERT, "", "Unable to handle kernel NULL pointer dereference at virtual address 0000000000000000");
        line(k, LogLevel.EMERG, "", "Oops [#1]");
        line(k, LogLevel.WARNING, "", "Modules linked in:");
        line(k, LogLevel.WARNING, "", "CPU: 0 PID: 1 Comm: swapper Not tainted " + k.profile().image().release() + " #1");
        k.setOopsed("Unable to handle kernel NULL pointer dereference at virtual address 0000000000000000");
    }

    private static void line(Kernel k, String prefix, String text) {
        line(k, LogLevel.INFO, prefix, text);
    }

    private static void line(Kernel k, LogLevel level, String prefix, String text) {
        k.printk().print(level, prefix, text + "\n");
        k.printk().advanceTo(k.printk().now() + NS_PER_LINE);
    }
}
