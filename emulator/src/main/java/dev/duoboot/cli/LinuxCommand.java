package dev.duoboot.cli;

import dev.duoboot.DuobootException;
import dev.duoboot.linux.KernelInputs;
import dev.duoboot.linux.KernelModel;
import dev.duoboot.linux.KernelProfile;
import dev.duoboot.linux.KernelReport;
import dev.duoboot.linux.KernelRun;
import dev.duoboot.linux.LogLevel;
import dev.duoboot.linux.LogLine;
import dev.duoboot.linux.Lookup;
import dev.duoboot.linux.MemblockRegion;
import dev.duoboot.linux.ReservedRegion;
import dev.duoboot.report.KernelJson;
import dev.duoboot.sdk.KernelConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code duoboot linux}: runs the kernel model's early boot on a DTB and reports memblock, the
 * reserved_mem table, every memory-region lookup and the kernel log. Exit 0 whatever the verdict;
 * 2 for bad input.
 */
@Command(name = "linux", mixinStandardHelpOptions = true,
        description = "Runs the Linux early-boot model (memblock, /reserved-memory, lookups) on a DTB.")
public final class LinuxCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--dtb", required = true, paramLabel = "FILE", description = "the device tree blob the kernel is given")
    Path dtb;

    @Option(names = "--profile", paramLabel = "NAME", defaultValue = "cvitek-5.10-c",
            description = "kernel profile: cvitek-5.10-a, cvitek-5.10-b, cvitek-5.10-c, linux-5.10, linux-6.1, linux-6.6, linux-6.12, mainline (default: ${DEFAULT-VALUE})")
    String profile;

    @Option(names = "--config", paramLabel = "FILE", description = "the kernel .config")
    Path config;

    @Option(names = "--bootargs", paramLabel = "STR", description = "kernel command line (default: /chosen/bootargs)")
    String bootargs;

    @Option(names = "--load-addr", paramLabel = "ADDR", defaultValue = "0x80200000", description = "kernel load address (default: ${DEFAULT-VALUE})")
    String loadAddr;

    @Option(names = "--kernel-size", paramLabel = "SIZE", description = "kernel image _end - _start (default: the profile's kernel image)")
    String kernelSize;

    @Option(names = "--dtb-addr", paramLabel = "ADDR", description = "where the DTB lies (default: 2 MiB aligned below the end of the first memory node)")
    String dtbAddr;

    @Option(names = "--json", description = "one JSON object on stdout")
    boolean json;

    @Option(names = "--loglevel", paramLabel = "N", defaultValue = "6", description = "show log lines up to this level, 0-7 (default: ${DEFAULT-VALUE}; 7 shows DEBUG)")
    int loglevel;

    @Option(names = "--debug", description = "same as --loglevel 7")
    boolean debug;

    @Override
    public Integer call() throws IOException {
        KernelProfile p = KernelProfile.require(profile, "--profile");
        byte[] blob = read(dtb);
        KernelInputs in = KernelInputs.fromDtb(blob, dtb.toString(), p)
                .withLoadAddr(number(loadAddr, "--load-addr"))
                .withKernelSize(kernelSize == null ? p.image().imageBytes() : number(kernelSize, "--kernel-size"));
        if (dtbAddr != null) {
            in = in.withDtbAddr(number(dtbAddr, "--dtb-addr"));
        }
        if (config != null) {
            in = in.withConfig(KernelConfig.read(config));
        }
        if (bootargs != null) {
            in = in.withBootargs(bootargs);
        }
        if (loglevel < 0 || loglevel > 7) {
            throw new DuobootException("--loglevel: expected 0..7, got " + loglevel);
        }
        KernelRun run = KernelModel.boot(in);
        KernelReport report = run.report(LogLevel.values()[debug ? 7 : loglevel], Optional.empty());
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            Json.print(out, KernelJson.of(report));
        } else {
            printText(out, report);
        }
        out.flush();
        return 0;
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new DuobootException(file + ": cannot read: " + e.getMessage());
        }
    }

    static long number(String s, String option) {
        try {
            return s.startsWith("0x") || s.startsWith("0X") ? Long.parseUnsignedLong(s.substring(2), 16) : Long.parseUnsignedLong(s);
        } catch (NumberFormatException e) {
            throw new DuobootException(option + ": expected an address or size such as 0x80200000, got '" + s + "'");
        }
    }

    private static void printText(PrintWriter out, KernelReport r) {
        out.println("profile " + r.profile());
        out.println();
        for (LogLine l : r.log()) {
            out.println(l.formatted());
        }
        out.println();
        out.println("memblock.memory");
        r.memory().forEach(x -> out.println("  " + range(x.base(), x.size()) + flags(x)));
        out.println("memblock.reserved");
        r.reserved().forEach(x -> out.println("  " + range(x.base(), x.size()) + flags(x)));
        out.println("reserved_mem[]");
        for (ReservedRegion e : r.reservedMem()) {
            out.println("  " + e.name() + "  " + range(e.base(), e.size())
                    + (e.storedName().equals(e.name()) ? "" : "  stored as \"" + printable(e.storedName()) + "\""));
        }
        out.println("lookups");
        for (Lookup l : r.lookups()) {
            out.println("  " + l.consumer() + " memory-region[" + l.index() + "] -> " + l.target().orElse("(no node)") + ": "
                    + l.result().json() + l.region().map(x -> " " + range(x.base(), x.size())).orElse(""));
            l.why().ifPresent(w -> {
                out.println("    why: " + w.text() + " [" + w.rule().id() + ", " + w.kernelSource() + "]");
                w.fix().ifPresent(f -> out.println("    fix: " + f));
                if (!w.profileDifference().isEmpty()) {
                    out.println("    other profiles: " + String.join("; ", w.profileDifference()));
                }
            });
        }
    }

    private static String range(long base, long size) {
        return size == 0 ? String.format("[0x%016x] size 0", base) : String.format("[0x%016x-0x%016x] size 0x%x", base, base + size - 1, size);
    }

    private static String flags(MemblockRegion x) {
        return x.flags().isEmpty() ? "" : " " + x.sortedFlags();
    }

    private static String printable(String s) {
        StringBuilder b = new StringBuilder();
        for (char c : s.toCharArray()) {
            b.append(c >= 0x20 && c < 0x7f ? String.valueOf(c) : String.format("\\x%02x", (int) c));
        }
        return b.toString();
    }
}
