package dev.duoboot.linux;

import static org.assertj.core.api.Assertions.assertThat;

import dev.duoboot.linux.MemblockRegion.Flag;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The spec's §10: Duo 64 MiB on the Arduino-patched vendor kernel, CONFIG_CVITEK_REMOTEPROC=m vs =y. */
class WorkedExampleTest {

    static KernelRun boot(String remoteproc) {
        KernelInputs in = KernelInputs.of(Dt.duo64(), 0x2000, KernelProfile.CVITEK_5_10_C)
                .withConfig(Map.of("CONFIG_CVITEK_REMOTEPROC", remoteproc, "CONFIG_ARCH_CVITEK", "y"));
        return KernelModel.boot(in);
    }

    static List<String> text(KernelRun run, LogLevel level) {
        return run.printk().visible(level).stream().map(LogLine::formatted).toList();
    }

    @Test
    void earlyBootLogAndMemblockAreTheSameForMAndY() {
        for (String v : List.of("m", "y")) {
            KernelRun run = boot(v);
            assertThat(text(run, LogLevel.INFO)).containsExactly(
                    "[    0.000000] earlycon: sbi0 at I/O port 0x0 (options '')",
                    "[    0.000000] printk: bootconsole [sbi0] enabled",
                    "[    0.000000] Ion: Ion memory setup at 0x0000000082e00000 size 16 MiB",
                    "[    0.000000] OF: reserved mem: initialized node ion, compatible id ion-region",
                    "[    0.000000] Memory: 31344K/64768K available (4430K kernel code, 525K rwdata, 1917K rodata, 156K init, 213K bss, "
                            + "33424K reserved, 0K cma-reserved)");
            assertThat(text(run, LogLevel.DEBUG)).contains(
                    "[    0.000000] OF: fdt: Reserved memory: reserved region for node 'rtos_dram@83f40000': base 0x0000000083f40000, size 0 MiB",
                    "[    0.000000] OF: reserved mem: allocated memory for 'ion' node: base 0x0000000082e00000, size 16 MiB");
            assertThat(run.memory()).containsExactly(new MemblockRegion(0x80000000L, 0x3f40000L, Set.of()));
            // riscv.fwsz=0x80000 reserves only the OpenSBI window; the kernel, ion and the DTB follow; at the top
            // paging_init()'s page tables (a PMD page and 32 PTE pages: 63.25 MiB is no whole number of 2 MiB
            // pages), its resources and the unflattened tree
            assertThat(run.reserved()).containsExactly(
                    new MemblockRegion(0x80000000L, 0x80000, Set.of()),
                    new MemblockRegion(0x80200000L, 0x1000000, Set.of()),
                    new MemblockRegion(0x82e00000L, 0x1000000 + 0x2000, Set.of()),
                    new MemblockRegion(0x83f1e000L, 0x22000, Set.of()));
        }
    }

    @Test
    void moduleBuildTruncatesTheNameAndTheLookupFails() {
        KernelRun run = boot("m");
        List<ReservedRegion> table = run.reservedMem();
        assertThat(table).extracting(ReservedRegion::name).containsExactly("ion", "rtos_dram@83f40000");
        ReservedRegion rtos = table.get(1);
        assertThat(rtos.storedNameBytes()).isPresent();
        assertThat(rtos.storedNameBytes().get()).startsWith("rtos_dra".getBytes()).contains(0x54, 0x03);
        assertThat(rtos.storedName()).isEqualTo("rtos_dra\u0054\u0003");
        Lookup l = run.lookups().getFirst();
        assertThat(l.result()).isEqualTo(Lookup.Result.NULL);
        assertThat(l.target()).contains("/reserved-memory/rtos_dram@83f40000");
        assertThat(l.why().orElseThrow().rule().id()).isEqualTo("NAME_COPY_8_UNLESS_REMOTEPROC_BUILTIN");
        assertThat(l.why().orElseThrow().fix()).hasValueSatisfying(f -> assertThat(f).contains("CONFIG_CVITEK_REMOTEPROC=y"));
        assertThat(l.why().orElseThrow().profileDifference()).anyMatch(s -> s.startsWith("cvitek-5.10-a"));
    }

    @Test
    void builtInDriverKeepsThePointerAndTheLookupSucceeds() {
        KernelRun run = boot("y");
        Lookup l = run.lookups().getFirst();
        assertThat(l.result()).isEqualTo(Lookup.Result.FOUND);
        assertThat(l.region().orElseThrow().base()).isEqualTo(0x83f40000L);
        assertThat(l.region().orElseThrow().size()).isEqualTo(0xc0000L);
        assertThat(l.region().orElseThrow().storedNameBytes()).isEmpty();
    }

    @Test
    void rtosDramOutsideMemoryNeverBecomesNomap() {
        assertThat(boot("y").memory()).noneMatch(r -> r.has(Flag.NOMAP));
    }
}
