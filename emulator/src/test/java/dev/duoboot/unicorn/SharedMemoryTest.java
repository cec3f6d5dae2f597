package dev.duoboot.unicorn;

import static dev.duoboot.asm.Asm.A0;
import static dev.duoboot.asm.Asm.A1;
import static dev.duoboot.asm.Asm.RA;
import static org.assertj.core.api.Assertions.assertThat;

import dev.duoboot.asm.Asm;
import java.lang.foreign.ValueLayout;
import org.junit.jupiter.api.Test;

/** Two engines mapping one host buffer (the shape of the two harts sharing DRAM). */
class SharedMemoryTest {

    static final long RAM = 0x80000000L;
    static final long SIZE = 256L << 20;
    static final long F = RAM + 0x1000; // a function both engines call
    static final long CALLER = RAM;

    @Test
    void dataIsSharedAndCodeBecomesCoherentAfterRemovingTheOtherEnginesCache() {
        try (HostMemory dram = HostMemory.reserve(SIZE);
                Unicorn a = Unicorn.openRiscv64();
                Unicorn b = Unicorn.openRiscv64()) {
            a.mapPointer(RAM, dram, 0, SIZE, Unicorn.PROT_ALL);
            b.mapPointer(RAM, dram, 0, SIZE, Unicorn.PROT_ALL);

            // data: the host, A and B see the same bytes
            dram.segment().set(ValueLayout.JAVA_LONG_UNALIGNED, 0x2000, 0x1122334455667788L);
            assertThat(a.readLong(RAM + 0x2000)).isEqualTo(0x1122334455667788L);
            b.writeLong(RAM + 0x2008, 7);
            assertThat(dram.segment().get(ValueLayout.JAVA_LONG_UNALIGNED, 0x2008)).isEqualTo(7);

            Asm caller = new Asm(CALLER).li(A1, F).jalr(RA, A1, 0).label("back");
            a.write(CALLER, caller.bytes());
            long back = caller.address("back");
            writeFunction(dram, 111);
            assertThat(call(a, back)).isEqualTo(111);
            assertThat(call(b, back)).isEqualTo(111);

            // A's own guest store patches F: A sees it, B still runs its stale translation
            byte[] patch = function(222);
            Asm store = new Asm(RAM + 0x3000).li(A1, F).li(A0, wordOf(patch, 0)).sw(A0, A1, 0).label("end");
            a.write(RAM + 0x3000, store.bytes());
            a.start(RAM + 0x3000, store.address("end"), 0, 0);
            assertThat(call(a, back)).isEqualTo(222);
            assertThat(call(b, back)).isEqualTo(111);
            b.removeCache(F, F + 8);
            assertThat(call(b, back)).isEqualTo(222);
        }
    }

    @Test
    void removingCachedCodeTranslatesOnlyTheStartOfTheRange() {
        // UC_CTL_TB_REMOVE_CACHE turns the range's start into a RAM offset and drops [offset, +length):
        // across regions that is right only if they were mapped in address order, as Machine maps
        // DRAM's granules (here the upper region is mapped first)
        long lower = RAM;
        long upper = RAM + 0x100000;
        long code = upper + 0x100;
        try (HostMemory dram = HostMemory.reserve(0x200000); Unicorn uc = Unicorn.openRiscv64()) {
            uc.mapPointer(upper, dram, 0x100000, 0x100000, Unicorn.PROT_ALL);
            uc.mapPointer(lower, dram, 0, 0x100000, Unicorn.PROT_ALL);
            java.util.function.IntSupplier run = () -> {
                uc.start(code, Unicorn.NO_UNTIL, 0, 0); // returns at the wfi
                return (int) uc.readRegister(RiscvRegister.A0);
            };
            java.util.function.IntConsumer load = v -> dram.segment().asSlice(code - lower, 8)
                    .copyFrom(java.lang.foreign.MemorySegment.ofArray(new Asm(code).addi(A0, 0, v).wfi().bytes()));
            load.accept(1);
            assertThat(run.getAsInt()).isEqualTo(1);
            load.accept(2);
            uc.removeCache(lower, code + 8);
            assertThat(run.getAsInt()).as("a range from the other region misses the code").isEqualTo(1);
            uc.removeCache(code, code + 8);
            assertThat(run.getAsInt()).isEqualTo(2);
        }
    }

    @Test
    void reservingALargeBufferCommitsOnlyWhatIsTouched() throws Exception {
        long before = ResidentMemory.rssKiB();
        try (HostMemory big = HostMemory.reserve(1L << 30)) {
            big.segment().set(ValueLayout.JAVA_BYTE, 0, (byte) 1);
            big.segment().set(ValueLayout.JAVA_BYTE, (1L << 30) - 1, (byte) 1);
            assertThat(ResidentMemory.rssKiB() - before).isLessThan(16 * 1024);
        }
    }

    private static long call(Unicorn uc, long until) {
        uc.start(CALLER, until, 0, 0);
        return uc.readRegister(RiscvRegister.A0);
    }

    private static byte[] function(int value) {
        return new Asm(F).addi(A0, 0, value).jalr(0, RA, 0).bytes();
    }

    private static void writeFunction(HostMemory dram, int value) {
        byte[] f = function(value);
        dram.segment().asSlice(F - RAM, f.length).copyFrom(java.lang.foreign.MemorySegment.ofArray(f));
    }

    private static int wordOf(byte[] b, int at) {
        return (b[at] & 0xff) | (b[at + 1] & 0xff) << 8 | (b[at + 2] & 0xff) << 16 | (b[at + 3] & 0xff) << 24;
    }
}
