package dev.duoboot.sdk;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.LZMAInputStream;
import org.tukaani.xz.LZMAOutputStream;

/**
 * A {@code fip.bin} as the SDK's {@code fsbl/plat/cv181x/fiptool.py} writes it and FSBL reads it
 * (facts sdk-boot-flow.md section 5.3): param1 (4 KiB, magic {@code CVBL01}), BLCP and BL2
 * (FSBL), then param2 (4 KiB, magic {@code CVLD02}) and DDR_PARAM, BLCP_2ND (the little core's
 * image), MONITOR (OpenSBI) and LOADER_2ND (U-Boot, behind its 32-byte header), each padded to
 * 512 bytes. All integers little-endian; every LOADADDR is a byte offset in the file.
 *
 * <p>{@link #parse} checks the structure it needs to find everything and throws a one-line
 * {@link SdkFileException} (file, offset, field) otherwise; checksums that do not hold are
 * findings ({@link #checks()}), not errors. {@link Builder} packs an image the way fiptool's
 * {@code genfip} does.
 */
public final class FipImage {

    public static final int PARAM1_SIZE = 0x1000;
    /** param1's checksum covers [0x10, 0x800): everything before the signatures. */
    public static final int PARAM1_SIZE_WO_SIG = 0x800;
    public static final int PARAM2_SIZE = 0x1000;
    public static final int IMAGE_ALIGN = 512;
    public static final long PARAM1_MAGIC = 0x000A31304C425643L; // "CVBL01\n\0"
    public static final long PARAM2_MAGIC = 0x000A3230444C5643L; // "CVLD02\n\0"
    public static final int LOADER_2ND_HEADER_SIZE = 32;
    public static final long LOADER_2ND_MAGIC_ORIG = 0x33334C42L; // "BL33"
    public static final long LOADER_2ND_MAGIC_LZMA = 0x414D3342L; // "B3MA"
    public static final long LOADER_2ND_MAGIC_LZ4 = 0x345A3342L; // "B3Z4"
    public static final long LOADER_2ND_MAGIC_RAW = 0x20203342L; // "B3  " (FSBL's bl2.h)
    /** fip.mk's {@code BLCP_IMG_RUNADDR}: the 8051 image in RTC SRAM. */
    public static final long DEFAULT_BLCP_IMG_RUNADDR = 0x05200200L;
    /** FSBL's {@code DECOMP_DST_SIZE}: the most a compressed loader_2nd may unpack to. */
    public static final int DECOMP_DST_SIZE = 16 << 20;

    /** One field of a header: name, offset, size, and whether it is a number (else bytes). */
    public record Field(String name, int offset, int size, boolean number) {}

    /** fiptool.py {@code FIP.param1} (platform_def.h {@code struct fip_param1}). */
    public static final List<Field> PARAM1_FIELDS = layout(PARAM1_SIZE,
            "MAGIC1:8", "MAGIC2:4", "PARAM_CKSUM:4", "NAND_INFO:128b", "NOR_INFO:36b", "FIP_FLAGS:8",
            "CHIP_CONF_SIZE:4", "BLCP_IMG_CKSUM:4", "BLCP_IMG_SIZE:4", "BLCP_IMG_RUNADDR:4",
            "BLCP_PARAM_LOADADDR:4", "BLCP_PARAM_SIZE:4", "BL2_IMG_CKSUM:4", "BL2_IMG_SIZE:4", "BLD_IMG_SIZE:4",
            "PARAM2_LOADADDR:4", "RESERVED1:4", "CHIP_CONF:760b", "BL_EK:32b", "ROOT_PK:512b", "BL_PK:512b",
            "BL_PK_SIG:512b", "CHIP_CONF_SIG:512b", "BL2_IMG_SIG:512b", "BLCP_IMG_SIG:512b");

    /** fiptool.py {@code FIP.param2} (bl2.h {@code struct fip_param2}, sg200x-dev). */
    public static final List<Field> PARAM2_FIELDS = layout(PARAM2_SIZE,
            "MAGIC1:8", "PARAM2_CKSUM:4", "RESERVED1:4b",
            "DDR_PARAM_CKSUM:4", "DDR_PARAM_LOADADDR:4", "DDR_PARAM_SIZE:4", "DDR_PARAM_RESERVED:4",
            "BLCP_2ND_CKSUM:4", "BLCP_2ND_LOADADDR:4", "BLCP_2ND_SIZE:4", "BLCP_2ND_RUNADDR:4",
            "MONITOR_CKSUM:4", "MONITOR_LOADADDR:4", "MONITOR_SIZE:4", "MONITOR_RUNADDR:4",
            "LOADER_2ND_RESERVED0:4", "LOADER_2ND_LOADADDR:4", "LOADER_2ND_RESERVED1:4", "LOADER_2ND_RESERVED2:4",
            "ALIOS_BOOT_SIZE:4", "RESERVED_LAST:4012b");

    /** {@code struct loader_2nd_header} (U-Boot {@code arch/riscv/include/asm/boot0.h}). */
    public static final List<Field> LOADER_2ND_FIELDS = layout(LOADER_2ND_HEADER_SIZE,
            "JUMP0:4", "MAGIC:4", "CKSUM:4", "SIZE:4", "RUNADDR:8", "RESERVED1:4", "RESERVED2:4");

    private static List<Field> layout(int total, String... specs) {
        List<Field> out = new ArrayList<>();
        int off = 0;
        for (String spec : specs) {
            String[] p = spec.split(":");
            boolean bytes = p[1].endsWith("b");
            int size = Integer.parseInt(bytes ? p[1].substring(0, p[1].length() - 1) : p[1]);
            out.add(new Field(p[0], off, size, !bytes));
            off += size;
        }
        if (off != total) {
            throw new IllegalStateException("layout adds up to " + off + ", not " + total);
        }
        return List.copyOf(out);
    }

    /** A body: where it is in the file, its size, checksum as stored and as computed, and run address. */
    public record Body(String name, long offset, long size, long storedCksum, long actualCksum,
            Optional<Long> runaddr) {
        public boolean cksumValid() {
            return storedCksum == actualCksum;
        }

        /**
         * Whether the image was never packed: size 0 and checksum 0 (fiptool leaves an absent
         * param2 entry all zero; an empty BLCP still gets the checksum of nothing, 0xCAFE0000).
         */
        public boolean absent() {
            return size == 0 && storedCksum == 0;
        }
    }

    /** One checksum FSBL or the ROM verifies, with its outcome. */
    public record Check(String what, long stored, long computed) {
        public boolean valid() {
            return stored == computed;
        }
    }

    /** The loader_2nd header fields, where it sits, and its checksum as computed over [12, SIZE). */
    public record Loader2ndHeader(long offset, long jump0, long magic, long cksum, long size, long runaddr,
            long reserved1, long reserved2, long actualCksum) {

        public String magicText() {
            return magicText(magic);
        }

        static String magicText(long magic) {
            byte[] b = {(byte) magic, (byte) (magic >> 8), (byte) (magic >> 16), (byte) (magic >> 24)};
            StringBuilder sb = new StringBuilder();
            for (byte x : b) {
                sb.append(x >= 0x20 && x < 0x7f ? (char) x : '.');
            }
            return sb.toString();
        }

        public boolean compressedLzma() {
            return magic == LOADER_2ND_MAGIC_LZMA;
        }

        /** FSBL enters the loader 32 bytes after its run address, past the header. */
        public long entry() {
            return runaddr + LOADER_2ND_HEADER_SIZE;
        }
    }

    private final String name;
    private final byte[] data;
    private final int param2Offset;
    private final List<Body> bodies;
    private final Optional<Loader2ndHeader> loader2nd;

    private FipImage(String name, byte[] data, int param2Offset, List<Body> bodies,
            Optional<Loader2ndHeader> loader2nd) {
        this.name = name;
        this.data = data;
        this.param2Offset = param2Offset;
        this.bodies = bodies;
        this.loader2nd = loader2nd;
    }

    public static FipImage read(Path path) {
        try {
            return parse(path.toString(), Files.readAllBytes(path));
        } catch (IOException e) {
            throw new SdkFileException(path + ": cannot read: " + e.getMessage(), e);
        }
    }

    /** Reads a fip.bin as fiptool.py {@code read_fip} locates its parts, checking every bound. */
    public static FipImage parse(String name, byte[] bytes) {
        byte[] data = bytes.clone();
        if (data.length < PARAM1_SIZE) {
            throw new SdkFileException(String.format("%s: the file is %d bytes, shorter than param1 (0x%x bytes)",
                    name, data.length, PARAM1_SIZE));
        }
        if (u64(data, 0) != PARAM1_MAGIC) {
            throw new SdkFileException(String.format("%s: offset 0x0: param1 MAGIC1: expected \"CVBL01\\n\\0\", found %s",
                    name, HexFormat.ofDelimiter(" ").formatHex(data, 0, 8)));
        }
        List<Body> bodies = new ArrayList<>();
        long blcpSize = p1(data, "BLCP_IMG_SIZE");
        long bl2Size = p1(data, "BL2_IMG_SIZE");
        bodies.add(body(name, data, "BLCP", PARAM1_SIZE, blcpSize, p1(data, "BLCP_IMG_CKSUM"),
                Optional.of(p1(data, "BLCP_IMG_RUNADDR")), fieldOffset(PARAM1_FIELDS, "BLCP_IMG_SIZE"), "BLCP_IMG_SIZE"));
        bodies.add(body(name, data, "BL2", PARAM1_SIZE + blcpSize, bl2Size, p1(data, "BL2_IMG_CKSUM"),
                Optional.empty(), fieldOffset(PARAM1_FIELDS, "BL2_IMG_SIZE"), "BL2_IMG_SIZE"));

        long p2 = p1(data, "PARAM2_LOADADDR");
        if (p2 + PARAM2_SIZE > data.length) {
            throw new SdkFileException(String.format(
                    "%s: offset 0x%x: PARAM2_LOADADDR: param2 at 0x%x (0x%x bytes) reaches past the end of the %d-byte file",
                    name, fieldOffset(PARAM1_FIELDS, "PARAM2_LOADADDR"), p2, PARAM2_SIZE, data.length));
        }
        int p2off = (int) p2;
        if (u64(data, p2off) != PARAM2_MAGIC) {
            throw new SdkFileException(String.format(
                    "%s: offset 0x%x: param2 MAGIC1: expected \"CVLD02\\n\\0\", found %s (FSBL: LP2_NOMAGIC)",
                    name, p2off, HexFormat.ofDelimiter(" ").formatHex(data, p2off, p2off + 8)));
        }
        for (String part : List.of("DDR_PARAM", "BLCP_2ND", "MONITOR")) {
            Optional<Long> run = part.equals("DDR_PARAM") ? Optional.empty()
                    : Optional.of(p2(data, p2off, part + "_RUNADDR"));
            bodies.add(body(name, data, part, p2(data, p2off, part + "_LOADADDR"), p2(data, p2off, part + "_SIZE"),
                    p2(data, p2off, part + "_CKSUM"), run, p2off + fieldOffset(PARAM2_FIELDS, part + "_SIZE"),
                    part + "_SIZE"));
        }
        Optional<Loader2ndHeader> loader = Optional.empty();
        long l2 = p2(data, p2off, "LOADER_2ND_LOADADDR");
        if (l2 != 0) {
            Loader2ndHeader h = loader2ndHeader(name, data, l2, p2off);
            loader = Optional.of(h);
            bodies.add(new Body("LOADER_2ND", l2, h.size(), h.cksum(), h.actualCksum(), Optional.of(h.runaddr())));
        }
        return new FipImage(name, data, p2off, List.copyOf(bodies), loader);
    }

    private static Body body(String file, byte[] data, String part, long offset, long size, long cksum,
            Optional<Long> runaddr, int sizeFieldOffset, String sizeField) {
        if (size == 0) {
            return new Body(part, offset, 0, cksum, ImageCrc.of(new byte[0]), runaddr);
        }
        if (offset + size > data.length) {
            throw new SdkFileException(String.format(
                    "%s: offset 0x%x: %s: %s at 0x%x (0x%x bytes) reaches past the end of the %d-byte file",
                    file, sizeFieldOffset, sizeField, part, offset, size, data.length));
        }
        return new Body(part, offset, size, cksum, ImageCrc.of(data, (int) offset, (int) size), runaddr);
    }

    private static Loader2ndHeader loader2ndHeader(String file, byte[] data, long at, int p2off) {
        int fieldAt = p2off + fieldOffset(PARAM2_FIELDS, "LOADER_2ND_LOADADDR");
        if (at + LOADER_2ND_HEADER_SIZE > data.length) {
            throw new SdkFileException(String.format(
                    "%s: offset 0x%x: LOADER_2ND_LOADADDR: the 32-byte header at 0x%x reaches past the end of the %d-byte file",
                    file, fieldAt, at, data.length));
        }
        int o = (int) at;
        long magic = u32(data, o + 4);
        if (magic != LOADER_2ND_MAGIC_ORIG && magic != LOADER_2ND_MAGIC_LZMA && magic != LOADER_2ND_MAGIC_LZ4
                && magic != LOADER_2ND_MAGIC_RAW) {
            throw new SdkFileException(String.format(
                    "%s: offset 0x%x: LOADER_2ND MAGIC: expected \"BL33\", \"B3MA\", \"B3Z4\" or \"B3  \", found 0x%08x (\"%s\")",
                    file, o + 4, magic, Loader2ndHeader.magicText(magic)));
        }
        long size = u32(data, o + 12);
        if (size < 12 || at + size > data.length) {
            throw new SdkFileException(String.format(
                    "%s: offset 0x%x: LOADER_2ND SIZE: 0x%x bytes at 0x%x %s", file, o + 12, size, at,
                    size < 12 ? "is shorter than the header fields the checksum skips"
                            : "reach past the end of the " + data.length + "-byte file"));
        }
        long actual = ImageCrc.of(data, o + 12, (int) size - 12);
        return new Loader2ndHeader(at, u32(data, o), magic, u32(data, o + 8), size, u64(data, o + 16),
                u32(data, o + 24), u32(data, o + 28), actual);
    }

    public String name() {
        return name;
    }

    public byte[] bytes() {
        return data.clone();
    }

    public int size() {
        return data.length;
    }

    /** A numeric param1 field by its fiptool name. */
    public long param1(String field) {
        return p1(data, field);
    }

    /** A numeric param2 field by its fiptool name. */
    public long param2(String field) {
        return p2(data, param2Offset, field);
    }

    /** The raw bytes of a param1 field. */
    public byte[] param1Bytes(String field) {
        Field f = field(PARAM1_FIELDS, field);
        return Arrays.copyOfRange(data, f.offset(), f.offset() + f.size());
    }

    /** The raw bytes of a param2 field. */
    public byte[] param2Bytes(String field) {
        Field f = field(PARAM2_FIELDS, field);
        return Arrays.copyOfRange(data, param2Offset + f.offset(), param2Offset + f.offset() + f.size());
    }

    /** Where param2 starts ({@code PARAM2_LOADADDR}). */
    public int param2Offset() {
        return param2Offset;
    }

    /** BLCP, BL2, DDR_PARAM, BLCP_2ND, MONITOR and (when present) LOADER_2ND, in that order. */
    public List<Body> bodies() {
        return bodies;
    }

    public Optional<Body> body(String bodyName) {
        return bodies.stream().filter(b -> b.name().equals(bodyName)).findFirst();
    }

    /** A body's bytes as stored (padding included: the checksum covers it); none for an empty body. */
    public byte[] bodyBytes(Body b) {
        if (b.size() == 0) {
            return new byte[0]; // its LOADADDR may point anywhere: nothing is read from there
        }
        return Arrays.copyOfRange(data, (int) b.offset(), (int) (b.offset() + b.size()));
    }

    public Optional<Loader2ndHeader> loader2nd() {
        return loader2nd;
    }

    /**
     * Every checksum, in file order: param1, BLCP, BL2, param2, then DDR_PARAM, BLCP_2ND, MONITOR
     * and LOADER_2ND for those that are present.
     */
    public List<Check> checks() {
        List<Check> out = new ArrayList<>();
        out.add(new Check("param1 PARAM_CKSUM", p1(data, "PARAM_CKSUM"), ImageCrc.of(data, 0x10, PARAM1_SIZE_WO_SIG - 0x10)));
        for (Body b : bodies) {
            if (b.name().equals("DDR_PARAM")) {
                out.add(new Check("param2 PARAM2_CKSUM", param2("PARAM2_CKSUM"),
                        ImageCrc.of(data, param2Offset + 12, PARAM2_SIZE - 12)));
            }
            if (!b.absent()) {
                out.add(new Check(b.name() + (b.name().equals("LOADER_2ND") ? " header CKSUM" : " CKSUM"),
                        b.storedCksum(), b.actualCksum()));
            }
        }
        return out;
    }

    /**
     * What FSBL places at the loader's run address + 0x20: the bytes after the header, decompressed
     * when the magic says LZMA ({@code .lzma} "alone" format, at most {@link #DECOMP_DST_SIZE}).
     * For a raw image, the bytes up to SIZE (its padding included).
     */
    public byte[] loader2ndPayload() {
        Loader2ndHeader h = loader2nd.orElseThrow(() -> new SdkFileException(name + ": no LOADER_2ND in this fip.bin"));
        int from = (int) h.offset() + LOADER_2ND_HEADER_SIZE;
        int to = (int) (h.offset() + h.size());
        if (to < from) {
            throw new SdkFileException(String.format("%s: offset 0x%x: LOADER_2ND SIZE 0x%x is smaller than its header",
                    name, h.offset() + 12, h.size()));
        }
        if (h.magic() == LOADER_2ND_MAGIC_LZ4) {
            throw new SdkFileException(name + ": LOADER_2ND is LZ4-compressed (B3Z4), which duoboot does not unpack");
        }
        if (!h.compressedLzma()) {
            return Arrays.copyOfRange(data, from, to);
        }
        return lzmaDecompress(String.format("%s: offset 0x%x: LOADER_2ND LZMA stream", name, from),
                Arrays.copyOfRange(data, from, to), DECOMP_DST_SIZE, "FSBL's DECOMP_DST_SIZE");
    }

    /**
     * Unpacks an LZMA-alone stream (trailing padding ignored), refusing more than {@code limit}
     * bytes of output; {@code where} starts every message ("file: offset 0x..: what").
     */
    static byte[] lzmaDecompress(String where, byte[] stream, int limit, String limitName) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (InputStream in = new LZMAInputStream(new ByteArrayInputStream(stream), 64 * 1024)) {
            byte[] buf = new byte[65536];
            int n;
            while ((n = in.read(buf)) > 0) {
                out.write(buf, 0, n);
                if (out.size() > limit) {
                    throw new SdkFileException(where + ": unpacks to more than " + (limit >> 20) + " MiB (" + limitName + ")");
                }
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof SdkFileException s) {
                throw s;
            }
            throw new SdkFileException(where + ": " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
        }
        return out.toByteArray();
    }

    /**
     * Compresses as fiptool's {@code lzma_compress}: LZMA "alone" format, size unknown, end marker.
     * fiptool asks for {@code PRESET_EXTREME}, i.e. level 0 (256 KiB dictionary) with the extreme
     * flag; xz-java has no extreme flag, so the bytes differ from Python's but the format and the
     * dictionary size do not.
     */
    public static byte[] lzmaCompressAlone(byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (LZMAOutputStream z = new LZMAOutputStream(out, lzmaOptions(), -1)) {
            z.write(body);
        } catch (IOException e) {
            throw new IllegalStateException("in-memory LZMA compression failed", e);
        }
        return out.toByteArray();
    }

    private static LZMA2Options lzmaOptions() {
        try {
            return new LZMA2Options(0);
        } catch (org.tukaani.xz.UnsupportedOptionsException e) {
            throw new IllegalStateException(e);
        }
    }

    static Field field(List<Field> fields, String fieldName) {
        return fields.stream().filter(f -> f.name().equals(fieldName)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no field " + fieldName));
    }

    private static int fieldOffset(List<Field> fields, String fieldName) {
        return field(fields, fieldName).offset();
    }

    private static long p1(byte[] data, String fieldName) {
        return number(data, 0, field(PARAM1_FIELDS, fieldName));
    }

    private static long p2(byte[] data, int p2off, String fieldName) {
        return number(data, p2off, field(PARAM2_FIELDS, fieldName));
    }

    private static long number(byte[] data, int base, Field f) {
        if (!f.number()) {
            throw new IllegalArgumentException(f.name() + " is not a number");
        }
        return f.size() == 8 ? u64(data, base + f.offset()) : u32(data, base + f.offset());
    }

    static long u32(byte[] b, int o) {
        return (b[o] & 0xffL) | (b[o + 1] & 0xffL) << 8 | (b[o + 2] & 0xffL) << 16 | (b[o + 3] & 0xffL) << 24;
    }

    static long u64(byte[] b, int o) {
        return u32(b, o) | u32(b, o + 4) << 32;
    }

    static void put32(byte[] b, int o, long v) {
        for (int i = 0; i < 4; i++) {
            b[o + i] = (byte) (v >>> (8 * i));
        }
    }

    static void put64(byte[] b, int o, long v) {
        put32(b, o, v);
        put32(b, o + 4, v >>> 32);
    }

    /** How LOADER_2ND's body is stored (fiptool {@code --compress}; LZ4 is not offered). */
    public enum Compression { NONE, LZMA }

    /**
     * A 32-byte loader_2nd header for a plain loader binary (one built without U-Boot's boot0.h):
     * {@code j +0x20}, "BL33", checksum and size placeholders as boot0.h has them, the run address,
     * then {@code 0xdeadbeec} and a second {@code j} to the code at +0x20.
     */
    public static byte[] withLoader2ndHeader(byte[] body, long runaddr) {
        byte[] image = new byte[LOADER_2ND_HEADER_SIZE + body.length];
        put32(image, 0, 0x0200006fL); // jal x0, +32
        put32(image, 4, LOADER_2ND_MAGIC_ORIG);
        put32(image, 8, 0xdeadbeeaL);
        put32(image, 12, 0xdeadbeebL);
        put64(image, 16, runaddr);
        put32(image, 24, 0xdeadbeecL);
        put32(image, 28, 0x0040006fL); // jal x0, +4
        System.arraycopy(body, 0, image, LOADER_2ND_HEADER_SIZE, body.length);
        return image;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Packs a fip.bin as fiptool.py {@code genfip} does ({@code make_fip1}, then {@code append_fip2}). */
    public static final class Builder {
        private byte[] bl2;
        private int bl2Fill;
        private byte[] blcp = new byte[0];
        private long blcpRunaddr = DEFAULT_BLCP_IMG_RUNADDR;
        private byte[] chipConf = new byte[0];
        private byte[] nandInfo = new byte[0];
        private byte[] norInfo = new byte[0];
        private byte[] ddrParam = new byte[0];
        private byte[] blcp2nd = new byte[0];
        private long blcp2ndRunaddr;
        private byte[] monitor = new byte[0];
        private long monitorRunaddr;
        private byte[] loader2nd = new byte[0];
        private Compression compression = Compression.LZMA;

        private Builder() {}

        /** FSBL; required. */
        public Builder bl2(byte[] image) {
            this.bl2 = image.clone();
            return this;
        }

        /** {@code --BL2_FILL}: fill BL2 with 0xA9 up to this many bytes before padding. */
        public Builder bl2Fill(int bytes) {
            this.bl2Fill = bytes;
            return this;
        }

        public Builder blcp(byte[] image, long runaddr) {
            this.blcp = image.clone();
            this.blcpRunaddr = runaddr;
            return this;
        }

        /** CHIP_CONF register pairs; an old {@code APLB} header (8 bytes) is stripped as fiptool does. */
        public Builder chipConf(byte[] conf) {
            byte[] c = conf;
            if (c.length >= 4 && new String(c, 0, 4, StandardCharsets.ISO_8859_1).equals("APLB")) {
                c = Arrays.copyOfRange(c, Math.min(8, c.length), c.length);
            }
            this.chipConf = c.clone();
            return this;
        }

        public Builder nandInfo(byte[] info) {
            this.nandInfo = info.clone();
            return this;
        }

        public Builder norInfo(byte[] info) {
            this.norInfo = info.clone();
            return this;
        }

        public Builder ddrParam(byte[] param) {
            this.ddrParam = param.clone();
            return this;
        }

        /** The little core's image (FreeRTOS {@code cvirtos.bin}) and where FSBL puts it. */
        public Builder blcp2nd(byte[] image, long runaddr) {
            this.blcp2nd = image.clone();
            this.blcp2ndRunaddr = runaddr;
            return this;
        }

        /** OpenSBI {@code fw_dynamic.bin} and its run address ({@code MONITOR_ADDR}). */
        public Builder monitor(byte[] image, long runaddr) {
            this.monitor = image.clone();
            this.monitorRunaddr = runaddr;
            return this;
        }

        /** U-Boot with its 32-byte "BL33" header (see {@link #withLoader2ndHeader}). */
        public Builder loader2nd(byte[] imageWithHeader) {
            this.loader2nd = imageWithHeader.clone();
            return this;
        }

        public Builder compression(Compression c) {
            this.compression = c;
            return this;
        }

        public byte[] build() {
            if (bl2 == null) {
                throw new IllegalStateException("BL2 (FSBL) is required");
            }
            byte[] param1 = new byte[PARAM1_SIZE];
            put64(param1, 0, PARAM1_MAGIC);
            setBytes(param1, 0, "NAND_INFO", nandInfo, PARAM1_FIELDS);
            setBytes(param1, 0, "NOR_INFO", norInfo, PARAM1_FIELDS);
            setBytes(param1, 0, "CHIP_CONF", chipConf, PARAM1_FIELDS);
            // fiptool pads CHIP_CONF to its 760-byte entry first, so CHIP_CONF_SIZE is always 760
            setNumber(param1, 0, "CHIP_CONF_SIZE", field(PARAM1_FIELDS, "CHIP_CONF").size(), PARAM1_FIELDS);
            byte[] blcpBody = pad(blcp);
            setNumber(param1, 0, "BLCP_IMG_RUNADDR", blcpRunaddr, PARAM1_FIELDS);
            setNumber(param1, 0, "BLCP_IMG_CKSUM", ImageCrc.of(blcpBody), PARAM1_FIELDS);
            setNumber(param1, 0, "BLCP_IMG_SIZE", blcpBody.length, PARAM1_FIELDS);
            byte[] bl2Body = bl2;
            if (bl2Fill > bl2Body.length) {
                bl2Body = Arrays.copyOf(bl2Body, bl2Fill);
                Arrays.fill(bl2Body, bl2.length, bl2Fill, (byte) 0xA9);
            }
            bl2Body = pad(bl2Body);
            setNumber(param1, 0, "BL2_IMG_CKSUM", ImageCrc.of(bl2Body), PARAM1_FIELDS);
            setNumber(param1, 0, "BL2_IMG_SIZE", bl2Body.length, PARAM1_FIELDS);
            // append_fip2: param2 follows body1 directly (both already 512-aligned)
            setNumber(param1, 0, "PARAM2_LOADADDR", PARAM1_SIZE + blcpBody.length + bl2Body.length, PARAM1_FIELDS);
            setNumber(param1, 0, "PARAM_CKSUM", ImageCrc.of(param1, 0x10, PARAM1_SIZE_WO_SIG - 0x10), PARAM1_FIELDS);

            ByteArrayOutputStream fip = new ByteArrayOutputStream();
            fip.writeBytes(param1);
            fip.writeBytes(blcpBody);
            fip.writeBytes(bl2Body);
            int p2off = fip.size();
            byte[] param2 = new byte[PARAM2_SIZE];
            put64(param2, 0, PARAM2_MAGIC);
            fip.writeBytes(param2); // placeholder, filled in at the end
            appendBody(fip, param2, "DDR_PARAM", ddrParam, -1);
            appendBody(fip, param2, "BLCP_2ND", blcp2nd, blcp2ndRunaddr);
            appendBody(fip, param2, "MONITOR", monitor, monitorRunaddr);
            if (loader2nd.length > 0) {
                setNumber(param2, 0, "LOADER_2ND_LOADADDR", fip.size(), PARAM2_FIELDS);
                fip.writeBytes(loader2ndImage());
            }
            setNumber(param2, 0, "PARAM2_CKSUM", ImageCrc.of(param2, 12, PARAM2_SIZE - 12), PARAM2_FIELDS);
            byte[] out = fip.toByteArray();
            System.arraycopy(param2, 0, out, p2off, PARAM2_SIZE);
            return out;
        }

        private void appendBody(ByteArrayOutputStream fip, byte[] param2, String part, byte[] image, long runaddr) {
            if (image.length == 0) {
                return;
            }
            byte[] body = pad(image);
            setNumber(param2, 0, part + "_CKSUM", ImageCrc.of(body), PARAM2_FIELDS);
            setNumber(param2, 0, part + "_SIZE", body.length, PARAM2_FIELDS);
            setNumber(param2, 0, part + "_LOADADDR", fip.size(), PARAM2_FIELDS);
            if (runaddr >= 0) {
                setNumber(param2, 0, part + "_RUNADDR", runaddr, PARAM2_FIELDS);
            }
            fip.writeBytes(body);
        }

        /** {@code _compress_ldr_2nd} then {@code _update_ldr_2nd_hdr}. */
        private byte[] loader2ndImage() {
            if (loader2nd.length < LOADER_2ND_HEADER_SIZE || u32(loader2nd, 4) != LOADER_2ND_MAGIC_ORIG) {
                String found = loader2nd.length < 8 ? "a " + loader2nd.length + "-byte file"
                        : "\"" + Loader2ndHeader.magicText(u32(loader2nd, 4)) + "\"";
                throw new SdkFileException("LOADER_2ND: offset 0x4: loader_2nd's magic should be \"BL33\", but is "
                        + found + " (give a plain binary with its run address to get a header)");
            }
            byte[] header = Arrays.copyOf(loader2nd, LOADER_2ND_HEADER_SIZE);
            byte[] body = Arrays.copyOfRange(loader2nd, LOADER_2ND_HEADER_SIZE, loader2nd.length);
            if (compression == Compression.LZMA) {
                put32(header, 4, LOADER_2ND_MAGIC_LZMA);
                body = lzmaCompressAlone(body);
            }
            byte[] image = new byte[LOADER_2ND_HEADER_SIZE + body.length];
            System.arraycopy(header, 0, image, 0, LOADER_2ND_HEADER_SIZE);
            System.arraycopy(body, 0, image, LOADER_2ND_HEADER_SIZE, body.length);
            image = pad(image);
            put32(image, 12, image.length);
            put32(image, 8, ImageCrc.of(image, 12, image.length - 12));
            return image;
        }

        private static void setBytes(byte[] block, int base, String fieldName, byte[] value, List<Field> fields) {
            Field f = field(fields, fieldName);
            if (value.length > f.size()) {
                throw new SdkFileException(String.format("%s (%d bytes) must be <= %d bytes", fieldName, value.length,
                        f.size()));
            }
            System.arraycopy(value, 0, block, base + f.offset(), value.length);
        }

        private static void setNumber(byte[] block, int base, String fieldName, long value, List<Field> fields) {
            Field f = field(fields, fieldName);
            if (f.size() == 8) {
                put64(block, base + f.offset(), value);
            } else {
                if (value < 0 || value > 0xffffffffL) {
                    throw new SdkFileException(String.format("%s = 0x%x does not fit its 32-bit field", fieldName, value));
                }
                put32(block, base + f.offset(), value);
            }
        }

        private static byte[] pad(byte[] data) {
            int r = data.length % IMAGE_ALIGN;
            return r == 0 ? data : Arrays.copyOf(data, data.length + IMAGE_ALIGN - r);
        }
    }
}
