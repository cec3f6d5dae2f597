package dev.duoboot.boot;

import dev.duoboot.linux.RemoteprocOutcome;
import dev.duoboot.linux.RprocState;
import dev.duoboot.scenario.FirmwareChoice;
import dev.duoboot.scenario.ResolvedInputs;
import dev.duoboot.scenario.RprocDriverChoice;
import dev.duoboot.sdk.FipImage;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Whose code the little core runs, and what that means for the verdict. The emulated chain
 * observes it ({@link LittleCoreProbe}); the static chain predicts it by the same rules the
 * machine follows ({@link StaticSoc}): the C906L starts at the SEC_SYS vector when its reset is
 * released (FSBL's FSBL_C906L_START_ADDR, or the ELF entry when the driver programs it) and runs
 * whatever lies there last, unless it was not restarted after remoteproc's load.
 */
final class LittleCoreFate {

    private LittleCoreFate() {}

    /** FSBL's little-core image: where it lies. */
    record Loaded(long base, long size) {
        boolean contains(long pc) {
            return Long.compareUnsigned(pc, base) >= 0 && Long.compareUnsigned(pc, base + size) < 0;
        }

        String range() {
            return String.format("[0x%x, +0x%x)", base, size);
        }
    }

    /** The image FSBL loads for the C906L, if fip.bin has one: the user's fip.bin's BLCP_2ND, or duoboot's. */
    static Optional<Loaded> fsblImage(ResolvedInputs in) {
        if (in.fip().isPresent()) {
            FipImage fip = in.fip().get();
            return fip.body("BLCP_2ND").filter(b -> !b.absent())
                    .map(b -> new Loaded(fip.param2("BLCP_2ND_RUNADDR"), fip.bodyBytes(b).length));
        }
        return in.fipLittleCore().map(b -> new Loaded(in.mm("FREERTOS_ADDR"), b.length));
    }

    /**
     * Static: whether the core is out of reset, where it started last and whose code is there, as
     * the SoC's rules applied to every register write of the stages and the kernel model say
     * ({@link StaticSoc}).
     */
    static LittleCoreObservation predict(ResolvedInputs in, KernelOutcome k, StaticSoc soc) {
        return classify(soc.littleCoreReleased(), soc.littleCoreStart(), OptionalLong.empty(), k, fsblImage(in),
                LittleCoreObservation.Probe.NOT_PROBED, soc.littleCoreRestartedSinceLoad());
    }

    /**
     * Which image holds {@code pc}: remoteproc's segments were written last, so they win where both
     * lie, provided the core was restarted after they were written; a core that was not runs on
     * from the start it had, whatever now lies under it.
     */
    static LittleCoreObservation classify(boolean released, long pc, OptionalLong instructions, KernelOutcome k,
            Optional<Loaded> fsbl, LittleCoreObservation.Probe probe, boolean restartedSinceLoad) {
        if (released) {
            Optional<Loaded> segment = k.report().remoteproc().map(RemoteprocOutcome::segments).orElse(java.util.List.of()).stream()
                    .map(s -> new Loaded(s.phys(), s.memsz())).filter(s -> s.contains(pc)).findFirst();
            if (segment.isPresent() && restartedSinceLoad) {
                return new LittleCoreObservation(true, pc, instructions, LittleCoreObservation.Image.REMOTEPROC_FIRMWARE,
                        Optional.of(segment.get().range()), probe);
            }
            if (fsbl.isPresent() && fsbl.get().contains(pc)) {
                return new LittleCoreObservation(true, pc, instructions, segment.isPresent()
                        ? LittleCoreObservation.Image.NOT_RESTARTED : LittleCoreObservation.Image.FSBL_IMAGE,
                        Optional.of(fsbl.get().range()), probe);
            }
            if (segment.isPresent()) {
                return new LittleCoreObservation(true, pc, instructions, LittleCoreObservation.Image.NOT_RESTARTED,
                        Optional.of(segment.get().range()), probe);
            }
        }
        return new LittleCoreObservation(released, pc, instructions, LittleCoreObservation.Image.NONE, Optional.empty(), probe);
    }

    /**
     * Static: how mailbox_test goes, where the rules tell: no device, or no code on the C906L to
     * answer; duoboot's own images answer. Whether another firmware serves CMD_DUO_LED only a boot
     * shows (NOT_PROBED).
     */
    static LittleCoreObservation.Probe predictProbe(ResolvedInputs in, KernelOutcome k, LittleCoreObservation o) {
        if (k.rtosCmdquNode().isEmpty()) {
            return LittleCoreObservation.Probe.NO_DEVICE;
        }
        if (!o.ran() || o.image() == LittleCoreObservation.Image.NONE) {
            return LittleCoreObservation.Probe.NO_ANSWER;
        }
        if (o.image() == LittleCoreObservation.Image.FSBL_IMAGE) {
            return in.fip().isEmpty() ? LittleCoreObservation.Probe.ANSWERED : LittleCoreObservation.Probe.NOT_PROBED;
        }
        return in.firmware().choice() instanceof FirmwareChoice.Fixture f
                ? f.variant().servesMailboxTest() ? LittleCoreObservation.Probe.ANSWERED : LittleCoreObservation.Probe.NO_ANSWER
                : LittleCoreObservation.Probe.NOT_PROBED;
    }

    /**
     * The boot's verdict: the kernel stage's, unless the little core's fate contradicts it. A core
     * remoteproc reports up must run the firmware remoteproc loaded; a core FSBL released (with no
     * remoteproc start) must run FSBL's image; and where the user runs mailbox_test, something must
     * answer it.
     */
    static Verdict decide(Verdict kernel, LittleCoreObservation o, boolean fsblHadImage, boolean mailboxTest) {
        Verdict v = fate(kernel, o, fsblHadImage);
        boolean unanswered = switch (o.probe()) {
            case NO_ANSWER, WRONG_ANSWER, MAILBOX_FULL, NO_DEVICE -> true;
            case ANSWERED, NOT_PROBED -> false;
        };
        return mailboxTest && v.success() && unanswered ? new Verdict.MailboxUnanswered(o.probe(), o) : v;
    }

    private static Verdict fate(Verdict kernel, LittleCoreObservation o, boolean fsblHadImage) {
        return switch (kernel) {
            case Verdict.RemoteprocRunning r -> o.image() == LittleCoreObservation.Image.REMOTEPROC_FIRMWARE && o.ran()
                    ? r : new Verdict.RemoteprocOtherImage(r.device(), o.image(), o.pc());
            case Verdict.NoRemoteproc n -> fsblRuns(kernel, o, fsblHadImage);
            case Verdict.RemoteprocNotStarted n -> fsblRuns(kernel, o, fsblHadImage);
            default -> kernel;
        };
    }

    private static Verdict fsblRuns(Verdict kernel, LittleCoreObservation o, boolean fsblHadImage) {
        if (!fsblHadImage) {
            return kernel;
        }
        return o.image() == LittleCoreObservation.Image.FSBL_IMAGE && o.ran()
                ? kernel : new Verdict.LittleCoreNotRunning(LittleCoreObservation.Image.FSBL_IMAGE, o);
    }
}
