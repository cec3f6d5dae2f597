package dev.duoboot.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Expected values below come from riscv64-unknown-elf-readelf on the same files. */
class ElfFileTest {

    static byte[] resource(String name) {
        try (InputStream in = ElfFileTest.class.getResourceAsStream("elf/" + name)) {
            return in.readAllBytes();
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("missing test resource " + name, e);
        }
    }

    @Test
    void readsTheHeaderOfARealElf64Firmware() {
        ElfFile elf = ElfFile.parse("rtos_rsc.elf", resource("rtos_rsc.elf"));
        ElfHeader h = elf.header().orElseThrow();
        assertThat(h.elfClass()).isEqualTo(ElfHeader.ELFCLASS64);
        assertThat(h.data()).isEqualTo(ElfHeader.ELFDATA2LSB);
        assertThat(h.type()).isEqualTo(2);
        assertThat(h.machine()).isEqualTo(ElfHeader.EM_RISCV);
        assertThat(h.entry()).isEqualTo(0x8fe00000L);
        assertThat(elf.entry()).isEqualTo(0x8fe00000L);
        assertThat(h.phoff()).isEqualTo(64);
        assertThat(h.shoff()).isEqualTo(4920);
        assertThat(h.flags()).isEqualTo(1);
        assertThat(h.phnum()).isEqualTo(2);
        assertThat(h.shnum()).isEqualTo(10);
        assertThat(h.shstrndx()).isEqualTo(9);
    }

    @Test
    void readsProgramHeadersAndTheLoadSegmentBytes() {
        ElfFile elf = ElfFile.parse("rtos_rsc.elf", resource("rtos_rsc.elf"));
        List<ProgramHeader> phs = elf.programHeaders();
        assertThat(phs).hasSize(2);
        assertThat(phs.get(0).typeName()).isEqualTo("RISCV_ATTRIBUTES");
        ProgramHeader load = phs.get(1);
        assertThat(load.isLoad()).isTrue();
        assertThat(load.offset()).isEqualTo(0x1000);
        assertThat(load.vaddr()).isEqualTo(0x8fe00000L);
        assertThat(load.paddr()).isEqualTo(0x8fe00000L);
        assertThat(load.filesz()).isEqualTo(0x88);
        assertThat(load.memsz()).isEqualTo(0xc8);
        assertThat(load.flagString()).isEqualTo("RWE");
        assertThat(load.align()).isEqualTo(0x1000);
        byte[] bytes = elf.segmentBytes(load).orElseThrow();
        assertThat(bytes).hasSize(0x88);
        assertThat(bytes).isEqualTo(Arrays.copyOfRange(resource("rtos_rsc.elf"), 0x1000, 0x1088));
        assertThat(elf.programHeadersInFile()).isTrue();
    }

    @Test
    void readsSectionsByNameAndSymbols() {
        ElfFile elf = ElfFile.parse("rtos_rsc.elf", resource("rtos_rsc.elf"));
        assertThat(elf.sections()).extracting(ElfSection::displayName).containsExactly("", ".text",
                ".resource_table", ".data", ".bss", ".comment", ".riscv.attributes", ".symtab", ".strtab",
                ".shstrtab");
        ElfSection rsc = elf.section(".resource_table").orElseThrow();
        assertThat(rsc.addr()).isEqualTo(0x8fe00038L);
        assertThat(rsc.offset()).isEqualTo(0x1038);
        assertThat(rsc.size()).isEqualTo(0x4c);
        ElfSection bss = elf.section(".bss").orElseThrow();
        assertThat(bss.typeName()).isEqualTo("NOBITS");
        assertThat(elf.sectionBytes(bss)).isEmpty();
        assertThat(elf.symbols()).hasSize(16);
        assertThat(elf.symbols()).filteredOn(s -> s.name().equals("main")).singleElement()
                .satisfies(s -> {
                    assertThat(s.value()).isEqualTo(0x8fe0000cL);
                    assertThat(s.size()).isEqualTo(38);
                    assertThat(s.typeName()).isEqualTo("FUNC");
                    assertThat(s.bindName()).isEqualTo("GLOBAL");
                    assertThat(s.shndx()).isEqualTo(1);
                });
    }

    @Test
    void readsElf32() {
        ElfFile elf = ElfFile.parse("rtos_rsc32.elf", resource("rtos_rsc32.elf"));
        assertThat(elf.header().orElseThrow().elfClass()).isEqualTo(ElfHeader.ELFCLASS32);
        assertThat(elf.header().orElseThrow().shoff()).isEqualTo(0x12ac);
        ProgramHeader load = elf.programHeaders().get(1);
        assertThat(load.offset()).isEqualTo(0x1000);
        assertThat(load.paddr()).isEqualTo(0x8fe00000L);
        assertThat(load.filesz()).isEqualTo(0x84);
        assertThat(load.memsz()).isEqualTo(0xc4);
        assertThat(elf.section(".resource_table").orElseThrow().offset()).isEqualTo(0x1034);
        assertThat(elf.symbols()).filteredOn(s -> s.name().equals("_stack_top")).singleElement()
                .satisfies(s -> assertThat(s.value()).isEqualTo(0x90000000L));
    }

    @Test
    void readsBigEndianFilesForListing() {
        byte[] bytes = new ElfBuilder(false, true).entry(0x1234).loadSection(".text", 0x1000, new byte[] {1, 2, 3, 4})
                .build();
        ElfFile elf = ElfFile.parse("be.elf", bytes);
        assertThat(elf.header().orElseThrow().data()).isEqualTo(ElfHeader.ELFDATA2MSB);
        assertThat(elf.entry()).isEqualTo(0x1234);
        assertThat(elf.programHeaders().getFirst().vaddr()).isEqualTo(0x1000);
        assertThat(elf.section(".text")).isPresent();
    }

    @Test
    void rawViewExposesWhatTheKernelChecksEvenWhenTheFileIsBroken() {
        byte[] bytes = resource("rtos_rsc.elf");
        bytes[0] = 0; // bad magic: the kernel reads the class and the sizes anyway
        ElfFile raw = ElfFile.of("fw.elf", bytes);
        assertThat(raw.hasElfMagic()).isFalse();
        assertThat(raw.identByte(4)).isEqualTo(2);
        assertThat(raw.header().orElseThrow().phnum()).isEqualTo(2);
        assertThat(raw.size()).isEqualTo(bytes.length);
        assertThatThrownBy(() -> raw.validated()).isInstanceOf(SdkFileException.class)
                .hasMessage("fw.elf: offset 0x0: e_ident: not an ELF file: expected magic 7f 45 4c 46, found 00 45 4c 46");
    }

    @Test
    void rawViewKeepsTruncatedSegmentsButHasNoBytesForThem() {
        byte[] bytes = resource("rtos_rsc.elf");
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putLong(64 + 56 + 32, 0x100000); // LOAD p_filesz
        ElfFile elf = ElfFile.parse("fw.elf", bytes);
        ProgramHeader load = elf.programHeaders().get(1);
        assertThat(load.filesz()).isEqualTo(0x100000);
        assertThat(elf.segmentBytes(load)).isEmpty();
    }

    @Test
    void headerOfTheWrongClassOrTooShortIsAbsentInTheRawView() {
        assertThat(ElfFile.of("x", new byte[] {0x7f, 'E', 'L', 'F', 2, 1}).header()).isEmpty();
        byte[] b = resource("rtos_rsc.elf");
        b[4] = 3;
        assertThat(ElfFile.of("x", b).header()).isEmpty();
        assertThat(ElfFile.of("x", new byte[0]).identByte(4)).isEqualTo(-1);
    }

    @Test
    void validationNamesFileOffsetAndField() {
        byte[] b = resource("rtos_rsc.elf");
        b[4] = 9;
        assertThatThrownBy(() -> ElfFile.parse("fw.elf", b))
                .hasMessage("fw.elf: offset 0x4: EI_CLASS: expected 1 (ELF32) or 2 (ELF64), found 9");

        byte[] c = resource("rtos_rsc.elf");
        ByteBuffer.wrap(c).order(ByteOrder.LITTLE_ENDIAN).putLong(0x28, 0x10000); // e_shoff
        assertThatThrownBy(() -> ElfFile.parse("fw.elf", c)).hasMessage(
                "fw.elf: offset 0x28: e_shoff: the 10 section headers at 0x10000 (0x280 bytes) do not fit in the 5560-byte file");

        byte[] d = Arrays.copyOf(resource("rtos_rsc.elf"), 40);
        assertThatThrownBy(() -> ElfFile.parse("fw.elf", d))
                .hasMessage("fw.elf: offset 0x28: header: file ends inside the 64-byte ELF header (40 bytes)");

        byte[] e = resource("rtos_rsc.elf");
        ByteBuffer.wrap(e).order(ByteOrder.LITTLE_ENDIAN).putShort(0x3e, (short) 10); // e_shstrndx
        assertThatThrownBy(() -> ElfFile.parse("fw.elf", e))
                .hasMessage("fw.elf: offset 0x3e: e_shstrndx: expected a section index below e_shnum 10, found 10");

        assertThatThrownBy(() -> ElfFile.parse("empty.elf", new byte[0])).hasMessage(
                "empty.elf: offset 0x0: e_ident: not an ELF file: expected magic 7f 45 4c 46, found an empty file");
    }

    @Test
    void sectionOutsideTheFileIsReportedWithItsHeaderOffset() {
        byte[] b = resource("rtos_rsc.elf");
        int sh2 = 4920 + 2 * 64; // .resource_table header
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putLong(sh2 + 32, 0x10000); // sh_size
        assertThatThrownBy(() -> ElfFile.parse("fw.elf", b)).hasMessage(
                "fw.elf: offset 0x13b8: section 2 sh_offset/sh_size: bytes 0x1038+0x10000 lie outside the 5560-byte file");
    }
}
