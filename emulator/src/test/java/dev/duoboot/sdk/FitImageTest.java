package dev.duoboot.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.duoboot.DuobootException;
import dev.duoboot.fdt.DeviceTree;
import dev.duoboot.fdt.Dtb;
import dev.duoboot.fdt.Node;
import dev.duoboot.fdt.Property;
import dev.duoboot.sdk.FitImage.Configuration;
import dev.duoboot.sdk.FitImage.HashCheck;
import dev.duoboot.sdk.FitImage.Image;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FitImageTest {

    static byte[] resource(String name) {
        try (InputStream in = FitImageTest.class.getResourceAsStream("fit/" + name)) {
            return in.readAllBytes();
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("missing test resource " + name, e);
        }
    }

    static final String BOARD = "cv1800b_milkv_duo_sd";

    /** The same content as fit/multi.its, built by us. */
    static byte[] ours() {
        return FitImage.builder().timestamp(1700000000L)
                .kernel(resource("Image"), "none", 0x80200000L)
                .fdt(BOARD, resource("board.dtb"))
                .sdkConfiguration(BOARD)
                .build();
    }

    @Test
    void readsWhatMkimageWrote() {
        FitImage fit = FitImage.parse("boot.sd", resource("boot.sd"));
        assertThat(fit.description()).isEqualTo("Various kernels, ramdisks and FDT blobs");
        assertThat(fit.timestamp()).contains(1700000000L);
        assertThat(fit.images()).extracting(Image::name).containsExactly("kernel-1", "fdt-" + BOARD);
        Image kernel = fit.image("kernel-1").orElseThrow();
        assertThat(kernel.type()).isEqualTo("kernel");
        assertThat(kernel.os()).contains("linux");
        assertThat(kernel.load()).contains(0x80200000L);
        assertThat(kernel.entry()).contains(0x80200000L);
        assertThat(kernel.data()).isEqualTo(resource("Image"));
        // values as dumpimage -l prints them for this file
        assertThat(fit.checks()).extracting(HashCheck::stored).containsExactly("57081df1",
                "d8991badb872f5b3766601b97d616dde83986df863b7020bcbaa8e02d5a2cf20");
        assertThat(fit.checks()).allMatch(HashCheck::valid);
        Configuration c = fit.configuration("config-" + BOARD);
        assertThat(fit.imageOf(c, "fdt").data()).isEqualTo(resource("board.dtb"));
        assertThat(c.ramdisk()).isEmpty();
    }

    @Test
    void buildsTheSameTreeAsMkimage() {
        DeviceTree theirs = Dtb.read(resource("boot.sd"), "boot.sd");
        DeviceTree mine = Dtb.read(ours(), "ours");
        assertThat(describe(mine.root())).isEqualTo(describe(theirs.root()));
    }

    /** Every node path with its properties in order (names and values), for tree equality. */
    static List<String> describe(Node root) {
        return root.walk().stream().map(n -> n.path() + " " + n.properties().stream()
                .map(p -> p.name() + "=" + java.util.HexFormat.of().formatHex(p.value())).toList()).toList();
    }

    @Test
    void builtImageParsesBackVerifiedAndUnpacks() {
        byte[] kernel = new byte[200_000];
        for (int i = 0; i < kernel.length; i++) {
            kernel[i] = (byte) ("Linux version 5.10.4 ".charAt(i % 21));
        }
        byte[] blob = FitImage.builder().timestamp(1)
                .kernel(FipImage.lzmaCompressAlone(kernel), "lzma", 0x80200000L)
                .ramdisk(new byte[] {1, 2, 3}, "none")
                .fdt(BOARD, resource("board.dtb"))
                .sdkConfiguration(BOARD)
                .defaultConfiguration("config-" + BOARD)
                .build();
        FitImage fit = FitImage.parse("boot.sd", blob);
        assertThat(fit.checks()).hasSize(3).allMatch(HashCheck::valid);
        Configuration c = fit.configuration("");
        assertThat(c.ramdisk()).contains("ramdisk-1");
        assertThat(fit.imageOf(c, "kernel").uncompressedData("boot.sd")).isEqualTo(kernel);
        assertThat(FitImage.builder().timestamp(1).kernel(kernel, "none", 0).build())
                .isEqualTo(FitImage.builder().timestamp(1).kernel(kernel, "none", 0).build());
    }

    @Test
    void aChangedImageFailsItsHash() {
        byte[] blob = ours();
        int at = indexOf(blob, resource("Image"));
        blob[at + 100] ^= 1;
        List<HashCheck> checks = FitImage.parse("boot.sd", blob).checks();
        assertThat(checks.get(0).valid()).isFalse();
        assertThat(checks.get(1).valid()).isTrue();
    }

    @Test
    void everyUbootHashAlgorithmIsComputed() {
        byte[] v = "123456789".getBytes(StandardCharsets.US_ASCII);
        assertThat(java.util.HexFormat.of().formatHex(FitImage.digest("crc32", v).orElseThrow())).isEqualTo("cbf43926");
        assertThat(java.util.HexFormat.of().formatHex(FitImage.digest("crc16-ccitt", v).orElseThrow())).isEqualTo("31c3");
        for (String a : List.of("md5", "sha1", "sha256", "sha384", "sha512")) {
            assertThat(FitImage.digest(a, v)).as(a).isPresent();
        }
        assertThat(FitImage.digest("blake2", v)).isEmpty();
    }

    @Test
    void errorsNameTheFileAndNode() {
        DeviceTree plain = new DeviceTree();
        plain.root().setProperty(new Property("model", "x\0".getBytes(StandardCharsets.US_ASCII)));
        assertThatThrownBy(() -> FitImage.parse("board.dtb", Dtb.write(plain))).isInstanceOf(SdkFileException.class)
                .hasMessage("board.dtb: not a FIT image: the device tree has no /images node");
        assertThatThrownBy(() -> FitImage.parse("junk.sd", new byte[100])).isInstanceOf(DuobootException.class)
                .hasMessageStartingWith("junk.sd");
        FitImage fit = FitImage.parse("boot.sd", resource("boot.sd"));
        assertThatThrownBy(() -> fit.configuration("config-nope"))
                .hasMessage("boot.sd: no configuration 'config-nope' (have: config-" + BOARD + ")");
        assertThatThrownBy(() -> fit.configuration(""))
                .hasMessage("boot.sd: /configurations has no 'default' and no configuration was named");
    }

    @Test
    void mkimagesOwnListingAgreesWithOurs(@TempDir Path dir) throws Exception {
        assumeTrue(commandExists("dumpimage"), "dumpimage (u-boot-tools) is not installed");
        Path file = dir.resolve("ours.sd");
        Files.write(file, ours());
        Process p = new ProcessBuilder("dumpimage", "-l", file.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(out).contains("Image 0 (kernel-1)", "Image 1 (fdt-" + BOARD + ")",
                "Configuration 0 (config-" + BOARD + ")", "Load Address: 0x80200000",
                "Hash value:   57081df1",
                "Hash value:   d8991badb872f5b3766601b97d616dde83986df863b7020bcbaa8e02d5a2cf20");
    }

    static boolean commandExists(String cmd) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (Files.isExecutable(Path.of(dir, cmd))) {
                return true;
            }
        }
        return false;
    }

    static int indexOf(byte[] hay, byte[] needle) {
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
