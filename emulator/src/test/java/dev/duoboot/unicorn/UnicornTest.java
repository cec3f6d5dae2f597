package dev.duoboot.unicorn;

import static dev.duoboot.asm.Asm.A0;
import static dev.duoboot.asm.Asm.A1;
import static dev.duoboot.asm.Asm.A2;
import static dev.duoboot.asm.Asm.T0;
import static dev.duoboot.asm.Asm.ZERO;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.duoboot.asm.Asm;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Each binding call against the real {@code libunicorn.so.2}. */
class UnicornTest {

    static final long RAM = 0x80000000L;
    static final long RAM_SIZE = 0x10000;

    Unicorn uc;

    @BeforeEach
    void open() {
        uc = Unicorn.openRiscv64();
        uc.map(RAM, RAM_SIZE, Unicorn.PROT_ALL);
    }

    @AfterEach
    void close() {
        uc.close();
    }

    /** Loads the code at RAM, runs it to its end and returns the end address. */
    long run(Asm code) {
        byte[] b = code.bytes();
        uc.write(RAM, b);
        long end = RAM + b.length;
        uc.start(RAM, end, 0, 0);
        return end;
    }

    @Test
    void versionIsUnicorn2() {
        assertThat(Unicorn.version() >>> 24).isEqualTo(2);
        assertThat(Unicorn.unavailableReason()).isEmpty();
    }

    @Test
    void missingLibraryNamesTheDebianPackage() {
        assertThatThrownBy(() -> Native.load("libunicorn-not-there.so.9"))
                .isInstanceOf(UnicornUnavailableException.class)
                .hasMessage("cannot load libunicorn-not-there.so.9 (the Unicorn CPU engine): "
                        + "install the Debian package libunicorn2 (apt-get install libunicorn2)");
    }

    @Test
    void cpuModelIsSelectedAtOpen() {
        assertThat(uc.cpuModel()).isEqualTo(RiscvCpuModel.SIFIVE_U54);
        try (Unicorn base = Unicorn.openRiscv64(RiscvCpuModel.BASE64)) {
            assertThat(base.cpuModel()).isEqualTo(RiscvCpuModel.BASE64);
        }
        assertThat(uc.pageSize()).isEqualTo(4096);
    }

    @Test
    void mapProtectUnmapAndRegions() {
        uc.map(0x1000, 0x3000, Unicorn.PROT_READ);
        uc.protect(0x2000, 0x1000, Unicorn.PROT_ALL);
        assertThat(uc.regions()).containsExactly(
                new MemRegion(0x1000, 0x1fff, Unicorn.PROT_READ),
                new MemRegion(0x2000, 0x2fff, Unicorn.PROT_ALL),
                new MemRegion(0x3000, 0x3fff, Unicorn.PROT_READ),
                new MemRegion(RAM, RAM + RAM_SIZE - 1, Unicorn.PROT_ALL));
        uc.unmap(0x1000, 0x3000);
        assertThat(uc.regions()).containsExactly(new MemRegion(RAM, RAM + RAM_SIZE - 1, Unicorn.PROT_ALL));
    }

    @Test
    void errorsCarryStrerrorText() {
        assertThatThrownBy(() -> uc.map(0x1234, 0x1000, Unicorn.PROT_ALL))
                .isInstanceOf(UnicornException.class)
                .hasMessage("uc_mem_map 0x1234+0x1000 failed: Invalid argument (UC_ERR_ARG)")
                .satisfies(e -> assertThat(((UnicornException) e).error()).isEqualTo(UcError.ARG));
        assertThatThrownBy(() -> uc.map(RAM, 0x1000, Unicorn.PROT_ALL))
                .hasMessageContaining("UC_ERR_MAP");
        assertThatThrownBy(() -> uc.read(0x5000, 4))
                .hasMessageContaining("UC_ERR_READ_UNMAPPED");
    }

    @Test
    void readAndWriteMemorySmallAndLarge() {
        byte[] big = new byte[10_000];
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) (i * 7);
        }
        uc.write(RAM + 3, big);
        assertThat(uc.read(RAM + 3, big.length)).isEqualTo(big);
        uc.writeInt(RAM, 0x11223344);
        assertThat(uc.readInt(RAM)).isEqualTo(0x11223344);
        uc.writeLong(RAM + 8, 0x0102030405060708L);
        assertThat(uc.readLong(RAM + 8)).isEqualTo(0x0102030405060708L);
        assertThat(uc.read(RAM + 8, 2)).containsExactly(8, 7);
    }

    @Test
    void registersSingleAndBatched() {
        uc.writeRegister(RiscvRegister.A0, 0x1234_5678_9abcL);
        assertThat(uc.readRegister(RiscvRegister.A0)).isEqualTo(0x1234_5678_9abcL);
        int[] ids = {RiscvRegister.x(5), RiscvRegister.x(6), RiscvRegister.MSCRATCH, RiscvRegister.PC};
        uc.writeRegisters(ids, new long[] {5, 6, 0x55, RAM + 0x40});
        long[] back = new long[4];
        uc.readRegisters(ids, back);
        assertThat(back).containsExactly(5, 6, 0x55, RAM + 0x40);
        assertThatThrownBy(() -> uc.readRegister(RiscvRegister.ENDING)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void runsCodeAndStopsAtUntil() {
        run(new Asm(RAM).li(A0, 40).addi(A0, A0, 2));
        assertThat(uc.readRegister(RiscvRegister.A0)).isEqualTo(42);
    }

    @Test
    void codeAndBlockHooksSeeEveryInstructionAndBlock() {
        List<Long> code = new ArrayList<>();
        List<Long> blocks = new ArrayList<>();
        uc.onCode(1, 0, (u, address, size) -> code.add(address));
        uc.onBlock(1, 0, (u, address, size) -> blocks.add(address));
        Asm a = new Asm(RAM).li(A0, 3).label("loop").addi(A0, A0, -1).bne(A0, ZERO, "loop").addi(A1, ZERO, 1);
        run(a);
        assertThat(code).hasSize(1 + 3 * 2 + 1);
        // the first block runs li and the first iteration; two more iterations start at the loop head
        assertThat(blocks).containsExactly(RAM, RAM + 4, RAM + 4, RAM + 12);
    }

    @Test
    void codeHookRangeLimitsDelivery() {
        List<Long> seen = new ArrayList<>();
        uc.onCode(RAM + 4, RAM + 4, (u, address, size) -> seen.add(address));
        run(new Asm(RAM).addi(A0, ZERO, 1).addi(A0, A0, 1).addi(A0, A0, 1));
        assertThat(seen).containsExactly(RAM + 4);
    }

    @Test
    void interruptHookSeesEcallWithPcPastIt() {
        List<String> seen = new ArrayList<>();
        uc.onInterrupt((u, intno) -> seen.add(intno + "@" + Long.toHexString(u.readRegister(RiscvRegister.PC))));
        run(new Asm(RAM).ecall().addi(A0, ZERO, 7));
        assertThat(seen).containsExactly("8@80000004");
        assertThat(uc.readRegister(RiscvRegister.A0)).isEqualTo(7);
    }

    @Test
    void invalidInstructionHookSeesEbreakAndTheRunStops() {
        List<Long> seen = new ArrayList<>();
        uc.onInvalidInstruction(u -> {
            seen.add(u.readRegister(RiscvRegister.PC));
            return false;
        });
        assertThatThrownBy(() -> run(new Asm(RAM).addi(A0, ZERO, 1).ebreak().addi(A0, ZERO, 2)))
                .isInstanceOf(UnicornException.class)
                .satisfies(e -> assertThat(((UnicornException) e).error()).isEqualTo(UcError.INSN_INVALID));
        assertThat(seen).containsExactly(RAM + 4);
        assertThat(uc.readRegister(RiscvRegister.A0)).isEqualTo(1);
    }

    @Test
    void memoryHooksHonourTheirRange() {
        List<String> seen = new ArrayList<>();
        uc.onMemory(Hook.MEM_READ | Hook.MEM_WRITE, RAM + 0x100, RAM + 0x107,
                (u, access, address, size, value) -> seen.add(access + " " + Long.toHexString(address) + " " + size
                        + (access == MemoryAccess.WRITE ? " " + value : "")));
        run(new Asm(RAM).li(A1, RAM + 0x100).li(A0, 9).sw(A0, A1, 0).lw(A2, A1, 0).sw(A0, A1, 0x10));
        assertThat(seen).containsExactly("WRITE 80000100 4 9", "READ 80000100 4");
    }

    @Test
    void stopFromACodeHookEndsTheRunBeforeTheHookedInstruction() {
        uc.onCode(RAM + 8, RAM + 8, (u, address, size) -> u.stop());
        byte[] code = new Asm(RAM).addi(A0, ZERO, 1).addi(A0, A0, 1).addi(A0, A0, 1).addi(A0, A0, 1).bytes();
        uc.write(RAM, code);
        uc.start(RAM, RAM + code.length, 0, 0);
        assertThat(uc.readRegister(RiscvRegister.PC)).isEqualTo(RAM + 8);
        assertThat(uc.readRegister(RiscvRegister.A0)).isEqualTo(2);
    }

    /** A measured 2.0.1 fact: fetch hooks register, but the RISC-V target never calls them. */
    @Test
    void fetchHooksAreAcceptedButNeverCalledOnRiscvIn2_0_1() {
        List<Long> fetched = new ArrayList<>();
        uc.onMemory(Hook.MEM_FETCH, 1, 0, (u, access, address, size, value) -> fetched.add(address));
        run(new Asm(RAM).addi(A0, ZERO, 1).addi(A0, A0, 1));
        assertThat(uc.readRegister(RiscvRegister.A0)).isEqualTo(2);
        assertThat(fetched).isEmpty();
    }

    @Test
    void unmappedAccessStopsWithItsErrorUnlessTheHookMapsIt() {
        List<String> seen = new ArrayList<>();
        uc.onInvalidMemory(Hook.MEM_UNMAPPED, 1, 0, (u, access, address, size, value) -> {
            seen.add(access + " " + Long.toHexString(address));
            if (address >= 0x10000 && address < 0x11000) {
                u.map(0x10000, 0x1000, Unicorn.PROT_ALL);
                return true;
            }
            return false;
        });
        run(new Asm(RAM).li(A1, 0x10008).li(A0, 5).sd(A0, A1, 0).ld(A2, A1, 0));
        assertThat(uc.readRegister(RiscvRegister.A2)).isEqualTo(5);
        assertThatThrownBy(() -> run(new Asm(RAM).li(A1, 0x20000).lw(A0, A1, 0)))
                .satisfies(e -> assertThat(((UnicornException) e).error()).isEqualTo(UcError.READ_UNMAPPED));
        assertThat(seen).containsExactly("WRITE_UNMAPPED 10008", "READ_UNMAPPED 20000");
    }

    @Test
    void mmioReadsAndWritesReachTheHandler() {
        List<String> writes = new ArrayList<>();
        uc.mapMmio(0x04140000L, 0x1000, new MmioHandler() {
            @Override
            public long read(Unicorn u, long offset, int size) {
                return offset == 0x14 ? 0x60 : 0;
            }

            @Override
            public void write(Unicorn u, long offset, int size, long value) {
                writes.add(Long.toHexString(offset) + "=" + Long.toHexString(value) + "/" + size);
            }
        });
        run(new Asm(RAM).li(A1, 0x04140000L).lw(A0, A1, 0x14).li(T0, 0x41).sw(T0, A1, 0).sd(T0, A1, 8));
        assertThat(uc.readRegister(RiscvRegister.A0)).isEqualTo(0x60);
        // 2.0.1 splits the 8-byte store into two 4-byte callbacks (facts §3.2)
        assertThat(writes).containsExactly("0=41/4", "8=41/4", "c=0/4");
    }

    @Test
    @SuppressWarnings("restricted") // an upcall stub stands in for a native hook function
    void nativeBlockHookGetsItsUserDataAndCanCallBackIntoJava() {
        // the native function here is itself an upcall stub: it receives the user data pointer
        MemorySegment userData = uc.allocate(64);
        assertThat(userData.byteSize()).isEqualTo(64);
        assertThat(userData.get(ValueLayout.JAVA_LONG, 0)).as("zeroed").isZero();
        List<Long> blocks = new ArrayList<>();
        List<Long> userPointers = new ArrayList<>();
        MethodHandle record;
        try {
            record = MethodHandles.lookup().bind(new Object() {
                @SuppressWarnings("unused")
                void call(MemorySegment engine, long address, int size, MemorySegment user) {
                    blocks.add(address);
                    userPointers.add(user.address());
                }
            }, "call", MethodType.methodType(void.class, MemorySegment.class, long.class, int.class,
                    MemorySegment.class));
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
        MemorySegment function = Linker.nativeLinker().upcallStub(record, FunctionDescriptor.ofVoid(
                ValueLayout.ADDRESS, ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT, ValueLayout.ADDRESS), Arena.ofAuto());
        uc.onBlockNative(function, userData, 1, 0);
        List<Long> viaCallback = new ArrayList<>();
        MemorySegment callback = uc.blockCallback((u, address, size) -> viaCallback.add(address));
        uc.onBlockNative(callback, MemorySegment.NULL, 1, 0);
        run(new Asm(RAM).li(A0, 2).label("loop").addi(A0, A0, -1).bne(A0, ZERO, "loop").addi(A1, ZERO, 1));
        assertThat(blocks).containsExactly(RAM, RAM + 4, RAM + 12);
        assertThat(userPointers).containsOnly(userData.address());
        assertThat(viaCallback).isEqualTo(blocks);
    }

    @Test
    void anExceptionInABlockCallbackStopsTheRunAndIsRethrown() {
        uc.onBlockNative(uc.blockCallback((u, address, size) -> {
            throw new IllegalStateException("boom in block " + Long.toHexString(address));
        }), MemorySegment.NULL, 1, 0);
        assertThatThrownBy(() -> run(new Asm(RAM).addi(A0, ZERO, 1)))
                .isInstanceOf(IllegalStateException.class).hasMessage("boom in block 80000000");
    }

    @Test
    void anExceptionInAHookStopsTheRunAndIsRethrown() {
        uc.onCode(RAM + 8, RAM + 8, (u, address, size) -> {
            throw new IllegalStateException("boom at " + Long.toHexString(address));
        });
        assertThatThrownBy(() -> run(new Asm(RAM).addi(A0, ZERO, 1).addi(A0, A0, 1).addi(A0, A0, 1).addi(A0, A0, 1)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("boom at 80000008");
        assertThat(uc.readRegister(RiscvRegister.A0)).isEqualTo(2);
        // the engine is still usable after a failed run
        run(new Asm(RAM).addi(A0, ZERO, 5));
        assertThat(uc.readRegister(RiscvRegister.A0)).isEqualTo(5);
    }

    @Test
    void anExceptionInAnMmioCallbackIsRethrownToo() {
        uc.mapMmio(0x03000000L, 0x1000, new MmioHandler() {
            @Override
            public long read(Unicorn u, long offset, int size) {
                throw new StackOverflowError("simulated");
            }

            @Override
            public void write(Unicorn u, long offset, int size, long value) {}
        });
        assertThatThrownBy(() -> run(new Asm(RAM).li(A1, 0x03000000L).lw(A0, A1, 0)))
                .isInstanceOf(StackOverflowError.class);
    }

    @Test
    void hookRemovalStopsDelivery() {
        List<Long> seen = new ArrayList<>();
        Hook h = uc.onInterrupt((u, intno) -> seen.add((long) intno));
        uc.onInterrupt((u, intno) -> {}); // keeps ecall from stopping the run once h is gone
        run(new Asm(RAM).ecall());
        h.remove();
        h.remove();
        run(new Asm(RAM).ecall());
        assertThat(seen).containsExactly(8L);
    }

    @Test
    void contextSaveAndRestoreRoundTrip() {
        try (Context ctx = uc.newContext()) {
            uc.writeRegister(RiscvRegister.A1, 42);
            uc.writeRegister(RiscvRegister.MSCRATCH, 0x55);
            uc.save(ctx);
            uc.writeRegister(RiscvRegister.A1, 1);
            uc.writeRegister(RiscvRegister.MSCRATCH, 2);
            uc.restore(ctx);
            assertThat(uc.readRegister(RiscvRegister.A1)).isEqualTo(42);
            assertThat(uc.readRegister(RiscvRegister.MSCRATCH)).isEqualTo(0x55);
            // the blob holds the registers: x11 (a1) is the 12th 8-byte word of the GPR array
            assertThat(ctx.bytes().byteSize()).isGreaterThan(512);
        }
    }

    @Test
    void requestAndRemoveCachedCode() {
        byte[] code = new Asm(RAM).addi(A0, ZERO, 1).addi(A0, A0, 1).addi(A0, A0, 1).ret().bytes();
        uc.write(RAM, code);
        TranslationBlock tb = uc.requestCache(RAM);
        assertThat(tb).isEqualTo(new TranslationBlock(RAM, 4, 16));
        uc.removeCache(RAM, RAM + code.length);
    }
}
