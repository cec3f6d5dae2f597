package dev.duoboot.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.duoboot.card.BlockDevice;
import dev.duoboot.card.CardImage;
import dev.duoboot.card.CardParts;
import dev.duoboot.card.ImageBytes;
import dev.duoboot.fdt.Dtb;
import dev.duoboot.firmware.BootImages;
import dev.duoboot.firmware.Chain;
import dev.duoboot.firmware.FixtureImages;
import dev.duoboot.scenario.Inputs;
import dev.duoboot.scenario.Preset;
import dev.duoboot.scenario.ResolvedInputs;
import dev.duoboot.sdk.FipImage;
import dev.duoboot.sdk.FsblConfig;
import dev.duoboot.sdk.MemoryMap;
import dev.duoboot.soc.Machine;
import dev.duoboot.soc.RunLimits;
import dev.duoboot.soc.RunResult;
import dev.duoboot.soc.WriteTracker;
import dev.duoboot.soc.device.BootMedium;
import dev.duoboot.unicorn.Unicorn;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The U-Boot stand-in running the SDK's {@code sdboot} itself (config {@code boot_from_card} = 1):
 * the fixture chain cold-booted from the mask ROM model with a card in the SD slot. U-Boot brings
 * the SD controller up, finds partition 1, reads {@code boot.sd} from its FAT by SDMA to
 * UIMAG_ADDR and boots it; on a bad card it prints what U-Boot 2021.10 prints and stops at its
 * prompt. The expected lines are the ones the SDK's own U-Boot (sophgo u-boot-2021.10, the WEVB
 * build) printed on duoboot with the same cards (docs/facts/sdk-boot-flow.md §11).
 */
class FixtureSdbootTest {

    static final Pattern PROMPT = Pattern.compile("=> $");
    static final Pattern LOADED = Pattern.compile("(\\d+) bytes read in (\\d+) ms(?: \\((.+)\\))?");
    static final RunLimits LIMITS = RunLimits.defaults().withMaxInstructions(200_000_000L).withMaxVirtualNanos(3_000_000_000L);

    /** A chain for one preset's layout: its fip.bin with the stand-in's sdboot on, and boot.sd. */
    record SdbootChain(ResolvedInputs in, byte[] fip, byte[] bootSd) {
        long uimageAddr() {
            return in.mm("UIMAG_ADDR");
        }
    }

    /** How a boot ended: the console after U-Boot's DRAM line, and the kernel's entry if reached. */
    record Boot(RunResult run, List<String> lines, String transcript, Optional<KernelAt> kernel, byte[] atUimage,
            List<WriteTracker.Write> ubootWrites, long ubootInstructions) {}

    record KernelAt(long pc, long a0, long a1, byte[] dtb) {}

    /** A card as raw bytes, for what CardImage refuses to open (no MBR) or a card shorter than its image. */
    record RawCard(byte[] bytes) implements BlockDevice {
        @Override
        public long sizeBytes() {
            return bytes.length;
        }

        @Override
        public void read(long offset, byte[] into) {
            System.arraycopy(bytes, (int) offset, into, 0, into.length);
        }

        @Override
        public void write(long offset, byte[] from) {
            System.arraycopy(from, 0, bytes, (int) offset, from.length);
        }
    }

    static final Map<String, SdbootChain> CHAINS = new ConcurrentHashMap<>();

    @BeforeAll
    static void unicorn() {
        assumeTrue(Unicorn.unavailableReason().isEmpty(), "libunicorn2 is not installed");
    }

    /**
     * What BootImages.build packs for the fixture chain, with the stand-in's sdboot switched on:
     * duoboot's FSBL, the little core's image, the monitor with the U-Boot DT, the U-Boot stand-in.
     */
    static SdbootChain chain(String preset) {
        return CHAINS.computeIfAbsent(preset, p -> {
            ResolvedInputs in = Inputs.resolve(Preset.named(p).scenario());
            MemoryMap map = in.memmap();
            FipImage.Builder fip = FipImage.builder().compression(FipImage.Compression.NONE)
                    .bl2(FsblConfig.from(map).patchInto(FixtureImages.fsbl(in.board().sdk().chipFamily())))
                    .ddrParam(new byte[0x2000]);
            in.fipLittleCore().ifPresent(img -> fip.blcp2nd(img, map.get("FREERTOS_ADDR")));
            fip.monitor(FixtureImages.monitorWithDtb(in.ubootDtb()), map.get("MONITOR_ADDR"));
            fip.loader2nd(FixtureImages.uboot(new FixtureImages.UbootConfig(map.get("UIMAG_ADDR"), map.get("KERNEL_MEMORY_SIZE"),
                    BootImages.FDT_PAD, FsblConfig.UART0_BASE, in.scenario().ubootCopiesReservedMemory(), true,
                    in.board().sdk().fitConfiguration(), in.bootargs())));
            byte[] bootSd = BootImages.build(in.board(), map, Chain.FIXTURES, in.kernelDtb(), in.ubootDtb(), in.fipLittleCore(),
                    in.bootargs()).bootSd();
            return new SdbootChain(in, fip.build(), bootSd);
        });
    }

    /**
     * Power-on to the kernel's entry or U-Boot's prompt. U-Boot's DRAM writes are tracked apart from
     * the earlier stages' (the run stops once at its entry, where the phase begins).
     */
    static Boot boot(SdbootChain c, Optional<BlockDevice> card) {
        return boot(c, card, LIMITS.withUntil(PROMPT));
    }

    static Boot boot(SdbootChain c, Optional<BlockDevice> card, RunLimits afterUboot) {
        try (Machine m = Machine.create(c.in().board())) {
            card.ifPresent(m::insertCard);
            assertThat(m.powerOn(BootMedium.sdCard(c.fip()))).isEmpty();
            long ubootEntry = FipImage.parse("fip.bin", c.fip()).loader2nd().orElseThrow().entry();
            boolean[] entered = new boolean[1];
            m.watch(ubootEntry, h -> h.id() == Machine.HART_C906B && !entered[0] && (entered[0] = true));
            RunResult toUboot = m.run(LIMITS);
            assertThat(entered[0]).as(toUboot.summary()).isTrue();
            WriteTracker.Phase uboot = m.writes().beginPhase("U-Boot");
            long before = m.hart(Machine.HART_C906B).instructions();

            KernelAt[] kernel = new KernelAt[1];
            m.watch(BootImages.KERNEL_ADDR, h -> {
                ByteBuffer b = ByteBuffer.wrap(m.read(h.pc(), 0x44)).order(ByteOrder.LITTLE_ENDIAN);
                if (h.id() != Machine.HART_C906B || b.getInt(0x38) != EmulatedBoot.IMAGE_MAGIC2
                        || b.getInt(0x40) != EmulatedBoot.HC_KERNEL_ENTRY) {
                    return false;
                }
                int size = ByteBuffer.wrap(m.read(h.a(1) + 4, 4)).getInt();
                kernel[0] = new KernelAt(h.pc(), h.a(0), h.a(1), m.read(h.a(1), size));
                return true;
            });
            RunResult run = m.run(afterUboot);
            List<String> all = m.console().linesOf(Machine.HART_C906B);
            int dram = all.indexOf(all.stream().filter(l -> l.startsWith("DRAM:")).findFirst().orElseThrow());
            return new Boot(run, all.subList(dram + 1, all.size()), new String(m.console().transcript(), StandardCharsets.ISO_8859_1),
                    Optional.ofNullable(kernel[0]), m.read(c.uimageAddr(), c.bootSd().length), m.writes().writes(uboot),
                    m.hart(Machine.HART_C906B).instructions() - before);
        }
    }

    /** lib/display_options.c print_size(), to check the rate U-Boot prints after a load. */
    static String printSize(long size, String suffix) {
        char[] names = {'E', 'P', 'T', 'G', 'M', 'K'};
        int d = 60;
        int i = 0;
        for (; i < names.length; i++, d -= 10) {
            if ((size >>> d) != 0) {
                break;
            }
        }
        if (i == names.length) {
            return size + " Bytes" + suffix;
        }
        long n = size >>> d;
        long f = size & ((1L << d) - 1);
        long tenths = 0;
        if (f != 0) {
            tenths = (10 * f + (1L << (d - 1))) >>> d;
            if (tenths >= 10) {
                tenths -= 10;
                n++;
            }
        }
        return n + (tenths != 0 ? "." + tenths : "") + " " + names[i] + "iB" + suffix;
    }

    /** "N bytes read in M ms (R)": N is the file's size, R what U-Boot computes from N and M. */
    static void assertLoadLine(String line, long bytes) {
        Matcher lm = LOADED.matcher(line);
        assertThat(lm.matches()).as(line).isTrue();
        assertThat(Long.parseLong(lm.group(1))).isEqualTo(bytes);
        long ms = Long.parseLong(lm.group(2));
        assertThat(Optional.ofNullable(lm.group(3))).isEqualTo(ms > 0 ? Optional.of(printSize(bytes / ms * 1000, "/s")) : Optional.empty());
    }

    /** A card stopped at U-Boot's prompt, nothing booted: the lines U-Boot printed after its banner. */
    static List<String> badCard(SdbootChain c, Optional<BlockDevice> card) {
        Boot b = boot(c, card);
        assertThat(b.run().outcome()).as(b.run().summary() + "\n" + b.transcript()).isEqualTo(RunResult.Outcome.MATCHED);
        assertThat(b.transcript()).endsWith("\n=> ");
        assertThat(b.kernel()).isEmpty();
        assertThat(b.atUimage()).isNotEqualTo(c.bootSd());
        return b.lines();
    }

    static CardImage goodCard(SdbootChain c) {
        return CardImage.build(CardParts.of(c.fip(), c.bootSd()));
    }

    /** The image padded to the card's 512 KiB capacity unit, as raw blocks. */
    static RawCard raw(byte[] image) {
        int unit = 512 * 1024;
        return new RawCard(Arrays.copyOf(image, (image.length + unit - 1) / unit * unit));
    }

    /** Where boot.sd's root directory entry is in a card image built here (FAT16, 8.3 name BOOT.SD). */
    static int bootSdEntry(byte[] image) {
        byte[] name = "BOOT    SD ".getBytes(StandardCharsets.US_ASCII);
        for (int at = 0; at + 32 <= image.length; at += 32) {
            if (Arrays.equals(image, at, at + 11, name, 0, 11)) {
                return at;
            }
        }
        throw new AssertionError("no BOOT.SD entry in the card image");
    }

    /** The card's sector holding the first byte of boot.sd's data, from partition 1's FAT16 boot sector. */
    static long bootSdFirstSector(CardImage card, byte[] image) {
        long part = card.partitions().get(0).firstSector();
        ByteBuffer bs = ByteBuffer.wrap(image, (int) part * 512, 512).slice().order(ByteOrder.LITTLE_ENDIAN);
        int perCluster = bs.get(13) & 0xff;
        long firstData = (bs.getShort(14) & 0xffff) + (bs.get(16) & 0xff) * (long) (bs.getShort(22) & 0xffff)
                + (bs.getShort(17) & 0xffff) * 32L / 512;
        int entry = bootSdEntry(image);
        int cluster = ByteBuffer.wrap(image, entry + 26, 2).order(ByteOrder.LITTLE_ENDIAN).getShort() & 0xffff;
        return part + firstData + (long) (cluster - 2) * perCluster;
    }

    @ParameterizedTest
    @ValueSource(strings = {"duo256m-v2-arduino-port", "duo-v1-default"})
    void sdbootLoadsBootSdFromTheCardAndBootsIt(String preset) {
        SdbootChain c = chain(preset);
        Boot b = boot(c, Optional.of(goodCard(c).blockDevice()));

        assertThat(b.lines().subList(0, 3)).containsExactly("Boot from SD ...", "switch to partitions #0, OK", "mmc0 is current device");
        assertLoadLine(b.lines().get(3), c.bootSd().length);
        assertThat(b.lines().get(4)).isEqualTo(String.format("## Loading kernel from FIT Image at %08x ...", c.uimageAddr()));
        assertThat(b.transcript()).contains("\nStarting kernel ...\n");
        // boot.sd came off the card: its bytes at UIMAG_ADDR, put there by the controller's DMA in U-Boot's time
        assertThat(b.atUimage()).isEqualTo(c.bootSd());
        assertThat(b.ubootWrites()).anySatisfy(w -> {
            assertThat(w.writer()).isEqualTo("SD controller DMA");
            assertThat(c.uimageAddr()).isBetween(w.base(), w.base() + w.sizeBytes() - 1);
        });
        KernelAt k = b.kernel().orElseThrow(() -> new AssertionError(b.run().summary() + "\n" + b.transcript()));
        assertThat(k.pc()).isEqualTo(BootImages.KERNEL_ADDR);
        assertThat(k.a0()).isZero();
        assertThat(Dtb.read(k.dtb(), "kernel DTB").node("/chosen").orElseThrow().property("bootargs").orElseThrow().asString())
                .isEqualTo(Optional.of(c.in().bootargs()));
    }

    @Test
    void aCardWithoutPartitionTableButFatOnTheWholeCardStillBoots() {
        // "fatload mmc 0" names no partition: without a partition table U-Boot takes the whole card
        SdbootChain c = chain("duo256m-v2-arduino-port");
        CardImage good = goodCard(c);
        byte[] fat = good.partitionBytes(1).read(0, (int) good.partitionBytes(1).length());
        Boot b = boot(c, Optional.of(raw(fat)));
        assertThat(b.lines().subList(0, 3)).containsExactly("Boot from SD ...", "switch to partitions #0, OK", "mmc0 is current device");
        assertLoadLine(b.lines().get(3), c.bootSd().length);
        assertThat(b.kernel()).isPresent();
        assertThat(b.atUimage()).isEqualTo(c.bootSd());
    }

    @Test
    void anEmptySlot() {
        assertThat(badCard(chain("duo256m-v2-arduino-port"), Optional.empty()))
                .containsExactly("Boot from SD ...", "MMC: no card present");
    }

    @Test
    void afterAFailureUbootWaitsAtItsPromptWithoutSpendingInstructions() {
        // a run that does not stop at the prompt goes on to its time limit: U-Boot's hart sleeps there
        Boot b = boot(chain("duo256m-v2-arduino-port"), Optional.empty(), LIMITS.withMaxVirtualNanos(2_000_000_000L));
        assertThat(b.run().outcome()).as(b.run().summary()).isEqualTo(RunResult.Outcome.TIME_LIMIT);
        assertThat(b.transcript()).endsWith("MMC: no card present\n=> ");
        assertThat(b.ubootInstructions()).isLessThan(5_000_000L);
    }

    @Test
    void aCardWithoutPartitionTable() {
        SdbootChain c = chain("duo256m-v2-arduino-port");
        byte[] image = goodCard(c).toByteArray();
        Arrays.fill(image, 0, 512, (byte) 0);
        assertThat(badCard(c, Optional.of(raw(image)))).containsExactly("Boot from SD ...", "switch to partitions #0, OK",
                "mmc0 is current device", "Can't set block device");
    }

    @Test
    void aCardWhosePartitionOneSlotIsEmpty() {
        // the boot partition listed in slot 2 instead of 1
        SdbootChain c = chain("duo256m-v2-arduino-port");
        byte[] image = goodCard(c).toByteArray();
        System.arraycopy(image, 446, image, 462, 16);
        Arrays.fill(image, 446, 462, (byte) 0);
        assertThat(badCard(c, Optional.of(raw(image)))).containsExactly("Boot from SD ...", "switch to partitions #0, OK",
                "mmc0 is current device", "** Invalid partition 1 **", "Couldn't find partition mmc 0", "Can't set block device");
    }

    @Test
    void aBootPartitionThatIsNotFat() {
        SdbootChain c = chain("duo256m-v2-arduino-port");
        CardImage good = goodCard(c);
        byte[] image = good.toByteArray();
        int start = (int) good.partitions().get(0).startByte();
        Arrays.fill(image, start, start + 512, (byte) 0);
        assertThat(badCard(c, Optional.of(raw(image)))).containsExactly("Boot from SD ...", "switch to partitions #0, OK",
                "mmc0 is current device", "Can't set block device");
    }

    @Test
    void aBootPartitionWithoutBootSd() {
        // boot.sd deleted: its directory entry marked free, as a delete leaves it
        SdbootChain c = chain("duo256m-v2-arduino-port");
        byte[] image = goodCard(c).toByteArray();
        image[bootSdEntry(image)] = (byte) 0xe5;
        assertThat(badCard(c, Optional.of(raw(image)))).containsExactly("Boot from SD ...", "switch to partitions #0, OK",
                "mmc0 is current device", "** Unable to read file boot.sd **", "Failed to load 'boot.sd'");
    }

    @Test
    void aTruncatedImageReadsZerosWhereBootSdWas() {
        // sdcard.img cut where boot.sd's data begins (a download that stopped there): the card is as
        // large as its partition table says and reads zeros past the cut, so fatload reads boot.sd's
        // size in zeros and bootm finds no image in them
        SdbootChain c = chain("duo256m-v2-arduino-port");
        CardImage good = goodCard(c);
        byte[] image = good.toByteArray();
        byte[] cut = Arrays.copyOf(image, (int) (bootSdFirstSector(good, image) * 512));
        List<String> lines = badCard(c, Optional.of(CardImage.of(new ImageBytes.InMemory("truncated sdcard.img", cut)).blockDevice()));
        assertThat(lines.subList(0, 3)).containsExactly("Boot from SD ...", "switch to partitions #0, OK", "mmc0 is current device");
        assertLoadLine(lines.get(3), c.bootSd().length);
        assertThat(lines.subList(4, lines.size())).containsExactly("Wrong Image Format for bootm command", "ERROR: can't get kernel image!");
    }

    @Test
    void aCardSmallerThanItsImageFailsTheRead() {
        // a 1 MiB boot.sd on a card of 512 KiB (an image written to a card too small for it): the
        // partition table and the FAT are on the card, the file's blocks are not
        SdbootChain c = chain("duo256m-v2-arduino-port");
        byte[] big = new byte[1 << 20];
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) (i * 7);
        }
        CardImage image = CardImage.build(CardParts.of(c.fip(), big));
        byte[] bytes = image.toByteArray();
        long firstSector = bootSdFirstSector(image, bytes);
        assertThat(firstSector * 512).isLessThan(512 * 1024);
        // fat.c reads the contiguous file with one request; mmc_bread() refuses it past the card's end
        assertThat(badCard(c, Optional.of(new RawCard(Arrays.copyOf(bytes, 512 * 1024))))).containsExactly("Boot from SD ...",
                "switch to partitions #0, OK", "mmc0 is current device",
                String.format("MMC: block number 0x%x exceeds max(0x400)", firstSector + big.length / 512), "Error reading cluster",
                "** Unable to read file boot.sd **", "Failed to load 'boot.sd'");
    }
}
