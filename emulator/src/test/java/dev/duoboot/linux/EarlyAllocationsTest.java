package dev.duoboot.linux;

import static org.assertj.core.api.Assertions.assertThat;

import dev.duoboot.fdt.Dtb;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** memblock's early top-down allocations, against what a real kernel allocated. */
class EarlyAllocationsTest {

    @TempDir
    Path dir;

    /**
     * The real 6.1.192 boot of qemu61/case1 allocated its unflattened tree with
     * {@code memblock_alloc_try_nid: 31076 bytes align=0x8} (case1.kernel.log); the dry run with
     * 6.1's structures in a build with SYSFS (OF_KOBJ: device_node 144 + a 64-byte kobject, property
     * 32 + a 64-byte bin_attribute) gives the same, on the tree the kernel got: case1.dts less the
     * one property Debian's OpenSBI 1.1 deletes before passing it on (lib/utils/fdt/fdt_pmu.c
     * fdt_pmu_fixup(): riscv,event-to-mhpmcounters of the riscv,pmu node).
     */
    @Test
    void unflattenedTreeSizeIsTheRealKernels() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/dtc")), "dtc is not installed");
        String dts;
        try (InputStream in = getClass().getResourceAsStream("/dev/duoboot/linux/qemu61/case1.dts")) {
            dts = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Path src = dir.resolve("in.dts");
        Path out = dir.resolve("out.dtb");
        Files.writeString(src, dts);
        Process p = new ProcessBuilder("dtc", "-q", "-I", "dts", "-O", "dtb", "-o", out.toString(), src.toString())
                .redirectErrorStream(true).start();
        assertThat(p.waitFor()).isZero();
        dev.duoboot.fdt.DeviceTree tree = Dtb.read(Files.readAllBytes(out), "case1");
        assertThat(tree.node("/pmu").orElseThrow().removeProperty("riscv,event-to-mhpmcounters")).isTrue();
        assertThat(EarlyAllocations.unflattenedBytes(tree, 208, 96, true)).isEqualTo(31076);
        // without OF_KOBJ the same tree is less than half of it
        assertThat(EarlyAllocations.unflattenedBytes(tree, 144, 32, false)).isLessThan(31076 / 2);
    }
}
