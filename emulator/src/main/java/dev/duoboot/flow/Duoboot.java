package dev.duoboot.flow;

import dev.duoboot.DuobootException;
import dev.duoboot.fdt.SourceFiles;
import dev.duoboot.linux.KernelProfile;
import dev.duoboot.platform.Platforms;
import dev.duoboot.soc.RunLimits;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The API for a test suite: build a scenario, check it, assert on the report.
 *
 * <pre>
 * BootReport r = Duoboot.scenario(Path.of("layouts/duo256m.yaml")).run();   // emulated boot
 * r.assertAsExpected();
 * assertThat(r.verdict()).isInstanceOf(Verdict.RemoteprocRunning.class);
 *
 * Duoboot.preset("duo256m-v2-arduino-port").kernelConfig(Path.of("my.config")).check();  // static, ms
 *
 * Duoboot.inputs().board("duo256m").memmap(Path.of("memmap.py")).dts(Path.of("board.dts"))
 *         .kernel("cvitek-5.10-c").kernelConfig(Path.of(".config")).firmware(Path.of("arduino.elf"))
 *         .expectVerdict("remoteproc-running").check();
 * </pre>
 *
 * Paths are read from the file system (relative to the working directory); a preset's own files
 * come from the class path. The first {@code expect...} call replaces the preset's or file's
 * expectations. {@link Builder#run()} boots on the emulated SoC (seconds); {@link Builder#check()}
 * runs the static chain (milliseconds); both return a {@link BootReport}.
 */
public final class Duoboot {

    private Duoboot() {}

    /** A scenario file (YAML); its paths are relative to its directory. */
    public static Builder scenario(Path yaml) {
        return new Builder(ScenarioYaml.read(disk(), yaml.toString()));
    }

    /** A built-in preset ({@link Preset}); options set afterwards override its inputs. */
    public static Builder preset(String id) {
        Preset p = Preset.byId(id).orElseThrow(() -> new DuobootException("no preset '" + id + "' (have: " + Preset.ids() + ")"));
        Scenario s = p.scenario();
        return new Builder(s.withFiles(firstOf(s.files(), disk())));
    }

    /** Explicit inputs, nothing chosen yet. */
    public static Builder inputs() {
        return new Builder(Scenario.defaults("inputs", disk()));
    }

    /** Builds a {@link Scenario} step by step. Each call returns this builder. */
    public static final class Builder {
        private Scenario s;
        /** The first expect call replaces what a preset or file expected. */
        private boolean ownExpectations;

        private Builder(Scenario s) {
            this.s = s;
        }

        public Builder name(String name) {
            s = s.withName(name);
            return this;
        }

        public Builder board(String id) {
            s = s.withBoard(Platforms.require(id, "board"));
            return this;
        }

        public Builder memmap(Path p) {
            s = s.withMemmap(p.toString());
            return this;
        }

        /** The board DTS and its -I directories. */
        public Builder dts(Path p, Path... includeDirs) {
            s = s.withDts(p.toString()).withIncludeDirs(Arrays.stream(includeDirs).map(Path::toString).toList());
            return this;
        }

        public Builder dtb(Path p) {
            s = s.withDtb(p.toString());
            return this;
        }

        /** A kernel profile name ({@code cvitek-5.10-c}, {@code mainline}, ...). */
        public Builder kernel(String profile) {
            KernelProfile.require(profile, "kernel");
            s = s.withKernel(profile);
            return this;
        }

        public Builder kernelConfig(Path p) {
            s = s.withKernelConfig(p.toString());
            return this;
        }

        /** The little-core ELF remoteproc loads. */
        public Builder firmware(Path p) {
            s = s.withFirmware(new FirmwareChoice.File(p.toString()));
            return this;
        }

        /** duoboot's fixture firmware: {@code cvirtos}, {@code arduino} or {@code vdev}. */
        public Builder fixtureFirmware(String variant) {
            s = s.withFirmware(FirmwareChoice.parse("fixture:" + variant)
                    .orElseThrow(() -> new DuobootException("no fixture firmware '" + variant + "' (cvirtos, arduino, vdev)")));
            return this;
        }

        public Builder rprocDriver(String id) {
            s = s.withRprocDriver(RprocDriverChoice.byId(id)
                    .orElseThrow(() -> new DuobootException("no rproc driver '" + id + "' (" + RprocDriverChoice.ids() + ")")));
            return this;
        }

        public Builder chain(String id) {
            s = s.withChain(Chain.byId(id).orElseThrow(() -> new DuobootException("no chain '" + id + "' (real, fixtures)")));
            return this;
        }

        public Builder startRproc(boolean start) {
            s = s.withStartRproc(start);
            return this;
        }

        public Builder bootargs(String args) {
            s = s.withBootargs(args);
            return this;
        }

        /** A change on top of the inputs (a memmap.py constant, a .config line, a DT node). */
        public Builder edit(ScenarioEdit e) {
            s = s.with(e);
            return this;
        }

        public Builder expectVerdict(String id) {
            if (!Verdict.ids().contains(id)) {
                throw new DuobootException("no verdict '" + id + "' (" + String.join(", ", Verdict.ids()) + ")");
            }
            Expectations e = expectations();
            s = s.withExpectations(new Expectations(Optional.of(id), e.logContains(), e.logAbsent()));
            return this;
        }

        public Builder expectLog(String line) {
            Expectations e = expectations();
            List<String> c = new ArrayList<>(e.logContains());
            c.add(line);
            s = s.withExpectations(new Expectations(e.verdict(), c, e.logAbsent()));
            return this;
        }

        public Builder expectNoLog(String line) {
            Expectations e = expectations();
            List<String> a = new ArrayList<>(e.logAbsent());
            a.add(line);
            s = s.withExpectations(new Expectations(e.verdict(), e.logContains(), a));
            return this;
        }

        private Expectations expectations() {
            if (!ownExpectations) {
                ownExpectations = true;
                return Expectations.NONE;
            }
            return s.expect();
        }

        /** The scenario as built so far. */
        public Scenario scenario() {
            return s;
        }

        /** The static check: no emulation, the Linux model on the DTB U-Boot would pass. */
        public BootReport check() {
            return StaticCheck.report(s);
        }

        /** The emulated boot ({@code duoboot boot}) with its default limits. */
        public BootReport run() {
            return EmulatedCheck.report(s, EmulatedCheck.BOOT_LIMITS);
        }

        /** The emulated boot with the given instruction and virtual-time limits. */
        public BootReport run(RunLimits limits) {
            return EmulatedCheck.report(s, limits);
        }

        /**
         * The emulated boot with the given limits, each proposed fix tried {@code fixCheck}'s way
         * ({@link FixCheck#EMULATED_BOOT}: booted again within the same limits).
         */
        public BootReport run(RunLimits limits, FixCheck fixCheck) {
            return EmulatedCheck.report(s, limits, fixCheck);
        }
    }

    private static SourceFiles disk() {
        return SourceFiles.under(Path.of(""));
    }

    /** Files from {@code a}, else from {@code b} (a preset's class-path files, then the user's). */
    static SourceFiles firstOf(SourceFiles a, SourceFiles b) {
        return p -> a.read(p).or(() -> b.read(p));
    }
}
