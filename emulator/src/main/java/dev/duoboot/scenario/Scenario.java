package dev.duoboot.scenario;

import dev.duoboot.fdt.SourceFiles;
import dev.duoboot.firmware.Chain;
import dev.duoboot.firmware.FsblChoice;
import dev.duoboot.platform.Platform;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One boot to check or run: the inputs as the user named them (paths read through {@link #files}),
 * the boot-only choices, what is expected, and any {@link ScenarioEdit}s applied on top (fixes
 * being verified, sweep cells). A value, made by a {@link ScenarioBuilder} (the one way in for the
 * command line, scenario files and the Java API); resolving it reads the files afresh.
 *
 * @param reports where users reported the failure this scenario reproduces (issue, PR or forum thread)
 * @param board the board; empty: the one memmap.py's DRAM_SIZE describes
 * @param memmap memmap.py; empty: the board's stock layout
 * @param dts the board DTS (preprocessed with the generated cvi_board_memmap.h on the include path)
 * @param includeDirs cpp/dtc -I directories for the DTS
 * @param dtb a compiled DTB instead of a DTS
 * @param kernel a {@link dev.duoboot.linux.KernelProfile} name
 * @param firmware the little-core ELF remoteproc loads
 * @param rprocDriver the remoteproc driver; empty: the kernel line's own
 * @param chain which OpenSBI and U-Boot run
 * @param fip a fip.bin (boot only; check validates it)
 * @param image an SD card image as flashed (fip.bin and boot.sd on its FAT boot partition), in the
 *     slot as it is (boot); check reads its fip.bin
 * @param fsbl whose FSBL boots a given fip.bin: its own (the default) or duoboot's fixture
 * @param parts OpenSBI and U-Boot binaries that replace the chain's (boot only; check reads them)
 * @param startRproc the user's {@code echo start > .../remoteproc0/state}; empty: when an rproc node exists
 * @param bootargs U-Boot's bootargs; empty: the SDK's sdboot command line
 * @param freertosInFip CONFIG_ENABLE_FREERTOS: FSBL loads the little core's image and releases the C906L
 * @param mailboxTest the user runs duo-examples' mailbox_test after boot, and its answer is part of the verdict
 * @param ubootCopiesReservedMemory U-Boot's arch_fixup_fdt() copies /reserved-memory (milkv's U-Boot;
 *     Sophgo's sg200x-dev tree has the call commented out)
 */
public record Scenario(
        String name,
        String description,
        List<String> reports,
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
        Optional<String> image,
        FsblChoice fsbl,
        FipParts parts,
        Optional<Boolean> startRproc,
        Optional<String> bootargs,
        boolean freertosInFip,
        boolean mailboxTest,
        boolean ubootCopiesReservedMemory,
        Expectations expect,
        List<ScenarioEdit> edits) {

    public static final String DEFAULT_KERNEL = "cvitek-5.10-c";

    public Scenario {
        reports = List.copyOf(reports);
        includeDirs = List.copyOf(includeDirs);
        edits = flat(edits);
    }

    /** The edits with every {@link ScenarioEdit.Together} replaced by its parts. */
    private static List<ScenarioEdit> flat(List<ScenarioEdit> edits) {
        List<ScenarioEdit> out = new ArrayList<>();
        for (ScenarioEdit e : edits) {
            if (e instanceof ScenarioEdit.Together t) {
                out.addAll(flat(t.parts()));
            } else {
                out.add(e);
            }
        }
        return List.copyOf(out);
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

    /** A builder holding this scenario's values, to change some of them. */
    public ScenarioBuilder toBuilder() {
        return ScenarioBuilder.from(this);
    }

    /** This scenario with one more edit applied last. */
    public Scenario with(ScenarioEdit edit) {
        List<ScenarioEdit> e = new ArrayList<>(edits);
        e.add(edit);
        return toBuilder().edits(e).build();
    }
}
