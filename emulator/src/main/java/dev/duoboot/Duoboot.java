package dev.duoboot;

import dev.duoboot.analysis.BootReport;
import dev.duoboot.analysis.FixCheck;
import dev.duoboot.fdt.SourceFiles;
import dev.duoboot.pipeline.Pipeline;
import dev.duoboot.scenario.Expectations;
import dev.duoboot.scenario.Preset;
import dev.duoboot.scenario.Scenario;
import dev.duoboot.scenario.ScenarioBuilder;
import dev.duoboot.scenario.ScenarioEdit;
import dev.duoboot.scenario.ScenarioFile;
import dev.duoboot.soc.RunLimits;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

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
 * runs the static chain (milliseconds); both return a {@link BootReport}. Names given as text are
 * checked by the {@link ScenarioBuilder}, with the method's name as the place in messages.
 */
public final class Duoboot {

    private Duoboot() {}

    /** A scenario file (YAML); its paths are relative to its directory. */
    public static Builder scenario(Path yaml) {
        return new Builder(ScenarioFile.read(disk(), yaml.toString()).toBuilder());
    }

    /** A built-in preset ({@link Preset}); options set afterwards override its inputs. */
    public static Builder preset(String id) {
        Preset p = Preset.byId(id).orElseThrow(() -> new DuobootException("preset: unknown preset '" + id + "', expected one of "
                + Preset.ids()));
        Scenario s = p.scenario();
        return new Builder(s.toBuilder().files(firstOf(s.files(), disk())));
    }

    /** Explicit inputs, nothing chosen yet. */
    public static Builder inputs() {
        return new Builder(ScenarioBuilder.defaults("inputs", disk()));
    }

    /** Builds a {@link Scenario} step by step. Each call returns this builder. */
    public static final class Builder {
        private final ScenarioBuilder s;
        /** The first expect call replaces what a preset or file expected. */
        private boolean ownExpectations;

        private Builder(ScenarioBuilder s) {
            this.s = s;
        }

        public Builder name(String name) {
            s.name(name);
            return this;
        }

        public Builder board(String id) {
            s.board(id, "board");
            return this;
        }

        public Builder memmap(Path p) {
            s.memmap(p.toString());
            return this;
        }

        /** The board DTS and its -I directories. */
        public Builder dts(Path p, Path... includeDirs) {
            s.dts(p.toString()).includeDirs(Arrays.stream(includeDirs).map(Path::toString).toList());
            return this;
        }

        public Builder dtb(Path p) {
            s.dtb(p.toString());
            return this;
        }

        /** A kernel profile name ({@code cvitek-5.10-c}, {@code mainline}, ...). */
        public Builder kernel(String profile) {
            s.kernel(profile, "kernel");
            return this;
        }

        public Builder kernelConfig(Path p) {
            s.kernelConfig(p.toString());
            return this;
        }

        /** The little-core ELF remoteproc loads. */
        public Builder firmware(Path p) {
            s.firmware(p.toString(), "firmware");
            return this;
        }

        /** duoboot's fixture firmware: {@code cvirtos}, {@code arduino} or {@code vdev}. */
        public Builder fixtureFirmware(String variant) {
            s.firmware("fixture:" + variant, "fixtureFirmware");
            return this;
        }

        public Builder rprocDriver(String id) {
            s.rprocDriver(id, "rprocDriver");
            return this;
        }

        public Builder chain(String id) {
            s.chain(id, "chain");
            return this;
        }

        public Builder startRproc(boolean start) {
            s.startRproc(start);
            return this;
        }

        public Builder bootargs(String args) {
            s.bootargs(args);
            return this;
        }

        /** A change on top of the inputs (a memmap.py constant, a .config line, a DT node). */
        public Builder edit(ScenarioEdit e) {
            s.edit(e);
            return this;
        }

        public Builder expectVerdict(String id) {
            ownExpectations();
            s.expectVerdict(id, "expectVerdict");
            return this;
        }

        public Builder expectLog(String line) {
            Expectations e = ownExpectations();
            List<String> c = new ArrayList<>(e.logContains());
            c.add(line);
            s.expect(new Expectations(e.verdict(), c, e.logAbsent(), e.linuxMemoryAtLeast()));
            return this;
        }

        public Builder expectNoLog(String line) {
            Expectations e = ownExpectations();
            List<String> a = new ArrayList<>(e.logAbsent());
            a.add(line);
            s.expect(new Expectations(e.verdict(), e.logContains(), a, e.linuxMemoryAtLeast()));
            return this;
        }

        private Expectations ownExpectations() {
            if (!ownExpectations) {
                ownExpectations = true;
                s.expect(Expectations.NONE);
            }
            return s.expectations();
        }

        /** The scenario as built so far. */
        public Scenario scenario() {
            return s.build();
        }

        /** The static check: no emulation, the Linux model on the DTB U-Boot would pass. */
        public BootReport check() {
            return Pipeline.check(scenario());
        }

        /** The emulated boot ({@code duoboot boot}) with its default limits. */
        public BootReport run() {
            return Pipeline.boot(scenario());
        }

        /** The emulated boot with the given instruction and virtual-time limits. */
        public BootReport run(RunLimits limits) {
            return Pipeline.boot(scenario(), limits, FixCheck.STATIC_CHAIN);
        }

        /**
         * The emulated boot with the given limits, each proposed fix tried {@code fixCheck}'s way
         * ({@link FixCheck#EMULATED_BOOT}: booted again within the same limits).
         */
        public BootReport run(RunLimits limits, FixCheck fixCheck) {
            return Pipeline.boot(scenario(), limits, fixCheck);
        }
    }

    private static SourceFiles disk() {
        return SourceFiles.under(Path.of(""));
    }

    /** Files from {@code a}, else from {@code b} (a preset's class-path files, then the user's). */
    public static SourceFiles firstOf(SourceFiles a, SourceFiles b) {
        return p -> a.read(p).or(() -> b.read(p));
    }
}
