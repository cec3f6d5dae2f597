package dev.duoboot.linux;

import static org.assertj.core.api.Assertions.assertThat;

import dev.duoboot.linux.MemblockRegion.Flag;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The linux-6.1 profile against a real 6.1.192 kernel booted under QEMU (see
 * resources/dev/duoboot/linux/qemu61/README.md): the same console lines, reserved_mem table (in its
 * sorted order), lookups, memblock.memory, and memblock.reserved as replayed from the kernel's own
 * {@code memblock=debug} lines up to the first page-table allocation.
 */
class RealKernel61Test {

    static final Pattern RESERVE = Pattern.compile("memblock_(reserve|phys_free): \\[0x(\\p{XDigit}+)-0x(\\p{XDigit}+)\\] (\\S+)");
    static final Pattern TABLE = Pattern.compile("duoboot: table \\d+ (\\S+) 0x(\\p{XDigit}+) 0x(\\p{XDigit}+)");
    static final Pattern LOOKUP = Pattern.compile("duoboot: lookup (\\S+) (\\d+) (?:(\\S+) )?(found|null|no-phandle)(?: 0x(\\p{XDigit}+) 0x(\\p{XDigit}+))?");
    static final Pattern MEMORY = Pattern.compile("duoboot: memory 0x(\\p{XDigit}+) 0x(\\p{XDigit}+) flags (\\d+)");

    @TempDir
    Path dir;

    static String resource(String name) throws IOException {
        try (InputStream in = RealKernel61Test.class.getResourceAsStream("/dev/duoboot/linux/qemu61/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    byte[] dtc(String dts) throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/dtc")), "dtc is not installed");
        Path src = dir.resolve("in.dts");
        Path out = dir.resolve("out.dtb");
        Files.writeString(src, dts);
        Process p = new ProcessBuilder("dtc", "-q", "-I", "dts", "-O", "dtb", "-o", out.toString(), src.toString())
                .redirectErrorStream(true).start();
        assertThat(p.waitFor()).isZero();
        return Files.readAllBytes(out);
    }

    static long hex(String s) {
        return Long.parseUnsignedLong(s, 16);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "case1 | earlycon=sbi console=hvc0 memblock=debug",
        "case2 | earlycon=sbi console=hvc0 memblock=debug mem=200M"})
    void modelMatchesTheRealKernel(String name, String bootargs) throws Exception {
        List<String> real = resource(name + ".kernel.log").lines().map(l -> l.substring(l.indexOf("] ") + 2)).toList();

        // the DTB as the kernel reserved it (OpenSBI grows the blob, so take address and size from the log)
        Matcher dtb = real.stream().map(RESERVE::matcher).filter(m -> m.find() && m.group(4).startsWith("paging_init+0x15c"))
                .findFirst().orElseThrow();
        long dtbAddr = hex(dtb.group(2));
        long dtbSize = hex(dtb.group(3)) - dtbAddr + 1;
        KernelInputs in = KernelInputs.fromDtb(dtc(resource(name + ".dts")), dtbAddr, name, KernelProfile.LINUX_6_1)
                .withKernelSize(0xaca000).withBootargs(bootargs)
                .withConfig(Map.of("CONFIG_CMA", "y", "CONFIG_DMA_CMA", "y", "CONFIG_HUGETLB_PAGE", "y"));
        in = new KernelInputs(in.tree(), in.dtbAddr(), dtbSize, in.structBlockOffset(), in.profile(), in.config(),
                in.bootargs(), in.loadAddr(), in.kernelSize());
        KernelRun run = KernelModel.boot(in);

        // console lines: the kernel's, less what the model does not cover (EFI probe, memblock=debug tracing)
        List<String> realConsole = real.stream().takeWhile(l -> !l.startsWith("Zone ranges"))
                .filter(l -> !l.startsWith("memblock_") && !l.startsWith("efi: ")).toList();
        // the kept log ends at "Zone ranges:", before mm_init() prints the Memory: line
        assertThat(run.printk().visible(LogLevel.INFO).stream().map(LogLine::text).filter(l -> !l.startsWith("Memory: ")).toList())
                .containsExactlyElementsOf(realConsole);

        // reserved_mem[] in the kernel's (sorted) order
        List<String> realTable = new ArrayList<>();
        real.stream().map(TABLE::matcher).filter(Matcher::find)
                .forEach(m -> realTable.add(m.group(1) + " " + hex(m.group(2)) + " " + hex(m.group(3))));
        assertThat(run.reservedMem().stream().map(r -> r.name() + " " + r.base() + " " + r.size()).toList())
                .containsExactlyElementsOf(realTable);

        // one lookup per memory-region entry
        List<String> realLookups = new ArrayList<>();
        real.stream().map(LOOKUP::matcher).filter(Matcher::find).forEach(m -> realLookups.add(m.group(1) + " " + m.group(2) + " "
                + m.group(3) + " " + m.group(4) + (m.group(5) == null ? "" : " " + hex(m.group(5)) + " " + hex(m.group(6)))));
        assertThat(run.lookups().stream().map(l -> l.consumer() + " " + l.index() + " " + l.target().orElse(null) + " "
                + l.result().json() + l.region().map(r -> " " + r.base() + " " + r.size()).orElse("")).toList())
                .containsExactlyElementsOf(realLookups);

        // memblock.memory with NOMAP (flag 4)
        List<MemblockRegion> realMemory = new ArrayList<>();
        real.stream().map(MEMORY::matcher).filter(Matcher::find).forEach(m -> realMemory.add(new MemblockRegion(hex(m.group(1)),
                hex(m.group(2)), m.group(3).equals("4") ? Set.of(Flag.NOMAP) : Set.of())));
        assertThat(run.memory()).containsExactlyElementsOf(realMemory);

        // memblock.reserved: replay the kernel's own reserve/free calls up to the first page-table allocation
        Memblock replay = new Memblock();
        for (String l : real) {
            if (l.contains("create_pgd_mapping") || l.startsWith("Zone ranges")) {
                break;
            }
            Matcher m = RESERVE.matcher(l);
            if (m.find()) {
                long base = hex(m.group(2));
                long size = hex(m.group(3)) - base + 1;
                if (m.group(1).equals("reserve")) {
                    replay.reserve(base, size);
                } else {
                    replay.free(base, size);
                }
            }
        }
        assertThat(run.reserved()).containsExactlyElementsOf(replay.reserved());
    }
}
