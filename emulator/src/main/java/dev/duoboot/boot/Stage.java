package dev.duoboot.boot;

import dev.duoboot.soc.HartView;
import java.util.List;
import java.util.Optional;

/**
 * One boot stage before the kernel, whole: how the emulated machine enters it (the hand-off duoboot
 * watches for), what it did as the report tells it afterwards, and its static counterpart (what
 * the static chain computes for it instead of running it). The kernel is entered the same way but
 * is a model of its own ({@link KernelStage}).
 */
public sealed interface Stage permits FsblStage, OpenSbiStage, UbootStage {

    /** The stages before the kernel, in boot order. */
    List<Stage> BEFORE_KERNEL = List.of(new FsblStage(), new OpenSbiStage(), new UbootStage());

    StageId id();

    /** Emulated: the addresses where a hart may enter this stage (none for FSBL, which the mask ROM enters). */
    List<Long> entryAddresses(EmulatedBoot boot);

    /**
     * Emulated: whether {@code hart}, about to execute its pc (one of {@link #entryAddresses}), is
     * entering this stage now, and if so the device tree it brings ({@code a1}, or the one the stage
     * finds in memory).
     */
    Optional<Arrival> recognise(EmulatedBoot boot, HartView hart);

    /** What a stage is entered with: the device tree handed to it, if any. */
    record Arrival(Optional<byte[]> deviceTree) {}

    /** Emulated: what happens from outside as the stage begins (U-Boot: boot.sd placed, commands typed). */
    default void entered(EmulatedBoot boot) {}

    /** Emulated: what the stage did, once the boot has passed it. */
    StageRecord describe(EmulatedBoot boot);

    /** Static: what the stage does, computed from the inputs and the stages before it. */
    StageRecord simulate(StaticBoot boot);
}
