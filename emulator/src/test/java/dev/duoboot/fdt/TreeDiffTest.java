package dev.duoboot.fdt;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Node-level diffs, as a user asks "what did OpenSBI change in my tree". */
class TreeDiffTest {

    static DeviceTree compile(String dts) {
        return DtsCompiler.compile(SourceFiles.of(Map.of("t.dts", dts)), "t.dts",
                DtsCompiler.Options.defaults()).tree();
    }

    static final String BOARD = """
            /dts-v1/;
            /memreserve/ 0x80000000 0x80000;
            / {
            	#address-cells = <2>;
            	#size-cells = <2>;
            	chosen { stdout-path = "serial0"; };
            	memory@80000000 { device_type = "memory"; reg = <0 0x80000000 0 0xfe00000>; };
            	reserved-memory {
            		#address-cells = <2>;
            		#size-cells = <2>;
            		ranges;
            		rtos_dram@8fe00000 { reg = <0 0x8fe00000 0 0x200000>; no-map; };
            	};
            	fast_image { compatible = "cvitek,rtos_image"; };
            };
            """;

    @Test
    void identicalTreesHaveNoDifferences() {
        assertThat(TreeDiff.between(compile(BOARD), compile(BOARD)).isEmpty()).isTrue();
    }

    @Test
    void reportsWhatAFirmwareStageAddedRemovedAndChanged() {
        DeviceTree after = compile(BOARD);
        Node resv = after.node("/reserved-memory").orElseThrow();
        Node mmode = new Node("mmode_resv0@80000000");
        mmode.setProperty(new Property("reg", new byte[] {0, 0, 0, 0, (byte) 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0}));
        resv.addChild(0, mmode);
        after.node("/chosen").orElseThrow().setProperty(new Property("stdout-path", "serial0:115200n8\0".getBytes()));
        after.node("/chosen").orElseThrow().setProperty(new Property("bootargs", "console=ttyS0\0".getBytes()));
        after.node("/reserved-memory/rtos_dram").orElseThrow().removeProperty("no-map");
        after.root().removeChild(after.node("/fast_image").orElseThrow());
        after.memReserves().clear();

        TreeDiff diff = TreeDiff.between(compile(BOARD), after);

        assertThat(diff.nodes()).extracting(TreeDiff.NodeChange::path, TreeDiff.NodeChange::kind).containsExactly(
                org.assertj.core.groups.Tuple.tuple("/chosen", TreeDiff.Kind.CHANGED),
                org.assertj.core.groups.Tuple.tuple("/reserved-memory/rtos_dram@8fe00000", TreeDiff.Kind.CHANGED),
                org.assertj.core.groups.Tuple.tuple("/reserved-memory/mmode_resv0@80000000", TreeDiff.Kind.ADDED),
                org.assertj.core.groups.Tuple.tuple("/fast_image", TreeDiff.Kind.REMOVED));
        assertThat(diff.toText()).isEqualTo("""
                - /memreserve/ 0x80000000 0x80000;
                ~ /chosen
                    ~ stdout-path = "serial0:115200n8"; (was "serial0")
                    + bootargs = "console=ttyS0";
                ~ /reserved-memory/rtos_dram@8fe00000
                    - no-map;
                + /reserved-memory/mmode_resv0@80000000
                    + reg = <0x00 0x80000000 0x00 0x20000>;
                - /fast_image
                    - compatible = "cvitek,rtos_image";
                """);
        assertThat(TreeDiff.between(after, compile(BOARD)).nodes()).extracting(TreeDiff.NodeChange::kind)
                .containsExactly(TreeDiff.Kind.CHANGED, TreeDiff.Kind.REMOVED, TreeDiff.Kind.CHANGED,
                        TreeDiff.Kind.ADDED);
        assertThat(List.of(diff.nodes().get(0).properties().get(1).kind())).containsExactly(TreeDiff.Kind.ADDED);
    }
}
