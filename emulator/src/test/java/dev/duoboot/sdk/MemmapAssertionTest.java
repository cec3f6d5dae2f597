package dev.duoboot.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A failed memmap.py assert as the SDK's build shows it: evaluation goes on past it (so the layout
 * can be shown) and keeps where it is, its values, and Python 3.11's own traceback lines.
 */
class MemmapAssertionTest {

    static final String ION_ZERO = """
            SIZE_1M = 0x100000


            class MemoryMap:
                DRAM_BASE = 0x80000000
                DRAM_SIZE = 256 * SIZE_1M
                FREERTOS_SIZE = 2 * SIZE_1M
                FREERTOS_ADDR = DRAM_BASE + DRAM_SIZE - FREERTOS_SIZE
                ION_SIZE = 0 * SIZE_1M
                H26X_BITSTREAM_SIZE = 2 * SIZE_1M
                H26X_ENC_BUFF_SIZE = 0
                ISP_MEM_BASE_SIZE = 20 * SIZE_1M
                ION_ADDR = FREERTOS_ADDR - ION_SIZE
                H26X_BITSTREAM_ADDR = ION_ADDR
                H26X_ENC_BUFF_ADDR = H26X_BITSTREAM_ADDR + H26X_BITSTREAM_SIZE
                ISP_MEM_BASE_ADDR = H26X_ENC_BUFF_ADDR + H26X_ENC_BUFF_SIZE
                assert ISP_MEM_BASE_ADDR + ISP_MEM_BASE_SIZE <= ION_ADDR + ION_SIZE
                UIMAG_ADDR = DRAM_BASE + 24 * SIZE_1M
            """;

    @Test
    void theFirstFailedAssertIsKeptAndEvaluationGoesOn() {
        MemoryMap m = MemmapEvaluator.evaluateThroughAsserts("memmap.py", ION_ZERO);
        MemmapAssertion a = m.failedAssert().orElseThrow();
        assertThat(a.line()).isEqualTo(17);
        assertThat(a.className()).contains("MemoryMap");
        assertThat(a.classLine()).isEqualTo(4);
        assertThat(a.condition()).isEqualTo("ISP_MEM_BASE_ADDR + ISP_MEM_BASE_SIZE <= ION_ADDR + ION_SIZE");
        assertThat(a.names()).extracting(MemmapAssertion.NameValue::name).containsExactly("ISP_MEM_BASE_ADDR", "ISP_MEM_BASE_SIZE",
                "ION_ADDR", "ION_SIZE");
        assertThat(a.sides().orElseThrow()).isEqualTo(new MemmapAssertion.Sides("ISP_MEM_BASE_ADDR + ISP_MEM_BASE_SIZE", "0x91400000",
                "<=", "ION_ADDR + ION_SIZE", "0x8fe00000"));
        // the statements after the assert still ran
        assertThat(m.value("UIMAG_ADDR")).hasValue(java.math.BigInteger.valueOf(0x81800000L));
        assertThat(m.references("ISP_MEM_BASE_ADDR")).containsExactly("H26X_ENC_BUFF_ADDR", "H26X_ENC_BUFF_SIZE");
    }

    @Test
    void strictEvaluationStillStopsWithOneLine() {
        assertThatThrownBy(() -> MemmapEvaluator.evaluate("memmap.py", ION_ZERO)).isInstanceOf(SdkFileException.class)
                .hasMessage("memmap.py:17: assertion failed: ISP_MEM_BASE_ADDR + ISP_MEM_BASE_SIZE <= ION_ADDR + ION_SIZE "
                        + "(ISP_MEM_BASE_ADDR = 0x90000000, ISP_MEM_BASE_SIZE = 0x1400000, ION_ADDR = 0x8fe00000, ION_SIZE = 0x0)");
    }

    @Test
    void theBuildLogIsMmapConvsInfoLineAndPythonsTraceback() {
        MemmapAssertion a = MemmapEvaluator.evaluateThroughAsserts("memmap.py", ION_ZERO).failedAssert().orElseThrow();
        List<String> out = MmapConv.assertFailureOutput(a);
        // docs/facts/failures.md section 2.2, measured with Python 3.11.7 and sophgo/build's mmap_conv.py
        assertThat(out).containsExactly(
                "    INFO:mmap_conv: map_file_path is at memmap.py",
                "Traceback (most recent call last):",
                "  File \"build/scripts/mmap_conv.py\", line 131, in <module>",
                "    main()",
                "  File \"build/scripts/mmap_conv.py\", line 113, in main",
                "    spec.loader.exec_module(mmap_module)",
                "  File \"<frozen importlib._bootstrap_external>\", line 940, in exec_module",
                "  File \"<frozen importlib._bootstrap>\", line 241, in _call_with_frames_removed",
                "  File \"memmap.py\", line 4, in <module>",
                "    class MemoryMap:",
                "  File \"memmap.py\", line 17, in MemoryMap",
                "    assert ISP_MEM_BASE_ADDR + ISP_MEM_BASE_SIZE <= ION_ADDR + ION_SIZE",
                "           ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^",
                "AssertionError");
    }

    private static String version;

    /** python3's major.minor, asked once; "none" without python3. */
    private static synchronized String pythonVersion() throws Exception {
        if (version == null) {
            version = PythonCheck.available() ? new String(PythonCheck.run("import sys; print('%d.%d' % sys.version_info[:2])",
                    new byte[0]), StandardCharsets.UTF_8).strip() : "none";
        }
        return version;
    }

    /** The memmap.py frames against the python3 on this machine, when it is a 3.11 (the underline is 3.11's). */
    @ParameterizedTest
    @ValueSource(strings = {
        "class MemoryMap:\n    A = 1\n    B = 2\n    assert A + B <= 2\n",
        "X = 3\n\n\nclass MemoryMap:\n    A = 1\n    assert A > X, \"A too small\"  # why\n",
        "class MemoryMap:\n    A = 1\n    assert (A >\n            2)\n",
        "class MemoryMap:\n    A = 1\n    assert (A > 2)\n",
        "class MemoryMap:\n    A = 0\n    assert A, 7\n",
        "class MemoryMap:\n    A = 0\n    B = 0\n    assert A + 0\n",
        "class MemoryMap:\n    A = 0\n    B = 0\n    assert A == 1 and B == 0\n",
        "class MemoryMap:\n    A = 0\n    B = 0\n    assert A > 1 and B\n",
        "class MemoryMap:\n    A = 0\n    B = 0\n    assert not (A + 1) < 2\n",
        "class MemoryMap:\n    A = 0\n    B = 0\n    assert ((A == 1))\n"})
    void framesMatchPython311(String source, @TempDir Path dir) throws Exception {
        String version = pythonVersion();
        assumeTrue(version.equals("3.11"), "the underline is Python 3.11's; python3 here is " + version);
        Path file = dir.resolve("memmap.py");
        Files.writeString(file, source);
        String script = "import importlib.util, sys, traceback\n"
                + "spec = importlib.util.spec_from_file_location('m', sys.stdin.read())\n"
                + "mod = importlib.util.module_from_spec(spec)\n"
                + "try:\n    spec.loader.exec_module(mod)\n"
                + "except AssertionError:\n    print(traceback.format_exc(), end='')\n";
        List<String> python = new String(PythonCheck.run(script, file.toString().getBytes(StandardCharsets.UTF_8)),
                StandardCharsets.UTF_8).lines().toList();
        List<String> memmapFrames = python.subList(python.indexOf(python.stream().filter(l -> l.contains(file.toString()))
                .findFirst().orElseThrow()), python.size());
        MemmapAssertion a = MemmapEvaluator.evaluateThroughAsserts(file.toString(), source).failedAssert().orElseThrow();
        assertThat(a.pythonFrames(file.toString())).containsExactlyElementsOf(memmapFrames);
    }
}
