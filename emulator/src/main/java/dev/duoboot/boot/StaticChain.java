package dev.duoboot.boot;

import dev.duoboot.DuobootException;
import dev.duoboot.firmware.BootCard;
import dev.duoboot.scenario.ResolvedInputs;
import dev.duoboot.soc.Machine;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The boot chain without emulation: each stage's static counterpart ({@link Stage#simulate}) in
 * boot order, computed by the same rules duoboot's fixture stages implement (FSBL's loads,
 * {@link OpenSbiFixups}, {@link UbootBootm}); then the kernel model, with a memory of its own.
 */
public final class StaticChain implements BootChain {

    @Override
    public Kind kind() {
        return Kind.STATIC;
    }

    @Override
    public BootRecord boot(ResolvedInputs in) {
        if (in.card().isPresent() && in.fip().isEmpty()) {
            BootCard c = in.card().get();
            throw new DuobootException(c.name() + ": no fip.bin to check on its boot partition ("
                    + c.bootFile("fip.bin").problem().orElse("it does not parse, or a checksum fails") + "); duoboot boot runs the card as the board would");
        }
        if (in.memmap().failedAssert().isPresent()) {
            return BuildStop.record(kind(), in, in.memmap().failedAssert().get());
        }
        StaticBoot boot = new StaticBoot(in);
        List<StageRecord> stages = new ArrayList<>();
        for (Stage s : Stage.BEFORE_KERNEL) {
            stages.add(s.simulate(boot));
        }
        KernelOutcome k = KernelStage.enter(in, boot.kernelDt().orElseThrow(), boot.kernelDtAddr(), boot.dram());
        LittleCoreObservation little = LittleCoreFate.predict(in, k, boot.dram());
        if (in.scenario().mailboxTest()) {
            LittleCoreObservation.Probe probe = LittleCoreFate.predictProbe(in, k, little);
            little = little.withProbe(probe);
            stages.add(mailboxTest(k, probe));
        }
        Verdict verdict = LittleCoreFate.decide(k.verdict(), little, LittleCoreFate.fsblImage(in).isPresent(),
                in.scenario().mailboxTest());
        return new BootRecord(kind(), stages, List.of(), Optional.of(k), Optional.of(little), verdict);
    }

    /** The user's mailbox_test as the rules predict it: its output, or why only a boot can tell. */
    private static StageRecord mailboxTest(KernelOutcome k, LittleCoreObservation.Probe probe) {
        List<StageEvent> events = new ArrayList<>();
        events.add(new StageEvent.MailboxTestRun(k.rtosCmdquNode(), true));
        if (probe == LittleCoreObservation.Probe.NOT_PROBED) {
            events.add(new StageEvent.Note("whether this firmware answers CMD_DUO_LED shows in a boot (duoboot boot)"));
        } else {
            MailboxTest.output(probe, MailboxTest.DUO_LED_DONE).forEach(l -> events.add(new StageEvent.Printed(Machine.HART_C906B, l)));
            events.add(new StageEvent.ProbeAnswer(probe));
        }
        return new StageRecord(StageId.LITTLE_CORE, events, new MemoryView("C906L", List.of()), Optional.empty());
    }
}
