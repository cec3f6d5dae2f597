package dev.duoboot.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.duoboot.sdk.MmapConv.Format;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MemmapEvaluatorTest {

    static String text(String path) {
        try (InputStream in = MemmapEvaluatorTest.class.getResourceAsStream(path)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("missing resource " + path, e);
        }
    }

    static MemoryMap preset(String name) {
        return MemmapPreset.byId(name).orElseThrow().memoryMap();
    }

    static MemoryMap eval(String source) {
        return MemmapEvaluator.evaluate("memmap.py", source);
    }

    /** The columns of the facts sheet's table (sdk-boot-flow.md section 1.2). */
    @ParameterizedTest(name = "{0}")
    @CsvSource({
        // preset, DRAM_SIZE, FREERTOS_SIZE, FREERTOS_ADDR, OPENSBI_SIZE, OPENSBI_FDT_ADDR, KERNEL_MEMORY_SIZE, ION_SIZE, ION_ADDR, BOOTLOGO_SIZE, BOOTLOGO_ADDR, UIMAG_ADDR, UIMAG_SIZE, SYS_TEXT_BASE, SYS_INIT_SP
        "duo_v1,         4000000, c0000,  83f40000, 80000, 80080000, 3f40000, 1acd000, 82473000, 0,      82473000, 81400000, f00000,  80200000, 82300000",
        "duo_v1_arduino, 4000000, c0000,  83f40000, 80000, 80080000, 3f40000, 0,       83f40000, 0,      83f40000, 81400000, f00000,  80200000, 82300000",
        "duo_v1_ion16m,  4000000, c0000,  83f40000, 80000, 80080000, 3f40000, 1000000, 82f40000, 0,      82f40000, 81400000, f00000,  80200000, 82300000",
        "duo_v2,         4000000, c0000,  83f40000, 40000, 80040000, 3f40000, 0,       83f40000, 0,      83f40000, 81400000, f00000,  80200000, 82300000",
        "duo256m_v1,     10000000, 200000, 8fe00000, 80000, 80080000, fe00000, 1acd000, 8e333000, 1c2000, 8e171000, 81800000, 1000000, 80200000, 82800000",
        "duo256m_v2,     10000000, 200000, 8fe00000, 80000, 80080000, fe00000, 4b00000, 8b300000, 1c2000, 8b13e000, 81800000, 1000000, 80200000, 82800000",
    })
    void presetsGiveTheFactsTablesValues(String preset, String dramSize, String freertosSize, String freertosAddr,
            String opensbiSize, String fdtAddr, String kernelSize, String ionSize, String ionAddr, String logoSize,
            String logoAddr, String uimagAddr, String uimagSize, String textBase, String initSp) {
        MemoryMap m = preset(preset);
        assertThat(hex(m, "CVIMMAP_DRAM_BASE")).isEqualTo("80000000");
        assertThat(hex(m, "CVIMMAP_DRAM_SIZE")).isEqualTo(dramSize);
        assertThat(hex(m, "CVIMMAP_FREERTOS_SIZE")).isEqualTo(freertosSize);
        assertThat(hex(m, "CVIMMAP_FREERTOS_ADDR")).isEqualTo(freertosAddr);
        assertThat(hex(m, "CVIMMAP_FSBL_C906L_START_ADDR")).isEqualTo(freertosAddr);
        assertThat(hex(m, "CVIMMAP_ATF_SIZE")).isEqualTo(opensbiSize);
        assertThat(hex(m, "CVIMMAP_OPENSBI_SIZE")).isEqualTo(opensbiSize);
        assertThat(hex(m, "CVIMMAP_OPENSBI_FDT_ADDR")).isEqualTo(fdtAddr);
        assertThat(hex(m, "CVIMMAP_MONITOR_ADDR")).isEqualTo("80000000");
        assertThat(hex(m, "CVIMMAP_KERNEL_MEMORY_ADDR")).isEqualTo("80000000");
        assertThat(hex(m, "CVIMMAP_KERNEL_MEMORY_SIZE")).isEqualTo(kernelSize);
        assertThat(hex(m, "CVIMMAP_ION_SIZE")).isEqualTo(ionSize);
        assertThat(hex(m, "CVIMMAP_ION_ADDR")).isEqualTo(ionAddr);
        assertThat(hex(m, "CVIMMAP_BOOTLOGO_SIZE")).isEqualTo(logoSize);
        assertThat(hex(m, "CVIMMAP_BOOTLOGO_ADDR")).isEqualTo(logoAddr);
        assertThat(hex(m, "CVIMMAP_UIMAG_ADDR")).isEqualTo(uimagAddr);
        assertThat(hex(m, "CVIMMAP_UIMAG_SIZE")).isEqualTo(uimagSize);
        assertThat(hex(m, "CVIMMAP_FSBL_UNZIP_ADDR")).isEqualTo(uimagAddr);
        assertThat(hex(m, "CVIMMAP_CVI_UPDATE_HEADER_ADDR"))
                .isEqualTo(new BigInteger(uimagAddr, 16).subtract(BigInteger.valueOf(1024)).toString(16));
        assertThat(hex(m, "CONFIG_SYS_TEXT_BASE")).isEqualTo(textBase);
        assertThat(m.macro("CVIMMAP_CONFIG_SYS_TEXT_BASE")).isEmpty();
        assertThat(hex(m, "CVIMMAP_CONFIG_SYS_INIT_SP_ADDR")).isEqualTo(initSp);
    }

    @Test
    void duoV2HasTheSplEntriesWithoutPrefix() {
        MemoryMap m = preset("duo_v2");
        assertThat(hex(m, "CONFIG_SPL_SIZE_LIMIT")).isEqualTo("100000");
        assertThat(hex(m, "CONFIG_SPL_TEXT_BASE")).isEqualTo("83e40000");
        assertThat(hex(m, "CVIMMAP_FRAMEBUFFER_ADDR")).isEqualTo("83f40000");
    }

    static String hex(MemoryMap m, String macro) {
        return m.macro(macro).orElseThrow(() -> new AssertionError("no " + macro)).toString(16);
    }

    @ParameterizedTest(name = "{0}.{1}")
    @CsvSource({"duo_v1, h", "duo_v1, conf", "duo_v1, ld", "duo256m_v2, h", "duo256m_v2, conf", "duo256m_v2, ld"})
    void generatedFilesMatchMmapConvByteForByte(String preset, String type) {
        // golden files written by CPython importing the same memmap.py and formatting with the
        // mmap_conv.py rules (guard as documented in MmapConv)
        String expected = text("memmap/" + preset + "." + type);
        assertThat(MmapConv.render(preset(preset), Format.valueOf(type.toUpperCase()))).isEqualTo(expected);
    }

    @Test
    void theGuardDependsOnlyOnTheContent() {
        String a = MmapConv.header(preset("duo_v1"));
        assertThat(MmapConv.header(preset("duo_v1"))).isEqualTo(a);
        assertThat(MmapConv.header(preset("duo_v1_arduino")).lines().findFirst()).isNotEqualTo(a.lines().findFirst());
        assertThat(a).startsWith("#ifndef __BOARD_MMAP__b9a62e30__\n#define __BOARD_MMAP__b9a62e30__\n\n");
    }

    @Test
    void intToSiPrintsPythonFloats() {
        assertThat(MmapConv.intToSi(BigInteger.ZERO)).isEqualTo("0.0KiB");
        assertThat(MmapConv.intToSi(BigInteger.ONE)).isEqualTo("0.0009765625KiB");
        assertThat(MmapConv.intToSi(BigInteger.valueOf(0x1acd000))).isEqualTo("26.80078125MiB");
        assertThat(MmapConv.intToSi(BigInteger.valueOf(0x80000000L))).isEqualTo("offset 0.0KiB");
        assertThat(MmapConv.intToSi(BigInteger.valueOf(0x813ffc00L))).isEqualTo("offset 19.9990234375MiB");
        // the script's loop stops at its first limit: 4 GiB and up is still "offset" from 0x80000000
        assertThat(MmapConv.intToSi(BigInteger.valueOf(0x180000000L))).isEqualTo("offset 4096.0MiB");
        assertThat(MmapConv.intToSi(BigInteger.valueOf(-1024))).isEqualTo("-1.0KiB");
        assertThat(MmapConv.intToSi(BigInteger.TWO.pow(100))).isEqualTo("offset 1.2089258196146292e+24MiB");
    }

    @Test
    void floatReprIsPythons() {
        assertThat(PythonArithmetic.floatRepr(26.80078125)).isEqualTo("26.80078125");
        assertThat(PythonArithmetic.floatRepr(1e16)).isEqualTo("1e+16");
        assertThat(PythonArithmetic.floatRepr(1234567890123456.0)).isEqualTo("1234567890123456.0");
        assertThat(PythonArithmetic.floatRepr(0.0001)).isEqualTo("0.0001");
        assertThat(PythonArithmetic.floatRepr(0.00001)).isEqualTo("1e-05");
        assertThat(PythonArithmetic.floatRepr(-1.5e-7)).isEqualTo("-1.5e-07");
        assertThat(PythonArithmetic.floatRepr(1.0 / 3)).isEqualTo("0.3333333333333333");
        assertThat(PythonArithmetic.floatRepr(Double.MIN_VALUE)).isEqualTo("5e-324");
        assertThat(PythonArithmetic.floatRepr(Double.MAX_VALUE)).isEqualTo("1.7976931348623157e+308");
        assertThat(PythonArithmetic.floatRepr(-0.0)).isEqualTo("-0.0");
        assertThat(PythonArithmetic.floatRepr(Double.NaN)).isEqualTo("nan");
    }

    @Test
    void tableShowsTheRegionEachAddressLiesIn() {
        String table = MmapConv.table(preset("duo256m_v2"));
        assertThat(table.lines().findFirst()).contains("NAME                                VALUE       SIZE                     IN REGION");
        assertThat(table).containsPattern("CVIMMAP_FREERTOS_ADDR +0x8fe00000 +offset 254.0MiB +DRAM\n");
        assertThat(table).containsPattern("CVIMMAP_ION_ADDR +0x8b300000 +offset 179.0MiB +KERNEL_MEMORY\n");
        assertThat(table).containsPattern("CVIMMAP_ISP_MEM_BASE_ADDR +0x8b500000 +offset 181.0MiB +ION\n");
        assertThat(table).containsPattern("CVIMMAP_ION_SIZE +0x4b00000 +75.0MiB +-\n");
        assertThat(table).containsPattern("CVIMMAP_DRAM_BASE +0x80000000 +offset 0.0KiB +-\n");
        // Duo with ION 0: the zero-size buffers sit at the start of the FreeRTOS window
        assertThat(MmapConv.table(preset("duo_v1_arduino")))
                .containsPattern("CVIMMAP_H26X_BITSTREAM_ADDR +0x83f40000 +offset 63.25MiB +FREERTOS\n");
    }

    @Test
    void floatsStayFloatsUntilInt() {
        MemoryMap m = eval("""
                SIZE_1M = 0x100000
                class MemoryMap:
                    ION_SIZE = 26.5 * SIZE_1M
                    TOP = 0x84000000
                    ION_ADDR = TOP - ION_SIZE
                    THIRD = 10 / 3
                    NEG = -7 // 2
                    MOD = -7 % 3
                    FMOD = -7.5 % 2
                    SHIFTED = (1 << 20) >> 4 | 0x3 & 0x2 ^ 1
                    TRUNC = int(-2.9)
                    PARSED = int("0x1f", 16) + int(" 12 ")
                    POW = 2 ** 20 + 2 ** -1
                    INV = ~0
                    CHAINED = 1 < 2 <= 2 < 3
                    PICK = 0 or 5
                """);
        assertThat(m.attributes()).extracting(MemoryMap.Attribute::name).startsWith("ION_SIZE", "TOP", "ION_ADDR");
        assertThat(m.attributes().get(0).value()).isEqualTo(new PyValue.PyFloat(27787264.0));
        assertThat(m.value("ION_ADDR")).contains(BigInteger.valueOf(0x84000000L - 27787264L));
        assertThat(m.value("THIRD")).contains(BigInteger.valueOf(3));
        assertThat(m.value("NEG")).contains(BigInteger.valueOf(-4));
        assertThat(m.value("MOD")).contains(BigInteger.valueOf(2));
        assertThat(m.attributes().get(6).value()).isEqualTo(new PyValue.PyFloat(0.5));
        assertThat(m.value("SHIFTED")).contains(BigInteger.valueOf(0x10000 | (0x3 & (0x2 ^ 1))));
        assertThat(m.value("TRUNC")).contains(BigInteger.valueOf(-2));
        assertThat(m.value("PARSED")).contains(BigInteger.valueOf(43));
        assertThat(m.value("POW")).contains(BigInteger.valueOf(1 << 20));
        assertThat(m.value("INV")).contains(BigInteger.valueOf(-1));
        assertThat(m.value("CHAINED")).contains(BigInteger.ONE);
        assertThat(m.value("PICK")).contains(BigInteger.valueOf(5));
        assertThat(m.get("TOP")).isEqualTo(0x84000000L);
    }

    @Test
    void classAttributesShadowModuleConstantsAndLaterAssignmentsWin() {
        MemoryMap m = eval("""
                A = 1
                class MemoryMap:
                    \"\"\"A docstring.\"\"\"
                    B = A + 1  # the module's A
                    A = 10
                    C = A + 1  # the class's A
                    B += 100
                    _private = 3
                    X = Y = 7
                """);
        assertThat(m.value("A")).contains(BigInteger.TEN);
        assertThat(m.value("B")).contains(BigInteger.valueOf(102));
        assertThat(m.value("C")).contains(BigInteger.valueOf(11));
        assertThat(m.value("X")).contains(BigInteger.valueOf(7));
        assertThat(m.value("Y")).contains(BigInteger.valueOf(7));
        assertThat(m.entries()).extracting(MemoryMap.Entry::name)
                .containsExactly("CVIMMAP_A", "CVIMMAP_B", "CVIMMAP_C", "CVIMMAP_X", "CVIMMAP_Y");
    }

    @Test
    void continuationLinesAndParenthesesJoin() {
        MemoryMap m = eval("class MemoryMap:\n    T = 1 + \\\n        2\n    U = (3 +\n         4)  # note\n\n\n    _V = [\n 1,\n]\n");
        assertThat(m.value("T")).contains(BigInteger.valueOf(3));
        assertThat(m.value("U")).contains(BigInteger.valueOf(7));
    }

    @Test
    void failedAssertShowsItsTextAndTheValuesOfItsNames() {
        String src = """
                SIZE_1M = 0x100000
                class MemoryMap:
                    ION_ADDR = 0x82000000
                    UIMAG_ADDR = 0x80000000 + 20 * SIZE_1M
                    UIMAG_SIZE = 32 * SIZE_1M
                    assert UIMAG_ADDR + UIMAG_SIZE <= ION_ADDR, "boot.sd buffer runs into ION"
                """;
        assertThatThrownBy(() -> eval(src)).isInstanceOf(SdkFileException.class).hasMessage(
                "memmap.py:6: assertion failed: UIMAG_ADDR + UIMAG_SIZE <= ION_ADDR (UIMAG_ADDR = 0x81400000,"
                        + " UIMAG_SIZE = 0x2000000, ION_ADDR = 0x82000000): boot.sd buffer runs into ION");
        assertThatThrownBy(() -> eval("X = 26.5\nY = 2.0 * 0x100000\nclass MemoryMap:\n    assert (X <\n            Y - Y)\n"))
                .hasMessage("memmap.py:4: assertion failed: (X < Y - Y) (X = 26.5, Y = 2097152.0 (0x200000))");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "import os                          | memmap.py:1: 'import' (importing modules) is not supported in memmap.py",
        "from os import environ             | memmap.py:1: 'from' (importing modules) is not supported",
        "def f():\\n    pass               | memmap.py:1: function definition 'def' is not supported",
        "for i in []:\\n    pass           | memmap.py:1: loop 'for' is not supported",
        "X = open('f')                      | memmap.py:1: a call to 'open()' (only int() is) is not supported",
        "X = os.environ                     | memmap.py:1: attribute access 'os.environ' is not supported",
        "if 1:\\n    X = 1                 | memmap.py:1: 'if' statement is not supported",
        "class MemoryMap:\\n  X = [i for i in []] | memmap.py:2: a comprehension ('for' inside brackets) is not supported",
        "X = {1: 2}                         | memmap.py:1: a dict or set display ('{...}') is not supported",
        "X = 1 if 1 else 2                  | memmap.py:1: a conditional expression ('x if c else y') is not supported",
        "X = lambda: 1                      | memmap.py:1: 'lambda' is not supported",
        "print(1)                           | memmap.py:1: a call to 'print()' (only int() is) is not supported",
        "X = f'{1}'                         | memmap.py:1:5: f-string is not supported",
        "class MemoryMap(Base):\\n  pass   | memmap.py:1: a base class other than 'object' is not supported",
        "X = 1; Y = 2                       | memmap.py:1: several statements on one line (';') is not supported",
        "X = A[0]                           | memmap.py:1: subscripting ('[...]' after a value) is not supported",
        "X = 3 in [3]                       | memmap.py:1: the 'in' comparison is not supported",
        "@dec\\nclass MemoryMap: pass       | memmap.py:1: decorator '@' is not supported",
    })
    void unsupportedConstructsAreNamedWithTheirLine(String source, String message) {
        assertThatThrownBy(() -> eval(source.replace("\\n", "\n"))).isInstanceOf(SdkFileException.class)
                .message().startsWith(message);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "class MemoryMap:\\n  X = Y                 | memmap.py:2: NameError: name 'Y' is not defined",
        "class MemoryMap:\\n  X = 1 // 0            | memmap.py:2: ZeroDivisionError: integer division or modulo by zero",
        "class MemoryMap:\\n  X = 1 / 0.0           | memmap.py:2: ZeroDivisionError: float division by zero",
        "class MemoryMap:\\n  X = 1 + 'a'           | memmap.py:2: TypeError: unsupported operand type(s) for +: 'int' and 'str'",
        "class MemoryMap:\\n  X = 1.5 << 2          | memmap.py:2: TypeError: unsupported operand type(s) for <<: 'float' and 'int'",
        "class MemoryMap:\\n  X = 1 << -1           | memmap.py:2: ValueError: negative shift count",
        "class MemoryMap:\\n  X = 'abc'             | memmap.py:1: MemoryMap.X is a str, but mmap_conv.py emits every attribute",
        "class MemoryMap:\\n  X = 1 << 100000       | memmap.py:2: OverflowError: int larger than 4096 bits",
        "class MemoryMap:\\n  X = int('zz')         | memmap.py:2: ValueError: invalid literal for int() with base 10: 'zz'",
        "X = 1                                      | memmap.py: Memory map file must have 'class MemoryMap'",
        "class MemoryMap:\\nX = 1                   | memmap.py:2:1: expected an indented block after 'class MemoryMap:'",
        "class MemoryMap:\\n    X = 1\\n  Y = 2    | memmap.py:3:3: unindent does not match any outer indentation level",
        "X = (1 + 2                                 | memmap.py:1:5: '(' was never closed",
        "X = 012                                    | memmap.py:1:5: leading zeros in decimal integer literals are not permitted",
        "X = 'abc                                   | memmap.py:1:5: unterminated string literal",
        "X = 1 +                                    | memmap.py:1:8: expected a value, found the end of the line",
        "'  X = 1'                                  | memmap.py:1:3: unexpected indent",
    })
    void pythonErrorsNameFileAndLine(String source, String message) {
        assertThatThrownBy(() -> eval(source.replace("\\n", "\n"))).isInstanceOf(SdkFileException.class)
                .message().startsWith(message);
    }

    @Test
    void deepNestingIsRejectedNotAStackOverflow() {
        String deep = "class MemoryMap:\n    X = " + "(".repeat(5000) + "1" + ")".repeat(5000) + "\n";
        assertThatThrownBy(() -> eval(deep)).hasMessageContaining("nested more than 400 levels deep");
        String longChain = "class MemoryMap:\n    X = 1" + " + 1".repeat(5000) + "\n";
        assertThatThrownBy(() -> eval(longChain)).hasMessageContaining("nested more than 400 levels deep");
    }

    @Test
    void noPrefixAcceptsAStringAsPythonsInOperatorDoes() {
        MemoryMap m = eval("class MemoryMap:\n    _no_prefix = 'AB_CD'\n    AB = 1\n    ZZ = 2\n");
        assertThat(m.entries()).extracting(MemoryMap.Entry::name).containsExactly("AB", "CVIMMAP_ZZ");
    }

    @Test
    void theLatestSophgoDefaultMemmapWithImportsAndDefsIsRejectedAtItsFirstLine() {
        String src = "import os\nSIZE_1M = 0x100000\nclass MemoryMap:\n    def __init__(self):\n        pass\n";
        assertThatThrownBy(() -> eval(src)).hasMessageStartingWith("memmap.py:1: 'import' (importing modules)");
    }
}
