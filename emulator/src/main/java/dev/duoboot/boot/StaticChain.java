package dev.duoboot.boot;

import dev.duoboot.scenario.ResolvedInputs;
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
        if (in.memmap().failedAssert().isPresent()) {
            return BuildStop.record(kind(), in, in.memmap().failedAssert().get());
        }
        StaticBoot boot = new StaticBoot(in);
        List<StageRecord> stages = new ArrayList<>();
        for (Stage s : Stage.BEFORE_KERNEL) {
            stages.add(s.simulate(boot));
        }
        KernelOutcome k = KernelStage.enter(in, boot.kernelDt().orElseThrow(), boot.kernelDtAddr(), boot.dram());
        LittleCoreObservation little = LittleCoreFate.predict(in, k);
        Verdict verdict = LittleCoreFate.decide(k.verdict(), little, LittleCoreFate.fsblImage(in).isPresent());
        return new BootRecord(kind(), stages, List.of(), k, Optional.of(little), verdict);
    }
}
