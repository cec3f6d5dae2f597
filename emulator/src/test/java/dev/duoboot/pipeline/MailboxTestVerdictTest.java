package dev.duoboot.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.duoboot.analysis.BootReport;
import dev.duoboot.analysis.Diagnosis;
import dev.duoboot.analysis.FixCheck;
import dev.duoboot.boot.BootRule;
import dev.duoboot.boot.LittleCoreObservation;
import dev.duoboot.boot.StageEvent;
import dev.duoboot.boot.StageId;
import dev.duoboot.boot.Verdict;
import dev.duoboot.firmware.Chain;
import dev.duoboot.firmware.LittleCoreImage;
import dev.duoboot.scenario.FirmwareChoice;
import dev.duoboot.scenario.Preset;
import dev.duoboot.scenario.Scenario;
import dev.duoboot.scenario.ScenarioEdit;
import dev.duoboot.soc.RunLimits;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * duo-examples' mailbox_test after boot (issue 11 case 12, milkv-duo/duo-buildroot-sdk#138): the
 * program's own output, the verdict when nothing answers, why, and the fix, booted; and the same
 * diagnosis on layouts that are not the preset's.
 */
class MailboxTestVerdictTest {

    private static final RunLimits LIMITS = RunLimits.defaults().withMaxVirtualNanos(10_000_000_000L);

    private static BootReport boot(Scenario s) {
        return Pipeline.boot(s.toBuilder().chain(Chain.FIXTURES).build(), LIMITS, FixCheck.EMULATED_BOOT);
    }

    /** The lines the C906B printed while mailbox_test ran, in order. */
    private static List<String> printed(BootReport r) {
        return r.stages().stream().filter(s -> s.stage() == StageId.LITTLE_CORE).flatMap(s -> s.events().stream())
                .filter(StageEvent.Printed.class::isInstance).map(e -> ((StageEvent.Printed) e).line()).toList();
    }

    @Test
    void withoutFreeRtosTheProgramPrintsItsOwnParamAndTheDriverTimesOut() {
        Scenario s = Preset.named("duo256m-v1-no-freertos").scenario();
        BootReport booted = boot(s);
        assertThat(printed(booted)).containsExactly("RTOS_CMDQU_SEND_WAIT timeout", "C906B: cmd.param_ptr = 0x2",
                "C906B: cmd.param_ptr = 0x3");
        assertThat(booted.verdict()).isInstanceOfSatisfying(Verdict.MailboxUnanswered.class,
                u -> assertThat(u.probe()).isEqualTo(LittleCoreObservation.Probe.NO_ANSWER));
        Diagnosis d = booted.diagnosis().orElseThrow();
        assertThat(d.rule()).isEqualTo(BootRule.LITTLE_CORE_WITHOUT_IMAGE);
        assertThat(d.summary()).contains("No C906L image.", "CONFIG_ENABLE_FREERTOS", "cvi_rtos_cmdqu_ioctl()", "0x2");
        assertThat(d.fixes()).filteredOn(Diagnosis.Fix::verified).extracting(f -> f.edit().orElseThrow())
                .containsExactly(new ScenarioEdit.PackFreertosInFip());

        // the static check predicts the same output and verdict
        BootReport checked = Pipeline.check(s);
        assertThat(printed(checked)).isEqualTo(printed(booted));
        assertThat(checked.verdict().id()).isEqualTo("mailbox-unanswered");
    }

    @Test
    void withFreeRtosInFipTheLittleCoreAnswersDone() {
        BootReport r = boot(Preset.named("duo256m-v1-no-freertos").scenario().with(new ScenarioEdit.PackFreertosInFip()));
        assertThat(printed(r)).containsExactly("C906B: cmd.param_ptr = 0x4", "C906B: cmd.param_ptr = 0x3");
        assertThat(r.verdict().id()).isEqualTo("no-remoteproc");
        assertThat(r.consoles().get(1).lines()).contains("recv cmd(19) from C906B, param_ptr [0x2]",
                "recv cmd(19) from C906B...send [0x4] to C906B");
        assertThat(Pipeline.check(Preset.named("duo256m-v1-no-freertos").scenario().with(new ScenarioEdit.PackFreertosInFip()))
                .verdict().id()).isEqualTo("no-remoteproc");
    }

    /** A Duo (64 MiB) with its own layout and the window moved: the same rule and the same fix. */
    @Test
    void anotherBoardAndLayoutReachTheSameDiagnosis() {
        Scenario s = Preset.named("duo-v1-default").scenario().toBuilder().freertosInFip(false).mailboxTest(true)
                .edit(new ScenarioEdit.MemmapAssign("FREERTOS_SIZE", "0x100000")).build();
        BootReport r = boot(s);
        assertThat(printed(r)).containsExactly("RTOS_CMDQU_SEND_WAIT timeout", "C906B: cmd.param_ptr = 0x2",
                "C906B: cmd.param_ptr = 0x3");
        Diagnosis d = r.diagnosis().orElseThrow();
        assertThat(d.rule()).isEqualTo(BootRule.LITTLE_CORE_WITHOUT_IMAGE);
        assertThat(d.fixes()).filteredOn(Diagnosis.Fix::verified).extracting(f -> f.edit().orElseThrow())
                .containsExactly(new ScenarioEdit.PackFreertosInFip());
    }

    /** Sophgo's FreeRTOS runs, but serves none of milkv's commands (duo-buildroot-sdk-v2#43). */
    @Test
    void firmwareWithoutMilkvsCommandsRunsButDoesNotAnswer() {
        Scenario s = Preset.named("duo256m-v2-arduino-builtin").scenario().toBuilder()
                .firmware(new FirmwareChoice.Fixture(LittleCoreImage.Variant.SOPHGO)).mailboxTest(true).build();
        BootReport r = boot(s);
        assertThat(r.kernel().orElseThrow().log()).anySatisfy(l -> assertThat(l.text()).contains("is now up"));
        assertThat(printed(r)).containsExactly("RTOS_CMDQU_SEND_WAIT timeout", "C906B: cmd.param_ptr = 0x2",
                "C906B: cmd.param_ptr = 0x3");
        assertThat(r.verdict()).isInstanceOfSatisfying(Verdict.MailboxUnanswered.class,
                u -> assertThat(u.seen().image()).isEqualTo(LittleCoreObservation.Image.REMOTEPROC_FIRMWARE));
        assertThat(r.diagnosis().orElseThrow().rule()).isEqualTo(BootRule.FIRMWARE_IGNORES_CMD_DUO_LED);
        assertThat(Pipeline.check(s).diagnosis().orElseThrow().rule()).isEqualTo(BootRule.FIRMWARE_IGNORES_CMD_DUO_LED);
        // without the user's test, the same boot is a success: nothing asked the core anything it must answer
        assertThat(Pipeline.check(s.toBuilder().mailboxTest(false).build()).verdict().id()).isEqualTo("remoteproc-running");
    }

    /** An upstream kernel has no /dev/cvi-rtos-cmdqu; the vendor kernel line is the fix. */
    @Test
    void anUpstreamKernelHasNoDeviceToOpen() {
        Scenario s = Preset.named("duo256m-v2-default").scenario().toBuilder().kernel("linux-6.1", "test").mailboxTest(true).build();
        BootReport r = boot(s);
        assertThat(printed(r)).containsExactly("open failed! fd = -1");
        assertThat(r.verdict()).isInstanceOfSatisfying(Verdict.MailboxUnanswered.class,
                u -> assertThat(u.probe()).isEqualTo(LittleCoreObservation.Probe.NO_DEVICE));
        Diagnosis d = r.diagnosis().orElseThrow();
        assertThat(d.rule()).isEqualTo(BootRule.NO_RTOS_CMDQU_DEVICE);
        assertThat(d.fixes()).filteredOn(Diagnosis.Fix::verified).extracting(f -> f.edit().orElseThrow())
                .containsExactly(new ScenarioEdit.UseKernel("cvitek-5.10-c"));
    }

    /** The vendor kernel without the node: no device either, and the DTS is where to look. */
    @Test
    void aDisabledNodeHasNoDeviceEither() {
        Scenario s = Preset.named("duo256m-v2-default").scenario().toBuilder().mailboxTest(true)
                .edit(new ScenarioEdit.DeleteNode("/soc/rtos_cmdqu")).build();
        BootReport r = Pipeline.check(s);
        assertThat(printed(r)).containsExactly("open failed! fd = -1");
        Diagnosis d = r.diagnosis().orElseThrow();
        assertThat(d.rule()).isEqualTo(BootRule.NO_RTOS_CMDQU_DEVICE);
        assertThat(d.summary()).contains("no available cvitek,rtos_cmdqu node");
    }
}
