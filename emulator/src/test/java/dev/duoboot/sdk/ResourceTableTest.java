package dev.duoboot.sdk;

import static dev.duoboot.sdk.ElfBuilder.carveout;
import static dev.duoboot.sdk.ElfBuilder.resourceTable;
import static dev.duoboot.sdk.ElfBuilder.vdev;
import static org.assertj.core.api.Assertions.assertThat;

import dev.duoboot.sdk.ResourceTable.Carveout;
import dev.duoboot.sdk.ResourceTable.Entry;
import dev.duoboot.sdk.ResourceTable.Found;
import dev.duoboot.sdk.ResourceTable.Lookup;
import dev.duoboot.sdk.ResourceTable.Missing;
import dev.duoboot.sdk.ResourceTable.Outcome;
import dev.duoboot.sdk.ResourceTable.Rejected;
import dev.duoboot.sdk.ResourceTable.Vdev;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResourceTableTest {

    static Lookup lookup(byte[] table) {
        byte[] elf = ElfBuilder.elf64().loadSection(".text", 0x8fe00000L, new byte[64])
                .loadSection(".resource_table", 0x8fe00040L, table).build();
        return ResourceTable.find(ElfFile.of("fw.elf", elf));
    }

    static ResourceTable found(byte[] table) {
        return ((Found) lookup(table)).table();
    }

    @Test
    void theArduinoStyleTableOfTheRealFirmwareHasOneCarveout() {
        ElfFile elf = ElfFile.parse("rtos_rsc.elf", ElfFileTest.resource("rtos_rsc.elf"));
        ResourceTable t = ((Found) ResourceTable.find(elf)).table();
        assertThat(t.version()).isEqualTo(1);
        assertThat(t.num()).isEqualTo(1);
        assertThat(t.sizeBytes()).isEqualTo(0x4c);
        assertThat(t.section().addr()).isEqualTo(0x8fe00038L);
        assertThat(t.offsets()).containsExactly(20L);
        Entry e = t.entries().getFirst();
        assertThat(e.avail()).isEqualTo(0x4c - 20 - 4);
        assertThat(e.resource()).isEqualTo(new Carveout(0x8fe00000L, 0x8fe00000L, 0x200000, 0, 0, "text"));
        assertThat(e.verdict(false).outcome()).isEqualTo(Outcome.OK);
    }

    @Test
    void noSectionIsMissingWithoutAMessage() {
        byte[] elf = ElfBuilder.elf64().loadSection(".text", 0x8fe00000L, new byte[16]).build();
        assertThat(ResourceTable.find(ElfFile.of("fw.elf", elf))).isEqualTo(new Missing());
    }

    @Test
    void findTableChecksInTheKernelsOrder() {
        assertThat(((Rejected) lookup(new byte[12])).kernelMessage()).isEqualTo("header-less resource table");
        assertThat(((Rejected) lookup(resourceTable(2))).kernelMessage()).isEqualTo("unsupported fw ver: 2");
        assertThat(((Rejected) lookup(resourceTable(0xffffffffL))).kernelMessage()).isEqualTo("unsupported fw ver: -1");
        byte[] reserved = resourceTable(1);
        reserved[12] = 1;
        assertThat(((Rejected) lookup(reserved)).kernelMessage()).isEqualTo("non zero reserved bytes");
        byte[] incomplete = resourceTable(1);
        incomplete[4] = 3; // num = 3 but no offsets follow
        assertThat(((Rejected) lookup(incomplete)).kernelMessage()).isEqualTo("resource table incomplete");
    }

    @Test
    void aSectionReachingPastTheFileIsTruncated() {
        byte[] elf = ElfBuilder.elf64().loadSection(".resource_table", 0x8fe00000L, resourceTable(1)).build();
        ElfFile raw = ElfFile.of("fw.elf", elf);
        ElfSection s = raw.section(".resource_table").orElseThrow();
        ByteBuffer.wrap(elf).order(ByteOrder.LITTLE_ENDIAN).putLong((int) s.headerOffset() + 32, elf.length);
        assertThat(((Rejected) ResourceTable.find(ElfFile.of("fw.elf", elf))).kernelMessage())
                .isEqualTo("resource table truncated");
        // offset + size wrapping around 2^64 is caught by the same check
        ByteBuffer.wrap(elf).order(ByteOrder.LITTLE_ENDIAN).putLong((int) s.headerOffset() + 32, -8L);
        assertThat(((Rejected) ResourceTable.find(ElfFile.of("fw.elf", elf))).kernelMessage())
                .isEqualTo("resource table truncated");
    }

    @Test
    void carveoutChecks() {
        byte[] truncated = java.util.Arrays.copyOf(carveout(0x8fe00000L, 0x1000, "x"), 40);
        assertThat(found(resourceTable(1, truncated)).entries().getFirst().verdict(false).message())
                .isEqualTo("carveout rsc is truncated");
        byte[] reserved = carveout(0x8fe00000L, 0x1000, "x");
        reserved[20] = 1;
        assertThat(found(resourceTable(1, reserved)).entries().getFirst().verdict(false).message())
                .isEqualTo("carveout rsc has non zero reserved bytes");
    }

    @Test
    void vdevWithVringsIsParsedAndChecked() {
        byte[] ok = vdev(2, 0, new long[][] {{0x8fdc1000L, 4096, 256}, {0x8fdc3000L, 4096, 256}});
        Entry e = found(resourceTable(1, ok)).entries().getFirst();
        Vdev v = (Vdev) e.resource();
        assertThat(v.id()).isEqualTo(7);
        assertThat(v.vrings()).hasSize(2);
        assertThat(v.vrings().get(1).da()).isEqualTo(0x8fdc3000L);
        assertThat(e.verdict(false).outcome()).isEqualTo(Outcome.OK);

        byte[] three = vdev(3, 0, new long[][] {{1, 16, 8}, {2, 16, 8}, {3, 16, 8}});
        assertThat(found(resourceTable(1, three)).entries().getFirst().verdict(false).message())
                .isEqualTo("too many vrings: 3");
        byte[] zeroQueue = vdev(1, 0, new long[][] {{1, 16, 0}});
        assertThat(found(resourceTable(1, zeroQueue)).entries().getFirst().verdict(false).message())
                .isEqualTo("invalid qsz (0) or alignment (16)");
        byte[] claimsConfig = vdev(1, 0, new long[][] {{1, 16, 8}});
        claimsConfig[4 + 16] = 100; // config_len 100 bytes that are not there
        assertThat(found(resourceTable(1, claimsConfig)).entries().getFirst().verdict(false).message())
                .isEqualTo("vdev rsc is truncated");
    }

    @Test
    void devmemFailsSilentlyWithoutAnIommuAndUnknownTypesOnlyWarn() {
        byte[] devmem = carveout(0x1000, 0x1000, "mmio");
        devmem[0] = ResourceTable.RSC_DEVMEM;
        byte[] vendor = new byte[8];
        vendor[0] = (byte) 200;
        byte[] unknown = new byte[8];
        unknown[0] = 9;
        List<Entry> entries = found(resourceTable(1, devmem, vendor, unknown)).entries();
        assertThat(entries.get(0).verdict(false)).isEqualTo(new ResourceTable.Verdict(Outcome.ERROR, ""));
        assertThat(entries.get(0).verdict(true).outcome()).isEqualTo(Outcome.OK);
        assertThat(entries.get(1).verdict(false))
                .isEqualTo(new ResourceTable.Verdict(Outcome.WARNING, "unsupported vendor resource 200"));
        assertThat(entries.get(2).verdict(false))
                .isEqualTo(new ResourceTable.Verdict(Outcome.WARNING, "unsupported resource 9"));
    }

    @Test
    void anOffsetPastTheEndTruncatesTheWalk() {
        byte[] table = resourceTable(1, carveout(0, 0x1000, "a"));
        ByteBuffer.wrap(table).order(ByteOrder.LITTLE_ENDIAN).putInt(16, table.length - 2);
        Entry e = found(table).entries().getFirst();
        assertThat(e.avail()).isEqualTo(-2);
        assertThat(e.verdict(false).message()).isEqualTo("rsc table is truncated");
        // 0x80000000 as the kernel's int: size_t arithmetic makes avail negative again
        ByteBuffer.wrap(table).order(ByteOrder.LITTLE_ENDIAN).putInt(16, 0x80000000);
        assertThat(found(table).entries().getFirst().verdict(false).message()).isEqualTo("rsc table is truncated");
        // -16: avail is positive and the kernel reads 16 bytes before its copy of the table
        ByteBuffer.wrap(table).order(ByteOrder.LITTLE_ENDIAN).putInt(16, -16);
        assertThat(found(table).entries().getFirst().verdict(false).outcome()).isEqualTo(Outcome.UNDEFINED);
    }
}
