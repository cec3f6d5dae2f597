package dev.duoboot.cli;

import dev.duoboot.Duoboot;
import dev.duoboot.DuobootException;
import dev.duoboot.fdt.SourceFiles;
import dev.duoboot.linux.KernelProfile;
import dev.duoboot.platform.Platforms;
import dev.duoboot.scenario.Expectations;
import dev.duoboot.scenario.Preset;
import dev.duoboot.scenario.Scenario;
import dev.duoboot.scenario.ScenarioBuilder;
import dev.duoboot.scenario.ScenarioFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The inputs of {@code check}, {@code boot} and {@code sweep}: a scenario file or a preset, and
 * explicit options that override or replace it.
 */
final class ScenarioOptions {

    @Parameters(arity = "0..1", paramLabel = "SCENARIO.yaml", description = "a scenario file (inputs and expectations)")
    Path scenarioFile;

    @Option(names = "--preset", paramLabel = "NAME", completionCandidates = PresetIds.class,
            description = "a built-in scenario: ${COMPLETION-CANDIDATES}")
    String preset;

    @Option(names = "--board", paramLabel = "ID", completionCandidates = RunCommand.BoardIds.class,
            description = "the board: ${COMPLETION-CANDIDATES} (default: from memmap.py's DRAM_SIZE)")
    String board;

    @Option(names = "--memmap", paramLabel = "FILE", description = "memmap.py (default: the board's stock layout)")
    Path memmap;

    @Option(names = "--dts", paramLabel = "FILE", description = "the board DTS; cvi_board_memmap.h is generated from --memmap and put on the include path")
    Path dts;

    @Option(names = {"-I", "--include"}, paramLabel = "DIR", description = "an #include directory for the DTS (repeatable)")
    List<Path> includes = new ArrayList<>();

    @Option(names = "--dtb", paramLabel = "FILE", description = "a compiled board DTB instead of --dts")
    Path dtb;

    @Option(names = "--kernel", paramLabel = "PROFILE", completionCandidates = ProfileNames.class,
            description = "kernel profile: ${COMPLETION-CANDIDATES} (default: cvitek-5.10-c)")
    String kernel;

    @Option(names = "--kernel-config", paramLabel = "FILE", description = "the kernel .config")
    Path kernelConfig;

    @Option(names = "--firmware", paramLabel = "FILE|fixture:NAME",
            description = "the little-core ELF remoteproc loads, or fixture:cvirtos|arduino|vdev|sophgo linked at FREERTOS_ADDR (default: fixture:cvirtos)")
    String firmware;

    @Option(names = "--rproc-driver", paramLabel = "NAME", description = "cvitek-original, cvitek-later, cvitek-vector, mainline-style, sophgo-c906l, sophgo-c906l-reset-in-probe "
            + "(default: by kernel, and sophgo-c906l for an upstream kernel when the DT names sophgo,cv1800b-c906l)")
    String rprocDriver;

    @Option(names = "--chain", paramLabel = "real|fixtures", description = "OpenSBI and U-Boot: Debian's real ones or duoboot's fixtures (default: real)")
    String chain;

    @Option(names = "--fip", paramLabel = "FILE", description = "a fip.bin (boot runs it; check validates it)")
    Path fip;

    @Option(names = "--image", paramLabel = "FILE",
            description = "an SD card image as flashed (sdcard.img): boot puts it in the slot as it is; check reads its fip.bin")
    Path image;

    @Option(names = "--fsbl", paramLabel = "user|duoboot",
            description = "whose FSBL boots the --fip: its own BL2 (default) or duoboot's fixture in its place")
    String fsbl;

    @Option(names = "--opensbi", paramLabel = "FILE", description = "your OpenSBI fw_dynamic.bin for fip.bin's MONITOR, in place of the chain's")
    Path opensbi;

    @Option(names = "--uboot", paramLabel = "FILE",
            description = "your U-Boot for fip.bin's LOADER_2ND (with its BL33 header, or linked at CONFIG_SYS_TEXT_BASE), in place of the chain's")
    Path uboot;

    @Option(names = "--start-rproc", negatable = true, description = "echo start > /sys/class/remoteproc/remoteproc0/state (default: on when an rproc node exists)")
    Boolean startRproc;

    @Option(names = "--bootargs", paramLabel = "STR", description = "U-Boot's bootargs (default: the SDK's sdboot command line)")
    String bootargs;

    @Option(names = "--freertos-in-fip", negatable = true, description = "FSBL loads FreeRTOS and releases the C906L (CONFIG_ENABLE_FREERTOS; default: on)")
    Boolean freertosInFip;

    @Option(names = "--mailbox-test", negatable = true,
            description = "run duo-examples' mailbox_test after boot; no answer from the C906L fails the boot (default: off)")
    Boolean mailboxTest;

    @Option(names = "--uboot-copies-reserved-memory", negatable = true,
            description = "U-Boot copies /reserved-memory into the kernel's DT (milkv U-Boot; default: on)")
    Boolean ubootCopies;

    @Option(names = "--expect", paramLabel = "VERDICT|success",
            description = "replace the preset's or file's expectations: this verdict, or success (any successful boot)")
    String expect;

    /** The scenario the options describe: the file or preset, with every given option on top. */
    Scenario scenario() {
        return scenario(kernel);
    }

    /** As {@link #scenario()} with {@code profile} (may be null) in place of --kernel (sweep takes a list there). */
    Scenario scenario(String profile) {
        if (scenarioFile != null && preset != null) {
            throw new DuobootException("give a scenario file or --preset, not both");
        }
        if (dts != null && dtb != null) {
            throw new DuobootException("give --dts or --dtb, not both");
        }
        SourceFiles disk = SourceFiles.under(Path.of(""));
        ScenarioBuilder s;
        if (scenarioFile != null) {
            s = ScenarioFile.read(disk, scenarioFile.toString()).toBuilder();
        } else if (preset != null) {
            Preset p = Preset.byId(preset).orElseThrow(() -> new DuobootException("--preset: unknown preset '" + preset
                    + "', expected one of " + Preset.ids()));
            Scenario ps = p.scenario();
            s = ps.toBuilder().files(Duoboot.firstOf(ps.files(), disk));
        } else if (dts == null && dtb == null) {
            // only options: the board's stock layout (memmap.py, board DT, .config), then the options
            Preset stock = Preset.named((board == null ? Platforms.defaultPlatform() : Platforms.require(board, "--board")).stockPreset());
            Scenario ps = stock.scenario();
            s = ps.toBuilder().name("command line (" + stock.id() + ")").expect(Expectations.NONE)
                    .files(Duoboot.firstOf(ps.files(), disk));
        } else {
            s = ScenarioBuilder.defaults("command line", disk);
        }
        if (board != null) {
            s.board(board, "--board");
        }
        if (memmap != null) {
            s.memmap(memmap.toString());
        }
        if (dts != null) {
            s.dts(dts.toString());
        }
        if (!includes.isEmpty()) {
            s.includeDirs(includes.stream().map(Path::toString).toList());
        }
        if (dtb != null) {
            s.dtb(dtb.toString());
        }
        if (profile != null) {
            s.kernel(profile, "--kernel");
        }
        if (kernelConfig != null) {
            s.kernelConfig(kernelConfig.toString());
        }
        if (firmware != null) {
            s.firmware(firmware, "--firmware");
        }
        if (rprocDriver != null) {
            s.rprocDriver(rprocDriver, "--rproc-driver");
        }
        if (chain != null) {
            s.chain(chain, "--chain");
        }
        if (image != null) {
            s.image(image.toString());
        }
        if (fip != null) {
            s.fip(fip.toString());
        }
        if (fsbl != null) {
            s.fsbl(fsbl, "--fsbl");
        }
        if (opensbi != null) {
            s.opensbi(opensbi.toString());
        }
        if (uboot != null) {
            s.uboot(uboot.toString());
        }
        if (startRproc != null) {
            s.startRproc(startRproc);
        }
        if (bootargs != null) {
            s.bootargs(bootargs);
        }
        if (freertosInFip != null) {
            s.freertosInFip(freertosInFip);
        }
        if (mailboxTest != null) {
            s.mailboxTest(mailboxTest);
        }
        if (ubootCopies != null) {
            s.ubootCopiesReservedMemory(ubootCopies);
        }
        if (expect != null) {
            s.expectOnly(expect, "--expect");
        }
        return s.build();
    }

    static final class PresetIds implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return Preset.all().stream().map(Preset::id).iterator();
        }
    }

    static final class ProfileNames implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return KernelProfile.ALL.stream().map(KernelProfile::name).iterator();
        }
    }
}
