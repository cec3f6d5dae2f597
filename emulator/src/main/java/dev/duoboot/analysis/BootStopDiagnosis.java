package dev.duoboot.analysis;

import dev.duoboot.boot.BootRule;
import dev.duoboot.boot.ChainFirmware;
import dev.duoboot.boot.OpenSbiFixups;
import dev.duoboot.boot.StageId;
import dev.duoboot.boot.Verdict;
import dev.duoboot.firmware.StageFirmware;
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
            case AT_PROMPT -> atPrompt(in, said);
            case GUEST_RESET -> new Diagnosis(BootRule.GUEST_RESET, b.detail() + said, "-", BootRule.GUEST_RESET.source(), List.of(),
                    List.of(), Optional.empty());
            case PARKED, RUNAWAY -> b.stage() == StageId.OPENSBI && fdtInsideOpenSbi(in)
                    ? opensbiRegion(in, said)
                    : new Diagnosis(BootRule.STAGE_STOPPED, b.stage().label() + " stopped: " + b.detail() + said, "-",
                            BootRule.STAGE_STOPPED.source(), List.of(), List.of(), Optional.empty());
        };
    }

    /** U-Boot back at its prompt: what the card's boot partition lacks, where duoboot can read it. */
    private static Diagnosis atPrompt(ResolvedInputs in, String said) {
        String summary = "U-Boot's own bootcmd did not reach the kernel and it waits at its prompt" + said;
        List<Diagnosis.Fix> fixes = List.of();
        Optional<String> bootSd = in.card().flatMap(c -> c.bootFile("boot.sd").problem());
        if (bootSd.isPresent()) {
            summary = "the card has no boot.sd U-Boot's fatload can read (" + bootSd.get() + "), so sdboot fails and U-Boot waits at "
                    + "its prompt" + said;
            fixes = List.of(fix("copy the build's boot.sd (install/soc_<board>/boot.sd) onto the card's FAT boot partition"));
        }
        return new Diagnosis(BootRule.UBOOT_BOOTCMD_FAILED, summary, "-", BootRule.UBOOT_BOOTCMD_FAILED.source(), List.of(), fixes,
                Optional.empty());
    }

    private static boolean fdtInsideOpenSbi(ResolvedInputs in) {
        OpenSbiFixups.Region fw = ChainFirmware.monitorRegion(in);
        long fdt = in.mm("OPENSBI_FDT_ADDR");
        return Long.compareUnsigned(fdt, fw.base()) >= 0 && Long.compareUnsigned(fdt, fw.base() + fw.size()) < 0;
    }

    /** The U-Boot DT inside the region OpenSBI protects: it never reaches U-Boot. */
    private static Diagnosis opensbiRegion(ResolvedInputs in, String said) {
        OpenSbiFixups.Region fw = ChainFirmware.monitorRegion(in);
        long fdt = in.mm("OPENSBI_FDT_ADDR");
        String summary = String.format("OPENSBI_FDT_ADDR 0x%x lies inside the firmware region [0x%x, +0x%x) that %s protects, so it "
                + "never hands the device tree to U-Boot and stops before its banner%s", fdt, fw.base(), fw.size(),
                in.stages().opensbi().words(), said);
        List<Diagnosis.Fix> fixes = new java.util.ArrayList<>();
        if (in.stages().opensbi() == StageFirmware.OpenSbi.USERS && in.userFirmware().opensbi().isPresent()) {
            fixes.add(fix("leave out --opensbi: on this layout the real chain runs duoboot's monitor, which reserves 128 KiB as the "
                    + "SDK's OpenSBI does"));
        }
        return new Diagnosis(BootRule.OPENSBI_FDT_IN_FIRMWARE_REGION, summary, "-", BootRule.OPENSBI_FDT_IN_FIRMWARE_REGION.source(),
                List.of(), fixes, Optional.empty());
    }

    private static Diagnosis.Fix fix(String where) {
        return new Diagnosis.Fix(where, Optional.empty(), new Diagnosis.Trial.NotTried());
    }
}
