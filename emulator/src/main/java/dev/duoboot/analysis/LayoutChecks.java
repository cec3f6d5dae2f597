package dev.duoboot.analysis;

import dev.duoboot.analysis.DtQueries.Range;
import dev.duoboot.boot.BootRecord;
import dev.duoboot.boot.ChainFirmware;
import dev.duoboot.boot.KernelOutcome;
import dev.duoboot.boot.KernelStage;
import dev.duoboot.boot.MemoryRegion;
import dev.duoboot.boot.OpenSbiFixups;
import dev.duoboot.boot.RegionKind;
import dev.duoboot.boot.StageId;
import dev.duoboot.fdt.DeviceTree;
import dev.duoboot.fdt.Node;
import dev.duoboot.firmware.Chain;
import dev.duoboot.linux.KernelReport;
import dev.duoboot.linux.KernelRule;
import dev.duoboot.linux.Lookup;
import dev.duoboot.linux.MemblockRegion;
import dev.duoboot.scenario.ResolvedInputs;
import dev.duoboot.scenario.RprocDriverChoice;
import dev.duoboot.sdk.MemmapAssertion;
import dev.duoboot.sdk.MmapConv;
import dev.duoboot.sdk.ProgramHeader;
import dev.duoboot.sdk.ResourceTable;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The static layout checks: memmap.py against the DTS, the firmware's link address against its
 * carve-out and FSBL's boot vector, the resource table, overlaps, the reserved_mem table's
 * capacity, the little core's window against Linux's memory, U-Boot's relocation. Each is
 * computed from the resolved inputs and the chain's record, never assumed.
 */
final class LayoutChecks {

    private final ResolvedInputs in;
    private final BootRecord record;
    /** The DT the kernel received; before the kernel (a boot that stopped earlier), the board's kernel DT. */
    private final DeviceTree kernelDt;
    private final Optional<String> rprocNode;
    private final List<Finding> out = new ArrayList<>();

    private LayoutChecks(ResolvedInputs in, BootRecord record) {
        this.in = in;
        this.record = record;
        this.kernelDt = record.kernel().map(k -> k.dtb().tree()).orElse(in.kernelTree());
        this.rprocNode = record.kernel().isPresent() ? record.kernel().get().rprocNode() : KernelStage.rprocNode(in, kernelDt);
    }

    /** The checks; those that read what the kernel did only when the boot reached it. */
    static List<Finding> run(ResolvedInputs in, BootRecord record) {
        LayoutChecks c = new LayoutChecks(in, record);
        c.memmapOverlaps();
        c.monitorRegion();
        if (!record.verdict().kind().booted()) {
            return List.copyOf(c.out); // the build stopped at memmap.py: nothing the boot decides can be checked
        }
        c.carveoutVsMemmap();
        c.firmware();
        c.reservedOverlaps();
        c.tableCapacity();
        record.kernel().ifPresent(k -> {
            c.lookups(k);
            c.windowVsLinux(k);
        });
        c.ubootRelocation();
        record.kernel().ifPresent(c::dtbPlacement);
        return List.copyOf(c.out);
    }

    /**
     * OpenSBI protects its firmware region from the later stages with PMP and will not hand over a
     * device tree that lies inside it (OPENSBI_FDT_ADDR is where FSBL says it is). Debian's OpenSBI
     * 1.1 reserves 512 KiB, the SDK's OpenSBI 0.9 and the monitor fixture 128 KiB, so the v2 Duo
     * layout (OPENSBI_SIZE 256 KiB) only suits the latter.
     */
    private void monitorRegion() {
        OpenSbiFixups.Region fw = ChainFirmware.monitorRegion(in);
        long fdt = in.mm("OPENSBI_FDT_ADDR");
        Range region = new Range(fw.base(), fw.size());
        if (fdt >= fw.base() && fdt < fw.base() + fw.size()) {
            add(LayoutCheck.OPENSBI_REGION, Finding.Status.CONFLICT, String.format("OPENSBI_FDT_ADDR 0x%x lies inside the firmware region "
                    + "%s that %s protects, so it never reaches U-Boot (it stops before its banner); give OpenSBI "
                    + "more room (OPENSBI_SIZE >= 0x%x) or use the chain with the smaller monitor", fdt, region,
                    in.stages().opensbi().words(), fw.size()), region);
        } else {
            out.add(Finding.ok(LayoutCheck.OPENSBI_REGION, String.format("OPENSBI_FDT_ADDR 0x%x is above the firmware region %s", fdt, region)));
        }
    }

    private Range window() {
        return new Range(in.mm("FREERTOS_ADDR"), in.mm("FREERTOS_SIZE"));
    }

    private void add(LayoutCheck check, Finding.Status status, String text, Range... ranges) {
        List<Finding.Range> r = new ArrayList<>();
        for (Range x : ranges) {
            r.add(new Finding.Range(x.base(), x.size()));
        }
        out.add(new Finding(check, status, text, r));
    }

    /** Named memmap.py regions that overlap without one holding the other (aliases and nesting are the SDK's design). */
    private void memmapOverlaps() {
        List<MmapConv.Region> regions = MmapConv.regions(in.memmap());
        if (in.memmap().failedAssert().isPresent()) {
            MemmapAssertion a = in.memmap().failedAssert().get();
            List<String> names = a.names().stream().map(MemmapAssertion.NameValue::name).toList();
            Range[] involved = regions.stream().filter(r -> names.contains(r.name() + "_ADDR") || names.contains(r.name() + "_BASE")
                    || names.contains(r.name() + "_SIZE") || names.contains(r.name())).map(LayoutChecks::range).toArray(Range[]::new);
            add(LayoutCheck.MEMMAP_REGIONS, Finding.Status.CONFLICT, "line " + a.line() + ": assert " + a.condition()
                    + " does not hold" + a.sides().map(x -> " (" + x.leftValue() + " " + x.op() + " " + x.rightValue() + " is false)").orElse("")
                    + ": importing memmap.py stops there, and the SDK's build with it", involved);
            return;
        }
        int n = 0;
        for (int i = 0; i < regions.size(); i++) {
            for (int j = i + 1; j < regions.size(); j++) {
                Range a = range(regions.get(i));
                Range b = range(regions.get(j));
                if (a.overlaps(b) && !a.contains(b) && !b.contains(a)) {
                    add(LayoutCheck.MEMMAP_REGIONS, Finding.Status.CONFLICT, String.format("%s %s and %s %s overlap",
                            regions.get(i).name(), a, regions.get(j).name(), b), a, b);
                    n++;
                }
            }
        }
        if (n == 0) {
            out.add(Finding.ok(LayoutCheck.MEMMAP_REGIONS, "evaluated, asserts hold, no two regions partly overlap"));
        }
    }

    private static Range range(MmapConv.Region r) {
        return new Range(r.base().longValue(), r.size().min(BigInteger.valueOf(Long.MAX_VALUE)).longValue());
    }

    /** The remoteproc carve-out should be the FreeRTOS window memmap.py gives FSBL and the firmware's link. */
    private void carveoutVsMemmap() {
        Optional<Node> carve = DtQueries.codeCarveout(kernelDt, rprocNode);
        if (carve.isEmpty()) {
            return;
        }
        Optional<Range> reg = DtQueries.firstReg(carve.get());
        if (reg.isEmpty()) {
            add(LayoutCheck.CARVEOUT_VS_MEMMAP, Finding.Status.WARNING, carve.get().path() + " has no readable reg");
        } else if (reg.get().equals(window())) {
            out.add(Finding.ok(LayoutCheck.CARVEOUT_VS_MEMMAP, carve.get().path() + " " + reg.get()
                    + " is memmap.py's FREERTOS_ADDR/FREERTOS_SIZE window"));
        } else {
            add(LayoutCheck.CARVEOUT_VS_MEMMAP, Finding.Status.CONFLICT, carve.get().path() + " " + reg.get()
                    + " is not memmap.py's FREERTOS window " + window() + " (where FSBL loads FreeRTOS and the firmware is linked)",
                    reg.get(), window());
        }
    }

    /** The ELF's segments against the carve-outs, its entry against FSBL's vector, its resource table. */
    private void firmware() {
        if (rprocNode.isEmpty()) {
            return;
        }
        List<Range> carveouts = new ArrayList<>();
        rprocNode.flatMap(kernelDt::node).ifPresent(n ->
                DtQueries.memoryRegions(kernelDt, n).forEach(r -> DtQueries.firstReg(r).ifPresent(carveouts::add)));
        String fw = in.firmware().choice().describe();
        for (ProgramHeader ph : in.firmware().file().programHeaders()) {
            if (!ph.isLoad() || ph.memsz() == 0) {
                continue;
            }
            Range seg = new Range(ph.paddr(), ph.memsz());
            if (carveouts.stream().anyMatch(c -> c.contains(seg))) {
                out.add(Finding.ok(LayoutCheck.FIRMWARE_VS_CARVEOUT, fw + " segment " + ph.index() + " " + seg + " lies in a carve-out"));
            } else {
                add(LayoutCheck.FIRMWARE_VS_CARVEOUT, Finding.Status.CONFLICT, fw + " segment " + ph.index() + " " + seg
                        + " lies in no carve-out of the remoteproc node", seg);
            }
        }
        long entry = in.firmware().file().entry();
        long vector = in.mm("FSBL_C906L_START_ADDR");
        boolean driverSetsVector = in.driver() == RprocDriverChoice.CVITEK_VECTOR;
        if (driverSetsVector) {
            out.add(Finding.ok(LayoutCheck.BOOT_VECTOR, "the driver programs the C906L boot vector with the ELF entry 0x" + Long.toHexString(entry)));
        } else if (!in.freertosInFip()) {
            add(LayoutCheck.BOOT_VECTOR, Finding.Status.CONFLICT, "FSBL has no little-core image, so it never programs the C906L boot vector; "
                    + "this driver only toggles the reset bit", new Range(entry, 4));
        } else if (entry != vector) {
            add(LayoutCheck.BOOT_VECTOR, Finding.Status.CONFLICT, String.format("the driver only toggles the reset bit, so the C906L restarts at "
                    + "FSBL's vector 0x%x (FSBL_C906L_START_ADDR), not at the ELF entry 0x%x", vector, entry),
                    new Range(vector, 4), new Range(entry, 4));
        } else {
            out.add(Finding.ok(LayoutCheck.BOOT_VECTOR, String.format("the ELF entry 0x%x is FSBL's C906L vector (FSBL_C906L_START_ADDR)", entry)));
        }
        if (ResourceTable.find(in.firmware().file()) instanceof ResourceTable.Found f) {
            Optional<Node> code = DtQueries.codeCarveout(kernelDt, rprocNode);
            for (ResourceTable.Entry e : f.table().entries()) {
                if (e.resource() instanceof ResourceTable.Carveout c && code.isPresent() && !c.name().equals(code.get().baseName())) {
                    add(LayoutCheck.RESOURCE_TABLE, Finding.Status.WARNING, String.format("carve-out entry '%s' (da 0x%x, 0x%x bytes) is not named like "
                            + "the DT carve-out '%s', so remoteproc allocates a second region for it", c.name(), c.da(), c.len(),
                            code.get().baseName()));
                }
            }
        }
    }

    /** Static /reserved-memory regions of the kernel's DT that overlap each other. */
    private void reservedOverlaps() {
        List<Node> nodes = kernelDt.node("/reserved-memory").map(Node::children).orElse(List.of());
        boolean any = false;
        for (int i = 0; i < nodes.size(); i++) {
            for (int j = i + 1; j < nodes.size(); j++) {
                Optional<Range> a = DtQueries.firstReg(nodes.get(i));
                Optional<Range> b = DtQueries.firstReg(nodes.get(j));
                if (a.isPresent() && b.isPresent() && a.get().overlaps(b.get())) {
                    add(LayoutCheck.RESERVED_REGIONS, Finding.Status.CONFLICT, nodes.get(i).path() + " " + a.get() + " overlaps "
                            + nodes.get(j).path() + " " + b.get(), a.get(), b.get());
                    any = true;
                }
            }
        }
        if (!any && !nodes.isEmpty()) {
            out.add(Finding.ok(LayoutCheck.RESERVED_REGIONS, "no two /reserved-memory regions overlap"));
        }
    }

    /** How many regions the kernel's table has to hold. */
    private void tableCapacity() {
        List<Node> nodes = kernelDt.node("/reserved-memory").map(Node::children).orElse(List.of());
        int capacity = in.profile().uses(KernelRule.TABLE_4) ? 4 : 64;
        if (nodes.size() <= capacity) {
            out.add(Finding.ok(LayoutCheck.RESERVED_MEM_TABLE, nodes.size() + " of its " + capacity + " entries used"));
            return;
        }
        List<String> lost = nodes.subList(capacity, nodes.size()).stream().map(Node::name).toList();
        add(LayoutCheck.RESERVED_MEM_TABLE, Finding.Status.CONFLICT, nodes.size() + " /reserved-memory regions for " + capacity
                + " entries (" + in.profile().name() + "): " + String.join(", ", lost) + " cannot be saved",
                nodes.subList(capacity, nodes.size()).stream().map(DtQueries::firstReg).flatMap(Optional::stream).toArray(Range[]::new));
    }

    /** Every memory-region lookup the kernel made. */
    private void lookups(KernelOutcome kernel) {
        for (Lookup l : kernel.report().lookups()) {
            String target = l.target().orElse("(no node)");
            Range[] where = l.target().flatMap(kernelDt::node).flatMap(DtQueries::firstReg).stream().toArray(Range[]::new);
            switch (l.result()) {
                case FOUND -> out.add(Finding.ok(LayoutCheck.LOOKUP, l.consumer() + " memory-region[" + l.index() + "] -> " + target + ": found"));
                case NULL -> add(LayoutCheck.LOOKUP, Finding.Status.CONFLICT, l.consumer() + " memory-region[" + l.index() + "] -> " + target
                        + ": of_reserved_mem_lookup() returns NULL", where);
                case NO_PHANDLE, OOPS -> add(LayoutCheck.LOOKUP, Finding.Status.CONFLICT, l.consumer() + " memory-region[" + l.index() + "] -> "
                        + target + ": " + l.result().json(), where);
            }
        }
    }

    /** Pages of the little core's window that Linux may allocate (memory, not no-map, not reserved). */
    private void windowVsLinux(KernelOutcome kernel) {
        KernelReport k = kernel.report();
        Range w = window();
        List<Range> free = new ArrayList<>();
        for (MemblockRegion m : k.memory()) {
            if (!m.has(MemblockRegion.Flag.NOMAP)) {
                Range r = new Range(m.base(), m.size());
                if (r.overlaps(w)) {
                    long b = Math.max(r.base(), w.base());
                    free.add(new Range(b, Math.min(r.end(), w.end()) - b));
                }
            }
        }
        for (MemblockRegion res : k.reserved()) {
            free = subtract(free, new Range(res.base(), res.size()));
        }
        if (free.isEmpty()) {
            out.add(Finding.ok(LayoutCheck.WINDOW_VS_LINUX, "Linux does not hand out FREERTOS window " + w + " (outside memory, no-map or reserved)"));
        } else {
            add(LayoutCheck.WINDOW_VS_LINUX, Finding.Status.CONFLICT, "Linux may allocate " + free.getFirst()
                    + " inside the little core's FREERTOS window " + w + ": it is memory, neither no-map nor reserved", free.toArray(Range[]::new));
        }
    }

    private static List<Range> subtract(List<Range> from, Range cut) {
        List<Range> out = new ArrayList<>();
        for (Range r : from) {
            if (!r.overlaps(cut)) {
                out.add(r);
                continue;
            }
            if (Long.compareUnsigned(r.base(), cut.base()) < 0) {
                out.add(new Range(r.base(), cut.base() - r.base()));
            }
            if (Long.compareUnsigned(cut.end(), r.end()) < 0) {
                out.add(new Range(cut.end(), r.end() - cut.end()));
            }
        }
        return out;
    }

    /** U-Boot relocating itself over the FreeRTOS FSBL already started. */
    private void ubootRelocation() {
        if (!in.freertosInFip()) {
            return;
        }
        Optional<MemoryRegion> uboot = ubootRegion(RegionKind.FIRMWARE);
        if (uboot.isEmpty()) {
            return;
        }
        Range rr = new Range(uboot.get().base(), uboot.get().size());
        if (rr.overlaps(window())) {
            add(LayoutCheck.UBOOT_RELOCATION, Finding.Status.CONFLICT, "U-Boot relocates itself to " + rr + ", inside the FREERTOS window "
                    + window() + " where FSBL already started the little core", rr);
        } else {
            out.add(Finding.ok(LayoutCheck.UBOOT_RELOCATION, "U-Boot relocates itself to " + rr + ", clear of the FREERTOS window"));
        }
    }

    /** The kernel's DTB must not lie where the little core or a no-map region lives. */
    private void dtbPlacement(KernelOutcome kernel) {
        Range dtb = ubootRegion(RegionKind.DTB).map(r -> new Range(r.base(), r.size()))
                .orElse(new Range(kernel.dtbAddr(), kernel.dtb().size()));
        List<String> inside = new ArrayList<>();
        if (dtb.overlaps(window())) {
            inside.add("the FREERTOS window " + window());
        }
        kernelDt.node("/reserved-memory").ifPresent(rm -> rm.children().forEach(c -> DtQueries.firstReg(c)
                .filter(dtb::overlaps).ifPresent(r -> inside.add(c.path() + " " + r))));
        if (inside.isEmpty()) {
            out.add(Finding.ok(LayoutCheck.DTB_PLACEMENT, "U-Boot put the kernel's DTB at " + dtb + ", clear of reserved regions"));
        } else {
            add(LayoutCheck.DTB_PLACEMENT, Finding.Status.CONFLICT, "U-Boot put the kernel's DTB at " + dtb + ", inside "
                    + String.join(" and ", inside), dtb);
        }
    }

    /** U-Boot's region of a kind: its relocated self (firmware) or the kernel's DTB. */
    private Optional<MemoryRegion> ubootRegion(RegionKind kind) {
        return record.stage(StageId.UBOOT).flatMap(s -> s.view().regions().stream().filter(r -> r.kind() == kind).findFirst());
    }
}
