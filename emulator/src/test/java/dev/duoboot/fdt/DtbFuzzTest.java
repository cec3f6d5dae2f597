package dev.duoboot.fdt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Thousands of mutated DTBs (fixed seed, so every run feeds the same ones): each must end in a
 * tree or an {@link FdtException}, never another exception or a hang; a tree that is read must
 * also write, decompile and diff without failing.
 */
class DtbFuzzTest {
    private static final int CASES = 6000;
    private static final int[] INTERESTING = {0, 1, 2, 3, 4, 9, 0x10, 0x28, 0x7fffffff, 0x80000000,
        0xffffffff, 0xfffffffc, 0xd00dfeed, 16, 17, 0x100, 0x1000};

    static List<byte[]> seeds() {
        List<byte[]> seeds = new ArrayList<>();
        seeds.add(DtbTest.sample());
        for (String file : List.of("duo256m.dts", "references.dts", "strtab.dts", "warnings.dts")) {
            DeviceTree t = DtsCompiler.compile(SourceFiles.under(RealTools.corpus()), file,
                    new DtsCompiler.Options(List.of("include"), List.of(), true, "<stdout>")).tree();
            seeds.add(Dtb.write(t));
        }
        return seeds;
    }

    @Test
    void mutatedBlobsEndInATreeOrAnFdtException() {
        List<byte[]> seeds = seeds();
        int[] outcomes = new int[2];
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            Random random = new Random(0x5eed_d00dL);
            for (int i = 0; i < CASES; i++) {
                byte[] seed = seeds.get(random.nextInt(seeds.size()));
                byte[] blob = mutate(seed, random);
                try {
                    DeviceTree tree = Dtb.read(blob, "fuzz-" + i + ".dtb");
                    byte[] again = Dtb.write(tree);
                    DtsWriter.write(tree);
                    TreeDiff.between(tree, Dtb.read(again, "rewritten"));
                    outcomes[0]++;
                } catch (FdtException expected) {
                    assertThat(expected.getMessage()).startsWith("fuzz-" + i + ".dtb: byte 0x")
                            .doesNotContain("\n");
                    outcomes[1]++;
                } catch (RuntimeException | Error e) {
                    throw new AssertionError("case " + i + " (seed blob " + seeds.indexOf(seed) + "): " + e
                            + "\nblob: " + java.util.HexFormat.of().formatHex(blob), e);
                }
            }
        });
        // Both outcomes occur, so the mutations reach past the header checks.
        assertThat(outcomes[0]).isGreaterThan(CASES / 20);
        assertThat(outcomes[1]).isGreaterThan(CASES / 4);
    }

    @Test
    void deepNestingIsRefusedCleanly() {
        DtbTest.BlobBuilder b = new DtbTest.BlobBuilder("");
        b.tag(Dtb.BEGIN_NODE).name("");
        for (int i = 0; i < DtbReader.MAX_DEPTH + 5; i++) {
            b.tag(Dtb.BEGIN_NODE).name("n");
        }
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> Dtb.read(b.build(), "deep.dtb")))
                .isInstanceOf(FdtException.class)
                .hasMessageContaining("nodes nested deeper than 1000 levels");
    }

    /** One to four random edits: byte flips, interesting 32-bit words, truncation, splices. */
    static byte[] mutate(byte[] seed, Random r) {
        byte[] b = seed.clone();
        int edits = 1 + r.nextInt(4);
        for (int e = 0; e < edits && b.length > 0; e++) {
            switch (r.nextInt(6)) {
                case 0 -> b[r.nextInt(b.length)] ^= (byte) (1 << r.nextInt(8));
                case 1 -> b[r.nextInt(b.length)] = (byte) r.nextInt(256);
                case 2 -> {
                    if (b.length >= 4) {
                        // Aligned words hit header fields, tags, lengths and name offsets.
                        int at = r.nextInt(b.length / 4) * 4;
                        ByteBuffer.wrap(b).putInt(at, INTERESTING[r.nextInt(INTERESTING.length)]);
                    }
                }
                case 3 -> b = Arrays.copyOf(b, r.nextInt(b.length + 1));
                case 4 -> {
                    int from = r.nextInt(b.length);
                    int len = r.nextInt(Math.min(64, b.length - from) + 1);
                    int to = r.nextInt(b.length);
                    byte[] spliced = new byte[b.length + len];
                    System.arraycopy(b, 0, spliced, 0, to);
                    System.arraycopy(b, from, spliced, to, len);
                    System.arraycopy(b, to, spliced, to + len, b.length - to);
                    b = spliced;
                }
                default -> {
                    if (b.length >= 40) {
                        // A header field set to a value near the blob's own size.
                        int field = 4 * (1 + r.nextInt(9));
                        ByteBuffer.wrap(b).putInt(field, b.length + r.nextInt(64) - 32);
                    }
                }
            }
        }
        return b;
    }
}
