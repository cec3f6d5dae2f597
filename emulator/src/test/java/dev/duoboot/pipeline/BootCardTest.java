package dev.duoboot.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.duoboot.analysis.BootReport;
import dev.duoboot.analysis.FixCheck;
import dev.duoboot.boot.BootRule;
import dev.duoboot.boot.EmulatedBoot;
import dev.duoboot.boot.StageId;
import dev.duoboot.boot.Verdict;
import dev.duoboot.firmware.Chain;
import dev.duoboot.report.ReportText;
import dev.duoboot.scenario.Preset;
import dev.duoboot.scenario.Scenario;
import dev.duoboot.soc.RunLimits;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SD card as the board boots from it (issue 10): a card duoboot writes boots again from the
 * file, and bad cards end in the stage's own words with a verdict naming the stage, never a hang.
 * The fixture chain's U-Boot reads the card through the SD controller as the SDK's does.
 */
class BootCardTest {

    private static final RunLimits LIMITS = RunLimits.defaults().withMaxVirtualNanos(10_000_000_000L)
            .withMaxInstructions(1_000_000_000L);

    @TempDir
    Path dir;

    private static Scenario preset() {
        return Preset.named("duo256m-v2-arduino-builtin").scenario().toBuilder().chain(Chain.FIXTURES).build();
    }

    private Path written() {
        Path card = dir.resolve("sdcard.img");
        Pipeline.writeCard(preset(), card);
        return card;
    }

    private static BootReport boot(Scenario s) {
        return Pipeline.boot(s, LIMITS, FixCheck.STATIC_CHAIN);
    }

    private static BootReport bootImage(Path card) {
        return boot(preset().toBuilder().image(card.toString()).build());
    }

    @Test
    void aCardDuobootWroteBootsAgainFromTheFile() {
        BootReport direct = boot(preset());
        BootReport fromFile = bootImage(written());
        assertThat(fromFile.verdict().id()).isEqualTo("remoteproc-running").isEqualTo(direct.verdict().id());
        assertThat(fromFile.kernelLog()).isEqualTo(direct.kernelLog());
        assertThat(ReportText.render(fromFile)).contains(dir.resolve("sdcard.img") + " (the user's image, in the slot as it is",
                "read boot.sd from the SD card itself", "the card: " + dir.resolve("sdcard.img"));
    }

    @Test
    void noPartitionTableEndsInTheMaskRom() throws Exception {
        Path card = written();
        byte[] b = Files.readAllBytes(card);
        Arrays.fill(b, 446, 512, (byte) 0);
        Files.write(card, b);
        BootReport r = bootImage(card);
        assertThat(r.verdict()).isInstanceOfSatisfying(Verdict.BootStopped.class, v -> {
            assertThat(v.stage()).isEqualTo(StageId.ROM);
            assertThat(v.cause()).isEqualTo(EmulatedBoot.StopCause.NO_FIP_ON_CARD);
            assertThat(v.detail()).contains("no fip.bin to load", "sdcard.img");
        });
        assertThat(r.kernel()).isEmpty();
        assertThat(r.diagnosis().orElseThrow().rule()).isEqualTo(BootRule.CARD_NOT_BOOTABLE);
        assertThat(ReportText.render(r)).contains("kernel: not reached", "verdict: FAILED boot-stopped");
    }

    @Test
    void aCardWithoutBootSdEndsAtUbootsPromptInItsWords() throws Exception {
        Path card = written();
        byte[] b = Files.readAllBytes(card);
        int at = indexOf(b, "BOOT    SD ".getBytes(StandardCharsets.US_ASCII));
        assertThat(at).as("boot.sd's directory entry").isPositive();
        b[at] = (byte) 0xe5; // deleted, as rm on the FAT partition leaves it
        Files.write(card, b);
        BootReport r = bootImage(card);
        assertThat(r.verdict()).isInstanceOfSatisfying(Verdict.BootStopped.class, v -> {
            assertThat(v.stage()).isEqualTo(StageId.UBOOT);
            assertThat(v.cause()).isEqualTo(EmulatedBoot.StopCause.AT_PROMPT);
            assertThat(v.lastLines()).contains("** Unable to read file boot.sd **", "Failed to load 'boot.sd'");
        });
        assertThat(r.diagnosis().orElseThrow().rule()).isEqualTo(BootRule.UBOOT_BOOTCMD_FAILED);
    }

    @Test
    void aCardCutShortInsideBootSdEndsInUbootsBootm() throws Exception {
        Path card = written();
        byte[] b = Files.readAllBytes(card);
        int image = indexOf(b, "RISCV\0\0\0".getBytes(StandardCharsets.US_ASCII)); // the kernel Image in boot.sd
        assertThat(image).isPositive();
        Files.write(card, Arrays.copyOf(b, image)); // flashed, the card reads zeros from there on
        BootReport r = bootImage(card);
        assertThat(r.verdict()).isInstanceOfSatisfying(Verdict.BootStopped.class, v -> {
            assertThat(v.stage()).isEqualTo(StageId.UBOOT);
            assertThat(v.cause()).isEqualTo(EmulatedBoot.StopCause.AT_PROMPT);
            assertThat(String.join("\n", v.lastLines())).contains("Bad FIT kernel image format!", "ERROR: can't get kernel image!");
        });
    }

    @Test
    void aCardCutShortInsideFipBinEndsInFsblsCheck() throws Exception {
        Path card = written();
        byte[] b = Files.readAllBytes(card);
        int loader = indexOf(b, "BL33".getBytes(StandardCharsets.US_ASCII)); // U-Boot's header in fip.bin
        assertThat(loader).isPositive();
        Files.write(card, Arrays.copyOf(b, loader + 4096));
        BootReport r = bootImage(card);
        assertThat(r.verdict()).isInstanceOfSatisfying(Verdict.BootStopped.class, v -> {
            assertThat(v.stage()).isEqualTo(StageId.FSBL);
            assertThat(v.cause()).isEqualTo(EmulatedBoot.StopCause.PARKED);
        });
        assertThat(r.consoles().get(0).lines()).noneMatch(l -> l.contains("Jump to monitor"));
    }

    @Test
    void aCorruptFipIsRefusedByTheMaskRom() throws Exception {
        Path card = written();
        byte[] b = Files.readAllBytes(card);
        int fip = indexOf(b, "CVBL01\n".getBytes(StandardCharsets.US_ASCII)); // param1's magic
        assertThat(fip).isPositive();
        b[fip] = 'X';
        Files.write(card, b);
        BootReport r = bootImage(card);
        assertThat(r.verdict()).isInstanceOfSatisfying(Verdict.BootStopped.class, v -> {
            assertThat(v.stage()).isEqualTo(StageId.ROM);
            assertThat(v.cause()).isEqualTo(EmulatedBoot.StopCause.ROM_REFUSED);
            assertThat(v.detail()).contains("magic");
        });
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
