package dev.duoboot.cli;

import dev.duoboot.DuobootException;
import dev.duoboot.sdk.FipImage;
import dev.duoboot.sdk.FipImage.Body;
import dev.duoboot.sdk.FipImage.Check;
import dev.duoboot.sdk.FipImage.Compression;
import dev.duoboot.sdk.FipImage.Field;
import dev.duoboot.sdk.FipImage.Loader2ndHeader;
import dev.duoboot.sdk.FsblConfig;
import dev.duoboot.sdk.MemoryMap;
import dev.duoboot.sdk.SdkFileException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code duoboot fip pack|info}: the SDK's fip.bin, as fiptool.py writes it and FSBL reads it. */
@Command(name = "fip", mixinStandardHelpOptions = true,
        description = "Packs or inspects a fip.bin (FSBL, the little core's image, OpenSBI, U-Boot).",
        subcommands = {FipCommand.Pack.class, FipCommand.Info.class})
public final class FipCommand {

    /** {@code fip pack}: fiptool.py genfip. */
    @Command(name = "pack", mixinStandardHelpOptions = true,
            description = {"Packs a fip.bin as fiptool.py genfip does, then prints it as 'fip info' does.",
                    "Run addresses come from --memmap/--preset (FSBL_C906L_START_ADDR, MONITOR_ADDR,"
                            + " CONFIG_SYS_TEXT_BASE) unless given. With a layout, the duoboot FSBL fixture gets"
                            + " DRAM_BASE/DRAM_SIZE/OPENSBI_FDT_ADDR patched in."})
    public static final class Pack implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        MemmapSource layout;

        @Option(names = {"--bl2", "--BL2"}, required = true, paramLabel = "FILE", description = "FSBL (fsbl.bin)")
        Path bl2;

        @Option(names = {"--blcp", "--BLCP"}, paramLabel = "FILE", description = "the 8051 image (BLCP)")
        Path blcp;

        @Option(names = {"--blcp-img-runaddr", "--BLCP_IMG_RUNADDR"}, paramLabel = "ADDR", converter = HexNumber.class,
                description = "BLCP run address (default 0x05200200, as fip.mk)")
        Long blcpRunaddr;

        @Option(names = {"--ddr-param", "--DDR_PARAM"}, paramLabel = "FILE", description = "DDR parameters")
        Path ddrParam;

        @Option(names = {"--blcp-2nd", "--BLCP_2ND"}, paramLabel = "FILE",
                description = "the little core's image (cvirtos.bin)")
        Path blcp2nd;

        @Option(names = {"--blcp-2nd-runaddr", "--BLCP_2ND_RUNADDR"}, paramLabel = "ADDR", converter = HexNumber.class,
                description = "default: FSBL_C906L_START_ADDR of the layout")
        Long blcp2ndRunaddr;

        @Option(names = {"--monitor", "--MONITOR"}, paramLabel = "FILE", description = "OpenSBI (fw_dynamic.bin)")
        Path monitor;

        @Option(names = {"--monitor-runaddr", "--MONITOR_RUNADDR"}, paramLabel = "ADDR", converter = HexNumber.class,
                description = "default: MONITOR_ADDR of the layout")
        Long monitorRunaddr;

        @Option(names = {"--loader-2nd", "--LOADER_2ND"}, paramLabel = "FILE",
                description = "U-Boot; a binary without the 32-byte BL33 header gets one (run address: --loader-2nd-runaddr"
                        + " or CONFIG_SYS_TEXT_BASE)")
        Path loader2nd;

        @Option(names = "--loader-2nd-runaddr", paramLabel = "ADDR", converter = HexNumber.class,
                description = "run address for a header duoboot adds")
        Long loader2ndRunaddr;

        @Option(names = "--compress", paramLabel = "lzma|none", defaultValue = "lzma",
                description = "LOADER_2ND body compression (default: ${DEFAULT-VALUE}, as FIP_COMPRESS)")
        String compress;

        @Option(names = {"-o", "--output"}, required = true, paramLabel = "FILE", description = "the fip.bin to write")
        Path output;

        @Option(names = "--json", description = "print the result as JSON")
        boolean json;

        @Override
        public Integer call() throws IOException {
            Optional<MemoryMap> map = layout.load();
            Compression compression = switch (compress) {
                case "lzma" -> Compression.LZMA;
                case "none", "" -> Compression.NONE;
                default -> throw new DuobootException("--compress: expected lzma or none, got '" + compress + "'"
                        + (compress.equals("lz4") ? " (duoboot has no LZ4 library)" : ""));
            };
            byte[] fsbl = read(bl2);
            if (map.isPresent() && FsblConfig.isFixture(fsbl)) {
                fsbl = FsblConfig.from(map.get()).patchInto(fsbl);
            }
            FipImage.Builder b = FipImage.builder().bl2(fsbl).compression(compression);
            if (blcp != null) {
                b.blcp(read(blcp), blcpRunaddr != null ? blcpRunaddr : FipImage.DEFAULT_BLCP_IMG_RUNADDR);
            }
            if (ddrParam != null) {
                b.ddrParam(read(ddrParam));
            }
            if (blcp2nd != null) {
                b.blcp2nd(read(blcp2nd), runaddr(blcp2ndRunaddr, map, "FSBL_C906L_START_ADDR", "--blcp-2nd-runaddr"));
            }
            if (monitor != null) {
                b.monitor(read(monitor), runaddr(monitorRunaddr, map, "MONITOR_ADDR", "--monitor-runaddr"));
            }
            if (loader2nd != null) {
                byte[] image = read(loader2nd);
                boolean hasHeader = image.length >= 8
                        && new String(image, 4, 4, StandardCharsets.ISO_8859_1).equals("BL33");
                if (!hasHeader) {
                    image = FipImage.withLoader2ndHeader(image,
                            runaddr(loader2ndRunaddr, map, "CONFIG_SYS_TEXT_BASE", "--loader-2nd-runaddr"));
                }
                b.loader2nd(image);
            }
            byte[] fip = b.build();
            try {
                Files.write(output, fip);
            } catch (IOException e) {
                throw new DuobootException(output + ": cannot write: " + e.getMessage());
            }
            return Info.show(spec.commandLine().getOut(), FipImage.parse(output.toString(), fip), map, json);
        }

        private static long runaddr(Long given, Optional<MemoryMap> map, String attr, String option) {
            if (given != null) {
                return given;
            }
            return map.map(m -> m.get(attr)).orElseThrow(() -> new DuobootException(
                    option + ": needed (or --memmap/--preset to take " + attr + " from)"));
        }
    }

    /** {@code fip info}: every field, every body, every checksum. */
    @Command(name = "info", mixinStandardHelpOptions = true,
            description = {"Shows every field of a fip.bin and whether each checksum holds.",
                    "Exit 0 when all hold, 1 when one does not, 2 when the file cannot be read as a fip.bin."})
    public static final class Info implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        MemmapSource layout;

        @Parameters(paramLabel = "FILE", description = "the fip.bin")
        Path file;

        @Option(names = "--json", description = "one JSON object on stdout")
        boolean json;

        @Override
        public Integer call() {
            Optional<MemoryMap> map = layout.load();
            return show(spec.commandLine().getOut(), FipImage.parse(file.toString(), read(file)), map, json);
        }

        static int show(PrintWriter out, FipImage fip, Optional<MemoryMap> map, boolean json) {
            List<Check> checks = new ArrayList<>(fip.checks());
            Optional<String> unpack = loaderPayload(fip);
            List<String> dram = map.map(m -> dramChecks(fip, m)).orElse(List.of());
            boolean ok = checks.stream().allMatch(Check::valid) && unpack.isEmpty() && dram.isEmpty();
            if (json) {
                Json.print(out, toJson(fip, checks, unpack, dram, map.isPresent()));
            } else {
                printText(out, fip, checks, unpack, dram, map);
            }
            return ok ? 0 : DuobootException.EXIT_NOT_AS_EXPECTED;
        }

        /** A problem unpacking LOADER_2ND, if there is one. */
        private static Optional<String> loaderPayload(FipImage fip) {
            if (fip.loader2nd().isEmpty()) {
                return Optional.empty();
            }
            try {
                fip.loader2ndPayload();
                return Optional.empty();
            } catch (SdkFileException e) {
                return Optional.of(e.getMessage());
            }
        }

        /** FSBL's checks that each run address and its image lie in DRAM (load_blcp_2nd, load_monitor). */
        private static List<String> dramChecks(FipImage fip, MemoryMap map) {
            long base = map.get("DRAM_BASE");
            long end = base + map.get("DRAM_SIZE");
            List<String> out = new ArrayList<>();
            for (Body b : fip.bodies()) {
                if (b.runaddr().isEmpty() || b.name().equals("BLCP") || b.absent() || b.runaddr().get() == 0) {
                    continue;
                }
                long run = b.runaddr().get();
                long last = run + Math.max(b.size(), 1) - 1;
                if (run < base || last >= end) {
                    out.add(String.format("%s runaddr 0x%x + size 0x%x is not inside DRAM [0x%x, 0x%x)", b.name(), run,
                            b.size(), base, end));
                }
            }
            return out;
        }

        private static Map<String, Object> toJson(FipImage fip, List<Check> checks, Optional<String> unpack,
                List<String> dram, boolean dramChecked) {
            Map<String, Object> root = new LinkedHashMap<>();
            root.put("file", fip.name());
            root.put("size", fip.size());
            root.put("param1", fields(FipImage.PARAM1_FIELDS, fip::param1, fip::param1Bytes, 0));
            root.put("param2Offset", fip.param2Offset());
            root.put("param2", fields(FipImage.PARAM2_FIELDS, fip::param2, fip::param2Bytes, fip.param2Offset()));
            List<Object> bodies = new ArrayList<>();
            for (Body b : fip.bodies()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("name", b.name());
                m.put("present", !b.absent());
                m.put("offset", b.offset());
                m.put("size", b.size());
                m.put("cksum", Json.hex(b.storedCksum()));
                m.put("computedCksum", Json.hex(b.actualCksum()));
                m.put("runaddr", b.runaddr().map(Json::hex).orElse(null));
                bodies.add(m);
            }
            root.put("bodies", bodies);
            fip.loader2nd().ifPresent(h -> {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("offset", h.offset());
                m.put("jump0", Json.hex(h.jump0()));
                m.put("magic", h.magicText());
                m.put("cksum", Json.hex(h.cksum()));
                m.put("size", h.size());
                m.put("runaddr", Json.hex(h.runaddr()));
                m.put("entry", Json.hex(h.entry()));
                m.put("reserved1", Json.hex(h.reserved1()));
                m.put("reserved2", Json.hex(h.reserved2()));
                m.put("unpackError", unpack.orElse(null));
                root.put("loader2ndHeader", m);
            });
            List<Object> cs = new ArrayList<>();
            for (Check c : checks) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("what", c.what());
                m.put("stored", Json.hex(c.stored()));
                m.put("computed", Json.hex(c.computed()));
                m.put("valid", c.valid());
                cs.add(m);
            }
            root.put("checks", cs);
            root.put("dramChecked", dramChecked);
            root.put("dramProblems", dram);
            return root;
        }

        private static Map<String, Object> fields(List<Field> fields, java.util.function.Function<String, Long> number,
                java.util.function.Function<String, byte[]> bytes, int base) {
            Map<String, Object> m = new LinkedHashMap<>();
            for (Field f : fields) {
                Map<String, Object> v = new LinkedHashMap<>();
                v.put("offset", base + f.offset());
                v.put("size", f.size());
                if (f.number()) {
                    v.put("value", Json.hex(number.apply(f.name())));
                } else {
                    byte[] b = bytes.apply(f.name());
                    v.put("allZero", isZero(b));
                    v.put("bytes", HexFormat.of().formatHex(b));
                }
                m.put(f.name(), v);
            }
            return m;
        }

        private static void printText(PrintWriter out, FipImage fip, List<Check> checks, Optional<String> unpack,
                List<String> dram, Optional<MemoryMap> map) {
            out.printf("%s: %d bytes (0x%x)%n", fip.name(), fip.size(), fip.size());
            out.println();
            out.println("param1 at 0x0:");
            printFields(out, FipImage.PARAM1_FIELDS, fip::param1, fip::param1Bytes, 0, checks);
            out.println();
            out.printf("param2 at 0x%x (PARAM2_LOADADDR):%n", fip.param2Offset());
            printFields(out, FipImage.PARAM2_FIELDS, fip::param2, fip::param2Bytes, fip.param2Offset(), checks);
            out.println();
            out.println("images:");
            for (Body b : fip.bodies()) {
                if (b.absent()) {
                    out.printf("  %-10s absent%n", b.name());
                    continue;
                }
                out.printf("  %-10s at 0x%08x  size 0x%08x  cksum 0x%08x %s%s%n", b.name(), b.offset(), b.size(),
                        b.storedCksum(), b.cksumValid() ? "ok" : String.format("BAD (computed 0x%08x)", b.actualCksum()),
                        b.runaddr().map(r -> String.format("  runaddr 0x%x", r)).orElse(""));
            }
            fip.loader2nd().ifPresent(h -> printLoader(out, h, unpack));
            out.println();
            long bad = checks.stream().filter(c -> !c.valid()).count();
            out.printf("checksums: %d of %d hold%n", checks.size() - bad, checks.size());
            for (Check c : checks) {
                if (!c.valid()) {
                    out.printf("  %s: stored 0x%08x, computed 0x%08x%n", c.what(), c.stored(), c.computed());
                }
            }
            unpack.ifPresent(u -> out.println("LOADER_2ND body: " + u));
            if (map.isPresent()) {
                out.println(dram.isEmpty() ? "run addresses: inside DRAM of " + map.get().fileName()
                        : "run addresses: " + String.join("; ", dram));
            }
            out.flush();
        }

        private static void printLoader(PrintWriter out, Loader2ndHeader h, Optional<String> unpack) {
            out.println();
            out.printf("LOADER_2ND header at 0x%x:%n", h.offset());
            out.printf("  JUMP0      0x%08x%n", h.jump0());
            out.printf("  MAGIC      \"%s\"%s%n", h.magicText(), h.compressedLzma() ? " (LZMA body)"
                    : h.magic() == FipImage.LOADER_2ND_MAGIC_LZ4 ? " (LZ4 body)" : " (raw body)");
            out.printf("  CKSUM      0x%08x %s (over [0xc, SIZE))%n", h.cksum(),
                    h.cksum() == h.actualCksum() ? "ok" : String.format("BAD (computed 0x%08x)", h.actualCksum()));
            out.printf("  SIZE       0x%x%n", h.size());
            out.printf("  RUNADDR    0x%x (FSBL enters at 0x%x)%n", h.runaddr(), h.entry());
            out.printf("  RESERVED1  0x%08x%n", h.reserved1());
            out.printf("  RESERVED2  0x%08x%n", h.reserved2());
            if (unpack.isPresent()) {
                out.println("  body       cannot be unpacked (see below)");
            }
        }

        private static void printFields(PrintWriter out, List<Field> fields,
                java.util.function.Function<String, Long> number, java.util.function.Function<String, byte[]> bytes,
                int base, List<Check> checks) {
            for (Field f : fields) {
                String value;
                if (f.number()) {
                    long v = number.apply(f.name());
                    value = f.name().equals("MAGIC1") ? "\"" + printable(bytes(v)) + "\""
                            : String.format(f.size() == 8 ? "0x%016x" : "0x%08x", v);
                    if (f.name().equals("PARAM_CKSUM") || f.name().equals("PARAM2_CKSUM")) {
                        String what = f.name().equals("PARAM2_CKSUM") ? "param2 PARAM2_CKSUM" : "param1 PARAM_CKSUM";
                        value += checks.stream().filter(c -> c.what().equals(what)).findFirst()
                                .map(c -> c.valid() ? " ok" : String.format(" BAD (computed 0x%08x)", c.computed()))
                                .orElse("");
                    }
                } else {
                    byte[] b = bytes.apply(f.name());
                    value = isZero(b) ? f.size() + " bytes, all zero"
                            : f.size() + " bytes: " + HexFormat.ofDelimiter(" ").formatHex(b, 0, Math.min(16, b.length))
                                    + (b.length > 16 ? " ..." : "");
                }
                out.printf("  0x%04x  %-22s %s%n", base + f.offset(), f.name(), value);
            }
        }

        private static byte[] bytes(long v) {
            byte[] b = new byte[8];
            for (int i = 0; i < 8; i++) {
                b[i] = (byte) (v >>> (8 * i));
            }
            return b;
        }

        private static String printable(byte[] b) {
            StringBuilder sb = new StringBuilder();
            for (byte x : b) {
                sb.append(x == '\n' ? "\\n" : x == 0 ? "\\0" : x >= 0x20 && x < 0x7f ? String.valueOf((char) x)
                        : String.format("\\x%02x", x & 0xff));
            }
            return sb.toString();
        }

        private static boolean isZero(byte[] b) {
            for (byte x : b) {
                if (x != 0) {
                    return false;
                }
            }
            return true;
        }
    }

    static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new DuobootException(file + ": cannot read: " + e.getMessage());
        }
    }
}
