package dev.duoboot.analysis;

import dev.duoboot.boot.BootRecord;
import dev.duoboot.boot.MemoryRegion;
import dev.duoboot.boot.MemoryView;
import dev.duoboot.boot.RegionKind;
import dev.duoboot.fdt.DeviceTree;
import dev.duoboot.fdt.MemReserve;
import dev.duoboot.fdt.Node;
import dev.duoboot.linux.KernelReport;
import dev.duoboot.linux.MemblockRegion;
import dev.duoboot.linux.RemoteprocOutcome;
import dev.duoboot.linux.ReservedRegion;
import dev.duoboot.scenario.ResolvedInputs;
import dev.duoboot.sdk.MmapConv;
import dev.duoboot.sdk.ProgramHeader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The memory map as each stage saw it, one {@link MemoryView} per column: memmap.py, the board
 * DTS, FSBL's loads, OpenSBI, U-Boot, Linux's memblock, the reserved_mem table, remoteproc, and
 * the C906L's code. Regions a conflict finding names are marked, with the finding as their note.
 */
final class MemoryViews {

    private MemoryViews() {}

    static List<MemoryView> of(ResolvedInputs in, BootRecord record, List<Finding> findings) {
        List<MemoryView> views = new ArrayList<>();
        views.add(memmap(in));
        views.add(boardDts(in.kernelTree()));
        if (!record.verdict().kind().booted()) {
            return views.stream().map(v -> mark(v, findings)).toList(); // the build stopped: no stage ran
        }
        record.stages().forEach(s -> views.add(s.view()));
        record.kernel().ifPresent(kernel -> {
            KernelReport k = kernel.report();
            views.add(memblock(k));
            views.add(reservedMem(k));
            k.remoteproc().ifPresent(r -> views.add(remoteproc(r)));
            if (kernel.rprocNode().isPresent()) {
                views.add(littleCore(in));
            }
        });
        return views.stream().map(v -> mark(v, findings)).toList();
    }

    /** Named X_ADDR/X_SIZE regions; regions with the same range share a row ("BOOTLOGO/FRAMEBUFFER"). */
    private static MemoryView memmap(ResolvedInputs in) {
        Map<List<Long>, String> byRange = new LinkedHashMap<>();
        List<MmapConv.Region> regions = new ArrayList<>(MmapConv.regions(in.memmap()));
        regions.sort((a, b) -> b.size().compareTo(a.size()));
        for (MmapConv.Region r : regions) {
            if (r.base().bitLength() > 63 || r.size().bitLength() > 63) {
                continue;
            }
            byRange.merge(List.of(r.base().longValue(), r.size().longValue()), r.name(), (a, b) -> a + "/" + b);
        }
        byRange.putIfAbsent(List.of(in.mm("MONITOR_ADDR"), in.mm("OPENSBI_SIZE")), "MONITOR (OPENSBI_SIZE)");
        List<MemoryRegion> out = new ArrayList<>();
        byRange.forEach((range, name) -> out.add(new MemoryRegion(range.get(0), range.get(1), name, memmapKind(name))));
        return new MemoryView("memmap.py", out);
    }

    private static RegionKind memmapKind(String name) {
        if (name.startsWith("DRAM") || name.startsWith("KERNEL_MEMORY")) {
            return RegionKind.RAM;
        }
        if (name.startsWith("FREERTOS") || name.startsWith("RPMSG") || name.startsWith("VDEV")) {
            return RegionKind.CARVEOUT;
        }
        if (name.startsWith("MONITOR") || name.startsWith("OPENSBI")) {
            return RegionKind.FIRMWARE;
        }
        if (name.startsWith("UIMAG") || name.startsWith("FSBL_UNZIP") || name.startsWith("CVI_UPDATE")) {
            return RegionKind.LOADED;
        }
        return RegionKind.RESERVED;
    }

    /** The kernel build's DT: memory nodes, /memreserve/, static /reserved-memory regions. */
    private static MemoryView boardDts(DeviceTree t) {
        List<MemoryRegion> out = new ArrayList<>();
        for (Node n : t.root().children()) {
            boolean memory = n.property("device_type").flatMap(p -> p.asString()).filter("memory"::equals).isPresent();
            if (memory) {
                DtQueries.firstReg(n).ifPresent(r -> out.add(new MemoryRegion(r.base(), r.size(), n.name(), RegionKind.RAM)));
            }
        }
        for (MemReserve r : t.memReserves()) {
            out.add(new MemoryRegion(r.address(), r.size(), "/memreserve/", RegionKind.RESERVED));
        }
        t.node("/reserved-memory").ifPresent(rm -> {
            for (Node c : rm.children()) {
                DtQueries.firstReg(c).ifPresent(r -> out.add(new MemoryRegion(r.base(), r.size(), c.name(),
                        c.hasProperty("no-map") ? RegionKind.NO_MAP : RegionKind.RESERVED)));
            }
        });
        return new MemoryView("board DTS", out);
    }

    private static MemoryView memblock(KernelReport k) {
        List<MemoryRegion> out = new ArrayList<>();
        for (MemblockRegion m : k.memory()) {
            out.add(new MemoryRegion(m.base(), m.size(), m.has(MemblockRegion.Flag.NOMAP) ? "memory (nomap)" : "memory",
                    m.has(MemblockRegion.Flag.NOMAP) ? RegionKind.NO_MAP : RegionKind.RAM));
        }
        for (MemblockRegion r : k.reserved()) {
            out.add(new MemoryRegion(r.base(), r.size(), "reserved", RegionKind.RESERVED));
        }
        return new MemoryView("Linux memblock", out);
    }

    private static MemoryView reservedMem(KernelReport k) {
        List<MemoryRegion> out = new ArrayList<>();
        int i = 0;
        for (ReservedRegion r : k.reservedMem()) {
            String label = "[" + i++ + "] " + r.name() + (r.storedName().equals(r.name()) ? "" : " (as \"" + printable(r.storedName()) + "\")");
            out.add(new MemoryRegion(r.base(), r.size(), label, RegionKind.RESERVED));
        }
        return new MemoryView("reserved_mem[]", out);
    }

    private static MemoryView remoteproc(RemoteprocOutcome r) {
        List<MemoryRegion> out = new ArrayList<>();
        for (RemoteprocOutcome.Carveout c : r.carveouts()) {
            out.add(new MemoryRegion(c.dma(), c.len(), "carve-out " + c.name() + (c.allocated() ? "" : " (not mapped)"), RegionKind.CARVEOUT));
        }
        for (RemoteprocOutcome.Segment s : r.segments()) {
            out.add(new MemoryRegion(s.phys(), s.memsz(), s.phys() == s.da() ? String.format("loaded segment @0x%x", s.da())
                    : String.format("loaded segment da 0x%x (at 0x%x)", s.da(), s.phys()), RegionKind.LOADED));
        }
        return new MemoryView("remoteproc", out);
    }

    /** The firmware as linked, and where FSBL points the C906L. */
    private static MemoryView littleCore(ResolvedInputs in) {
        List<MemoryRegion> out = new ArrayList<>();
        for (ProgramHeader ph : in.firmware().file().programHeaders()) {
            if (ph.isLoad() && ph.memsz() > 0) {
                out.add(new MemoryRegion(ph.paddr(), ph.memsz(), "ELF segment " + ph.index() + " (" + ph.flagString().strip() + ")",
                        RegionKind.LOADED));
            }
        }
        if (in.freertosInFip()) {
            out.add(new MemoryRegion(in.mm("FSBL_C906L_START_ADDR"), 4, "FSBL's C906L vector", RegionKind.FIRMWARE));
        }
        return new MemoryView("C906L code", out);
    }

    /** Regions whose range a conflict names get the conflict's text as their note. */
    private static MemoryView mark(MemoryView v, List<Finding> findings) {
        List<MemoryRegion> out = new ArrayList<>();
        for (MemoryRegion r : v.regions()) {
            Optional<Finding> f = findings.stream().filter(x -> x.status() == Finding.Status.CONFLICT)
                    .filter(x -> x.ranges().contains(new Finding.Range(r.base(), r.size()))).findFirst();
            out.add(f.map(x -> r.withConflict(x.text())).orElse(r));
        }
        return new MemoryView(v.title(), out);
    }

    private static String printable(String s) {
        StringBuilder b = new StringBuilder();
        for (char c : s.toCharArray()) {
            b.append(c >= 0x20 && c < 0x7f ? String.valueOf(c) : String.format("\\x%02x", (int) c));
        }
        return b.toString();
    }
}
