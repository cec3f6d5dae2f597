package dev.duoboot.scenario;

import dev.duoboot.DuobootException;
import dev.duoboot.fdt.DeviceTree;
import dev.duoboot.fdt.Dtb;
import dev.duoboot.fdt.DtsCompiler;
import dev.duoboot.fdt.FdtEdits;
import dev.duoboot.fdt.Node;
import dev.duoboot.fdt.SourceFiles;
import dev.duoboot.firmware.BootCard;
import dev.duoboot.firmware.LittleCoreImage;
import dev.duoboot.firmware.StageFirmware;
import dev.duoboot.firmware.UserFirmware;
import dev.duoboot.linux.KernelProfile;
import dev.duoboot.platform.Platform;
import dev.duoboot.platform.Platforms;
import dev.duoboot.sdk.ElfFile;
import dev.duoboot.sdk.ElfHeader;
import dev.duoboot.sdk.FipImage;
import dev.duoboot.sdk.KernelConfig;
import dev.duoboot.sdk.MemmapEvaluator;
import dev.duoboot.sdk.MemoryMap;
import dev.duoboot.sdk.MmapConv;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads a scenario's files and builds what the SDK build would: memmap.py evaluated,
 * cvi_board_memmap.h generated and put on the include path, the board DTS preprocessed and
 * compiled once as U-Boot's build does and once as the kernel's, the .config read, the
 * little-core ELF linked or read. Then applies the scenario's edits. Every problem with a file is
 * a one-line {@link DuobootException} naming the file and the place.
 */
public final class Inputs {

    /** The include directory the generated header lives in, as cpp names it in messages. */
    public static final String GENERATED_DIR = "generated";
    public static final String MEMMAP_HEADER = "cvi_board_memmap.h";

    /** U-Boot's scripts/Makefile.lib dtc_cpp_flags: -include kconfig.h -D__ASSEMBLY__ -undef -D__DTS__. */
    private static final List<String> UBOOT_DEFINES = List.of("__ASSEMBLY__", "__DTS__");
    /** Linux's scripts/Makefile.lib dtc_cpp_flags: -nostdinc -undef -D__DTS__. */
    private static final List<String> KERNEL_DEFINES = List.of("__DTS__");

    private Inputs() {}

    public static ResolvedInputs resolve(Scenario s) {
        // memmap.py, with its edits, and the header generated from it
        String memmapPath;
        String source;
        if (s.memmap().isPresent()) {
            memmapPath = s.memmap().get();
            source = text(s.files(), memmapPath, "memmap.py");
        } else {
            Platform b = s.board().orElseThrow(() -> new DuobootException(
                    "no layout: give a memmap.py (--memmap) or a board (--board " + Platforms.ids() + ") to use its stock layout"));
            Preset.Memmap stock = Preset.named(b.stockPreset()).memmap();
            memmapPath = stock.path();
            source = stock.text();
        }
        for (ScenarioEdit e : s.edits()) {
            if (e instanceof ScenarioEdit.MemmapAssign a) {
                source = MemmapText.assign(source, a.name(), a.expression(), memmapPath);
            }
        }
        // mmap_conv.py would stop the build at a failed assert; the layout is still evaluated (as if the
        // assert were absent) so that the report can show it, and the chains stop at the assert
        MemoryMap map = MemmapEvaluator.evaluateThroughAsserts(memmapPath, source);
        Platform board = board(s, map, memmapPath);
        String header = MmapConv.header(map);

        // the board DT, as U-Boot's build and as the kernel's build compile it
        List<String> warnings = new ArrayList<>();
        DeviceTree uboot;
        DeviceTree kernel;
        String dtSource;
        if (s.dts().isPresent()) {
            dtSource = s.dts().get();
            List<byte[]> read = new ArrayList<>();
            SourceFiles generated = withHeader(s.files(), header);
            SourceFiles files = p -> {
                Optional<byte[]> b = generated.read(p);
                b.ifPresent(read::add);
                return b;
            };
            List<String> includes = new ArrayList<>();
            includes.add(GENERATED_DIR);
            includes.addAll(s.includeDirs());
            if (s.files().read(dtSource).isEmpty()) {
                throw new DuobootException(dtSource + ": no such file (the board DTS)");
            }
            DtsCompiler.Result k = DtsCompiler.compile(files, dtSource,
                    new DtsCompiler.Options(includes, KERNEL_DEFINES, true, "<stdout>"));
            warnings.addAll(k.warnings());
            kernel = k.tree();
            // U-Boot's build defines __ASSEMBLY__ too; when no file read mentions it, the output is the same
            boolean differs = read.stream().anyMatch(b -> new String(b, StandardCharsets.ISO_8859_1).contains("__ASSEMBLY__"));
            uboot = differs
                    ? DtsCompiler.compile(files, dtSource, new DtsCompiler.Options(includes, UBOOT_DEFINES, true, "<stdout>")).tree()
                    : FdtEdits.copy(kernel, dtSource);
        } else if (s.dtb().isPresent()) {
            dtSource = s.dtb().get();
            byte[] blob = bytes(s.files(), dtSource, "the board DTB");
            kernel = Dtb.read(blob, dtSource);
            uboot = Dtb.read(blob, dtSource);
        } else {
            throw new DuobootException("no device tree: give the board DTS (--dts) or a DTB (--dtb)");
        }

        // the kernel: profile, .config, edits
        String profileName = s.kernel();
        Optional<RprocDriverChoice> driverEdit = Optional.empty();
        for (ScenarioEdit e : s.edits()) {
            if (e instanceof ScenarioEdit.UseKernel u) {
                profileName = u.profile();
            }
        }
        KernelProfile profile = KernelProfile.require(profileName, "kernel");
        // no .config given: the kernel line's default, one rule, stated in the report
        Optional<DefaultKernelConfig> defaultConfig = s.kernelConfig().isPresent() ? Optional.empty()
                : Optional.of(DefaultKernelConfig.of(profile));
        String configPath = s.kernelConfig().orElseGet(() -> defaultConfig.orElseThrow().path());
        String configText = s.kernelConfig().isPresent() ? text(s.files(), configPath, "the kernel .config")
                : defaultConfig.orElseThrow().text();
        for (ScenarioEdit e : s.edits()) {
            switch (e) {
                case ScenarioEdit.ConfigSet c -> configText = ConfigText.set(configText, c.symbol(), c.value());
                case ScenarioEdit.UseKernel u -> { }
                case ScenarioEdit.UseRprocDriver d -> driverEdit = Optional.of(d.driver());
                case ScenarioEdit.RenameNode n -> apply(e, uboot, kernel, dtSource);
                case ScenarioEdit.DeleteNode n -> apply(e, uboot, kernel, dtSource);
                case ScenarioEdit.MoveNodeFirst n -> apply(e, uboot, kernel, dtSource);
                case ScenarioEdit.SetReg n -> apply(e, uboot, kernel, dtSource);
                case ScenarioEdit.SetReference n -> apply(e, uboot, kernel, dtSource);
                case ScenarioEdit.MemmapAssign m -> { }
                case ScenarioEdit.PackFreertosInFip p -> { }
                case ScenarioEdit.AppendBootarg a -> { }
                case ScenarioEdit.Together t -> throw new IllegalStateException("a scenario holds the parts of " + t.describe());
            }
        }
        DeviceTree kernelDt = kernel;
        RprocDriverChoice driver = driverEdit.or(s::rprocDriver).orElseGet(() -> RprocDriverChoice.defaultFor(profile, kernelDt));

        ResolvedInputs.LittleCoreFirmware fw = firmware(s, board, map);
        if (s.fip().isPresent() && !s.parts().isEmpty()) {
            throw new DuobootException("give a fip.bin or OpenSBI/U-Boot binaries for one, not both");
        }
        if (s.image().isPresent() && (s.fip().isPresent() || !s.parts().isEmpty())) {
            throw new DuobootException("give an SD card image or a fip.bin (or OpenSBI/U-Boot binaries) for one, not both");
        }
        Optional<BootCard> card = s.image().map(p -> BootCard.open(Path.of(p)));
        Optional<FipImage> fip = s.fip().map(p -> fip(bytes(s.files(), p, "fip.bin"), p));
        if (card.isPresent()) {
            fip = cardFip(card.get());
        }
        UserFirmware parts = new UserFirmware(
                s.parts().opensbi().map(p -> rawBinary(s.files(), p, "OpenSBI fw_dynamic.bin")),
                s.parts().uboot().map(p -> rawBinary(s.files(), p, "U-Boot binary")));
        String bootargs = s.bootargs().orElse(sdbootBootargs(map));
        for (ScenarioEdit e : s.edits()) {
            if (e instanceof ScenarioEdit.AppendBootarg a) {
                bootargs = bootargs + " " + a.word();
            }
        }
        KernelConfig config = KernelConfig.parse(configPath, configText);
        boolean freertosInFip = s.freertosInFip() || s.edits().stream().anyMatch(ScenarioEdit.PackFreertosInFip.class::isInstance);
        StageFirmware stages = StageFirmware.choose(s.chain(), map, parts, fip.isPresent(), s.fsbl());
        return new ResolvedInputs(s, board, memmapPath, source, map, header, dtSource, uboot, kernel, warnings, profile,
                config, defaultConfig, fw, driver, s.chain(), stages, bootargs, fip, card, parts, freertosInFip);
    }

    /**
     * The command line the SDK's U-Boot "sdboot" sets: {@code ${reserved_mem} ${root} ${mtdparts}
     * console=$consoledev,$baudrate $othbootargs} with an empty reserved_mem and mtdparts, and
     * othbootargs {@code earlycon=sbi riscv.fwsz=<OPENSBI_SIZE>} (sdk-boot-flow.md sections 6, 7).
     */
    public static String sdbootBootargs(MemoryMap map) {
        return "root=/dev/mmcblk0p2 rootwait rw console=ttyS0,115200 earlycon=sbi riscv.fwsz=0x"
                + Long.toHexString(map.get("OPENSBI_SIZE"));
    }

    /**
     * The board: the one named, whose DRAM must be memmap.py's DRAM_SIZE; else the one board with
     * that much DRAM, or the default board where several have it.
     */
    private static Platform board(Scenario s, MemoryMap map, String memmapPath) {
        long dram = map.get("DRAM_SIZE");
        if (s.board().isPresent()) {
            Platform b = s.board().get();
            long size = b.dram().sizeBytes();
            if (size != dram) {
                throw new DuobootException(String.format("%s: DRAM_SIZE is 0x%x, but board %s has %d MiB (0x%x)",
                        memmapPath, dram, b.id(), size >> 20, size));
            }
            return b;
        }
        List<Platform> fit = Platforms.withDramSize(dram);
        if (fit.size() == 1) {
            return fit.getFirst();
        }
        if (fit.contains(Platforms.defaultPlatform())) {
            return Platforms.defaultPlatform();
        }
        if (fit.isEmpty()) {
            throw new DuobootException(String.format("%s: DRAM_SIZE 0x%x is the DRAM of no board duoboot knows (%s)", memmapPath,
                    dram, String.join(", ", Platforms.all().stream().map(Platform::describe).toList())));
        }
        throw new DuobootException(String.format("%s: DRAM_SIZE 0x%x fits several boards (%s): give --board", memmapPath, dram,
                String.join(", ", fit.stream().map(Platform::id).toList())));
    }

    private static void apply(ScenarioEdit e, DeviceTree uboot, DeviceTree kernel, String dtSource) {
        applyNodeEdit(uboot, e, dtSource);
        applyNodeEdit(kernel, e, dtSource);
    }

    /** Applies a node edit of a scenario; the node must exist. */
    private static void applyNodeEdit(DeviceTree t, ScenarioEdit edit, String treeName) {
        switch (edit) {
            case ScenarioEdit.RenameNode r -> {
                Node old = require(t, r.path(), treeName);
                Node parent = old.parent().orElseThrow();
                Node renamed = new Node(r.newName());
                old.properties().forEach(renamed::setProperty);
                old.labels().forEach(renamed::addLabel);
                for (Node c : new ArrayList<>(old.children())) {
                    old.removeChild(c);
                    renamed.addChild(c);
                }
                int index = parent.children().indexOf(old);
                parent.removeChild(old);
                parent.addChild(index, renamed);
            }
            case ScenarioEdit.DeleteNode d -> {
                Node n = require(t, d.path(), treeName);
                n.parent().orElseThrow().removeChild(n);
            }
            case ScenarioEdit.MoveNodeFirst m -> {
                Node n = require(t, m.path(), treeName);
                Node parent = n.parent().orElseThrow();
                parent.removeChild(n);
                parent.addChild(0, n);
            }
            case ScenarioEdit.SetReg s -> {
                Node n = require(t, s.path(), treeName);
                Node parent = n.parent().orElseThrow();
                n.setProperty(FdtEdits.reg(s.base(), s.size(), parent.childAddressCells(), parent.childSizeCells()));
            }
            case ScenarioEdit.SetReference r -> {
                Node n = require(t, r.path(), treeName);
                Node target = require(t, r.target(), treeName);
                long phandle = target.phandle().orElseGet(() -> {
                    long next = FdtEdits.maxPhandle(t) + 1;
                    target.setProperty(FdtEdits.u32("phandle", next));
                    return next;
                });
                byte[] value = new byte[4 * (1 + r.cells().size())];
                java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(value);
                b.putInt((int) phandle);
                r.cells().forEach(c -> b.putInt((int) (long) c));
                FdtEdits.setProp(n, new dev.duoboot.fdt.Property(r.property(), value));
            }
            default -> throw new IllegalArgumentException("not a device-tree edit: " + edit);
        }
    }

    private static Node require(DeviceTree t, String path, String treeName) {
        Optional<Node> n = t.node(path);
        return n.orElseThrow(() -> new DuobootException(treeName + ": no node " + path));
    }


    private static ResolvedInputs.LittleCoreFirmware firmware(Scenario s, Platform board, MemoryMap map) {
        return switch (s.firmware()) {
            case FirmwareChoice.Fixture f -> {
                byte[] elf = LittleCoreImage.linkedAt(board.littleCoreFixture(), f.variant(), map.get("FREERTOS_ADDR")).elf();
                yield new ResolvedInputs.LittleCoreFirmware(f, elf, ElfFile.parse(f.describe(), elf));
            }
            case FirmwareChoice.File file -> {
                byte[] elf = bytes(s.files(), file.path(), "the little-core firmware ELF");
                ElfFile parsed = ElfFile.parse(file.path(), elf);
                ElfHeader h = parsed.header().orElseThrow();
                if (h.machine() != ElfHeader.EM_RISCV) {
                    throw new DuobootException(String.format(
                            "%s: offset 0x12: e_machine is %d, expected %d (RISC-V): not firmware for the C906L",
                            file.path(), h.machine(), ElfHeader.EM_RISCV));
                }
                yield new ResolvedInputs.LittleCoreFirmware(file, elf, parsed);
            }
        };
    }

    /**
     * The fip.bin on a user's card, when it can be read and parsed with its checksums holding; a
     * card without one still boots (the mask ROM says what it finds), it just has no fip.bin here.
     */
    private static Optional<FipImage> cardFip(BootCard card) {
        Optional<byte[]> bytes = card.bootFile("fip.bin").bytes();
        if (bytes.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(fip(bytes.get(), card.name() + ": fip.bin"));
        } catch (DuobootException e) {
            return Optional.empty();
        }
    }

    private static FipImage fip(byte[] bytes, String path) {
        FipImage f = FipImage.parse(path, bytes);
        for (FipImage.Check c : f.checks()) {
            if (!c.valid()) {
                throw new DuobootException(String.format("%s: %s checksum: stored 0x%08x, computed 0x%08x",
                        path, c.what(), c.stored(), c.computed()));
            }
        }
        return f;
    }

    /** A firmware binary FSBL copies to its run address: not empty, and not an ELF (objcopy -O binary makes one). */
    private static byte[] rawBinary(SourceFiles files, String path, String what) {
        byte[] b = bytes(files, path, what);
        if (b.length == 0) {
            throw new DuobootException(path + ": empty file, expected the " + what);
        }
        if (b.length >= 4 && b[0] == 0x7f && b[1] == 'E' && b[2] == 'L' && b[3] == 'F') {
            throw new DuobootException(path + ": offset 0x0: an ELF file, expected the raw " + what
                    + " (the .bin the build makes, or objcopy -O binary)");
        }
        return b;
    }

    private static SourceFiles withHeader(SourceFiles files, String header) {
        String path = GENERATED_DIR + "/" + MEMMAP_HEADER;
        byte[] bytes = header.getBytes(StandardCharsets.UTF_8);
        return p -> p.equals(path) ? Optional.of(bytes) : files.read(p);
    }

    private static String text(SourceFiles files, String path, String what) {
        return new String(bytes(files, path, what), StandardCharsets.UTF_8);
    }

    private static byte[] bytes(SourceFiles files, String path, String what) {
        return files.read(path).orElseThrow(() -> new DuobootException(path + ": no such file (" + what + ")"));
    }
}
