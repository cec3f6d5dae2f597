package dev.duoboot.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.duoboot.sdk.KernelConfig.Tristate;
import java.math.BigInteger;
import org.junit.jupiter.api.Test;

class KernelConfigTest {

    static final String CONFIG = """
            #
            # Automatically generated file; DO NOT EDIT.
            # Linux/riscv 5.10.4 Kernel Configuration
            #
            CONFIG_ARCH_CVITEK=y
            CONFIG_REMOTEPROC=y
            CONFIG_CVITEK_REMOTEPROC=m
            # CONFIG_ARCH_FIXUP_FDT_MEMORY is not set
            CONFIG_CMDLINE="console=ttyS0,115200 root=\\"/dev/mmcblk0p2\\" \\\\x"
            CONFIG_NR_CPUS=8
            CONFIG_PHYS_RAM_BASE=0x80000000
            CONFIG_RISCV_SBI_V01=n
            """;

    @Test
    void readsEveryForm() {
        KernelConfig c = KernelConfig.parse(".config", CONFIG);
        assertThat(c.tristate("CONFIG_ARCH_CVITEK")).isEqualTo(Tristate.YES);
        assertThat(c.tristate("CONFIG_CVITEK_REMOTEPROC")).isEqualTo(Tristate.MODULE);
        assertThat(c.tristate("CONFIG_ARCH_FIXUP_FDT_MEMORY")).isEqualTo(Tristate.NO);
        assertThat(c.value("CONFIG_ARCH_FIXUP_FDT_MEMORY"))
                .contains(new KernelConfig.TristateValue(Tristate.NO, true));
        assertThat(c.tristate("CONFIG_RISCV_SBI_V01")).isEqualTo(Tristate.NO);
        assertThat(c.tristate("CONFIG_NOT_THERE")).isEqualTo(Tristate.NO);
        assertThat(c.string("CONFIG_CMDLINE")).contains("console=ttyS0,115200 root=\"/dev/mmcblk0p2\" \\x");
        assertThat(c.number("CONFIG_NR_CPUS")).contains(BigInteger.valueOf(8));
        assertThat(c.number("CONFIG_PHYS_RAM_BASE")).contains(BigInteger.valueOf(0x80000000L));
        assertThat(c.entries()).extracting(KernelConfig.Entry::name).containsExactly("CONFIG_ARCH_CVITEK",
                "CONFIG_REMOTEPROC", "CONFIG_CVITEK_REMOTEPROC", "CONFIG_ARCH_FIXUP_FDT_MEMORY",
                "CONFIG_CMDLINE", "CONFIG_NR_CPUS", "CONFIG_PHYS_RAM_BASE", "CONFIG_RISCV_SBI_V01");
    }

    @Test
    void moduleDefinesOnlyTheModuleMacroAsAutoconfDoes() {
        KernelConfig c = KernelConfig.parse(".config", CONFIG);
        assertThat(c.definesMacro("CONFIG_CVITEK_REMOTEPROC")).isFalse();
        assertThat(c.definesMacro("CONFIG_CVITEK_REMOTEPROC_MODULE")).isTrue();
        assertThat(c.definesMacro("CONFIG_ARCH_CVITEK")).isTrue();
        assertThat(c.definesMacro("CONFIG_ARCH_CVITEK_MODULE")).isFalse();
        assertThat(c.definesMacro("CONFIG_ARCH_FIXUP_FDT_MEMORY")).isFalse();
        assertThat(c.definesMacro("CONFIG_CMDLINE")).isTrue();
        assertThat(c.definesMacro("CONFIG_RISCV_SBI_V01")).isFalse();
    }

    @Test
    void theLastAssignmentWins() {
        KernelConfig c = KernelConfig.parse(".config", "CONFIG_CVITEK_REMOTEPROC=m\nCONFIG_CVITEK_REMOTEPROC=y\n");
        assertThat(c.tristate("CONFIG_CVITEK_REMOTEPROC")).isEqualTo(Tristate.YES);
        assertThat(c.entries()).singleElement().satisfies(e -> assertThat(e.line()).isEqualTo(2));
    }

    @Test
    void badLinesNameFileAndLine() {
        assertThatThrownBy(() -> KernelConfig.parse("my.config", "CONFIG_A=y\nhello\n"))
                .isInstanceOf(SdkFileException.class)
                .hasMessage("my.config:2: expected CONFIG_NAME=value or '# CONFIG_NAME is not set', found 'hello'");
        assertThatThrownBy(() -> KernelConfig.parse("my.config", "CONFIG_A=\"open\n"))
                .hasMessage("my.config:1: CONFIG_A: string has no closing quote");
        assertThatThrownBy(() -> KernelConfig.parse("my.config", "CONFIG_A=maybe\n")).hasMessage(
                "my.config:1: CONFIG_A: expected y, m, n, a decimal or 0x number, or a quoted string, found 'maybe'");
    }
}
