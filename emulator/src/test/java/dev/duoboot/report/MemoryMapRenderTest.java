package dev.duoboot.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.duoboot.boot.MemoryRegion;
import dev.duoboot.boot.MemoryView;
import dev.duoboot.boot.RegionKind;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

class MemoryMapRenderTest {

    /** The Duo256M arduino layout as the kernel and the DTS see it. */
    static List<MemoryView> views() {
        MemoryView dts = new MemoryView("DTS", List.of(
                new MemoryRegion(0x80000000L, 0x0fe00000L, "memory@80000000", RegionKind.RAM),
                new MemoryRegion(0x8fe00000L, 0x200000L, "rtos_dram", RegionKind.NO_MAP)));
        MemoryView linux = new MemoryView("Linux reserved_mem", List.of(
                new MemoryRegion(0x80000000L, 0x0fe00000L, "memory", RegionKind.RAM),
                new MemoryRegion(0x80000000L, 0x20000L, "mmode_resv0", RegionKind.RESERVED),
                new MemoryRegion(0x8fe00000L, 0x200000L, "rtos_dra", RegionKind.NO_MAP)
                        .withConflict("name stored as 8 bytes; lookup of 'rtos_dram@8fe00000' fails")));
        return List.of(dts, linux);
    }

    @Test
    void tableHasOneRowPerSegmentAndMarksConflicts() {
        String table = MemoryMapTable.render(views());
        assertThat(table).isEqualTo("""
                range                        size | DTS             | Linux reserved_mem
                ------------------------------------------------------------------------
                0x80000000-0x8001ffff     128 KiB | memory@80000000 | mmode_resv0
                0x80020000-0x8fdfffff  253.88 MiB | memory@80000000 | memory
                0x8fe00000-0x8fffffff       2 MiB | rtos_dram       | !rtos_dra
                ! Linux reserved_mem: rtos_dra 0x8fe00000+2 MiB: name stored as 8 bytes; lookup of 'rtos_dram@8fe00000' fails
                """);
    }

    @Test
    void svgIsWellFormedDeterministicAndOutlinesConflicts() throws Exception {
        String svg = MemoryMapSvg.render("Duo256M", views());
        assertThat(MemoryMapSvg.render("Duo256M", views())).isEqualTo(svg);
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
        assertThat(doc.getDocumentElement().getNodeName()).isEqualTo("svg");
        assertThat(svg).contains(">DTS</text>", ">Linux reserved_mem</text>", "stroke=\"#d00000\"",
                "name stored as 8 bytes", ">0x8fe00000</text>");
    }
}
