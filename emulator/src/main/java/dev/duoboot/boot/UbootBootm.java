package dev.duoboot.boot;

import dev.duoboot.DuobootException;
import dev.duoboot.fdt.DeviceTree;
import dev.duoboot.fdt.Dtb;
import dev.duoboot.fdt.FdtEdits;
import dev.duoboot.fdt.MemReserve;
import dev.duoboot.fdt.Node;
import dev.duoboot.fdt.Property;
import dev.duoboot.firmware.FixtureImages;
import dev.duoboot.sdk.ElfFile;
import dev.duoboot.sdk.ElfSection;
import dev.duoboot.sdk.ElfSymbol;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What U-Boot 2021.10's {@code bootm} does to the kernel's device tree on RISC-V, as duoboot's
 * U-Boot fixture implements it (firmware-fixtures/src/uboot/bootm.c, image_fdt.c), so the static
 * chain and the fixture chain agree: common/bootm.c {@code boot_start_lmb()} with
 * {@code arch_lmb_reserve()}; common/image-fdt.c {@code boot_fdt_add_mem_rsv_regions()} and
 * {@code boot_relocate_fdt()} (lib/lmb.c {@code lmb_alloc_base()}); common/fdt_support.c
 * {@code fdt_chosen()} and {@code fdt_shrink_to_minimum()}; arch/riscv/lib/fdt_fixup.c
 * {@code riscv_fdt_copy_resv_mem_node()} with lib/fdtdec.c {@code fdtdec_add_reserved_memory()}.
 * Nothing here edits {@code /memory}: {@code fdt_fixup_memory_banks()} has no caller on RISC-V.
 */
final class UbootBootm {

    private static final int LMB_MAX_REGIONS = 16;
    private static final long PAGE = 0x1000;

    private UbootBootm() {}

    /**
     * What U-Boot's environment and configuration give bootm.
     *
     * @param bootmMapsize CONFIG_SYS_BOOTMAPSZ = CVIMMAP_KERNEL_MEMORY_SIZE
     * @param fdtPad CONFIG_SYS_FDT_PAD
     * @param copyResvMem whether arch_fixup_fdt() calls riscv_fdt_copy_resv_mem_node()
     */
    record Env(String bootargs, long bootmMapsize, long fdtPad, boolean copyResvMem, long kernelLoad, long kernelLen) {}

    /** Where U-Boot runs after relocating itself: its copy's start and the stack pointer bootm sees. */
    record Relocation(long relocaddr, long sp) {}

    /** What an lmb reservation is for. */
    enum Use {
        /** arch_lmb_reserve(): U-Boot's stack (and the relocated U-Boot above it) to the top of RAM. */
        UBOOT_STACK,
        KERNEL_IMAGE,
        /** A /memreserve/ entry of the kernel's DT. */
        MEMRESERVE,
        /** A /reserved-memory node of the kernel's DT. */
        RESERVED_MEMORY,
        /** Where boot_relocate_fdt() put the kernel's DT. */
        KERNEL_DTB
    }

    /** One lmb reservation: what it is for, and what U-Boot's messages call it. */
    record Reservation(long base, long size, Use use, String what) {}

    /**
     * The kernel's DTB as U-Boot hands it over: the blob (its totalsize as fdt_shrink_to_minimum()
     * left it), where it lies, the RAM U-Boot believes in, the reservations it allocated around,
     * and what it did.
     */
    record Result(byte[] dtb, long dtbAddr, long ofLen, long ramBase, long ramTop, Relocation relocation,
            List<Reservation> reservations, List<String> actions) {}

    /**
     * The fixture U-Boot's relocation for a RAM top: board_f.c reserve_uboot(),
     * {@code relocaddr = (ram_top - mon_len) & ~(4K - 1)} with mon_len = {@code _end - _start}; the
     * stack starts at relocaddr and {@code uboot_main()}'s frame is below it when bootm reads sp.
     */
    static Relocation fixtureRelocation(long ramTop) {
        ElfFile elf = ElfFile.parse("uboot/u-boot.elf", FixtureImages.resource("uboot/u-boot.elf"));
        long start = symbol(elf, "_start");
        long monLen = symbol(elf, "_end") - start;
        long relocaddr = (ramTop - monLen) & -PAGE;
        return new Relocation(relocaddr, relocaddr - frameSize(elf, symbol(elf, "uboot_main")));
    }

    static Result run(DeviceTree control, byte[] fitDtb, Env env) {
        List<String> actions = new ArrayList<>();
        // board_init_f: dram_init() = fdtdec_setup_mem_size_base() on the DT OpenSBI passed
        long[] bank = ramBank(control);
        long ramBase = bank[0];
        long ramTop = Math.min(bank[0] + bank[1], 1L << 32);
        actions.add(String.format("DRAM from the control DT's /memory: [0x%x, 0x%x) (%d MiB)", ramBase, ramTop,
                (ramTop - ramBase) >> 20));
        Relocation reloc = fixtureRelocation(ramTop);
        actions.add(String.format("relocated itself to 0x%x; stack at 0x%x", reloc.relocaddr(), reloc.sp()));

        List<Reservation> lmb = new ArrayList<>();
        long sp = reloc.sp() - 4096;
        if (sp >= ramBase && sp < ramTop) {
            reserve(lmb, sp, ramTop - sp, Use.UBOOT_STACK, "U-Boot (arch_lmb_reserve: stack to RAM top)");
        }
        reserve(lmb, env.kernelLoad(), env.kernelLen(), Use.KERNEL_IMAGE, "kernel Image");

        DeviceTree tree = Dtb.read(fitDtb, "the FIT's fdt image");
        for (MemReserve r : tree.memReserves()) {
            reserveFdtRegion(lmb, r.address(), r.size(), 0, Use.MEMRESERVE, "/memreserve/", actions);
        }
        tree.root().child("reserved-memory").ifPresent(rmem -> {
            for (Node n : rmem.children()) {
                Optional<long[]> res = resource(rmem, n);
                if (res.isPresent() && enabled(n)) {
                    reserveFdtRegion(lmb, res.get()[0], res.get()[1], n.hasProperty("no-map") ? 1 : 0, Use.RESERVED_MEMORY,
                            n.path(), actions);
                }
            }
        });

        // boot_relocate_fdt()
        long ofLen = fitDtb.length + env.fdtPad();
        long ofStart = allocBase(lmb, ramBase, ramTop - ramBase, ofLen, PAGE, ramBase + env.bootmMapsize())
                .orElseThrow(() -> new DuobootException(String.format(
                        "U-Boot: ERROR: Failed to allocate 0x%x bytes below 0x%x for the kernel's DTB", ofLen,
                        ramBase + env.bootmMapsize())));
        lmb.add(new Reservation(ofStart, ofLen, Use.KERNEL_DTB, "kernel DTB"));
        actions.add(String.format("Loading Device Tree to %016x, end %016x ... OK", ofStart, ofStart + ofLen - 1));

        // image_setup_libfdt(): fdt_chosen(), arch_fixup_fdt()
        Node chosen = tree.root().child("chosen").orElseGet(() -> FdtEdits.addSubnode(tree.root(), "chosen"));
        if (!env.bootargs().isEmpty()) {
            FdtEdits.setProp(chosen, FdtEdits.string("bootargs", env.bootargs()));
            actions.add("fdt_chosen: /chosen/bootargs = \"" + env.bootargs() + "\"");
        }
        if (env.copyResvMem()) {
            copyReservedMemory(control, tree, actions);
        } else {
            actions.add("arch_fixup_fdt: /reserved-memory is not copied (the call is commented out in this U-Boot)");
        }

        // fdt_shrink_to_minimum(blob, 0): used size + 5 reserve entries, to the end of a page
        byte[] packed = Dtb.write(tree);
        long total = ((packed.length + 5 * 16L + (ofStart & (PAGE - 1)) + PAGE - 1) & -PAGE) - (ofStart & (PAGE - 1));
        byte[] blob = new byte[(int) total];
        System.arraycopy(packed, 0, blob, 0, packed.length);
        ByteBuffer.wrap(blob).order(ByteOrder.BIG_ENDIAN).putInt(4, (int) total);
        return new Result(blob, ofStart, ofLen, ramBase, ramTop, reloc, lmb, actions);
    }

    /**
     * riscv_fdt_copy_resv_mem_node(): each /reserved-memory child of the control DT with a
     * readable reg goes into the kernel's DT under its base name, unless a node with the same start
     * and end is there; no-map is copied until the first source node without it.
     */
    private static void copyReservedMemory(DeviceTree src, DeviceTree dst, List<String> actions) {
        Optional<Node> from = src.node("/reserved-memory");
        if (from.isEmpty()) {
            return;
        }
        boolean nomap = true;
        for (Node n : from.get().children()) {
            Optional<long[]> res = resource(from.get(), n);
            if (res.isEmpty()) {
                continue;
            }
            long start = res.get()[0];
            long size = res.get()[1];
            String base = n.baseName().length() > 31 ? n.baseName().substring(0, 31) : n.baseName();
            Optional<Node> target = addReservedMemory(dst, base, start, start + size - 1, actions, n.path());
            if (n.property("no-map").isEmpty()) {
                nomap = false;
            }
            if (nomap && target.isPresent()) {
                FdtEdits.setProp(target.get(), FdtEdits.empty("no-map"));
            }
        }
    }

    /** fdtdec_add_reserved_memory(): the node holding [start, end], found or added; empty if it has no phandle to find it by. */
    private static Optional<Node> addReservedMemory(DeviceTree dst, String basename, long start, long end,
            List<String> actions, String from) {
        Node parent = dst.node("/reserved-memory").orElse(null);
        if (parent == null) {
            int na = dst.root().childAddressCells();
            int ns = dst.root().childSizeCells();
            parent = FdtEdits.addSubnode(dst.root(), "reserved-memory");
            FdtEdits.setProp(parent, FdtEdits.empty("ranges"));
            FdtEdits.setProp(parent, FdtEdits.u32("#size-cells", ns));
            FdtEdits.setProp(parent, FdtEdits.u32("#address-cells", na));
            actions.add("arch_fixup_fdt: created /reserved-memory");
        }
        int na = parent.childAddressCells();
        int ns = parent.childSizeCells();
        if (na < 1 || na > 2 || ns < 1 || ns > 2) {
            throw new DuobootException("U-Boot: failed to add reserved memory: -" + 4
                    + " (FDT_ERR_BADNCELLS: /reserved-memory has #address-cells " + na + ", #size-cells " + ns + ")");
        }
        for (Node c : parent.children()) {
            Optional<Property> reg = c.property("reg");
            if (reg.isEmpty() || reg.get().length() < 16) {
                continue;
            }
            long s = reg.get().number(0, 2);
            long e = s + reg.get().number(2, 2) - 1;
            if (s == start && e == end) {
                actions.add("arch_fixup_fdt: " + from + " is already there as " + c.path());
                Optional<Long> ph = c.phandle();
                return ph.isPresent() ? Optional.of(c) : Optional.empty();
            }
        }
        if ((start >>> 32) != 0 && na < 2) {
            throw new DuobootException("U-Boot: failed to add reserved memory for " + from + ": address above 4 GiB with one address cell");
        }
        String name = basename + "@" + ((start >>> 32) != 0 ? Long.toHexString(start >>> 32) + "," : "")
                + Long.toHexString(start & 0xffffffffL);
        Node n = FdtEdits.addSubnode(parent, name);
        long phandle = FdtEdits.maxPhandle(dst) + 1;
        FdtEdits.setProp(n, FdtEdits.u32("phandle", phandle));
        FdtEdits.setProp(n, FdtEdits.reg(na > 1 ? start : start & 0xffffffffL, end - start + 1, na, ns));
        actions.add(String.format("arch_fixup_fdt: copied %s into the kernel's DT as %s [0x%x, +0x%x) first in /reserved-memory",
                from, n.path(), start, end - start + 1));
        return Optional.of(n);
    }

    /** fdt_get_resource() of entry 0, in the parent's cells (1-2 address, 0-2 size). */
    private static Optional<long[]> resource(Node parent, Node n) {
        Optional<Property> reg = n.property("reg");
        int na = parent.childAddressCells();
        int ns = parent.childSizeCells();
        if (reg.isEmpty() || na < 1 || na > 2 || ns < 0 || ns > 2 || reg.get().length() < 4 * (na + ns)) {
            return Optional.empty();
        }
        return Optional.of(new long[] {reg.get().number(0, na), ns == 0 ? 0 : reg.get().number(na, ns)});
    }

    private static boolean enabled(Node n) {
        Optional<String> status = n.property("status").flatMap(Property::asString);
        return status.isEmpty() || status.get().equals("okay") || status.get().equals("ok");
    }

    /** fdtdec_setup_mem_size_base(): the first /memory bank, in the root's cells. */
    private static long[] ramBank(DeviceTree t) {
        Optional<Node> mem = t.node("/memory");
        int na = t.root().childAddressCells();
        int ns = t.root().childSizeCells();
        Optional<Property> reg = mem.flatMap(m -> m.property("reg"));
        if (reg.isEmpty() || na < 1 || na > 2 || ns < 1 || ns > 2 || reg.get().length() < 4 * (na + ns)) {
            throw new DuobootException("U-Boot: the device tree OpenSBI passes has no usable /memory node, so dram_init() fails and U-Boot hangs");
        }
        return new long[] {reg.get().number(0, na), reg.get().number(na, ns)};
    }

    /** lmb_reserve() as the fixture does it: an exact duplicate is fine, an overlap or a full table fails. */
    private static Optional<String> reserve(List<Reservation> lmb, long base, long size, Use use, String what) {
        for (Reservation r : lmb) {
            if (r.base() == base && r.size() == size) {
                return Optional.empty();
            }
            if (Long.compareUnsigned(base, r.base() + r.size() - 1) <= 0 && Long.compareUnsigned(r.base(), base + size - 1) <= 0) {
                return Optional.of("it overlaps " + r.what());
            }
        }
        if (lmb.size() == LMB_MAX_REGIONS) {
            return Optional.of("lmb holds " + LMB_MAX_REGIONS + " regions");
        }
        lmb.add(new Reservation(base, size, use, what));
        return Optional.empty();
    }

    /** boot_fdt_add_mem_rsv_regions(): a failed reservation is reported, and the DTB may then land on it. */
    private static void reserveFdtRegion(List<Reservation> lmb, long base, long size, int flags, Use use, String what,
            List<String> actions) {
        reserve(lmb, base, size, use, what).ifPresent(why -> {
            actions.add(String.format("ERROR: reserving fdt memory region failed (addr=%x size=%x flags=%x)", base, size, flags));
            actions.add("  (" + what + ": " + why + ")");
        });
    }

    /** __lmb_alloc_base(): the highest aligned free range below max, stepping below reservations. */
    private static Optional<Long> allocBase(List<Reservation> lmb, long memBase, long memSize, long size, long align, long max) {
        long top = memBase + memSize;
        if (Long.compareUnsigned(memSize, size) < 0 || Long.compareUnsigned(memBase, max) >= 0) {
            return Optional.empty();
        }
        long base = (Math.min(top, max) - size) & -align;
        while (base != 0 && Long.compareUnsigned(memBase, base) <= 0) {
            Reservation hit = null;
            for (Reservation r : lmb) {
                if (Long.compareUnsigned(base, r.base() + r.size() - 1) <= 0 && Long.compareUnsigned(r.base(), base + size - 1) <= 0) {
                    hit = r;
                    break;
                }
            }
            if (hit == null) {
                return Optional.of(base);
            }
            if (Long.compareUnsigned(hit.base(), size) < 0) {
                break;
            }
            base = (hit.base() - size) & -align;
        }
        return Optional.empty();
    }

    private static long symbol(ElfFile elf, String name) {
        return elf.symbols().stream().filter(s -> s.name().equals(name)).mapToLong(ElfSymbol::value).findFirst()
                .orElseThrow(() -> new IllegalStateException("u-boot fixture has no symbol " + name));
    }

    /** The stack frame a function's first instruction allocates: {@code c.addi16sp} or {@code addi sp, sp, -n}. */
    private static long frameSize(ElfFile elf, long addr) {
        ElfSection text = elf.sections().stream()
                .filter(s -> s.hasFileBytes() && Long.compareUnsigned(s.addr(), addr) <= 0
                        && Long.compareUnsigned(addr, s.addr() + s.size()) < 0)
                .findFirst().orElseThrow(() -> new IllegalStateException("no section holds 0x" + Long.toHexString(addr)));
        byte[] b = elf.bytesAt(text.offset() + (addr - text.addr()), 4).orElseThrow();
        int half = (b[0] & 0xff) | (b[1] & 0xff) << 8;
        if ((half & 0xef83) == 0x6101) { // c.addi16sp: funct3 011, rd sp, op 01
            int imm = ((half >> 12) & 1) << 9 | ((half >> 6) & 1) << 4 | ((half >> 5) & 1) << 6
                    | ((half >> 3) & 3) << 7 | ((half >> 2) & 1) << 5;
            return -((imm << 22) >> 22);
        }
        int word = half | (b[2] & 0xff) << 16 | (b[3] & 0xff) << 24;
        if ((word & 0xfffff) == 0x10113) { // addi sp, sp, imm
            return -(word >> 20);
        }
        throw new IllegalStateException("uboot_main does not begin by allocating its frame");
    }
}
