package dev.duoboot.sdk;

import dev.duoboot.fdt.DeviceTree;
import dev.duoboot.fdt.Dtb;
import dev.duoboot.fdt.Node;
import dev.duoboot.fdt.Property;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.zip.CRC32;
import java.util.zip.GZIPInputStream;

/**
 * A U-Boot FIT image ({@code boot.sd}): a device tree with {@code /images} (kernel, fdt,
 * ramdisk...) and {@code /configurations}, as {@code mkimage -f} makes it from the SDK's
 * {@code multi.its} ({@code build/scripts/boards_scan.py} templates) and as U-Boot's
 * {@code boot/image-fit.c} reads it. The tree itself is read and written by
 * {@link dev.duoboot.fdt.Dtb}.
 *
 * <p>Hash nodes ({@code hash*}) are verified like {@code fit_image_check_hash()}: crc16-ccitt,
 * crc32, md5, sha1, sha256, sha384, sha512 over the image's data.
 */
public final class FitImage {

    /** The SDK's FIT description ({@code multi.its}). */
    public static final String SDK_DESCRIPTION = "Various kernels, ramdisks and FDT blobs";
    private static final long MAX_UNPACKED = 256L << 20;

    /** A hash subnode: its name, algorithm, and the value stored in the image (empty before packing). */
    public record Hash(String node, String algo, byte[] value) {}

    /**
     * One {@code /images} subnode. {@code os}, {@code load} and {@code entry} are optional in FIT;
     * {@code addressCells} is how many cells load and entry take (1 or 2).
     */
    public record Image(String name, String description, String type, String arch, Optional<String> os,
            String compression, Optional<Long> load, Optional<Long> entry, int addressCells, byte[] data,
            List<Hash> hashes) {

        /** The data, unpacked when {@code compression} is lzma or gzip (U-Boot's {@code image_decomp}). */
        public byte[] uncompressedData(String file) {
            return switch (compression) {
                case "none" -> data.clone();
                case "lzma" -> unpackLzma(file, name, data);
                case "gzip" -> unpackGzip(file, name, data);
                default -> throw new SdkFileException(file + ": /images/" + name + ": compression \"" + compression
                        + "\" is not supported (none, lzma and gzip are)");
            };
        }
    }

    /** One {@code /configurations} subnode; missing references are empty. */
    public record Configuration(String name, String description, Optional<String> kernel, Optional<String> fdt,
            Optional<String> ramdisk) {}

    /** The outcome of one hash check: stored and computed value, or why it could not be computed. */
    public record HashCheck(String image, String node, String algo, String stored, Optional<String> computed) {
        public boolean valid() {
            return computed.filter(stored::equals).isPresent();
        }
    }

    private final String name;
    private final String description;
    private final Optional<Long> timestamp;
    private final List<Image> images;
    private final List<Configuration> configurations;
    private final Optional<String> defaultConfiguration;

    private FitImage(String name, String description, Optional<Long> timestamp, List<Image> images,
            List<Configuration> configurations, Optional<String> defaultConfiguration) {
        this.name = name;
        this.description = description;
        this.timestamp = timestamp;
        this.images = List.copyOf(images);
        this.configurations = List.copyOf(configurations);
        this.defaultConfiguration = defaultConfiguration;
    }

    public static FitImage read(Path path) {
        try {
            return parse(path.toString(), Files.readAllBytes(path));
        } catch (IOException e) {
            throw new SdkFileException(path + ": cannot read: " + e.getMessage(), e);
        }
    }

    /** Reads a FIT: the DTB with libfdt's checks, then the FIT structure U-Boot expects. */
    public static FitImage parse(String file, byte[] blob) {
        DeviceTree tree = Dtb.read(blob, file);
        Node root = tree.root();
        Node imagesNode = root.child("images").orElseThrow(() -> new SdkFileException(
                file + ": not a FIT image: the device tree has no /images node"));
        long fdtEnd = (Dtb.header(blob, file).totalSize() + 3) & ~3L;
        List<Image> images = new ArrayList<>();
        for (Node n : imagesNode.children()) {
            images.add(image(file, blob, fdtEnd, n));
        }
        List<Configuration> configs = new ArrayList<>();
        Optional<String> dflt = Optional.empty();
        Optional<Node> confNode = root.child("configurations");
        if (confNode.isPresent()) {
            dflt = string(confNode.get(), "default");
            for (Node c : confNode.get().children()) {
                configs.add(new Configuration(c.name(), string(c, "description").orElse(""), string(c, "kernel"),
                        string(c, "fdt"), string(c, "ramdisk")));
            }
        }
        Optional<Long> ts = root.property("timestamp").filter(p -> p.length() == 4).map(p -> p.u32(0));
        return new FitImage(file, string(root, "description").orElse(""), ts, images, configs, dflt);
    }

    private static Image image(String file, byte[] blob, long fdtEnd, Node n) {
        String where = file + ": /images/" + n.name();
        byte[] data = n.property("data").map(Property::value).orElseGet(() -> externalData(where, blob, fdtEnd, n));
        List<Hash> hashes = new ArrayList<>();
        for (Node h : n.children()) {
            if (h.name().startsWith("hash")) {
                hashes.add(new Hash(h.name(), string(h, "algo").orElse(""),
                        h.property("value").map(Property::value).orElse(new byte[0])));
            }
        }
        int cells = n.property("load").map(p -> p.length() / 4).orElse(2);
        return new Image(n.name(), string(n, "description").orElse(""), string(n, "type").orElse(""),
                string(n, "arch").orElse(""), string(n, "os"), string(n, "compression").orElse("none"),
                address(where, n, "load"), address(where, n, "entry"), cells, data, hashes);
    }

    /** mkimage -E/-p: {@code data-size} bytes at {@code data-position}, or at {@code data-offset} after the FDT. */
    private static byte[] externalData(String where, byte[] blob, long fdtEnd, Node n) {
        Optional<Long> size = n.property("data-size").filter(p -> p.length() == 4).map(p -> p.u32(0));
        if (size.isEmpty()) {
            throw new SdkFileException(where + ": image has neither 'data' nor 'data-size' (external data)");
        }
        Optional<Long> pos = n.property("data-position").filter(p -> p.length() == 4).map(p -> p.u32(0));
        Optional<Long> off = n.property("data-offset").filter(p -> p.length() == 4).map(p -> p.u32(0));
        if (pos.isEmpty() && off.isEmpty()) {
            throw new SdkFileException(where + ": external data needs 'data-position' or 'data-offset'");
        }
        long start = pos.orElseGet(() -> fdtEnd + off.get());
        if (start + size.get() > blob.length) {
            throw new SdkFileException(String.format("%s: external data 0x%x bytes at 0x%x reach past the end of the %d-byte file",
                    where, size.get(), start, blob.length));
        }
        return Arrays.copyOfRange(blob, (int) start, (int) (start + size.get()));
    }

    /** {@code fit_image_get_address}: one or two cells, as the property's length says. */
    private static Optional<Long> address(String where, Node n, String prop) {
        Optional<Property> p = n.property(prop);
        if (p.isEmpty()) {
            return Optional.empty();
        }
        int cells = p.get().length() / 4;
        if (p.get().length() % 4 != 0 || cells < 1 || cells > 2) {
            throw new SdkFileException(where + ": '" + prop + "' has " + p.get().length()
                    + " bytes; expected one or two 32-bit cells");
        }
        return Optional.of(p.get().number(0, cells));
    }

    private static Optional<String> string(Node n, String prop) {
        return n.property(prop).flatMap(Property::asString);
    }

    public String name() {
        return name;
    }

    public String description() {
        return description;
    }

    /** The root {@code timestamp} mkimage writes (seconds since 1970). */
    public Optional<Long> timestamp() {
        return timestamp;
    }

    public List<Image> images() {
        return images;
    }

    public List<Configuration> configurations() {
        return configurations;
    }

    /** {@code /configurations/default}, if any (the SDK boots an explicit {@code #config-...}). */
    public Optional<String> defaultConfiguration() {
        return defaultConfiguration;
    }

    public Optional<Image> image(String imageName) {
        return images.stream().filter(i -> i.name().equals(imageName)).findFirst();
    }

    /** A configuration by name, or the default one for an empty name (as {@code bootm addr#} does). */
    public Configuration configuration(String configName) {
        String wanted = configName.isEmpty() ? defaultConfiguration.orElseThrow(() -> new SdkFileException(
                name + ": /configurations has no 'default' and no configuration was named")) : configName;
        return configurations.stream().filter(c -> c.name().equals(wanted)).findFirst().orElseThrow(
                () -> new SdkFileException(name + ": no configuration '" + wanted + "' (have: "
                        + String.join(", ", configurations.stream().map(Configuration::name).toList()) + ")"));
    }

    /** The image a configuration names for {@code role} ("kernel", "fdt", "ramdisk"). */
    public Image imageOf(Configuration c, String role) {
        Optional<String> ref = switch (role) {
            case "kernel" -> c.kernel();
            case "fdt" -> c.fdt();
            case "ramdisk" -> c.ramdisk();
            default -> throw new IllegalArgumentException(role);
        };
        String imageName = ref.orElseThrow(() -> new SdkFileException(name + ": /configurations/" + c.name()
                + " has no '" + role + "'"));
        return image(imageName).orElseThrow(() -> new SdkFileException(name + ": /configurations/" + c.name()
                + ": " + role + " = \"" + imageName + "\" names no image under /images"));
    }

    /** Every hash node of every image, checked. */
    public List<HashCheck> checks() {
        List<HashCheck> out = new ArrayList<>();
        for (Image i : images) {
            for (Hash h : i.hashes()) {
                String stored = HexFormat.of().formatHex(h.value());
                out.add(new HashCheck(i.name(), h.node(), h.algo(), stored,
                        digest(h.algo(), i.data()).map(d -> HexFormat.of().formatHex(d))));
            }
        }
        return out;
    }

    /** U-Boot's {@code hash_algo} digests (crc values big-endian, as mkimage stores them); empty if unknown. */
    static Optional<byte[]> digest(String algo, byte[] data) {
        return switch (algo) {
            case "crc32" -> {
                CRC32 c = new CRC32();
                c.update(data);
                yield Optional.of(ByteBuffer.allocate(4).putInt((int) c.getValue()).array());
            }
            case "crc16-ccitt" -> Optional.of(ByteBuffer.allocate(2)
                    .putShort((short) ImageCrc.crc16(data, 0, data.length)).array());
            case "md5", "sha1", "sha256", "sha384", "sha512" -> {
                try {
                    String jca = algo.equals("md5") ? "MD5" : "SHA-" + algo.substring(3);
                    yield Optional.of(MessageDigest.getInstance(jca).digest(data));
                } catch (NoSuchAlgorithmException e) {
                    throw new IllegalStateException(e);
                }
            }
            default -> Optional.empty();
        };
    }

    private static byte[] unpackLzma(String file, String image, byte[] data) {
        return FipImage.lzmaDecompress(file + ": /images/" + image + ": lzma data", data, (int) MAX_UNPACKED,
                "duoboot's limit");
    }

    private static byte[] unpackGzip(String file, String image, byte[] data) {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(data))) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buf = new byte[65536];
            int n;
            while ((n = in.read(buf)) > 0) {
                out.write(buf, 0, n);
                if (out.size() > MAX_UNPACKED) {
                    throw new SdkFileException(file + ": /images/" + image
                            + ": gzip data: unpacks to more than 256 MiB (duoboot's limit)");
                }
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new SdkFileException(file + ": /images/" + image + ": gzip data: " + e.getMessage());
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Builds a FIT as {@code mkimage -f multi.its} would from the SDK's template: root
     * {@code timestamp} (set it: mkimage uses the clock or SOURCE_DATE_EPOCH), {@code description},
     * {@code #address-cells = <2>}; each hash node gets its {@code value} first, as libfdt's
     * {@code fdt_setprop} adds it. The DTB is written by {@link Dtb#write}, so the strings block
     * is in first-use order (mkimage appends "timestamp" and "value" last): same tree, other bytes.
     */
    public static final class Builder {
        private String description = SDK_DESCRIPTION;
        private long timestamp;
        private final List<Image> images = new ArrayList<>();
        private final List<Configuration> configurations = new ArrayList<>();
        private Optional<String> defaultConfiguration = Optional.empty();

        private Builder() {}

        public Builder description(String d) {
            this.description = d;
            return this;
        }

        /** Seconds since 1970 for the root {@code timestamp}. */
        public Builder timestamp(long seconds) {
            this.timestamp = seconds;
            return this;
        }

        /** Any image; its hashes' values are computed at {@link #build()}. */
        public Builder image(Image image) {
            images.add(image);
            return this;
        }

        /** The SDK's {@code kernel-1}: riscv linux kernel, loaded and entered at {@code loadAddr}, hash-2 crc32. */
        public Builder kernel(byte[] data, String compression, long loadAddr) {
            return image(new Image("kernel-1", "cvitek kernel", "kernel", "riscv", Optional.of("linux"), compression,
                    Optional.of(loadAddr), Optional.of(loadAddr), 2, data.clone(),
                    List.of(new Hash("hash-2", "crc32", new byte[0]))));
        }

        /** The SDK's {@code fdt-<chip>_<board>}: flat_dt, uncompressed, hash-1 sha256. */
        public Builder fdt(String board, byte[] dtb) {
            return image(new Image("fdt-" + board, "cvitek device tree - " + board, "flat_dt", "riscv",
                    Optional.empty(), "none", Optional.empty(), Optional.empty(), 2, dtb.clone(),
                    List.of(new Hash("hash-1", "sha256", new byte[0]))));
        }

        /** The SDK's {@code ramdisk-1}: load and entry {@code <00000000>} (one cell), hash-1 crc32. */
        public Builder ramdisk(byte[] data, String compression) {
            return image(new Image("ramdisk-1", "cvitek ramdisk", "ramdisk", "riscv", Optional.of("linux"),
                    compression, Optional.of(0L), Optional.of(0L), 1, data.clone(),
                    List.of(new Hash("hash-1", "crc32", new byte[0]))));
        }

        /** The SDK's {@code config-<chip>_<board>} over kernel-1, ramdisk-1 (if added) and fdt-<board>. */
        public Builder sdkConfiguration(String board) {
            boolean ramdisk = images.stream().anyMatch(i -> i.name().equals("ramdisk-1"));
            return configuration(new Configuration("config-" + board, "boot cvitek system with board " + board,
                    Optional.of("kernel-1"), Optional.of("fdt-" + board),
                    ramdisk ? Optional.of("ramdisk-1") : Optional.empty()));
        }

        public Builder configuration(Configuration c) {
            configurations.add(c);
            return this;
        }

        public Builder defaultConfiguration(String configName) {
            this.defaultConfiguration = Optional.of(configName);
            return this;
        }

        public byte[] build() {
            Node root = new Node("");
            root.setProperty(u32("timestamp", timestamp));
            root.setProperty(str("description", description));
            root.setProperty(u32("#address-cells", 2));
            Node imagesNode = root.addChild(new Node("images"));
            for (Image i : images) {
                Node n = imagesNode.addChild(new Node(i.name()));
                n.setProperty(str("description", i.description()));
                n.setProperty(new Property("data", i.data()));
                n.setProperty(str("type", i.type()));
                n.setProperty(str("arch", i.arch()));
                i.os().ifPresent(os -> n.setProperty(str("os", os)));
                n.setProperty(str("compression", i.compression()));
                i.load().ifPresent(a -> n.setProperty(address("load", a, i.addressCells())));
                i.entry().ifPresent(a -> n.setProperty(address("entry", a, i.addressCells())));
                for (Hash h : i.hashes()) {
                    Node hn = n.addChild(new Node(h.node()));
                    byte[] value = digest(h.algo(), i.data()).orElseThrow(() -> new SdkFileException(
                            "/images/" + i.name() + "/" + h.node() + ": unsupported hash algorithm \"" + h.algo() + "\""));
                    hn.setProperty(new Property("value", value));
                    hn.setProperty(str("algo", h.algo()));
                }
            }
            Node confs = root.addChild(new Node("configurations"));
            defaultConfiguration.ifPresent(d -> confs.setProperty(str("default", d)));
            for (Configuration c : configurations) {
                Node n = confs.addChild(new Node(c.name()));
                n.setProperty(str("description", c.description()));
                c.kernel().ifPresent(k -> n.setProperty(str("kernel", k)));
                c.ramdisk().ifPresent(r -> n.setProperty(str("ramdisk", r)));
                c.fdt().ifPresent(f -> n.setProperty(str("fdt", f)));
            }
            return Dtb.write(new DeviceTree(root));
        }

        private static Property str(String prop, String value) {
            return new Property(prop, (value + "\0").getBytes(StandardCharsets.UTF_8));
        }

        private static Property u32(String prop, long value) {
            return new Property(prop, ByteBuffer.allocate(4).putInt((int) value).array());
        }

        private static Property address(String prop, long value, int cells) {
            return new Property(prop, cells == 1 ? ByteBuffer.allocate(4).putInt((int) value).array()
                    : ByteBuffer.allocate(8).putLong(value).array());
        }
    }
}
