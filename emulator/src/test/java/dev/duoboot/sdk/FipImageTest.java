package dev.duoboot.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.duoboot.sdk.FipImage.Body;
import dev.duoboot.sdk.FipImage.Check;
import dev.duoboot.sdk.FipImage.Compression;
import dev.duoboot.sdk.FipImage.Loader2ndHeader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FipImageTest {

    static byte[] fixture(String path) {
        try (InputStream in = FipImageTest.class.getResourceAsStream("/dev/duoboot/fixtures/" + path)) {
            return in.readAllBytes();
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("missing fixture " + path, e);
        }
    }

    static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    /** U-Boot-like text: compressible, so LZMA has work to do. */
    static byte[] uboot(int n) {
        byte[] b = new byte[n];
        Random r = new Random(7);
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i % 64 < 48 ? "U-Boot 2021.10 cvitek ".charAt(i % 22) : r.nextInt(256));
        }
        return b;
    }

    static final MemoryMap DUO256M = MemmapPreset.DUO256M_V2.memoryMap();

    static byte[] pack(Compression c) {
        return FipImage.builder()
                .bl2(fixture("fsbl/cv181x/fsbl.bin"))
                .blcp2nd(fixture("littlecore/duo256m/cvirtos.bin"), DUO256M.get("FSBL_C906L_START_ADDR"))
                .monitor(random(70_001, 1), DUO256M.get("MONITOR_ADDR"))
                .loader2nd(FipImage.withLoader2ndHeader(uboot(300_000), DUO256M.get("CONFIG_SYS_TEXT_BASE")))
                .compression(c)
                .build();
    }

    @Test
    void crcIsXmodemWithTheCafeTag() {
        byte[] v = "123456789".getBytes(StandardCharsets.US_ASCII);
        assertThat(ImageCrc.crc16(v, 0, v.length)).isEqualTo(0x31C3);
        assertThat(ImageCrc.of(v)).isEqualTo(0xCAFE31C3L);
        assertThat(ImageCrc.of(new byte[0])).isEqualTo(0xCAFE0000L);
    }

    @Test
    void crcAgreesWithPythonsCrcHqx() throws Exception {
        assumeTrue(PythonCheck.available(), "python3 is not installed");
        byte[] data = random(100_000, 3);
        String out = new String(PythonCheck.run(
                "import sys,binascii; d=sys.stdin.buffer.read(); print(binascii.crc_hqx(d,0), binascii.crc_hqx(d[:777],0))",
                data), StandardCharsets.US_ASCII).strip();
        assertThat(out).isEqualTo(ImageCrc.crc16(data, 0, data.length) + " " + ImageCrc.crc16(data, 0, 777));
    }

    @Test
    void packedImageParsesBackWithEveryChecksumValid() {
        for (Compression c : Compression.values()) {
            FipImage fip = FipImage.parse("fip.bin", pack(c));
            assertThat(fip.checks()).extracting(Check::what).containsExactly("param1 PARAM_CKSUM", "BLCP CKSUM",
                    "BL2 CKSUM", "param2 PARAM2_CKSUM", "BLCP_2ND CKSUM", "MONITOR CKSUM",
                    "LOADER_2ND header CKSUM");
            assertThat(fip.checks()).allMatch(Check::valid);
        }
    }

    @Test
    void layoutFollowsFiptool() {
        byte[] bytes = pack(Compression.LZMA);
        FipImage fip = FipImage.parse("fip.bin", bytes);
        byte[] bl2 = fixture("fsbl/cv181x/fsbl.bin");
        int bl2Padded = (bl2.length + 511) / 512 * 512;
        assertThat(new String(bytes, 0, 8, StandardCharsets.ISO_8859_1)).isEqualTo("CVBL01\n\0");
        assertThat(fip.param1("CHIP_CONF_SIZE")).isEqualTo(760);
        assertThat(fip.param1("BLCP_IMG_RUNADDR")).isEqualTo(0x05200200L);
        assertThat(fip.param1("BLCP_IMG_SIZE")).isZero();
        assertThat(fip.param1("BLCP_IMG_CKSUM")).isEqualTo(0xCAFE0000L);
        assertThat(fip.param1("BL2_IMG_SIZE")).isEqualTo(bl2Padded);
        assertThat(fip.param1("PARAM2_LOADADDR")).isEqualTo(0x1000 + bl2Padded);
        assertThat(fip.param2Offset()).isEqualTo(0x1000 + bl2Padded);
        assertThat(new String(bytes, fip.param2Offset(), 8, StandardCharsets.ISO_8859_1)).isEqualTo("CVLD02\n\0");

        List<Body> bodies = fip.bodies();
        assertThat(bodies).extracting(Body::name)
                .containsExactly("BLCP", "BL2", "DDR_PARAM", "BLCP_2ND", "MONITOR", "LOADER_2ND");
        Body bl2Body = bodies.get(1);
        assertThat(bl2Body.offset()).isEqualTo(0x1000);
        assertThat(Arrays.copyOf(fip.bodyBytes(bl2Body), bl2.length)).isEqualTo(bl2);
        Body rtos = fip.body("BLCP_2ND").orElseThrow();
        assertThat(rtos.offset()).isEqualTo(fip.param2Offset() + 0x1000L);
        assertThat(rtos.runaddr()).contains(0x8fe00000L);
        Body monitor = fip.body("MONITOR").orElseThrow();
        assertThat(monitor.offset()).isEqualTo(rtos.offset() + rtos.size());
        assertThat(monitor.size()).isEqualTo(70_144); // 70001 padded to 512
        assertThat(monitor.runaddr()).contains(0x80000000L);
        Body loader = fip.body("LOADER_2ND").orElseThrow();
        assertThat(loader.offset()).isEqualTo(monitor.offset() + monitor.size());
        for (Body b : bodies) {
            assertThat(b.offset() % 512).as(b.name()).isZero();
            assertThat(b.size() % 512).as(b.name()).isZero();
        }
        assertThat(bytes.length).isEqualTo(loader.offset() + loader.size());
        assertThat(fip.param2("DDR_PARAM_SIZE")).isZero();
        assertThat(fip.body("DDR_PARAM").orElseThrow().absent()).isTrue();
    }

    @Test
    void loader2ndHeaderAndLzmaBody() {
        FipImage fip = FipImage.parse("fip.bin", pack(Compression.LZMA));
        Loader2ndHeader h = fip.loader2nd().orElseThrow();
        assertThat(h.magicText()).isEqualTo("B3MA");
        assertThat(h.runaddr()).isEqualTo(0x80200000L);
        assertThat(h.entry()).isEqualTo(0x80200020L);
        assertThat(h.jump0()).isEqualTo(0x0200006fL);
        assertThat(h.size() % 512).isZero();
        assertThat(h.size()).isLessThan(300_000); // it did compress
        assertThat(fip.loader2ndPayload()).isEqualTo(uboot(300_000));

        FipImage raw = FipImage.parse("fip.bin", pack(Compression.NONE));
        assertThat(raw.loader2nd().orElseThrow().magicText()).isEqualTo("BL33");
        assertThat(Arrays.copyOf(raw.loader2ndPayload(), 300_000)).isEqualTo(uboot(300_000));
    }

    @Test
    void lzmaStreamIsWhatPythonsLzmaFormatAloneReads() throws Exception {
        assumeTrue(PythonCheck.available(), "python3 is not installed");
        FipImage fip = FipImage.parse("fip.bin", pack(Compression.LZMA));
        Loader2ndHeader h = fip.loader2nd().orElseThrow();
        byte[] stream = Arrays.copyOfRange(fip.bytes(), (int) h.offset() + 32, (int) (h.offset() + h.size()));
        byte[] out = PythonCheck.run("import sys,lzma; d=lzma.LZMADecompressor(lzma.FORMAT_ALONE)"
                + ".decompress(sys.stdin.buffer.read()); sys.stdout.buffer.write(d)", stream);
        assertThat(out).isEqualTo(uboot(300_000));

        // and fiptool's own compressor output (PRESET_EXTREME) is what we unpack
        byte[] pythons = PythonCheck.run("import sys,lzma; z=lzma.LZMACompressor(lzma.FORMAT_ALONE, "
                + "preset=lzma.PRESET_EXTREME); sys.stdout.buffer.write(z.compress(sys.stdin.buffer.read())+z.flush())",
                uboot(300_000));
        assertThat(FipImage.lzmaDecompress("x", pythons, 1 << 24, "limit")).isEqualTo(uboot(300_000));
    }

    @Test
    void packingIsDeterministic() {
        assertThat(pack(Compression.LZMA)).isEqualTo(pack(Compression.LZMA));
    }

    @Test
    void eachChecksumCatchesAFlippedByteInWhatItCovers() {
        byte[] good = pack(Compression.NONE);
        FipImage fip = FipImage.parse("fip.bin", good);
        record Case(int offset, String check) {}
        List<Case> cases = List.of(
                new Case(0x200, "param1 PARAM_CKSUM"),
                new Case(0x1000 + 100, "BL2 CKSUM"),
                new Case(fip.param2Offset() + 0x800, "param2 PARAM2_CKSUM"),
                new Case((int) fip.body("BLCP_2ND").orElseThrow().offset() + 5, "BLCP_2ND CKSUM"),
                new Case((int) fip.body("MONITOR").orElseThrow().offset() + 70_000, "MONITOR CKSUM"),
                new Case((int) fip.body("LOADER_2ND").orElseThrow().offset() + 1000, "LOADER_2ND header CKSUM"));
        for (Case c : cases) {
            byte[] bad = good.clone();
            bad[c.offset()] ^= 0x40;
            List<Check> failed = FipImage.parse("fip.bin", bad).checks().stream().filter(x -> !x.valid()).toList();
            assertThat(failed).as(c.check()).extracting(Check::what).containsExactly(c.check());
        }
    }

    @Test
    void structuralDamageIsAOneLineError() {
        byte[] good = pack(Compression.NONE);
        FipImage fip = FipImage.parse("fip.bin", good);
        assertThatThrownBy(() -> FipImage.parse("fip.bin", Arrays.copyOf(good, 100)))
                .isInstanceOf(SdkFileException.class)
                .hasMessage("fip.bin: the file is 100 bytes, shorter than param1 (0x1000 bytes)");
        byte[] magic = good.clone();
        magic[0] = 'X';
        assertThatThrownBy(() -> FipImage.parse("fip.bin", magic))
                .hasMessage("fip.bin: offset 0x0: param1 MAGIC1: expected \"CVBL01\\n\\0\", found 58 56 42 4c 30 31 0a 00");
        byte[] p2 = good.clone();
        p2[fip.param2Offset() + 2] = 'X';
        assertThatThrownBy(() -> FipImage.parse("fip.bin", p2)).hasMessageStartingWith(
                "fip.bin: offset 0x" + Integer.toHexString(fip.param2Offset()) + ": param2 MAGIC1: expected \"CVLD02\\n\\0\"");
        byte[] cut = Arrays.copyOf(good, (int) fip.body("MONITOR").orElseThrow().offset() + 10);
        assertThatThrownBy(() -> FipImage.parse("fip.bin", cut)).hasMessageMatching(
                "fip\\.bin: offset 0x[0-9a-f]+: MONITOR_SIZE: MONITOR at 0x[0-9a-f]+ \\(0x11200 bytes\\) reaches past the end of the \\d+-byte file");
        byte[] l2 = good.clone();
        l2[(int) fip.loader2nd().orElseThrow().offset() + 4] = 'Q';
        assertThatThrownBy(() -> FipImage.parse("fip.bin", l2)).hasMessageContaining(
                "LOADER_2ND MAGIC: expected \"BL33\", \"B3MA\", \"B3Z4\" or \"B3  \", found 0x33334c51 (\"QL33\")");
    }

    @Test
    void loaderWithoutTheBl33HeaderIsRefusedAsFiptoolDoes() {
        assertThatThrownBy(() -> FipImage.builder().bl2(new byte[16]).loader2nd(uboot(100)).build())
                .isInstanceOf(SdkFileException.class)
                .hasMessageStartingWith("LOADER_2ND: offset 0x4: loader_2nd's magic should be \"BL33\"");
    }

    @Test
    void anEmptyBodyIsReadFromNowhereWhateverItsLoadaddr() {
        byte[] bytes = FipImage.builder().bl2(new byte[600]).compression(Compression.NONE).build();
        FipImage fip = FipImage.parse("fip.bin", bytes);
        int loadaddr = fip.param2Offset() + FipImage.field(FipImage.PARAM2_FIELDS, "MONITOR_LOADADDR").offset();
        FipImage.put32(bytes, loadaddr, 0xcafe0000L); // far past the end; size stays 0
        Body monitor = FipImage.parse("fip.bin", bytes).body("MONITOR").orElseThrow();
        assertThat(monitor.absent()).isTrue();
        assertThat(FipImage.parse("fip.bin", bytes).bodyBytes(monitor)).isEmpty();
    }

    @Test
    void ddrParamComesFirstAfterParam2() {
        byte[] bytes = FipImage.builder().bl2(new byte[600]).ddrParam(new byte[] {1, 2, 3})
                .monitor(new byte[10], 0x80000000L).compression(Compression.NONE).build();
        FipImage fip = FipImage.parse("fip.bin", bytes);
        assertThat(fip.param2("DDR_PARAM_LOADADDR")).isEqualTo(fip.param2Offset() + 0x1000L);
        assertThat(fip.param2("DDR_PARAM_SIZE")).isEqualTo(512);
        assertThat(fip.param2("MONITOR_LOADADDR")).isEqualTo(fip.param2Offset() + 0x1200L);
        assertThat(fip.loader2nd()).isEmpty();
        assertThat(fip.checks()).allMatch(Check::valid).extracting(Check::what).contains("DDR_PARAM CKSUM");
    }

    @Test
    void fixtureFsblGetsTheMemmapPatchedIn() {
        byte[] bl2 = fixture("fsbl/cv180x/fsbl.bin");
        assertThat(FsblConfig.isFixture(bl2)).isTrue();
        FsblConfig duo = FsblConfig.from(MemmapPreset.DUO_V2.memoryMap());
        assertThat(duo).isEqualTo(new FsblConfig(0x80000000L, 0x4000000L, 0x80040000L, 0x04140000L));
        byte[] patched = duo.patchInto(bl2);
        assertThat(FsblConfig.readFrom(patched)).contains(duo);
        assertThat(patched).hasSameSizeAs(bl2);
        assertThat(FsblConfig.isFixture(new byte[64])).isFalse();
        assertThatThrownBy(() -> duo.patchInto(new byte[64])).isInstanceOf(SdkFileException.class);
    }
}
