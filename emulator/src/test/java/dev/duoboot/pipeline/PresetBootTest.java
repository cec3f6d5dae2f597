package dev.duoboot.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.duoboot.analysis.BootReport;
import dev.duoboot.analysis.Finding;
import dev.duoboot.analysis.FixCheck;
import dev.duoboot.analysis.LayoutCheck;
import dev.duoboot.boot.LittleCoreObservation;
import dev.duoboot.boot.Verdict;
import dev.duoboot.firmware.BootImages;
import dev.duoboot.firmware.Chain;
import dev.duoboot.linux.KernelProfile;
import dev.duoboot.linux.KernelRule;
import dev.duoboot.report.MemoryMapSvg;
import dev.duoboot.report.ReportText;
import dev.duoboot.report.Words;
import dev.duoboot.scenario.FirmwareChoice;
import dev.duoboot.scenario.Preset;
import dev.duoboot.soc.RunLimits;
import dev.duoboot.unicorn.Unicorn;
import java.nio.file.Files;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every preset booted on the emulated SoC gives its stated outcome under both chains, the little
 * core proves it runs by answering the mailbox, and the fixture chain's whole report (consoles,
 * kernel log, diagnosis, map) matches its golden file. The real chain's golden covers what does
 * not depend on Debian's firmware builds: the kernel's part and the verdict.
 */
class PresetBootTest {

    static final RunLimits LIMITS = RunLimits.defaults().withMaxVirtualNanos(20_000_000_000L);

    static BootReport boot(Preset p, Chain chain) {
        assumeTrue(Unicorn.unavailableReason().isEmpty(), "libunicorn2 is not installed");
        if (chain == Chain.REAL) {
            assumeTrue(Files.exists(BootImages.DEBIAN_OPENSBI) && Files.exists(BootImages.DEBIAN_UBOOT),
                    "Debian packages opensbi and u-boot-qemu are not installed: real-chain boot skipped");
        }
        return Pipeline.boot(p.scenario().toBuilder().chain(chain).build(), LIMITS, FixCheck.STATIC_CHAIN);
    }

    @ParameterizedTest
    @MethodSource("dev.duoboot.pipeline.PresetCheckTest#presets")
    void fixtureChainBootsToTheStatedOutcome(Preset p) {
        BootReport r = boot(p, Chain.FIXTURES);
        assertThat(r.unmet()).as(p.id()).isEmpty();
        assertLittleCoreAnswers(p, r);
        Golden.assertMatches("dev/duoboot/pipeline/golden/" + p.id() + ".boot-fixtures.txt", ReportText.render(r));
        if (p.equals(Preset.named("duo256m-v2-arduino-port"))) { // the map the README shows
            Golden.assertMatches("dev/duoboot/pipeline/golden/" + p.id() + ".boot-fixtures.svg",
                    MemoryMapSvg.render(r.scenario() + ": memory map per stage", r.views(), r.memoryUse()));
        }
    }

    @ParameterizedTest
    @MethodSource("dev.duoboot.pipeline.PresetCheckTest#presets")
    void realChainBootsToTheStatedOutcome(Preset p) {
        BootReport r = boot(p, Chain.REAL);
        assertThat(r.unmet()).as(p.id()).isEmpty();
        assertLittleCoreAnswers(p, r);
        if (!r.verdict().kind().booted()) {
            return;
        }
        assertThat(ReportText.render(r)).contains("OpenSBI v1.1", "U-Boot 2023.01");
        // where Debian's U-Boot really stored after relocating: into the little core's window only
        // when /memory covers it (the mainline layout), as the static check predicts
        if (p.scenario().freertosInFip()) {
            Finding reloc = r.findings().stream().filter(f -> f.check() == LayoutCheck.UBOOT_RELOCATION).findFirst().orElseThrow();
            boolean windowInMemory = p.scenario().memmap().filter(m -> m.endsWith("duo256m-mainline/memmap.py")).isPresent();
            assertThat(reloc.status()).as(reloc.text()).isEqualTo(windowInMemory ? Finding.Status.CONFLICT : Finding.Status.OK);
        }
        Golden.assertMatches("dev/duoboot/pipeline/golden/" + p.id() + ".boot-real.kernel.txt",
                String.join("\n", r.kernelLog()) + "\n" + r.verdict().id() + ": " + Words.verdict(r.verdict()) + "\n");
    }

    /**
     * The C906L runs the image the scenario says, as the machine shows it: remoteproc's firmware once
     * it started it, else FSBL's FreeRTOS; without either it stays in reset and only a user's
     * mailbox_test asks it anything, in vain. The fixture images answer mailbox_test's CMD_DUO_LED
     * and print their own banner.
     */
    private static void assertLittleCoreAnswers(Preset p, BootReport r) {
        String text = ReportText.render(r);
        if (!r.verdict().kind().booted()) { // the build stopped at memmap.py: nothing ran, on either core
            assertThat(r.stages()).isEmpty();
            assertThat(r.consoles()).isEmpty();
            assertThat(text).contains("build: stopped at memmap.py").doesNotContain("mailbox_test");
            return;
        }
        if (r.verdict() instanceof Verdict.BusHang) {
            // the C906B waits for ever on its access: nobody asks the little core anything
            assertThat(text).contains("the board hangs").doesNotContain("mailbox_test");
            return;
        }
        boolean remoteproc = r.verdict().id().equals("remoteproc-running");
        boolean notRestarted = r.verdict() instanceof Verdict.RemoteprocOtherImage o && o.runs() == LittleCoreObservation.Image.NOT_RESTARTED;
        if (!p.scenario().freertosInFip() && !remoteproc) {
            assertThat(text).contains("No C906L image: the C906L stays in reset");
            if (p.scenario().mailboxTest()) {
                assertThat(text).contains("RTOS_CMDQU_SEND_WAIT timeout", "C906B: cmd.param_ptr = 0x2", "nothing answered CMD_DUO_LED",
                        "the C906L is held in reset");
            } else {
                assertThat(r.stages()).extracting(s -> s.stage()).doesNotContain(dev.duoboot.boot.StageId.LITTLE_CORE);
            }
            return;
        }
        boolean device = KernelProfile.require(p.scenario().kernel(), "kernel").uses(KernelRule.CMDQU_MISC_DEVICE);
        assertThat(text).contains(device ? "C906B: cmd.param_ptr = 0x4" : "open failed! fd = -1",
                device ? "the C906L answered CMD_DUO_LED with DUO_LED_DONE" : "no driver here binds a cvitek,rtos_cmdqu node",
                remoteproc ? "the C906L runs the firmware remoteproc loaded: pc 0x"
                        : notRestarted ? "the C906L was not reset after remoteproc loaded its firmware: it runs on from the start FSBL gave it"
                        : "the C906L runs FreeRTOS as FSBL loaded it: pc 0x");
        if (notRestarted) {
            assertThat(r.consoles().get(1).lines()).as("the firmware's banner once: FSBL's start, no restart")
                    .filteredOn(l -> l.contains("duoboot little-core image")).hasSize(1);
        }
        String image = "(cvirtos)";
        if (remoteproc && p.scenario().firmware() instanceof FirmwareChoice.Fixture f) {
            image = "(" + f.variant().name().toLowerCase(java.util.Locale.ROOT) + ")";
        }
        String banner = "duoboot little-core image " + image;
        assertThat(r.log()).anyMatch(l -> l.contains(banner));
    }
}
