package dev.duoboot.cli;

import dev.duoboot.DuobootException;
import dev.duoboot.sdk.FipImage;
import dev.duoboot.sdk.FitImage;
import dev.duoboot.sdk.FitImage.Configuration;
import dev.duoboot.sdk.FitImage.HashCheck;
import dev.duoboot.sdk.FitImage.Image;
import dev.duoboot.sdk.MemoryMap;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
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

/** {@code duoboot fit pack|info}: boot.sd, the FIT image U-Boot loads with {@code bootm}. */
@Command(name = "fit", mixinStandardHelpOptions = true,
        description = "Packs or inspects a FIT image (boot.sd: kernel, device tree, ramdisk, configurations).",
        subcommands = {FitCommand.Pack.class, FitCommand.Info.class})
public final class FitCommand {

    /** {@code fit pack}: mkimage -f multi.its, with the SDK's template. */
    @Command(name = "pack", mixinStandardHelpOptions = true,
            description = {"Packs boot.sd in the shape of the SDK's multi.its (kernel-1, fdt-<board>, ramdisk-1,"
                    + " config-<board>), then prints it as 'fit info' does."})
    public static final class Pack implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        MemmapSource layout;

        @Option(names = "--kernel", required = true, paramLabel = "FILE", description = "the kernel Image")
        Path kernel;

        @Option(names = "--kernel-compression", paramLabel = "none|lzma", defaultValue = "none",
                description = "lzma: compress the kernel (LZMA alone) as the SDK's build does (default: ${DEFAULT-VALUE})")
        String kernelCompression;

        @Option(names = "--load", paramLabel = "ADDR", converter = HexNumber.class,
                description = "kernel load and entry address (default: CONFIG_SYS_TEXT_BASE of the layout, else 0x80200000"
                        + " as CONFIG_KERNEL_ENTRY_HACK_ADDR)")
        Long load;

        @Option(names = "--dtb", required = true, paramLabel = "FILE", description = "the board's device tree blob")
        Path dtb;

        @Option(names = "--board", paramLabel = "CHIP_BOARD", defaultValue = "cv1800b_milkv_duo_sd",
                description = "names fdt-<board> and config-<board> (default: ${DEFAULT-VALUE})")
        String board;

        @Option(names = "--ramdisk", paramLabel = "FILE", description = "an initramfs (ramdisk-1)")
        Path ramdisk;

        @Option(names = "--timestamp", paramLabel = "SECONDS",
                description = "the FIT timestamp (default: SOURCE_DATE_EPOCH, else 0: never the clock)")
        Long timestamp;

        @Option(names = {"-o", "--output"}, required = true, paramLabel = "FILE", description = "the boot.sd to write")
        Path output;

        @Option(names = "--json", description = "print the result as JSON")
        boolean json;

        @Override
        public Integer call() {
            Optional<MemoryMap> map = layout.load();
            byte[] kernelBytes = FipCommand.read(kernel);
            String compression = switch (kernelCompression) {
                case "none" -> "none";
                case "lzma" -> {
                    kernelBytes = FipImage.lzmaCompressAlone(kernelBytes);
                    yield "lzma";
                }
                default -> throw new DuobootException("--kernel-compression: expected none or lzma, got '"
                        + kernelCompression + "'");
            };
            long loadAddr = load != null ? load : map.map(m -> m.get("CONFIG_SYS_TEXT_BASE")).orElse(0x80200000L);
            FitImage.Builder b = FitImage.builder().timestamp(timestamp != null ? timestamp : sourceDateEpoch())
                    .kernel(kernelBytes, compression, loadAddr);
            if (ramdisk != null) {
                b.ramdisk(FipCommand.read(ramdisk), "none");
            }
            b.fdt(board, FipCommand.read(dtb)).sdkConfiguration(board);
            byte[] fit = b.build();
            try {
                Files.write(output, fit);
            } catch (IOException e) {
                throw new DuobootException(output + ": cannot write: " + e.getMessage());
            }
            return Info.show(spec.commandLine().getOut(), FitImage.parse(output.toString(), fit), json);
        }

        private static long sourceDateEpoch() {
            String s = System.getenv("SOURCE_DATE_EPOCH");
            if (s == null || s.isBlank()) {
                return 0;
            }
            try {
                return Long.parseLong(s.strip());
            } catch (NumberFormatException e) {
                throw new DuobootException("SOURCE_DATE_EPOCH: expected seconds since 1970, got '" + s + "'");
            }
        }
    }

    /** {@code fit info}: like {@code dumpimage -l}, plus every hash checked. */
    @Command(name = "info", mixinStandardHelpOptions = true,
            description = {"Lists a FIT's images and configurations and checks every hash.",
                    "Exit 0 when all hashes hold, 1 when one does not, 2 when the file is not a FIT."})
    public static final class Info implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "FILE", description = "the FIT image (boot.sd)")
        Path file;

        @Option(names = "--json", description = "one JSON object on stdout")
        boolean json;

        @Override
        public Integer call() {
            return show(spec.commandLine().getOut(), FitImage.parse(file.toString(), FipCommand.read(file)), json);
        }

        static int show(PrintWriter out, FitImage fit, boolean json) {
            List<HashCheck> checks = fit.checks();
            if (json) {
                Json.print(out, toJson(fit, checks));
            } else {
                printText(out, fit, checks);
            }
            return checks.stream().allMatch(HashCheck::valid) ? 0 : DuobootException.EXIT_NOT_AS_EXPECTED;
        }

        private static Map<String, Object> toJson(FitImage fit, List<HashCheck> checks) {
            Map<String, Object> root = new LinkedHashMap<>();
            root.put("file", fit.name());
            root.put("description", fit.description());
            root.put("timestamp", fit.timestamp().orElse(null));
            List<Object> images = new ArrayList<>();
            for (Image i : fit.images()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("name", i.name());
                m.put("description", i.description());
                m.put("type", i.type());
                m.put("arch", i.arch());
                m.put("os", i.os().orElse(null));
                m.put("compression", i.compression());
                m.put("load", i.load().map(Json::hex).orElse(null));
                m.put("entry", i.entry().map(Json::hex).orElse(null));
                m.put("dataSize", i.data().length);
                List<Object> hashes = new ArrayList<>();
                for (HashCheck c : checks) {
                    if (c.image().equals(i.name())) {
                        Map<String, Object> h = new LinkedHashMap<>();
                        h.put("node", c.node());
                        h.put("algo", c.algo());
                        h.put("value", c.stored());
                        h.put("computed", c.computed().orElse(null));
                        h.put("valid", c.valid());
                        hashes.add(h);
                    }
                }
                m.put("hashes", hashes);
                images.add(m);
            }
            root.put("images", images);
            root.put("defaultConfiguration", fit.defaultConfiguration().orElse(null));
            List<Object> configs = new ArrayList<>();
            for (Configuration c : fit.configurations()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("name", c.name());
                m.put("description", c.description());
                m.put("kernel", c.kernel().orElse(null));
                m.put("fdt", c.fdt().orElse(null));
                m.put("ramdisk", c.ramdisk().orElse(null));
                configs.add(m);
            }
            root.put("configurations", configs);
            return root;
        }

        private static void printText(PrintWriter out, FitImage fit, List<HashCheck> checks) {
            out.println("FIT description: " + fit.description());
            fit.timestamp().ifPresent(t -> out.println("Created:         " + Instant.ofEpochSecond(t) + " (" + t + ")"));
            int n = 0;
            for (Image i : fit.images()) {
                out.printf(" Image %d (%s)%n", n++, i.name());
                out.println("  Description:  " + i.description());
                out.println("  Type:         " + i.type());
                out.println("  Compression:  " + i.compression());
                out.printf("  Data Size:    %d Bytes%n", i.data().length);
                out.println("  Architecture: " + i.arch());
                i.os().ifPresent(os -> out.println("  OS:           " + os));
                i.load().ifPresent(a -> out.printf("  Load Address: 0x%08x%n", a));
                i.entry().ifPresent(a -> out.printf("  Entry Point:  0x%08x%n", a));
                for (HashCheck c : checks) {
                    if (c.image().equals(i.name())) {
                        out.println("  Hash algo:    " + c.algo() + " (" + c.node() + ")");
                        out.println("  Hash value:   " + c.stored() + "  " + (c.valid() ? "ok"
                                : c.computed().map(x -> "BAD (computed " + x + ")").orElse("cannot check this algorithm")));
                    }
                }
            }
            fit.defaultConfiguration().ifPresent(d -> out.println(" Default Configuration: '" + d + "'"));
            n = 0;
            for (Configuration c : fit.configurations()) {
                out.printf(" Configuration %d (%s)%n", n++, c.name());
                out.println("  Description:  " + c.description());
                c.kernel().ifPresent(k -> out.println("  Kernel:       " + k));
                c.ramdisk().ifPresent(r -> out.println("  Init Ramdisk: " + r));
                c.fdt().ifPresent(f -> out.println("  FDT:          " + f));
            }
            long bad = checks.stream().filter(c -> !c.valid()).count();
            out.printf("hashes: %d of %d hold%n", checks.size() - bad, checks.size());
            out.flush();
        }
    }
}
