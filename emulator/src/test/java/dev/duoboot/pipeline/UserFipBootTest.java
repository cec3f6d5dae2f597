package dev.duoboot.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.duoboot.analysis.BootReport;
import dev.duoboot.analysis.FixCheck;
import dev.duoboot.firmware.BootImages;
import dev.duoboot.firmware.Chain;
import dev.duoboot.firmware.FixtureImages;
import dev.duoboot.firmware.FsblChoice;
import dev.duoboot.firmware.LittleCoreImage;
import dev.duoboot.report.ReportText;
import dev.duoboot.scenario.Inputs;
import dev.duoboot.scenario.Preset;
import dev.duoboot.scenario.Scenario;
import dev.duoboot.sdk.FipImage;
import dev.duoboot.sdk.MemmapPreset;
import dev.duoboot.soc.RunLimits;
import dev.duoboot.unicorn.Unicorn;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code boot --fip}: a fip.bin packed the SDK way (LZMA U-Boot) boots behind duoboot's FSBL; and
 * {@code --opensbi}/{@code --uboot}: the user's binaries take the chain's places in fip.bin.
 */
class UserFipBootTest {

    @Test
    void anLzmaPackedFipBootsToTheKernel(@TempDir Path tmp) throws Exception {
        assumeTrue(Unicorn.unavailableReason().isEmpty(), "libunicorn2 is not installed");
        assumeTrue(Files.exists(BootImages.DEBIAN_OPENSBI) && Files.exists(BootImages.DEBIAN_UBOOT),
                "Debian packages opensbi and u-boot-qemu are not installed");
        long freertos = MemmapPreset.DUO256M_V2.memoryMap().get("FREERTOS_ADDR");
        byte[] fip = FipImage.builder()
                .bl2(FixtureImages.fsbl("cv181x"))
                .ddrParam(new byte[0x2000])
                .blcp2nd(LittleCoreImage.linkedAt("duo256m", LittleCoreImage.Variant.CVIRTOS, freertos).rawBinary(), freertos)
                .monitor(Files.readAllBytes(BootImages.DEBIAN_OPENSBI), 0x80000000L)
                // Debian's U-Boot runs from its first byte: the header goes 32 bytes below 0x80200000
                .loader2nd(FipImage.withLoader2ndHeader(Files.readAllBytes(BootImages.DEBIAN_UBOOT), 0x801fffe0L))
                .compression(FipImage.Compression.LZMA)
                .build();
        assertThat(FipImage.parse("fip.bin", fip).loader2nd().orElseThrow().compressedLzma()).isTrue();
        Path file = tmp.resolve("fip.bin");
        Files.write(file, fip);
        Scenario s = Preset.named("duo256m-v2-default").scenario().toBuilder().fip(file.toString()).fsbl(FsblChoice.DUOBOOT)
                .files(p -> Preset.files().read(p).or(() -> readDisk(p))).build();
        BootReport r = Pipeline.boot(s, RunLimits.defaults().withMaxVirtualNanos(10_000_000_000L), FixCheck.STATIC_CHAIN);
        String text = ReportText.render(r);
        assertThat(r.unmet()).isEmpty();
        assertThat(text).contains("U-Boot 2023.01", "Starting kernel ...", "the C906L answered");
    }

    /** A fip.bin as a user's build leaves it: its BL2 is duoboot's FSBL fixture, patched for the layout. */
    private static byte[] usersFip(FipImage.Compression compression) throws Exception {
        dev.duoboot.sdk.MemoryMap map = MemmapPreset.DUO256M_V2.memoryMap();
        long freertos = map.get("FREERTOS_ADDR");
        return FipImage.builder()
                .bl2(dev.duoboot.sdk.FsblConfig.from(map).patchInto(FixtureImages.fsbl("cv181x")))
                .ddrParam(new byte[0x2000])
                .blcp2nd(LittleCoreImage.linkedAt("duo256m", LittleCoreImage.Variant.CVIRTOS, freertos).rawBinary(), freertos)
                .monitor(Files.readAllBytes(BootImages.DEBIAN_OPENSBI), 0x80000000L)
                .loader2nd(FipImage.withLoader2ndHeader(Files.readAllBytes(BootImages.DEBIAN_UBOOT), 0x801fffe0L))
                .compression(compression)
                .build();
    }

    @Test
    void byDefaultTheFipBootsWithItsOwnFsblFromTheMaskRomModel(@TempDir Path tmp) throws Exception {
        assumeTrue(Unicorn.unavailableReason().isEmpty(), "libunicorn2 is not installed");
        assumeTrue(Files.exists(BootImages.DEBIAN_OPENSBI) && Files.exists(BootImages.DEBIAN_UBOOT),
                "Debian packages opensbi and u-boot-qemu are not installed");
        Path file = tmp.resolve("fip.bin");
        byte[] fip = usersFip(FipImage.Compression.NONE);
        Files.write(file, fip);
        Scenario s = Preset.named("duo256m-v2-default").scenario().toBuilder().fip(file.toString())
                .files(p -> Preset.files().read(p).or(() -> readDisk(p))).build();
        assertThat(s.fsbl()).isEqualTo(FsblChoice.USER);
        // the card holds the user's fip.bin byte for byte
        assertThat(dev.duoboot.firmware.BootImages.fromUserFip(s.board().orElseThrow(), MemmapPreset.DUO256M_V2.memoryMap(),
                FipImage.parse("fip.bin", fip), FsblChoice.USER, new byte[0], new byte[0]).fip()).isEqualTo(fip);
        BootReport r = Pipeline.boot(s, RunLimits.defaults().withMaxVirtualNanos(10_000_000_000L), FixCheck.STATIC_CHAIN);
        String text = ReportText.render(r);
        assertThat(r.unmet()).isEmpty();
        assertThat(text).contains(file + " (as it is: its own FSBL from the mask ROM model)", "st_on_reason=0\n",
                "DDR BIST PASS", "U-Boot 2023.01", "Starting kernel ...");
    }

    @Test
    void theFixtureFsblInTheUsersFipRefusesAnLzmaUbootThatDuobootsFsblWouldTake(@TempDir Path tmp) throws Exception {
        assumeTrue(Unicorn.unavailableReason().isEmpty(), "libunicorn2 is not installed");
        assumeTrue(Files.exists(BootImages.DEBIAN_OPENSBI) && Files.exists(BootImages.DEBIAN_UBOOT),
                "Debian packages opensbi and u-boot-qemu are not installed");
        Path file = tmp.resolve("fip.bin");
        Files.write(file, usersFip(FipImage.Compression.LZMA));
        Scenario s = Preset.named("duo256m-v2-default").scenario().toBuilder().fip(file.toString())
                .files(p -> Preset.files().read(p).or(() -> readDisk(p))).build();
        RunLimits limits = RunLimits.defaults().withMaxVirtualNanos(10_000_000_000L);
        // the fixture FSBL parks itself after its panic: the boot ends in FSBL, in its words
        BootReport refused = Pipeline.boot(s, limits, FixCheck.STATIC_CHAIN);
        assertThat(refused.verdict()).isInstanceOfSatisfying(dev.duoboot.boot.Verdict.BootStopped.class, v -> {
            assertThat(v.stage()).isEqualTo(dev.duoboot.boot.StageId.FSBL);
            assertThat(v.lastLines()).last().isEqualTo("E:FSBL panic, halting.");
        });
        BootReport ours = Pipeline.boot(s.toBuilder().fsbl(FsblChoice.DUOBOOT).build(), limits, FixCheck.STATIC_CHAIN);
        assertThat(ReportText.render(ours)).contains("(its images behind duoboot's FSBL)", "Starting kernel ...");
    }

    @Test
    void theUsersOpenSbiAndUbootReplaceTheFixtureChainsOwn() {
        assumeTrue(Unicorn.unavailableReason().isEmpty(), "libunicorn2 is not installed");
        assumeTrue(Files.exists(BootImages.DEBIAN_OPENSBI) && Files.exists(BootImages.DEBIAN_UBOOT),
                "Debian packages opensbi and u-boot-qemu are not installed");
        Scenario base = Preset.named("duo256m-v2-arduino-builtin").scenario().toBuilder().chain(Chain.FIXTURES)
                .files(p -> Preset.files().read(p).or(() -> readDisk(p))).build();
        RunLimits limits = RunLimits.defaults().withMaxVirtualNanos(10_000_000_000L);
        BootReport r = Pipeline.boot(base.toBuilder().opensbi(BootImages.DEBIAN_OPENSBI.toString()).uboot(BootImages.DEBIAN_UBOOT.toString())
                .build(), limits, FixCheck.STATIC_CHAIN);
        String text = ReportText.render(r);
        r.assertAsExpected();
        assertThat(text).contains("OpenSBI v1.1", "U-Boot 2023.01", "remote processor c906l_rproc@0 is now up",
                "the C906L answered", "(LOADER_2ND, in place of the chain's)").doesNotContain("duoboot monitor");
        // only U-Boot replaced: the fixture monitor still runs before Debian's U-Boot
        String mixed = ReportText.render(Pipeline.boot(base.toBuilder().uboot(BootImages.DEBIAN_UBOOT.toString()).build(), limits,
                FixCheck.STATIC_CHAIN));
        assertThat(mixed).contains("duoboot monitor", "U-Boot 2023.01", "remote processor c906l_rproc@0 is now up");
    }

    @Test
    void aPartThatIsAnElfOrComesWithAFipIsBadInput(@TempDir Path tmp) throws Exception {
        Path elf = tmp.resolve("fw_dynamic.elf");
        Files.write(elf, LittleCoreImage.linkedAt("duo256m", LittleCoreImage.Variant.CVIRTOS, 0x8fe00000L).elf());
        Scenario s = Preset.named("duo256m-v2-default").scenario().toBuilder().files(p -> Preset.files().read(p).or(() -> readDisk(p)))
                .build();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Inputs.resolve(s.toBuilder().opensbi(elf.toString()).build()))
                .hasMessage(elf + ": offset 0x0: an ELF file, expected the raw OpenSBI fw_dynamic.bin"
                        + " (the .bin the build makes, or objcopy -O binary)");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Inputs.resolve(s.toBuilder().fip("fip.bin").uboot(elf.toString()).build()))
                .hasMessage("give a fip.bin or OpenSBI/U-Boot binaries for one, not both");
    }

    private static java.util.Optional<byte[]> readDisk(String p) {
        try {
            return Files.exists(Path.of(p)) ? java.util.Optional.of(Files.readAllBytes(Path.of(p))) : java.util.Optional.empty();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
