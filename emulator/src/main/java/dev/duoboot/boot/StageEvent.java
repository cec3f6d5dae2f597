package dev.duoboot.boot;

import dev.duoboot.cpu.Privilege;
import java.util.Optional;

/**
 * One thing a stage did, as data: the report's renderers make the sentences. The static chain's
 * events are predictions (what the stage's rules say it does); the emulated chain's are
 * observations (what the machine did).
 */
public sealed interface StageEvent {

    /** Static: FSBL loads the little core's image (BLCP_2ND) and releases the C906L at its vector. */
    record LittleCorePlanned(long imageBytes, long loadAddr, long vector) implements StageEvent {}

    /** Emulated: FSBL loaded the little core's image and released the C906L there. */
    record LittleCoreReleased(long addr) implements StageEvent {}

    /** FSBL had no little-core image; {@code predicted} for the static chain. */
    record NoLittleCoreImage(boolean predicted) implements StageEvent {}

    /** Static: FSBL loads OpenSBI and U-Boot and enters OpenSBI with {@code nextAddr} (U-Boot's entry). */
    record FirmwarePlanned(long monitorAddr, long loaderAddr, long nextAddr) implements StageEvent {}

    /** Emulated: FSBL loaded OpenSBI and U-Boot at these addresses. */
    record FirmwareLoaded(long monitorAddr, long loaderAddr) implements StageEvent {}

    /**
     * Emulated: the stage handed over to {@code next}, which started at {@code pc} in {@code privilege}
     * with these argument registers ({@code a2} where the hand-off passes one; the DTB's size where
     * {@code a1} is the kernel's DTB).
     */
    record Entered(StageId next, long pc, Privilege privilege, long a0, long a1, Optional<Long> a2,
            Optional<Integer> dtbBytes) implements StageEvent {}

    /** Emulated: the first store in a range of DRAM in this stage, by a hart or by the host ({@code writer}). */
    record WroteDram(long base, long size, long firstAddress, int hart, String writer) implements StageEvent {}

    /** Emulated: U-Boot relocated itself into this range (its highest stores, at the tracker's granularity). */
    record Relocated(long base, long size, long granuleBytes) implements StageEvent {}

    /** Static: OpenSBI finds the U-Boot DT at OPENSBI_FDT_ADDR, carried in its image ({@code embedded}) or placed there. */
    record ControlDt(long addr, boolean embedded) implements StageEvent {}

    /** Static: OpenSBI protects its firmware region with PMP. */
    record Protects(long base, long size) implements StageEvent {}

    /** Static: U-Boot's bootm of boot.sd, loaded at UIMAG_ADDR. */
    record Bootm(long fitAddr, String configuration, long fitBytes) implements StageEvent {}

    /**
     * Emulated: duoboot placed boot.sd at UIMAG_ADDR as U-Boot's fatload would, for a U-Boot that
     * does not read the card ({@code typed}: a real one, given the SDK's boot command at its prompt;
     * else the fixture, which reads its config block).
     */
    record BootSdPlaced(long fitAddr, String configuration, boolean typed) implements StageEvent {}

    /** U-Boot drove the SD controller itself: its own bootcmd read boot.sd from {@code card}. */
    record ReadTheCard(String card) implements StageEvent {}

    /**
     * The C906B runs duo-examples' mailbox_test through {@code device}'s /dev/cvi-rtos-cmdqu (none:
     * the kernel has no such device); {@code predicted}: by the static chain's rules, not run.
     */
    record MailboxTestRun(Optional<String> device, boolean predicted) implements StageEvent {}

    /** A line a hart printed during the stage. */
    record Printed(int hart, String line) implements StageEvent {}

    /** How the C906B's mailbox_test went. */
    record ProbeAnswer(LittleCoreObservation.Probe probe) implements StageEvent {}

    /** What the little core was seen to do (emulated) at the end of the boot. */
    record LittleCoreSeen(LittleCoreObservation seen) implements StageEvent {}

    /** A sentence from a stage's model (the device-tree edits OpenSBI and U-Boot make), as their logs would say it. */
    record Note(String text) implements StageEvent {}
}
