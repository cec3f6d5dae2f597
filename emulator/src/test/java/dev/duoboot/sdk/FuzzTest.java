package dev.duoboot.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.duoboot.DuobootException;
import dev.duoboot.sdk.FipImage.Compression;
import dev.duoboot.sdk.ResourceTable.Found;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Thousands of seeded mutations of real inputs: every one must end in a result or a clean
 * {@link DuobootException} (a one-line error), never another exception or a hang. The seeds are
 * fixed, so a failure names a reproducible case.
 */
class FuzzTest {

    private static int results;
    private static int errors;

    /** Runs {@code body} on each mutation; only DuobootException may escape. */
    private static void fuzz(String what, List<byte[]> seeds, int count, long seed, Consumer<byte[]> body) {
        Mutator m = new Mutator(seed);
        for (int i = 0; i < count; i++) {
            byte[] input = m.mutate(seeds.get(i % seeds.size()));
            try {
                body.accept(input);
                results++;
            } catch (DuobootException e) {
                assertThat(e.getMessage()).as(what + " case " + i).doesNotContain("\n").isNotBlank();
                errors++;
            } catch (RuntimeException | StackOverflowError e) {
                throw new AssertionError(what + " case " + i + " (seed " + seed + ") threw " + e, e);
            }
        }
    }

    static List<byte[]> elfSeeds() {
        List<byte[]> seeds = new ArrayList<>();
        seeds.add(ElfFileTest.resource("rtos_rsc.elf"));
        seeds.add(ElfFileTest.resource("rtos_rsc32.elf"));
        seeds.add(FipImageTest.fixture("littlecore/duo256m/vdev.elf"));
        seeds.add(FipImageTest.fixture("littlecore/duo/arduino.elf"));
        seeds.add(ElfBuilder.elf64().loadSection(".text", 0x8fe00000L, new byte[32])
                .loadSection(".resource_table", 0x8fe00020L, ElfBuilder.resourceTable(1,
                        ElfBuilder.carveout(0x8fe00000L, 0x1000, "text"),
                        ElfBuilder.vdev(2, 8, new long[][] {{1, 16, 8}, {2, 16, 8}})))
                .build());
        seeds.add(new ElfBuilder(false, true).loadSection(".text", 0x1000, new byte[16]).build());
        return seeds;
    }

    /** Everything a caller of the raw view or the validated view may ask for. */
    private static void useElf(ElfFile elf) {
        elf.header();
        elf.identByte(4);
        elf.hasElfMagic();
        elf.entry();
        elf.programHeadersInFile();
        elf.sectionHeadersInFile();
        for (ProgramHeader ph : elf.programHeaders()) {
            elf.segmentBytes(ph);
            ph.typeName();
            ph.flagString();
        }
        for (ElfSection s : elf.sections()) {
            elf.sectionBytes(s);
            s.typeName();
        }
        elf.symbols();
        if (ResourceTable.find(elf) instanceof Found f) {
            f.table().offsets();
            for (ResourceTable.Entry e : f.table().entries()) {
                e.verdict(false);
                e.verdict(true);
            }
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void mutatedElfsEndInAResultOrACleanError() {
        results = 0;
        errors = 0;
        fuzz("raw ELF", elfSeeds(), 3000, 11, b -> {
            try {
                useElf(ElfFile.of("fuzz.elf", b));
            } catch (DuobootException e) {
                throw new AssertionError("the raw view must not reject content, but threw: " + e.getMessage(), e);
            }
        });
        fuzz("validated ELF", elfSeeds(), 3000, 12, b -> useElf(ElfFile.parse("fuzz.elf", b)));
        assertThat(results).isGreaterThan(1000);
        assertThat(errors).isGreaterThan(100);
    }

    static List<byte[]> fipSeeds() {
        byte[] bl2 = FipImageTest.fixture("fsbl/cv181x/fsbl.bin");
        List<byte[]> seeds = new ArrayList<>();
        for (Compression c : Compression.values()) {
            seeds.add(FipImage.builder().bl2(bl2).ddrParam(new byte[100])
                    .blcp2nd(FipImageTest.fixture("littlecore/duo256m/cvirtos.bin"), 0x8fe00000L)
                    .monitor(FipImageTest.random(3000, 5), 0x80000000L)
                    .loader2nd(FipImage.withLoader2ndHeader(FipImageTest.uboot(20_000), 0x80200000L))
                    .compression(c).build());
        }
        seeds.add(FipImage.builder().bl2(new byte[700]).blcp(new byte[600], 0x05200200L).build());
        return seeds;
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void mutatedFipsEndInAResultOrACleanError() {
        results = 0;
        errors = 0;
        fuzz("fip.bin", fipSeeds(), 3000, 21, b -> {
            FipImage fip = FipImage.parse("fuzz.bin", b);
            fip.checks();
            for (FipImage.Body body : fip.bodies()) {
                fip.bodyBytes(body);
            }
            for (FipImage.Field f : FipImage.PARAM2_FIELDS) {
                if (f.number()) {
                    fip.param2(f.name());
                } else {
                    fip.param2Bytes(f.name());
                }
            }
            fip.loader2nd().ifPresent(h -> fip.loader2ndPayload());
        });
        assertThat(results).isGreaterThan(300);
        assertThat(errors).isGreaterThan(300);
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void mutatedFitsEndInAResultOrACleanError() {
        results = 0;
        errors = 0;
        byte[] kernel = FipImage.lzmaCompressAlone(FipImageTest.uboot(5000));
        List<byte[]> seeds = List.of(FitImageTest.resource("boot.sd"),
                FitImage.builder().timestamp(5).kernel(kernel, "lzma", 0x80200000L).ramdisk(new byte[40], "none")
                        .fdt("b", FitImageTest.resource("board.dtb")).sdkConfiguration("b").defaultConfiguration("config-b")
                        .build());
        fuzz("boot.sd", seeds, 1500, 31, b -> {
            FitImage fit = FitImage.parse("fuzz.sd", b);
            fit.checks();
            for (FitImage.Image i : fit.images()) {
                i.uncompressedData("fuzz.sd");
            }
            for (FitImage.Configuration c : fit.configurations()) {
                fit.imageOf(c, "kernel");
            }
        });
        assertThat(results + errors).isEqualTo(1500);
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void mutatedMemmapSourcesEndInAResultOrACleanError() {
        results = 0;
        errors = 0;
        List<byte[]> seeds = new ArrayList<>();
        for (MemmapPreset p : MemmapPreset.values()) {
            seeds.add(p.source().getBytes(StandardCharsets.UTF_8));
        }
        fuzz("memmap.py", seeds, 2000, 41, b -> {
            MemoryMap m = MemmapEvaluator.evaluate("fuzz.py", new String(b, StandardCharsets.ISO_8859_1));
            MmapConv.header(m);
            MmapConv.table(m);
        });
        assertThat(results).isGreaterThan(100);
        assertThat(errors).isGreaterThan(100);
    }
}
