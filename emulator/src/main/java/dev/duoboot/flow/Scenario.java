package dev.duoboot.flow;

import dev.duoboot.fdt.SourceFiles;
import dev.duoboot.platform.Platform;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One boot to check or run: the inputs as the user named them (paths read through {@link #files}),
 * the boot-only choices, what is expected, and any {@link ScenarioEdit}s applied on top (fixes
 * being verified, sweep cells). A value: resolving it reads the files afresh.
 *
 * @param memmap memmap.py; empty: the board's SDK v2 layout
 * @param dts the board DTS (preprocessed with the generated cvi_board_memmap.h on the include path)
 * @param includeDirs cpp/dtc -I directories for the DTS
 * @param dtb a compiled DTB instead of a DTS
 * @param kernel a {@link dev.duoboot.linux.KernelProfile} name
 * @param startRproc the user's {@code echo start > .../remoteproc0/state}; empty: when an rproc node exists
 * @param bootargs U-Boot's bootargs; empty: the SDK's sdboot command line
 * @param freertosInFip CONFIG_ENABLE_FREERTOS: FSBL loads the little core's image and releases the C906L
 * @param ubootCopiesReservedMemory U-Boot's arch_fixup_fdt() copies /reserved-memory (milkv's U-Boot;
 *     Sophgo's sg200x-dev tree has the call commented out)
 * @param fip a fip.bin (boot only; check validates it)
 * @param parts OpenSBI and U-Boot binaries that replace the chain's (boot only; check reads them)
 */
public record Scenario(
        String name,
        String description,
        SourceFiles files,
        Optional<Platform> board,
        Optional<String> memmap,
        Optional<String> dts,
        List<String> includeDirs,
        Optional<String> dtb,
        String kernel,
        Optional<String> kernelConfig,
        FirmwareChoice firmware,
        Optional<RprocDriverChoice> rprocDriver,
        Chain chain,
        Optional<String> fip,
        FipParts parts,
        Optional<Boolean> startRproc,
        Optional<String> bootargs,
        boolean freertosInFip,
        boolean ubootCopiesReservedMemory,
        Expectations expect,
        List<ScenarioEdit> edits) {

    public static final String DEFAULT_KERNEL = "cvitek-5.10-c";

    public Scenario {
        includeDirs = List.copyOf(includeDirs);
        edits = List.copyOf(edits);
    }

    /** A scenario with nothing chosen yet: the defaults of {@code duoboot check}. */
    public static Scenario defaults(String name, SourceFiles files) {
        return new Scenario(name, "", files, Optional.empty(), Optional.empty(), Optional.empty(), List.of(),
                Optional.empty(), DEFAULT_KERNEL, Optional.empty(),
                new FirmwareChoice.Fixture(LittleCoreImage.Variant.CVIRTOS), Optional.empty(), Chain.REAL,
                Optional.empty(), FipParts.NONE, Optional.empty(), Optional.empty(), true, true, Expectations.NONE, List.of());
    }

    /** This scenario with one more edit applied last. */
    public Scenario with(ScenarioEdit edit) {
        List<ScenarioEdit> e = new ArrayList<>(edits);
        e.add(edit);
        return withEdits(e);
    }

    public Scenario withEdits(List<ScenarioEdit> e) {
        return new Scenario(name, description, files, board, memmap, dts, includeDirs, dtb, kernel, kernelConfig,
                firmware, rprocDriver, chain, fip, parts, startRproc, bootargs, freertosInFip, ubootCopiesReservedMemory,
                expect, e);
    }

    /** The same paths, read through other files (a preset's, with the user's files behind them). */
    public Scenario withFiles(SourceFiles f) {
        return new Scenario(name, description, f, board, memmap, dts, includeDirs, dtb, kernel, kernelConfig, firmware,
                rprocDriver, chain, fip, parts, startRproc, bootargs, freertosInFip, ubootCopiesReservedMemory, expect, edits);
    }

    public Scenario withName(String n) {
        return new Scenario(n, description, files, board, memmap, dts, includeDirs, dtb, kernel, kernelConfig,
                firmware, rprocDriver, chain, fip, parts, startRproc, bootargs, freertosInFip, ubootCopiesReservedMemory,
                expect, edits);
    }

    public Scenario withBoard(Platform b) {
        return new Scenario(name, description, files, Optional.of(b), memmap, dts, includeDirs, dtb, kernel,
                kernelConfig, firmware, rprocDriver, chain, fip, parts, startRproc, bootargs, freertosInFip,
                ubootCopiesReservedMemory, expect, edits);
    }

    public Scenario withMemmap(String path) {
        return new Scenario(name, description, files, board, Optional.of(path), dts, includeDirs, dtb, kernel,
                kernelConfig, firmware, rprocDriver, chain, fip, parts, startRproc, bootargs, freertosInFip,
                ubootCopiesReservedMemory, expect, edits);
    }

    /** The board DTS (replaces a DTB). */
    public Scenario withDts(String path) {
        return new Scenario(name, description, files, board, memmap, Optional.of(path), includeDirs, Optional.empty(),
                kernel, kernelConfig, firmware, rprocDriver, chain, fip, parts, startRproc, bootargs, freertosInFip,
                ubootCopiesReservedMemory, expect, edits);
    }

    public Scenario withIncludeDirs(List<String> dirs) {
        return new Scenario(name, description, files, board, memmap, dts, dirs, dtb, kernel, kernelConfig, firmware,
                rprocDriver, chain, fip, parts, startRproc, bootargs, freertosInFip, ubootCopiesReservedMemory, expect, edits);
    }

    public Scenario withDtb(String path) {
        return new Scenario(name, description, files, board, memmap, Optional.empty(), includeDirs, Optional.of(path),
                kernel, kernelConfig, firmware, rprocDriver, chain, fip, parts, startRproc, bootargs, freertosInFip,
                ubootCopiesReservedMemory, expect, edits);
    }

    public Scenario withKernel(String profile) {
        return new Scenario(name, description, files, board, memmap, dts, includeDirs, dtb, profile, kernelConfig,
                firmware, rprocDriver, chain, fip, parts, startRproc, bootargs, freertosInFip, ubootCopiesReservedMemory,
                expect, edits);
    }

    public Scenario withKernelConfig(String path) {
        return new Scenario(name, description, files, board, memmap, dts, includeDirs, dtb, kernel, Optional.of(path),
                firmware, rprocDriver, chain, fip, parts, startRproc, bootargs, freertosInFip, ubootCopiesReservedMemory,
                expect, edits);
    }

    public Scenario withFirmware(FirmwareChoice f) {
        return new Scenario(name, description, files, board, memmap, dts, includeDirs, dtb, kernel, kernelConfig, f,
                rprocDriver, chain, fip, parts, startRproc, bootargs, freertosInFip, ubootCopiesReservedMemory, expect, edits);
    }

    public Scenario withRprocDriver(RprocDriverChoice d) {
        return new Scenario(name, description, files, board, memmap, dts, includeDirs, dtb, kernel, kernelConfig,
                firmware, Optional.of(d), chain, fip, parts, startRproc, bootargs, freertosInFip, ubootCopiesReservedMemory,
                expect, edits);
    }

    public Scenario withChain(Chain c) {
        return new Scenario(name, description, files, board, memmap, dts, includeDirs, dtb, kernel, kernelConfig,
                firmware, rprocDriver, c, fip, parts, startRproc, bootargs, freertosInFip, ubootCopiesReservedMemory, expect,
                edits);
    }

    public Scenario withFip(String path) {
        return new Scenario(name, description, files, board, memmap, dts, includeDirs, dtb, kernel, kernelConfig,
                firmware, rprocDriver, chain, Optional.of(path), parts, startRproc, bootargs, freertosInFip,
                ubootCopiesReservedMemory, expect, edits);
    }

    public Scenario withParts(FipParts p) {
        return new Scenario(name, description, files, board, memmap, dts, includeDirs, dtb, kernel, kernelConfig,
                firmware, rprocDriver, chain, fip, p, startRproc, bootargs, freertosInFip, ubootCopiesReservedMemory,
                expect, edits);
    }

    /**
     * A user's own OpenSBI and U-Boot for fip.bin's MONITOR and LOADER_2ND, in place of the chain's.
     *
     * @param opensbi an OpenSBI {@code fw_dynamic.bin}, run at MONITOR_ADDR
     * @param uboot a U-Boot binary: with its 32-byte BL33 header as is, else linked at CONFIG_SYS_TEXT_BASE
     */
    public record FipParts(Optional<String> opensbi, Optional<String> uboot) {
        public static final FipParts NONE = new FipParts(Optional.empty(), Optional.empty());

        public boolean isEmpty() {
            return opensbi.isEmpty() && uboot.isEmpty();
        }
    }

    public Scenario withStartRproc(boolean start) {
        return new Scenario(name, description, files, board, memmap, dts, includeDirs, dtb, kernel, kernelConfig,
                firmware, rprocDriver, chain, fip, parts, Optional.of(start), bootargs, freertosInFip,
                ubootCopiesReservedMemory, expect, edits);
    }

    public Scenario withBootargs(String args) {
        return new Scenario(name, description, files, board, memmap, dts, includeDirs, dtb, kernel, kernelConfig,
                firmware, rprocDriver, chain, fip, parts, startRproc, Optional.of(args), freertosInFip,
                ubootCopiesReservedMemory, expect, edits);
    }

    public Scenario withFreertosInFip(boolean inFip) {
        return new Scenario(name, description, files, board, memmap, dts, includeDirs, dtb, kernel, kernelConfig,
                firmware, rprocDriver, chain, fip, parts, startRproc, bootargs, inFip, ubootCopiesReservedMemory, expect,
                edits);
    }

    public Scenario withUbootCopiesReservedMemory(boolean copies) {
        return new Scenario(name, description, files, board, memmap, dts, includeDirs, dtb, kernel, kernelConfig,
                firmware, rprocDriver, chain, fip, parts, startRproc, bootargs, freertosInFip, copies, expect, edits);
    }

    public Scenario withExpectations(Expectations e) {
        return new Scenario(name, description, files, board, memmap, dts, includeDirs, dtb, kernel, kernelConfig,
                firmware, rprocDriver, chain, fip, parts, startRproc, bootargs, freertosInFip, ubootCopiesReservedMemory, e,
                edits);
    }

    public Scenario withDescription(String d) {
        return new Scenario(name, d, files, board, memmap, dts, includeDirs, dtb, kernel, kernelConfig, firmware,
                rprocDriver, chain, fip, parts, startRproc, bootargs, freertosInFip, ubootCopiesReservedMemory, expect, edits);
    }
}
