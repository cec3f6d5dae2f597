package dev.duoboot.linux;

import static dev.duoboot.linux.KernelRule.*;

import dev.duoboot.fdt.Node;
import dev.duoboot.fdt.Property;
import dev.duoboot.sdk.ElfFile;
import dev.duoboot.sdk.ElfHeader;
import dev.duoboot.sdk.ProgramHeader;
import dev.duoboot.sdk.ResourceTable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One remote processor as drivers/remoteproc sees it: {@code rproc_add()} with auto-boot,
 * {@code rproc_boot()}, {@code rproc_fw_boot()}, the ELF loader, resource handling, carveouts,
 * {@code rproc_da_to_va()}, {@code rproc_start()}, and the sysfs {@code state} file
 * (remoteproc_core.c, remoteproc_elf_loader.c, remoteproc_sysfs.c; 5.10 with the 6.x differences
 * as profile rules). Segments are written and the reset register toggled through
 * {@link PhysicalMemory}, so the firmware really lands in the modelled DRAM.
 */
public final class Remoteproc {

    private static final int ENOENT = -2;
    private static final int ENOMEM = -12;
    private static final int ENXIO = -6;
    private static final int EBUSY = -16;
    private static final int ENODEV = -19;
    private static final int EINVAL = -22;
    private static final int EPROBE_DEFER = -517;
    private static final long FW_RSC_ADDR_ANY = 0xffffffffL;
    /** rv64 sv39: {@code DTB_EARLY_BASE_VA} = PGDIR_SIZE, where vanilla 5.10 maps the DTB early. */
    private static final long DTB_EARLY_BASE_VA = 0x40000000L;
    private static final long NS_PER_LINE = 10_000;

    /** Thrown where the kernel would oops; the attempt ends without a return code. */
    private static final class Oops extends RuntimeException {
        Oops(String message) {
            super(message, null, false, false);
        }
    }

    private enum Alloc { IOREMAP, DMA_COHERENT, NONE }

    private static final class Carve {
        final String name;
        long dma;
        final long len;
        final long da;
        final Alloc alloc;
        boolean mapped;
        boolean inTable;

        Carve(String name, long dma, long len, long da, Alloc alloc) {
            this.name = name;
            this.dma = dma;
            this.len = len;
            this.da = da;
            this.alloc = alloc;
        }
    }

    private final KernelRun run;
    private final Kernel k;
    private final Node node;
    private final RprocDriver driver;
    private final PhysicalMemory memory;
    private final String name;
    private final String firmwareName;
    private final List<Carve> carveouts = new ArrayList<>();
    private final List<RemoteprocOutcome.Segment> segments = new ArrayList<>();
    private ResourceTable cachedTable;
    private int power;
    private RprocState state = RprocState.OFFLINE;
    private long bootAddr;
    private boolean oops;
    private boolean hung;

    private Remoteproc(KernelRun run, Node node, RprocDriver driver, PhysicalMemory memory, String firmwareName) {
        this.run = run;
        this.k = run.kernel();
        this.node = node;
        this.driver = driver;
        this.memory = memory;
        this.name = devName(node);
        this.firmwareName = firmwareName;
    }

    /** How a driver's probe of the rproc node went. */
    public sealed interface Probed {
        /** {@code rproc_add()} ran: remoteproc0 exists ("%s is available"). */
        record Bound(Remoteproc rproc) implements Probed {}

        /** The probe returned {@code errno} (negative), having printed what it prints; {@code why} in words. */
        record Failed(int errno, String why) implements Probed {}
    }

    /**
     * The driver's probe of {@code node} (which matches its compatible and is available) and
     * {@code rproc_add()}, which prints "%s is available".
     */
    public static Probed bind(KernelRun run, Node node, RprocDriver driver, PhysicalMemory memory) {
        Optional<String> fw = node.property("firmware-name").flatMap(EarlyScan::cString);
        Remoteproc r = new Remoteproc(run, node, driver, memory, fw.orElse(""));
        r.beginStep();
        int ret = driver.probe(r, fw.isPresent());
        if (ret != 0) {
            String why = run.kernel().explanations().isEmpty() ? "its probe returns " + ret
                    : run.kernel().explanations().getLast().text();
            return new Probed.Failed(ret, why);
        }
        r.info(r.rprocDev(), r.name + " is available\n");
        return new Probed.Bound(r);
    }

    /** {@link #bind}, empty when the node does not match, is not available or the probe fails. */
    public static Optional<Remoteproc> probe(KernelRun run, Node node, RprocDriver driver, PhysicalMemory memory) {
        if (!ReservedMemory.compatible(node, driver.compatible()) || !EarlyScan.isAvailable(node)) {
            return Optional.empty();
        }
        return bind(run, node, driver, memory) instanceof Probed.Bound b ? Optional.of(b.rproc()) : Optional.empty();
    }

    /**
     * The vendor drivers' probe without {@code firmware-name}: it fails silently
     * (cvitek_rproc_get_firmware()), and no remoteproc device appears.
     */
    int failWithoutFirmwareName() {
        k.explanations().add(Explanation.driver(DriverRule.RPROC_PROBE_FIRMWARE_NAME, node.path(),
                "the driver's probe fails without a firmware-name property",
                "add firmware-name = \"cvirtos.elf\";"));
        return EINVAL;
    }

    /** Whether a {@code reg} entry of {@code n} holds {@code address}. */
    private static boolean holds(Node n, long address) {
        try {
            return n.reg().stream().anyMatch(r -> Long.compareUnsigned(address, r.address()) >= 0
                    && Long.compareUnsigned(address - r.address(), r.size()) < 0);
        } catch (dev.duoboot.fdt.FdtException e) {
            return false;
        }
    }

    /** {@code of_device_make_bus_id()}: the node name, or "unit.name" for a node with reg. */
    private static String devName(Node n) {
        Optional<Property> reg = n.property("reg").filter(p -> p.cellCount() >= 1);
        if (reg.isEmpty()) {
            return n.name();
        }
        return Long.toHexString(reg.get().u32(0)) + "." + n.baseName();
    }

    // ---- entry points --------------------------------------------------------------------

    /**
     * The auto-boot {@code rproc_add()} triggers: {@code request_firmware_nowait()}, whose callback
     * calls {@code rproc_boot()} and ignores the result ({@code firmwareFiles} is /lib/firmware at
     * that moment; usually empty for a built-in driver, whose probe runs before the rootfs).
     */
    public RemoteprocOutcome autoBoot(Map<String, byte[]> firmwareFiles) {
        beginStep();
        if (!firmwareFiles.containsKey(firmwareName) && !firmwareName.isEmpty()) {
            warn(rprocDev(), "Direct firmware load for " + firmwareName + " failed with error " + ENOENT + "\n");
        }
        return attempt(() -> boot(firmwareFiles));
    }

    /** A write to {@code /sys/class/remoteproc/remoteproc0/state}; {@code buf} as written (echo adds "\n"). */
    public RemoteprocOutcome stateStore(String buf, Map<String, byte[]> firmwareFiles) {
        beginStep();
        String word = buf.endsWith("\n") ? buf.substring(0, buf.length() - 1) : buf;
        return attempt(() -> {
            if (word.equals("start")) {
                if (k.profile().uses(RPROC_START_RUNNING_BUSY) && state == RprocState.RUNNING) {
                    return EBUSY;
                }
                int ret = boot(firmwareFiles);
                if (ret != 0) {
                    err(rprocDev(), "Boot failed: " + ret + "\n");
                }
                return ret;
            }
            if (word.equals("stop")) {
                if (state != RprocState.RUNNING) {
                    return EINVAL;
                }
                shutdown();
                return 0;
            }
            err(rprocDev(), "Unrecognised option: " + buf + "\n");
            return EINVAL;
        });
    }

    private RemoteprocOutcome attempt(java.util.function.IntSupplier step) {
        if (run.hung()) {
            return outcome(0); // the CPU waits on an earlier access: nothing more happens
        }
        int ret;
        try {
            ret = step.getAsInt();
        } catch (Oops o) {
            oops = true;
            k.printk().print(LogLevel.ALERT, "", o.getMessage() + "\n");
            ret = 0;
        } catch (PhysicalMemory.AccessHangs h) {
            hung = true;
            Optional<Node> owner = k.tree().root().walk().stream().filter(n -> holds(n, h.address())).findFirst();
            run.hang(h.address(), owner.map(Node::path).orElse(String.format("0x%x", h.address())),
                    owner.map(n -> n.hasProperty("clocks")).orElse(false));
            ret = 0;
        }
        return outcome(ret);
    }

    public RemoteprocOutcome outcome(int returnCode) {
        return new RemoteprocOutcome(returnCode, state,
                carveouts.stream().map(c -> new RemoteprocOutcome.Carveout(c.name, c.dma, c.len, c.da, c.mapped)).toList(),
                List.copyOf(segments), bootAddr, oops, hung);
    }

    // ---- rproc_boot / rproc_fw_boot ----------------------------------------------------------

    private int boot(Map<String, byte[]> firmwareFiles) {
        if (++power > 1) {
            return 0;
        }
        info(rprocDev(), "powering up " + name + "\n");
        int ret;
        if (firmwareName.isEmpty()) {
            ret = EINVAL;
        } else if (!firmwareFiles.containsKey(firmwareName)) {
            warn(rprocDev(), "Direct firmware load for " + firmwareName + " failed with error " + ENOENT + "\n");
            ret = ENOENT;
        } else {
            ret = 0;
        }
        if (ret != 0) {
            err(rprocDev(), "request_firmware failed: " + ret + "\n");
            explain(DriverRule.RPROC_FIRMWARE_NOT_FOUND, ret == ENOENT ? "the firmware file " + firmwareName + " is not in /lib/firmware when the boot is attempted"
                    : "the firmware name is empty", ret == ENOENT ? "install /lib/firmware/" + firmwareName : "set firmware-name");
        } else {
            ret = fwBoot(ElfFile.of(firmwareName, firmwareFiles.get(firmwareName)));
        }
        if (ret != 0) {
            power--;
        }
        return ret;
    }

    private int fwBoot(ElfFile fw) {
        int ret = sanityCheck(fw);
        if (ret != 0) {
            return ret;
        }
        info(rprocDev(), "Booting fw image " + firmwareName + ", size " + fw.size() + "\n");
        ret = driver.prepare(this);
        if (ret != 0) {
            err(rprocDev(), "can't prepare rproc " + name + ": " + ret + "\n");
            return cleanup(ret);
        }
        bootAddr = fw.entry();
        ret = driver.parseFw(this, fw);
        if (ret != 0) {
            return cleanup(ret);
        }
        ret = handleResources();
        if (ret != 0) {
            err(rprocDev(), "Failed to process resources: " + ret + "\n");
            return cleanup(ret);
        }
        ret = allocCarveouts();
        if (ret != 0) {
            err(rprocDev(), "Failed to allocate associated carveouts: " + ret + "\n");
            return cleanup(ret);
        }
        ret = loadSegments(fw);
        if (ret != 0) {
            err(rprocDev(), "Failed to load program segments: " + ret + "\n");
            return cleanup(ret);
        }
        ret = driver.start(this);
        if (ret != 0) {
            err(rprocDev(), "can't start rproc " + name + ": " + ret + "\n");
            return cleanup(ret);
        }
        state = RprocState.RUNNING;
        info(rprocDev(), "remote processor " + name + " is now up\n");
        return 0;
    }

    /** {@code rproc_resource_cleanup()}: carveouts and the cached table go. */
    private int cleanup(int ret) {
        carveouts.clear();
        cachedTable = null;
        return ret;
    }

    private void shutdown() {
        if (--power > 0) {
            return;
        }
        driver.stop(this);
        state = RprocState.OFFLINE;
        info(rprocDev(), "stopped remote processor " + name + "\n");
        cleanup(0);
    }

    /** {@code rproc_elf_sanity_check()}. */
    private int sanityCheck(ElfFile fw) {
        String why = null;
        long size = fw.size();
        int cls = fw.identByte(4);
        if (size < 52) {
            why = "Image is too small";
        } else if (!fw.hasElfMagic()) {
            why = "Image is corrupted (bad magic)";
        } else if (cls != ElfHeader.ELFCLASS32 && cls != ElfHeader.ELFCLASS64) {
            why = "Unsupported class: " + cls;
        } else if (cls == ElfHeader.ELFCLASS64 && size < 64) {
            why = "elf64 header is too small";
        } else if (fw.identByte(5) != ElfHeader.ELFDATA2LSB) {
            why = "Unsupported firmware endianness";
        } else {
            ElfHeader h = fw.header().orElseThrow();
            long shdrSize = ElfHeader.sectionHeaderSize(cls);
            if (k.profile().uses(RPROC_SHDR_BOUNDS) && Long.compareUnsigned(h.shoff(), size) > 0) {
                why = "Section header table is out of bounds";
            } else if (k.profile().uses(RPROC_SHDR_BOUNDS) && Long.compareUnsigned(h.shoff() + h.shnum() * shdrSize, size) > 0) {
                why = "Section headers are out of bounds";
            } else if (Long.compareUnsigned(size, h.shoff() + shdrSize) < 0) {
                why = "Image is too small";
            } else if (h.phnum() == 0) {
                why = "No loadable segments";
            } else if (Long.compareUnsigned(h.phoff(), size) > 0) {
                why = "Firmware size is too small";
            }
        }
        if (why == null) {
            return 0;
        }
        err(rprocDev(), why + "\n");
        explain(DriverRule.RPROC_ELF_SANITY, "rproc_elf_sanity_check() rejects " + firmwareName + ": " + why, "give the driver a valid little-endian ELF with program headers");
        return EINVAL;
    }

    // ---- what the drivers call ---------------------------------------------------------------

    /** How a driver walks {@code memory-region}. */
    enum RegionWalk {
        /** cvitek_rproc_parse_fw(): a NULL lookup prints "unable to acquire memory-region"; vdev0buffer unmapped. */
        CVITEK,
        /** imx_rproc_prepare(): vdev0buffer and rsc-table skipped before the lookup; a NULL lookup prints the same line. */
        IMX,
        /**
         * cv1800b_c906l_add_carveout() (sophgo_cv1800b_c906l.c, v2): the same iterator as cvitek, a NULL
         * lookup returns -EINVAL with no message of its own; vdev0buffer through rproc_of_resm_mem_entry_init().
         */
        SOPHGO
    }

    /**
     * Looks up each {@code memory-region} entry and registers it as a carveout ({@code da} =
     * base, ioremapped at allocation), in {@code walk}'s way. The entries are matched by node
     * name (vdev0buffer, and vdev0vring0/1 later by the core), never by position.
     */
    int registerMemoryRegions(RegionWalk walk) {
        boolean imxShape = walk == RegionWalk.IMX;
        Optional<Property> mr = node.property("memory-region");
        if (mr.isEmpty()) {
            return 0;
        }
        long[] ph = KernelModel.phandles(mr.get());
        for (int i = 0; i < ph.length; i++) {
            Lookup l = run.lookupAt(node, i, ph[i]);
            if (l.result() == Lookup.Result.NO_PHANDLE) {
                l.why().ifPresent(k.explanations()::add);
                throw new Oops("Unable to handle kernel NULL pointer dereference at virtual address "
                        + String.format("%016x", imxShape ? 0 : 0x10));
            }
            Node target = k.tree().node(l.target().orElseThrow()).orElseThrow();
            if (imxShape && (target.baseName().equals("vdev0buffer") || target.baseName().equals("rsc-table"))) {
                continue;
            }
            if (l.result() == Lookup.Result.OOPS) {
                l.why().ifPresent(k.explanations()::add);
                ReservedRegion first = run.reservedMem().getFirst();
                long va = DTB_EARLY_BASE_VA + (k.inputs().dtbAddr() & 0x1fffff) + k.inputs().structBlockOffset() + first.fdtNode() + 4;
                throw new Oops("Unable to handle kernel paging request at virtual address " + String.format("%016x", va));
            }
            if (l.result() == Lookup.Result.NULL) {
                if (walk != RegionWalk.SOPHGO) {
                    err(platformDev(), "unable to acquire memory-region\n");
                }
                l.why().ifPresent(k.explanations()::add);
                return EINVAL;
            }
            ReservedRegion rm = l.region().orElseThrow();
            if (!imxShape && target.baseName().equals("vdev0buffer")) {
                carveouts.add(new Carve(target.baseName(), rm.base(), rm.size(), rm.base(), Alloc.NONE));
            } else {
                carveouts.add(new Carve(target.baseName(), rm.base(), rm.size(), rm.base(), Alloc.IOREMAP));
            }
        }
        return 0;
    }

    /** {@code rproc_elf_load_rsc_table()}: 0 with the table cached, or -EINVAL (with find_table's message, if any). */
    int loadRscTable(ElfFile fw) {
        switch (ResourceTable.find(fw)) {
            case ResourceTable.Found f -> {
                cachedTable = f.table();
                return 0;
            }
            case ResourceTable.Rejected r -> {
                err(rprocDev(), r.kernelMessage() + "\n");
                return EINVAL;
            }
            case ResourceTable.Missing m -> {
                return EINVAL;
            }
        }
    }

    /** {@code rproc_handle_resources()} with the loading handlers. */
    private int handleResources() {
        if (cachedTable == null) {
            return 0;
        }
        for (ResourceTable.Entry e : cachedTable.entries()) {
            ResourceTable.Verdict v = e.verdict(false);
            switch (v.outcome()) {
                case WARNING -> warn(rprocDev(), v.message() + "\n");
                case ERROR, UNDEFINED -> {
                    if (!v.message().isEmpty() && v.outcome() == ResourceTable.Outcome.ERROR) {
                        err(rprocDev(), v.message() + "\n");
                    }
                    explain(DriverRule.RPROC_RSC_ENTRY_REJECTED, "resource table entry " + e.index() + " is rejected: " + (v.message().isEmpty() ? "devmem needs an IOMMU" : v.message()),
                            "fix the firmware's resource table");
                    return EINVAL;
                }
                case OK -> {
                    if (e.resource() instanceof ResourceTable.Carveout c) {
                        int ret = handleCarveout(c);
                        if (ret != 0) {
                            return ret;
                        }
                    }
                }
            }
        }
        return 0;
    }

    /** {@code rproc_handle_carveout()}: match a registered carveout by name, or register a new one. */
    private int handleCarveout(ResourceTable.Carveout c) {
        for (Carve mem : carveouts) {
            if (!mem.name.equals(c.name())) {
                continue;
            }
            if (mem.inTable) {
                err(rprocDev(), "Carveout already associated to resource table\n");
                return ENOMEM;
            }
            if (Long.compareUnsigned(c.len(), mem.len) > 0) {
                err(rprocDev(), "Registered carveout doesn't fit len request\n");
                return ENOMEM;
            }
            if (c.da() != FW_RSC_ADDR_ANY && mem.da == FW_RSC_ADDR_ANY) {
                return ENOMEM;
            }
            if (c.da() != FW_RSC_ADDR_ANY) {
                int delta = (int) (c.da() - mem.da);
                if (delta < 0) {
                    err(rprocDev(), "Registered carveout doesn't fit da request\n");
                    return ENOMEM;
                }
                if (Long.compareUnsigned(delta + c.len(), mem.len) > 0) {
                    err(rprocDev(), "Registered carveout doesn't fit len request\n");
                    return ENOMEM;
                }
            }
            mem.inTable = true;
            return 0;
        }
        Carve n = new Carve(c.name(), 0, c.len(), c.da(), Alloc.DMA_COHERENT);
        n.inTable = true;
        carveouts.add(n);
        return 0;
    }

    /** {@code rproc_alloc_registered_carveouts()}. */
    private int allocCarveouts() {
        for (Carve c : carveouts) {
            int ret = 0;
            switch (c.alloc) {
                case IOREMAP -> {
                    if (c.len == 0) {
                        err(platformDev(), "Unable to map memory region: " + Printk.pa(c.dma) + "+" + Long.toHexString(c.len) + "\n");
                        explain(DriverRule.RPROC_CARVEOUT_SIZE_0, "the carveout " + c.name + " has size 0, and ioremap refuses a zero-sized mapping",
                                "give the reserved-memory region its real size");
                        ret = ENOMEM;
                    } else {
                        c.mapped = true;
                    }
                }
                case DMA_COHERENT -> {
                    long dma = k.memblock().physAllocRange(c.len, Memblock.PAGE_SIZE, 0, Memblock.ALLOC_ANYWHERE);
                    if (dma == 0) {
                        err(platformDev(), "failed to allocate dma memory: len 0x" + Long.toHexString(c.len) + "\n");
                        ret = ENOMEM;
                    } else {
                        c.dma = dma;
                        c.mapped = true;
                        if (c.da != FW_RSC_ADDR_ANY && c.da != (dma & 0xffffffffL)) {
                            warn(platformDev(), "Allocated carveout doesn't fit device address request\n");
                        }
                    }
                }
                case NONE -> { }
            }
            if (ret != 0) {
                err(rprocDev(), "Unable to allocate carveout " + c.name + ": " + ret + "\n");
                return ENOMEM;
            }
        }
        return 0;
    }

    /** {@code rproc_da_to_va()}: the physical address behind {@code da}, or -1 when no mapped carveout holds [da, da+len). */
    private long daToPhys(long da, long len) {
        for (Carve c : carveouts) {
            if (!c.mapped) {
                continue;
            }
            int offset = (int) (da - c.da);
            if (offset < 0 || Long.compareUnsigned(offset + len, c.len) > 0) {
                continue;
            }
            return c.dma + offset;
        }
        return -1;
    }

    /** {@code rproc_elf_load_segments()}: copies filesz bytes and zeroes up to memsz, through PhysicalMemory. */
    private int loadSegments(ElfFile fw) {
        for (ProgramHeader ph : fw.programHeaders()) {
            if (ph.type() != ProgramHeader.PT_LOAD || (k.profile().uses(RPROC_MEMSZ0_SKIPPED) && ph.memsz() == 0)) {
                continue;
            }
            long da = ph.paddr();
            debug(rprocDev(), "phdr: type " + ph.type() + " da 0x" + Printk.llx(da) + " memsz 0x" + Printk.llx(ph.memsz())
                    + " filesz 0x" + Printk.llx(ph.filesz()) + "\n");
            if (Long.compareUnsigned(ph.filesz(), ph.memsz()) > 0) {
                err(rprocDev(), "bad phdr filesz 0x" + Printk.llx(ph.filesz()) + " memsz 0x" + Printk.llx(ph.memsz()) + "\n");
                explain(DriverRule.RPROC_SEGMENT_FILESZ, "segment " + ph.index() + " has filesz > memsz", "relink the firmware");
                return EINVAL;
            }
            if (Long.compareUnsigned(ph.offset() + ph.filesz(), fw.size()) > 0) {
                err(rprocDev(), "truncated fw: need 0x" + Printk.llx(ph.offset() + ph.filesz()) + " avail 0x" + Long.toHexString(fw.size()) + "\n");
                explain(DriverRule.RPROC_FIRMWARE_TRUNCATED, "the firmware file is shorter than its segment " + ph.index() + " says", "copy the complete ELF");
                return EINVAL;
            }
            long phys = daToPhys(da, ph.memsz());
            if (phys == -1) {
                err(rprocDev(), "bad phdr da 0x" + Printk.llx(da) + " mem 0x" + Printk.llx(ph.memsz()) + "\n");
                explain(DriverRule.RPROC_SEGMENT_OUTSIDE_CARVEOUT, "segment " + ph.index() + " [0x" + Printk.llx(da) + ", +0x" + Printk.llx(ph.memsz())
                        + ") is not inside any mapped carveout " + carveoutList(),
                        "link the firmware at the reserved region's address and keep it inside its size, or enlarge the region");
                return EINVAL;
            }
            if (ph.filesz() > 0) {
                memory.write(phys, fw.bytesAt(ph.offset(), ph.filesz()).orElseThrow());
            }
            long zero = ph.memsz() - ph.filesz();
            for (long done = 0; done < zero; ) {
                int chunk = (int) Math.min(zero - done, 1 << 16);
                memory.write(phys + ph.filesz() + done, new byte[chunk]);
                done += chunk;
            }
            segments.add(new RemoteprocOutcome.Segment(da, phys, ph.memsz(), ph.filesz(), ph.offset()));
        }
        return 0;
    }

    private String carveoutList() {
        List<String> out = new ArrayList<>();
        for (Carve c : carveouts) {
            out.add(c.name + " [0x" + Long.toHexString(c.da) + ", +0x" + Long.toHexString(c.len) + ")" + (c.mapped ? "" : " unmapped"));
        }
        return out.isEmpty() ? "(there are no carveouts: memory-region is missing or empty)" : out.toString();
    }

    // ---- printing ------------------------------------------------------------------------

    PhysicalMemory memory() {
        return memory;
    }

    KernelRun run() {
        return run;
    }

    Node node() {
        return node;
    }

    long bootAddr() {
        return bootAddr;
    }

    String rprocDev() {
        return "remoteproc remoteproc0: ";
    }

    String platformDev() {
        return driver.driverName() + " " + name + ": ";
    }

    void beginStep() {
        long now = k.printk().now();
        k.printk().advanceTo(now < 1_000_000_000L ? 1_000_000_000L : now + 1_000_000_000L);
    }

    private void line(LogLevel level, String prefix, String text) {
        k.printk().print(level, prefix, text);
        k.printk().advanceTo(k.printk().now() + NS_PER_LINE);
    }

    void info(String prefix, String text) {
        line(LogLevel.INFO, prefix, text);
    }

    void warn(String prefix, String text) {
        line(LogLevel.WARNING, prefix, text);
    }

    void err(String prefix, String text) {
        line(LogLevel.ERR, prefix, text);
    }

    /** {@code dev_err_probe(dev, err, fmt)} (drivers/base/core.c 6.x): ERR "error %pe: %pV"; -EPROBE_DEFER only records a reason. */
    int errProbe(int err, String text) {
        if (err != EPROBE_DEFER) {
            err(platformDev(), "error " + Printk.errname(err) + ": " + text);
        }
        return err;
    }

    /**
     * drivers/base/dd.c call_driver_probe() after a failed probe: -ENODEV, -ENXIO and
     * -EPROBE_DEFER are only debug lines; anything else is ERR "probe with driver %s failed with
     * error %d" (the dev_err form since a 2024 patch; 6.18 has it).
     */
    void probeFailed(int err) {
        if (err != ENODEV && err != ENXIO && err != EPROBE_DEFER) {
            err(platformDev(), "probe with driver " + driver.driverName() + " failed with error " + err + "\n");
        }
    }

    void explain(Explanation e) {
        k.explanations().add(e);
    }

    private void debug(String prefix, String text) {
        line(LogLevel.DEBUG, prefix, text);
    }

    void explain(DriverRule rule, String text, String fix) {
        k.explanations().add(Explanation.driver(rule, node.path(), text, fix));
    }
}
