package dev.duoboot.fdt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;

/** DTB reading (libfdt's checks, node offsets) and writing (dtc's bytes) on a dtc-made blob. */
class DtbTest {

    /** sample.dtb is {@code dtc -I dts -O dtb sample.dts} (dtc 1.6.1), committed beside it. */
    static byte[] sample() {
        try (InputStream in = DtbTest.class.getResourceAsStream("sample.dtb")) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void readsNodesPropertiesAndReservations() {
        DeviceTree t = Dtb.read(sample(), "sample.dtb");

        assertThat(t.memReserves()).containsExactly(
                new MemReserve(0x80000000L, 0x80000L), new MemReserve(0x8fe00000L, 0x200000L));
        assertThat(t.root().children()).extracting(Node::name).containsExactly(
                "cpus", "memory@80000000", "reserved-memory", "c906l_rproc@0");
        Node rtos = t.node("/reserved-memory/rtos_dram@8fe00000").orElseThrow();
        assertThat(rtos.property("reg").orElseThrow().number(1, 1)).isEqualTo(0x8fe00000L);
        assertThat(rtos.hasProperty("no-map")).isTrue();
        assertThat(t.root().property("compatible").orElseThrow().asStringList())
                .containsExactly("milkv,duo256m", "cvitek,cv181x");
        long phandle = t.node("/c906l_rproc@0").orElseThrow()
                .property("memory-region").orElseThrow().u32(0);
        assertThat(t.nodeByPhandle(phandle)).contains(rtos);
    }

    @Test
    void findsNodesByPathAliasAndLabelAsLibfdt() {
        DeviceTree t = DtsCompiler.compile(SourceFiles.of(java.util.Map.of("a.dts", """
                /dts-v1/;
                / {
                	aliases { serial0 = &uart0; bad = "relative"; };
                	soc { uart0: serial@4140000 { child { }; }; serial@5000 { }; };
                };
                """)), "a.dts", DtsCompiler.Options.defaults()).tree();
        Node uart = t.node("/soc/serial@4140000").orElseThrow();
        assertThat(t.node("/soc/serial")).contains(uart);
        assertThat(t.node("serial0")).contains(uart);
        assertThat(t.node("serial0/child")).contains(uart.child("child").orElseThrow());
        assertThat(t.node("bad")).isEmpty();
        assertThat(t.node("nothing")).isEmpty();
        assertThat(t.nodeByLabel("uart0")).contains(uart);
        assertThat(t.node("/soc/serial@5000/x")).isEmpty();
    }

    @Test
    void decodesRegWithTheParentsCellsAsLibfdt() {
        DeviceTree t = Dtb.read(sample(), "sample.dtb");
        assertThat(t.node("/memory@80000000").orElseThrow().reg())
                .containsExactly(new RegEntry(0x80000000L, 0xfe00000L));
        assertThat(t.node("/cpus/cpu@0").orElseThrow().reg()).containsExactly(new RegEntry(0, 0));
        assertThat(t.node("/cpus").orElseThrow().childSizeCells()).isZero();
        assertThat(t.node("/c906l_rproc@0").orElseThrow().reg()).isEmpty();

        Node odd = t.node("/reserved-memory/rtos_dram@8fe00000").orElseThrow();
        odd.setProperty(new Property("reg", new byte[12]));
        assertThatThrownBy(odd::reg).isInstanceOf(FdtException.class).hasMessage(
                "/reserved-memory/rtos_dram@8fe00000: reg is 12 bytes, not a multiple of 16"
                        + " (#address-cells 2, #size-cells 2)");
        t.root().setProperty(new Property("#address-cells", new byte[] {0, 0, 0, 0}));
        assertThatThrownBy(() -> t.root().childAddressCells())
                .hasMessage("/: #address-cells is 0 (FDT_ERR_BADNCELLS)");
    }

    @Test
    void recordsLibfdtNodeOffsetsRelativeToTheStructureBlock() {
        DeviceTree t = Dtb.read(sample(), "sample.dtb");
        // Offsets as libfdt's fdt_path_offset() returns them for this blob.
        assertThat(t.root().walk()).extracting(Node::structureOffset)
                .containsExactly(0x0, 0x6c, 0x98, 0xcc, 0x114, 0x154, 0x1ac);
        byte[] blob = sample();
        int offStruct = ByteBuffer.wrap(blob).getInt(8);
        int rtos = t.node("/reserved-memory/rtos_dram").orElseThrow().structureOffset();
        assertThat(ByteBuffer.wrap(blob).getInt(offStruct + rtos)).isEqualTo(Dtb.BEGIN_NODE);
    }

    @Test
    void writingWhatWasReadGivesTheSameBytes() {
        byte[] blob = sample();
        assertThat(Dtb.write(Dtb.read(blob, "sample.dtb"))).isEqualTo(blob);
    }

    @Test
    void writerSharesStringTableSuffixesLikeDtc() {
        DeviceTree t = new DeviceTree();
        t.root().setProperty(new Property("compatible", new byte[] {'a', 0}));
        t.root().setProperty(new Property("patible", new byte[0]));
        t.root().setProperty(new Property("ranges", new byte[0]));
        byte[] blob = Dtb.write(t);
        DtbHeader h = Dtb.header(blob, "t.dtb");
        assertThat(h.sizeDtStrings()).isEqualTo("compatible\0ranges\0".length());
        assertThat(h.version()).isEqualTo(17);
        assertThat(h.lastCompVersion()).isEqualTo(16);
        assertThat(Dtb.read(blob, "t.dtb").root().properties()).extracting(Property::name)
                .containsExactly("compatible", "patible", "ranges");
    }

    @Test
    void keepsDuplicatePropertiesAndNopsDoNotMatter() {
        // A blob another tool wrote: a NOP before a property, two 'x' properties.
        BlobBuilder b = new BlobBuilder("x\0");
        b.tag(Dtb.BEGIN_NODE).name("").tag(Dtb.NOP).prop(0, 1).prop(0, 2).tag(Dtb.END_NODE)
                .tag(Dtb.END);
        DeviceTree t = Dtb.read(b.build(), "nop.dtb");
        assertThat(t.root().properties()).hasSize(2);
        assertThat(t.root().property("x").orElseThrow().u32(0)).isEqualTo(1);
    }

    // --- each fdt_check_full check, one line with the byte offset ---

    @Test
    void rejectsAShortBuffer() {
        assertThatThrownBy(() -> Dtb.read(new byte[10], "short.dtb"))
                .isInstanceOf(FdtException.class)
                .hasMessage("short.dtb: byte 0x0: only 10 bytes, a DTB header needs at least 28"
                        + " (FDT_ERR_TRUNCATED)");
    }

    @Test
    void rejectsBadMagic() {
        byte[] blob = sample();
        blob[0] = 0x12;
        assertThatThrownBy(() -> Dtb.read(blob, "x.dtb"))
                .hasMessage("x.dtb: byte 0x0: magic 0x120dfeed, expected 0xd00dfeed (FDT_ERR_BADMAGIC)");
    }

    @Test
    void rejectsUnalignedAddress() {
        assertThatThrownBy(() -> Dtb.readAt(sample(), 0x80080004L, "DTB at 0x80080004"))
                .hasMessageContaining("not 8-byte aligned (FDT_ERR_ALIGNMENT)");
        assertThat(Dtb.readAt(sample(), 0x80080000L, "DTB").root().children()).hasSize(4);
    }

    @Test
    void rejectsBadVersions() {
        byte[] blob = sample();
        putU32(blob, 24, 18);
        assertThatThrownBy(() -> Dtb.read(blob, "x.dtb"))
                .hasMessage("x.dtb: byte 0x18: last compatible version 18 is newer than 17"
                        + " (FDT_ERR_BADVERSION)");
        putU32(blob, 24, 16);
        putU32(blob, 20, 1);
        assertThatThrownBy(() -> Dtb.read(blob, "x.dtb")).hasMessageContaining("FDT_ERR_BADVERSION");
        putU32(blob, 20, 3);
        assertThatThrownBy(() -> Dtb.read(blob, "x.dtb")).hasMessageContaining("(FDT_ERR_BADVERSION)");
    }

    @Test
    void rejectsTotalSizeBeyondTheBuffer() {
        byte[] blob = sample();
        putU32(blob, 4, blob.length + 8);
        assertThatThrownBy(() -> Dtb.read(blob, "x.dtb"))
                .hasMessage("x.dtb: byte 0x4: totalsize 0x2ea is larger than the 0x2e2 bytes given"
                        + " (FDT_ERR_TRUNCATED)");
    }

    @Test
    void rejectsBlocksOutsideTheBlob() {
        byte[] a = sample();
        putU32(a, 16, 8);
        assertThatThrownBy(() -> Dtb.read(a, "x.dtb"))
                .hasMessageStartingWith("x.dtb: byte 0x10: off_mem_rsvmap 0x8 is outside");
        byte[] b = sample();
        putU32(b, 36, 0x1000);
        assertThatThrownBy(() -> Dtb.read(b, "x.dtb"))
                .hasMessageStartingWith("x.dtb: byte 0x8: structure block 0x58+0x1000 is outside");
        byte[] c = sample();
        putU32(c, 32, 0xffffffff);
        assertThatThrownBy(() -> Dtb.read(c, "x.dtb"))
                .hasMessageStartingWith("x.dtb: byte 0xc: strings block");
    }

    @Test
    void rejectsAnUnterminatedReservationMap() {
        BlobBuilder b = new BlobBuilder("");
        b.tag(Dtb.BEGIN_NODE).name("").tag(Dtb.END_NODE).tag(Dtb.END);
        byte[] blob = b.build();
        putU32(blob, 16, blob.length - 8); // the map would start 8 bytes before the end
        assertThatThrownBy(() -> Dtb.read(blob, "x.dtb"))
                .hasMessageContaining("reservation map runs past totalsize")
                .hasMessageEndingWith("(FDT_ERR_TRUNCATED)");
    }

    @Test
    void rejectsUnknownTagsWithTheirOffset() {
        BlobBuilder b = new BlobBuilder("");
        b.tag(Dtb.BEGIN_NODE).name("").tag(7).tag(Dtb.END_NODE).tag(Dtb.END);
        assertThatThrownBy(() -> Dtb.read(b.build(), "x.dtb"))
                .hasMessage("x.dtb: byte 0x40: unknown tag 0x00000007 (FDT_ERR_BADSTRUCTURE)");
    }

    @Test
    void rejectsBadNesting() {
        BlobBuilder unclosed = new BlobBuilder("");
        unclosed.tag(Dtb.BEGIN_NODE).name("").tag(Dtb.BEGIN_NODE).name("a").tag(Dtb.END_NODE)
                .tag(Dtb.END);
        assertThatThrownBy(() -> Dtb.read(unclosed.build(), "x.dtb"))
                .hasMessageContaining("FDT_END inside node /")
                .hasMessageEndingWith("(FDT_ERR_BADSTRUCTURE)");

        BlobBuilder twoRoots = new BlobBuilder("");
        twoRoots.tag(Dtb.BEGIN_NODE).name("").tag(Dtb.END_NODE)
                .tag(Dtb.BEGIN_NODE).name("").tag(Dtb.END_NODE).tag(Dtb.END);
        assertThatThrownBy(() -> Dtb.read(twoRoots.build(), "x.dtb"))
                .hasMessageContaining("after the root node's end");

        BlobBuilder extraEnd = new BlobBuilder("");
        extraEnd.tag(Dtb.END_NODE).tag(Dtb.END);
        assertThatThrownBy(() -> Dtb.read(extraEnd.build(), "x.dtb"))
                .hasMessageContaining("FDT_END_NODE without a matching FDT_BEGIN_NODE");

        BlobBuilder named = new BlobBuilder("");
        named.tag(Dtb.BEGIN_NODE).name("root").tag(Dtb.END_NODE).tag(Dtb.END);
        assertThatThrownBy(() -> Dtb.read(named.build(), "x.dtb"))
                .hasMessageContaining("root node is named 'root'");
    }

    @Test
    void rejectsAStructureBlockThatEndsEarly() {
        BlobBuilder b = new BlobBuilder("");
        b.tag(Dtb.BEGIN_NODE).name("");
        assertThatThrownBy(() -> Dtb.read(b.build(), "x.dtb"))
                .hasMessageContaining("structure block ends at struct offset 0x8, before FDT_END")
                .hasMessageEndingWith("(FDT_ERR_TRUNCATED)");
    }

    @Test
    void rejectsPropertyValuesAndNamesOutOfBounds() {
        BlobBuilder longValue = new BlobBuilder("x\0");
        longValue.tag(Dtb.BEGIN_NODE).name("").tag(Dtb.PROP).tag(0x100).tag(0).tag(Dtb.END_NODE)
                .tag(Dtb.END);
        assertThatThrownBy(() -> Dtb.read(longValue.build(), "x.dtb"))
                .hasMessage("x.dtb: byte 0x40: property value of 256 bytes runs past the end of the"
                        + " structure block (FDT_ERR_BADSTRUCTURE)");

        BlobBuilder badName = new BlobBuilder("x\0");
        badName.tag(Dtb.BEGIN_NODE).name("").prop(9, 0).tag(Dtb.END_NODE).tag(Dtb.END);
        assertThatThrownBy(() -> Dtb.read(badName.build(), "x.dtb"))
                .hasMessage("x.dtb: byte 0x48: property name offset 0x9 is outside the strings block"
                        + " (size 0x2) (FDT_ERR_BADOFFSET)");

        BlobBuilder unterminated = new BlobBuilder("xy");
        unterminated.tag(Dtb.BEGIN_NODE).name("").prop(0, 0).tag(Dtb.END_NODE).tag(Dtb.END);
        assertThatThrownBy(() -> Dtb.read(unterminated.build(), "x.dtb"))
                .hasMessageContaining("has no terminating NUL (FDT_ERR_TRUNCATED)");
    }

    @Test
    void rejectsAnEmptyStructure() {
        BlobBuilder b = new BlobBuilder("");
        b.tag(Dtb.END);
        assertThatThrownBy(() -> Dtb.read(b.build(), "x.dtb"))
                .hasMessageContaining("structure block has no root node");
    }

    static void putU32(byte[] blob, int at, int value) {
        ByteBuffer.wrap(blob).putInt(at, value);
    }

    /** Hand-made blobs: a v17 header, an empty reservation map, the given struct and strings. */
    static final class BlobBuilder {
        private final ByteBuffer struct = ByteBuffer.allocate(1 << 16);
        private final byte[] strings;

        BlobBuilder(String strings) {
            this.strings = strings.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        }

        BlobBuilder tag(int value) {
            struct.putInt(value);
            return this;
        }

        BlobBuilder name(String name) {
            struct.put(name.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1)).put((byte) 0);
            while (struct.position() % 4 != 0) {
                struct.put((byte) 0);
            }
            return this;
        }

        /** A property of one cell. */
        BlobBuilder prop(int nameOffset, int cell) {
            return tag(Dtb.PROP).tag(4).tag(nameOffset).tag(cell);
        }

        byte[] build() {
            int offStruct = 40 + 16;
            int offStrings = offStruct + struct.position();
            int total = offStrings + strings.length;
            ByteBuffer b = ByteBuffer.allocate(total);
            for (int v : List.of(Dtb.MAGIC, total, offStruct, offStrings, 40, 17, 16, 0,
                    strings.length, struct.position())) {
                b.putInt(v);
            }
            b.put(new byte[16]).put(struct.array(), 0, struct.position()).put(strings);
            return b.array();
        }
    }
}
