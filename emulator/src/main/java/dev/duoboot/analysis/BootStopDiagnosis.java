package dev.duoboot.analysis;

import dev.duoboot.boot.BootRule;
import dev.duoboot.boot.Verdict;
import dev.duoboot.scenario.ResolvedInputs;
import java.util.List;
import java.util.Optional;

/**
 * Why a boot ended before the kernel, from what the stage did and what the card holds: the mask
 * ROM without a loadable fip.bin, U-Boot back at its prompt, the guest resetting the SoC. The
 * stage's own words are in the verdict's last lines; this says which fact of the inputs led there.
 */
final class BootStopDiagnosis {

    private BootStopDiagnosis() {}

    static Diagnosis of(ResolvedInputs in, Verdict.BootStopped b) {
        String said = b.lastLines().isEmpty() ? "" : " (its last words: " + String.join(" / ", b.lastLines()) + ")";
        return switch (b.cause()) {
            case NO_FIP_ON_CARD, ROM_REFUSED -> new Diagnosis(BootRule.CARD_NOT_BOOTABLE, b.detail(), "-", BootRule.CARD_NOT_BOOTABLE.source(),
                    List.of(), List.of(fix("write the whole SDK image (sdcard.img) to the card, so that partition 1 is the FAT boot "
                            + "partition holding the fip.bin the build made")), Optional.empty());
            case AT_PROMPT -> new Diagnosis(BootRule.UBOOT_BOOTCMD_FAILED, "U-Boot's own bootcmd did not reach the kernel and it waits "
                    + "at its prompt" + said, "-", BootRule.UBOOT_BOOTCMD_FAILED.source(), List.of(), List.of(), Optional.empty());
            case GUEST_RESET -> new Diagnosis(BootRule.GUEST_RESET, b.detail() + said, "-", BootRule.GUEST_RESET.source(), List.of(),
                    List.of(), Optional.empty());
            case PARKED, RUNAWAY -> new Diagnosis(BootRule.STAGE_STOPPED, b.stage().label() + " stopped: " + b.detail() + said, "-",
                    BootRule.STAGE_STOPPED.source(), List.of(), List.of(), Optional.empty());
        };
    }

    private static Diagnosis.Fix fix(String where) {
        return new Diagnosis.Fix(where, Optional.empty(), new Diagnosis.Trial.NotTried());
    }
}
