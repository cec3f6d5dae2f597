package dev.duoboot.scenario;

import dev.duoboot.DuobootException;
import dev.duoboot.fdt.SourceFiles;
import dev.duoboot.firmware.Chain;
import dev.duoboot.firmware.FsblChoice;
import dev.duoboot.firmware.LittleCoreImage;
import dev.duoboot.linux.KernelProfile;
import dev.duoboot.platform.Platform;
import dev.duoboot.platform.Platforms;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The one way a {@link Scenario} is made: the command line, scenario files and the Java API all set
 * its values here. Values given as text (a board id, a kernel line, a fixture name) are checked
 * here, with one message form for every front door: {@code PLACE: unknown WHAT 'VALUE', expected
 * ...}, where PLACE is the option ({@code --board}), the file position ({@code my.yaml:3:8}) or the
 * API method ({@code board}).
 */
public final class ScenarioBuilder {

    private String name;
    private String description = "";
    private List<String> reports = List.of();
    private SourceFiles files;
    private Optional<Platform> board = Optional.empty();
    private Optional<String> memmap = Optional.empty();
    private Optional<String> dts = Optional.empty();
    private List<String> includeDirs = List.of();
    private Optional<String> dtb = Optional.empty();
    private String kernel = Scenario.DEFAULT_KERNEL;
    private Optional<String> kernelConfig = Optional.empty();
    private FirmwareChoice firmware = new FirmwareChoice.Fixture(LittleCoreImage.Variant.CVIRTOS);
    private Optional<RprocDriverChoice> rprocDriver = Optional.empty();
    private Chain chain = Chain.REAL;
    private Optional<String> fip = Optional.empty();
    private Optional<String> image = Optional.empty();
    private FsblChoice fsbl = FsblChoice.USER;
    private Scenario.FipParts parts = Scenario.FipParts.NONE;
    private Optional<Boolean> startRproc = Optional.empty();
    private Optional<String> bootargs = Optional.empty();
    private boolean freertosInFip = true;
    private boolean mailboxTest = false;
    private boolean ubootCopiesReservedMemory = true;
    private Expectations expect = Expectations.NONE;
    private List<ScenarioEdit> edits = List.of();

    private ScenarioBuilder(String name, SourceFiles files) {
        this.name = name;
        this.files = files;
    }

    /** Nothing chosen yet: the defaults of {@code duoboot check}, files read through {@code files}. */
    public static ScenarioBuilder defaults(String name, SourceFiles files) {
        return new ScenarioBuilder(name, files);
    }

    /** Every value of {@code s}. */
    public static ScenarioBuilder from(Scenario s) {
        ScenarioBuilder b = new ScenarioBuilder(s.name(), s.files());
        b.description = s.description();
        b.reports = s.reports();
        b.board = s.board();
        b.memmap = s.memmap();
        b.dts = s.dts();
        b.includeDirs = s.includeDirs();
        b.dtb = s.dtb();
        b.kernel = s.kernel();
        b.kernelConfig = s.kernelConfig();
        b.firmware = s.firmware();
        b.rprocDriver = s.rprocDriver();
        b.chain = s.chain();
        b.fip = s.fip();
        b.image = s.image();
        b.fsbl = s.fsbl();
        b.parts = s.parts();
        b.startRproc = s.startRproc();
        b.bootargs = s.bootargs();
        b.freertosInFip = s.freertosInFip();
        b.mailboxTest = s.mailboxTest();
        b.ubootCopiesReservedMemory = s.ubootCopiesReservedMemory();
        b.expect = s.expect();
        b.edits = s.edits();
        return b;
    }

    public Scenario build() {
        return new Scenario(name, description, reports, files, board, memmap, dts, includeDirs, dtb, kernel, kernelConfig, firmware,
                rprocDriver, chain, fip, image, fsbl, parts, startRproc, bootargs, freertosInFip, mailboxTest, ubootCopiesReservedMemory,
                expect, edits);
    }

    // ---- values --------------------------------------------------------------------------------

    public ScenarioBuilder name(String n) {
        name = n;
        return this;
    }

    public ScenarioBuilder description(String d) {
        description = d;
        return this;
    }

    /** Where users reported what this scenario reproduces. */
    public ScenarioBuilder reports(List<String> r) {
        reports = List.copyOf(r);
        return this;
    }

    /** Where the scenario's paths are read from. */
    public ScenarioBuilder files(SourceFiles f) {
        files = f;
        return this;
    }

    public SourceFiles files() {
        return files;
    }

    public ScenarioBuilder board(Platform b) {
        board = Optional.of(b);
        return this;
    }

    public ScenarioBuilder memmap(String path) {
        memmap = Optional.of(path);
        return this;
    }

    /** The board DTS (replaces a DTB). */
    public ScenarioBuilder dts(String path) {
        dts = Optional.of(path);
        dtb = Optional.empty();
        return this;
    }

    public ScenarioBuilder includeDirs(List<String> dirs) {
        includeDirs = List.copyOf(dirs);
        return this;
    }

    /** A compiled board DTB (replaces a DTS). */
    public ScenarioBuilder dtb(String path) {
        dtb = Optional.of(path);
        dts = Optional.empty();
        return this;
    }

    public ScenarioBuilder kernelConfig(String path) {
        kernelConfig = Optional.of(path);
        return this;
    }

    public ScenarioBuilder firmware(FirmwareChoice f) {
        firmware = f;
        return this;
    }

    public ScenarioBuilder rprocDriver(RprocDriverChoice d) {
        rprocDriver = Optional.of(d);
        return this;
    }

    public ScenarioBuilder chain(Chain c) {
        chain = c;
        return this;
    }

    /** An SD card image (sdcard.img) in the slot, in place of the card duoboot would write. */
    public ScenarioBuilder image(String path) {
        image = Optional.of(path);
        return this;
    }

    public ScenarioBuilder fip(String path) {
        fip = Optional.of(path);
        return this;
    }

    /** Whose FSBL boots the fip.bin: its own or duoboot's fixture. */
    public ScenarioBuilder fsbl(FsblChoice f) {
        fsbl = f;
        return this;
    }

    public ScenarioBuilder opensbi(String path) {
        parts = new Scenario.FipParts(Optional.of(path), parts.uboot());
        return this;
    }

    public ScenarioBuilder uboot(String path) {
        parts = new Scenario.FipParts(parts.opensbi(), Optional.of(path));
        return this;
    }

    public ScenarioBuilder startRproc(boolean start) {
        startRproc = Optional.of(start);
        return this;
    }

    public ScenarioBuilder bootargs(String args) {
        bootargs = Optional.of(args);
        return this;
    }

    public ScenarioBuilder freertosInFip(boolean inFip) {
        freertosInFip = inFip;
        return this;
    }

    /** The user runs duo-examples' mailbox_test after boot; no answer fails the boot. */
    public ScenarioBuilder mailboxTest(boolean runs) {
        mailboxTest = runs;
        return this;
    }

    public ScenarioBuilder ubootCopiesReservedMemory(boolean copies) {
        ubootCopiesReservedMemory = copies;
        return this;
    }

    public ScenarioBuilder expect(Expectations e) {
        expect = e;
        return this;
    }

    public Expectations expectations() {
        return expect;
    }

    public ScenarioBuilder edits(List<ScenarioEdit> e) {
        edits = List.copyOf(e);
        return this;
    }

    public ScenarioBuilder edit(ScenarioEdit e) {
        List<ScenarioEdit> all = new ArrayList<>(edits);
        all.add(e);
        edits = all;
        return this;
    }

    // ---- values given as text, checked -----------------------------------------------------------

    /** A board id ({@code duo256m}). */
    public ScenarioBuilder board(String id, String place) {
        return board(Platforms.byId(id).orElseThrow(() -> unknown(place, "board", id, "one of " + Platforms.ids())));
    }

    /** A kernel line ({@code cvitek-5.10-c}, {@code mainline}, ...). */
    public ScenarioBuilder kernel(String profile, String place) {
        kernel = KernelProfile.require(profile, place).name();
        return this;
    }

    /** {@code fixture:NAME} (duoboot's little-core image linked at FREERTOS_ADDR) or the path of an ELF. */
    public ScenarioBuilder firmware(String text, String place) {
        return firmware(FirmwareChoice.parse(text).orElseThrow(() -> unknown(place, "fixture", text, FirmwareChoice.fixtureNames())));
    }

    public ScenarioBuilder rprocDriver(String id, String place) {
        return rprocDriver(RprocDriverChoice.byId(id).orElseThrow(() -> unknown(place, "rproc driver", id,
                "one of " + RprocDriverChoice.ids())));
    }

    public ScenarioBuilder chain(String id, String place) {
        return chain(Chain.byId(id).orElseThrow(() -> unknown(place, "chain", id, "real or fixtures")));
    }

    /** {@code user} (the fip.bin's own BL2) or {@code duoboot} (the FSBL fixture in its place). */
    public ScenarioBuilder fsbl(String id, String place) {
        return fsbl(FsblChoice.byId(id).orElseThrow(() -> unknown(place, "FSBL", id, "user or duoboot")));
    }

    /** The verdict kind the boot should end with; keeps the log expectations already set. */
    public ScenarioBuilder expectVerdict(String id, String place) {
        VerdictKind v = VerdictKind.byId(id).orElseThrow(() -> unknown(place, "verdict", id,
                "one of " + String.join(", ", VerdictKind.ids())));
        expect = new Expectations(Optional.of(v), expect.logContains(), expect.logAbsent(), expect.linuxMemoryAtLeast());
        return this;
    }

    /** {@code success} (any successful boot) or a verdict id, replacing every expectation. */
    public ScenarioBuilder expectOnly(String verdictOrSuccess, String place) {
        if (verdictOrSuccess.equals("success")) {
            expect = Expectations.NONE;
            return this;
        }
        VerdictKind v = VerdictKind.byId(verdictOrSuccess).orElseThrow(() -> unknown(place, "verdict", verdictOrSuccess,
                "success or one of " + String.join(", ", VerdictKind.ids())));
        expect = new Expectations(Optional.of(v), List.of(), List.of());
        return this;
    }

    private static DuobootException unknown(String place, String what, String value, String expected) {
        return new DuobootException(place + ": unknown " + what + " '" + value + "', expected " + expected);
    }
}
