package dev.duoboot.soc;

import static dev.duoboot.asm.Asm.A0;
import static dev.duoboot.asm.Asm.A1;
import static dev.duoboot.asm.Asm.RA;
import static dev.duoboot.asm.Asm.S0;
import static dev.duoboot.asm.Asm.S1;
import static dev.duoboot.asm.Asm.T0;
import static dev.duoboot.asm.Asm.T1;
import static dev.duoboot.asm.Asm.T2;
import static dev.duoboot.asm.Asm.ZERO;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.duoboot.asm.Asm;
import dev.duoboot.cpu.FetchHandler;
import dev.duoboot.cpu.TrapCause;
import dev.duoboot.platform.Platform;
import dev.duoboot.platform.Platforms;
import dev.duoboot.unicorn.RiscvRegister;
import java.io.IOException;
import java.io.InputStream;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The machine with small guest programs: release, time, interrupts, consoles, tracking, coherence. */
class MachineTest {

    static final Platform DUO256M = Platforms.require("duo256m", "test");
    static final Platform DUO = Platforms.require("duo", "test");
    static final long DRAM = DUO.dram().base();
    static final long UART0 = 0x04140000L;

    static byte[] twohart() throws IOException {
        try (InputStream in = MachineTest.class.getResourceAsStream("/dev/duoboot/fixtures/twohart/twohart.bin")) {
            return in.readAllBytes();
        }
    }

    static RunLimits limits(long instructions) {
        return RunLimits.defaults().withMaxInstructions(instructions);
    }

    /** Prints the NUL-terminated string at label "msg" through UART0, then waits forever. */
    static Asm printer(long at, String text) {
        Asm a = new Asm(at).li(A1, UART0);
        byte[] s = text.getBytes();
        for (byte b : s) {
            a.addi(A0, ZERO, b).sw(A0, A1, 0);
        }
        return a.label("idle").wfi().j("idle");
    }

    @Test
    void c906lIsHeldUntilFirmwareReleasesItAndItsLinesAreItsOwn() throws IOException {
        try (Machine m = Machine.create(DUO256M)) {
            assertThat(m.isHeld(Machine.HART_C906B)).isTrue();
            assertThat(m.isHeld(Machine.HART_C906L)).isTrue();
            m.load(DRAM, twohart(), "twohart");
            m.startHart(Machine.HART_C906B, DRAM);
            RunResult r = m.run(limits(5_000_000).withUntil(Pattern.compile("answered 0x[0-9a-f]{16}")));
            assertThat(r.outcome()).isEqualTo(RunResult.Outcome.MATCHED);
            assertThat(m.isHeld(Machine.HART_C906L)).isFalse();
            assertThat(m.console().linesOf(0)).containsExactly(
                    "hart 0: C906B up, releasing the C906L", "hart 0: hart 1 answered 0x00000000c906c906");
            assertThat(m.console().linesOf(1)).containsExactly("hart 1: C906L running from DRAM written by hart 0");
            assertThat(m.events()).containsExactly("C906L released at 0x80100000 by hart 0 (SEC_SYS enable bit set)");
            assertThat(m.hart(0).theadOperations()).containsKeys("th.dcache.call", "th.icache.iall", "th.sync.i");
            // hart 1's code page was first written by hart 0's copy loop, after the host load of the image
            assertThat(m.writes().writes(m.writes().phases().getFirst())).anySatisfy(w -> {
                assertThat(w.base()).isEqualTo(0x80100000L);
                assertThat(w.writer()).isEqualTo("hart 0");
            });
        }
    }

    @Test
    void sameInputsGiveByteIdenticalConsolesAndResults() throws IOException {
        String first = runTwohart();
        assertThat(runTwohart()).isEqualTo(first);
    }

    private static String runTwohart() throws IOException {
        try (Machine m = Machine.create(DUO)) {
            m.load(DRAM, twohart(), "twohart");
            m.startHart(0, DRAM);
            RunResult r = m.run(limits(3_000_000));
            return new String(m.console().transcript()) + r.summary() + m.writes().writes();
        }
    }

    @Test
    void aTimerInterruptWakesWfiAtItsDeadline() {
        try (Machine m = Machine.create(DUO)) {
            long handler = DRAM + 0x1000;
            Asm main = new Asm(DRAM)
                    .li(T1, 0x7400bff8L).lw(A0, T1, 0).addi(A0, A0, 2000).addi(A0, A0, 500) // now + 100 µs
                    .li(T2, 0x74004000L).sw(A0, T2, 0).sw(ZERO, T2, 4)
                    .li(T0, handler).csrw(0x305, T0)
                    .li(T0, TrapCause.MTIP).csrrs(ZERO, 0x304, T0) // mie.MTIE
                    .csrrsi(ZERO, 0x300, 8) // mstatus.MIE
                    .label("sleep").wfi().j("sleep");
            Asm isr = new Asm(handler).csrr(S0, 0x342).lw(S1, T1, 0)
                    .li(T0, -1).sw(T0, T2, 0).sw(T0, T2, 4) // disarm
                    .label("idle").wfi().j("idle");
            m.load(DRAM, main.bytes(), "test");
            m.load(handler, isr.bytes(), "test");
            m.startHart(0, DRAM);
            RunResult r = m.run(limits(1_000_000));
            assertThat(r.outcome()).as(r.summary()).isEqualTo(RunResult.Outcome.IDLE);
            assertThat(m.hart(0).register(RiscvRegister.x(S0))).isEqualTo(TrapCause.INTERRUPT | TrapCause.MACHINE_TIMER);
            long compare = m.hart(0).register(RiscvRegister.A0);
            assertThat(m.hart(0).register(RiscvRegister.x(S1)) & 0xffffffffL).isGreaterThanOrEqualTo(compare);
            // the wait was skipped, not executed: few instructions for 100 µs
            assertThat(r.virtualNanos()).isBetween(100_000L, 110_000L);
            assertThat(r.instructions()).isLessThan(100);
        }
    }

    /** A hart asleep on its timer wakes on time even when the other hart never sleeps (an idle spin loop). */
    @Test
    void aSleepersTimerFiresWhileTheOtherHartSpins() {
        try (Machine m = Machine.create(DUO)) {
            long handler = DRAM + 0x1000;
            long spin = DRAM + 0x2000;
            Asm main = new Asm(DRAM)
                    .li(T1, 0x7400bff8L).lw(A0, T1, 0).addi(A0, A0, 2000).addi(A0, A0, 500) // now + 100 µs
                    .li(T2, 0x74004000L).sw(A0, T2, 0).sw(ZERO, T2, 4)
                    .li(T0, handler).csrw(0x305, T0)
                    .li(T0, TrapCause.MTIP).csrrs(ZERO, 0x304, T0)
                    .csrrsi(ZERO, 0x300, 8)
                    .label("sleep").wfi().j("sleep");
            Asm isr = new Asm(handler).csrr(S0, 0x342).lw(S1, T1, 0)
                    .li(T0, -1).sw(T0, T2, 0).sw(T0, T2, 4)
                    .label("idle").wfi().j("idle");
            m.load(DRAM, main.bytes(), "test");
            m.load(handler, isr.bytes(), "test");
            m.load(spin, new Asm(spin).label("spin").j("spin").bytes(), "test");
            m.startHart(0, DRAM);
            m.startHart(1, spin);
            RunResult r = m.run(limits(1_000_000));
            assertThat(r.outcome()).isEqualTo(RunResult.Outcome.BUDGET);
            assertThat(m.hart(0).register(RiscvRegister.x(S0))).isEqualTo(TrapCause.INTERRUPT | TrapCause.MACHINE_TIMER);
            long compare = m.hart(0).register(RiscvRegister.A0);
            // it woke at its deadline (to a tick), not when the spinner's budget ran out
            assertThat(m.hart(0).register(RiscvRegister.x(S1)) & 0xffffffffL).isBetween(compare, compare + 1);
        }
    }

    /** Runs {@code setup} on hart 0 with a handler that records mcause in s0 and a1's load in s1. */
    private static Machine interruptMachine(Asm setup, long claimAddress) {
        Machine m = Machine.create(DUO256M);
        long handler = DRAM + 0x1000;
        m.load(DRAM, setup.label("spin").j("spin").bytes(), "test");
        m.load(handler, new Asm(handler).csrr(S0, 0x342).li(A1, claimAddress).lw(S1, A1, 0)
                .label("idle").wfi().j("idle").bytes(), "test");
        m.startHart(0, DRAM);
        m.hart(0).setCsr(RiscvRegister.MTVEC, handler);
        return m;
    }

    @Test
    void aSoftwareInterruptFromTheClintIsTakenRightAfterTheWrite() {
        Asm setup = new Asm(DRAM).li(T0, TrapCause.MSIP).csrrs(ZERO, 0x304, T0).csrrsi(ZERO, 0x300, 8)
                .li(T0, 0x74000000L).addi(T1, ZERO, 1).sw(T1, T0, 0);
        try (Machine m = interruptMachine(setup, 0x74000000L)) {
            m.run(limits(100_000));
            assertThat(m.hart(0).register(RiscvRegister.x(S0))).isEqualTo(TrapCause.INTERRUPT | TrapCause.MACHINE_SOFTWARE);
            assertThat(m.hart(0).register(RiscvRegister.x(S1))).as("msip still set").isEqualTo(1);
            assertThat(m.hart(0).csr(RiscvRegister.MEPC)).as("taken at the next block, not a slice later")
                    .isEqualTo(setup.address("spin"));
        }
    }

    @Test
    void aMailboxMessageRaisesTheC906bPlicSourceAndItIsClaimed() {
        long plic = 0x70000000L;
        Asm setup = new Asm(DRAM)
                .li(T0, plic + 4 * 101).addi(T1, ZERO, 1).sw(T1, T0, 0) // priority of source 101
                .li(T0, plic + 0x2000 + 12).addi(T1, ZERO, 1 << 5).sw(T1, T0, 0) // enable it for context 0 (M)
                .li(T0, TrapCause.MEIP).csrrs(ZERO, 0x304, T0).csrrsi(ZERO, 0x300, 8)
                .li(T0, 0x01900000L).addi(T1, ZERO, 1).sw(T1, T0, 4) // cpu_mbox_en[C906B] = channel 0
                .sw(T1, T0, 0x60); // mbox_set: channel 0
        try (Machine m = interruptMachine(setup, plic + 0x200004)) {
            m.run(limits(100_000));
            assertThat(m.hart(0).register(RiscvRegister.x(S0))).isEqualTo(TrapCause.INTERRUPT | TrapCause.MACHINE_EXTERNAL);
            assertThat(m.hart(0).register(RiscvRegister.x(S1))).as("claimed source").isEqualTo(101);
        }
    }

    @Test
    void busyWaitingOnTheTimeSkipsAheadInsteadOfSpinning() {
        try (Machine m = Machine.create(DUO)) {
            // wait for 2 s of mtime (50 000 000 ticks) by polling, like U-Boot's udelay
            Asm wait = new Asm(DRAM).rdtime(A0).li(T0, 50_000_000).add(T0, A0, T0)
                    .label("poll").rdtime(A1).bltu(A1, T0, "poll")
                    .label("idle").wfi().j("idle");
            m.load(DRAM, wait.bytes(), "test");
            m.startHart(0, DRAM);
            RunResult r = m.run(limits(10_000_000));
            assertThat(r.outcome()).isEqualTo(RunResult.Outcome.IDLE);
            assertThat(r.virtualNanos()).isBetween(2_000_000_000L, 2_001_000_000L);
            assertThat(r.instructions()).isLessThan(20_000);
        }
    }

    @Test
    void scriptedInputWaitsForThePromptAndTheStopPatternForTheLastLine() {
        try (Machine m = Machine.create(DUO)) {
            // prints "> ", reads bytes and echoes them, forever
            Asm echo = new Asm(DRAM).li(A1, UART0)
                    .label("prompt").addi(A0, ZERO, '>').sw(A0, A1, 0).addi(A0, ZERO, ' ').sw(A0, A1, 0)
                    .label("wait").lw(T0, A1, 0x14).addi(T1, ZERO, 1).and(T0, T0, T1).beq(T0, ZERO, "wait")
                    .lw(A0, A1, 0).sw(A0, A1, 0).addi(T2, ZERO, '\n').beq(A0, T2, "prompt").j("wait");
            m.load(DRAM, echo.bytes(), "test");
            m.console().setPrompt(Pattern.compile("> $"));
            m.console().script(0, "one\ntwo\n");
            m.startHart(0, DRAM);
            RunResult r = m.run(limits(5_000_000).withUntil(Pattern.compile("> $")));
            assertThat(r.outcome()).isEqualTo(RunResult.Outcome.MATCHED);
            assertThat(new String(m.console().transcript())).isEqualTo("> one\n> two\n> ");
            assertThat(m.console().pendingInputLines()).isZero();
        }
    }

    @Test
    void codeRewrittenByOneHartRunsNewOnTheOther() {
        try (Machine m = Machine.create(DUO256M)) {
            long f = DRAM + 0x40_0000; // its own granule
            long result = DRAM + 0x80_0000;
            // hart 1: do { a0 = f(); *result = a0 } while (a0 != 2)
            Asm hart1 = new Asm(DRAM + 0x20_0000).li(S0, f).li(S1, result).addi(T1, ZERO, 2)
                    .label("loop").jalr(RA, S0, 0).sw(A0, S1, 0).bne(A0, T1, "loop")
                    .label("idle").wfi().j("idle");
            // hart 0: wait until hart 1 reported 1, patch f to return 2, wait for 2
            Asm hart0 = new Asm(DRAM).li(S1, result).addi(T1, ZERO, 1)
                    .label("w1").lw(T0, S1, 0).bne(T0, T1, "w1")
                    .li(S0, f).li(T2, wordOf(new Asm(f).addi(A0, ZERO, 2).bytes())).sw(T2, S0, 0)
                    .addi(T1, ZERO, 2).label("w2").lw(T0, S1, 0).bne(T0, T1, "w2")
                    .label("done").wfi().j("done");
            m.load(DRAM, hart0.bytes(), "test");
            m.load(DRAM + 0x20_0000, hart1.bytes(), "test");
            m.load(f, new Asm(f).addi(A0, ZERO, 1).ret().bytes(), "test");
            m.startHart(0, DRAM);
            m.startHart(1, DRAM + 0x20_0000);
            RunResult r = m.run(limits(3_000_000));
            // with a stale translation hart 1 would return 1 forever and the run would hit the budget
            assertThat(r.outcome()).as(r.summary()).isEqualTo(RunResult.Outcome.IDLE);
            assertThat(m.readInt(result)).isEqualTo(2);
            assertThat(m.hart(0).pc()).isBetween(hart0.address("done"), hart0.address("done") + 8);
        }
    }

    private static int wordOf(byte[] b) {
        return (b[0] & 0xff) | (b[1] & 0xff) << 8 | (b[2] & 0xff) << 16 | (b[3] & 0xff) << 24;
    }

    @Test
    void writeTrackingRecordsTheFirstWriterOfEachGranulePerStage() {
        try (Machine m = Machine.create(DUO)) {
            long granule = m.writes().granuleBytes();
            long target = DRAM + 10 * granule + 0x123;
            Asm store = new Asm(DRAM).li(T0, target).sd(T0, T0, 0).sd(T0, T0, 8)
                    .label("idle").wfi().j("idle");
            m.load(DRAM, store.bytes(), "loader");
            m.startHart(0, DRAM);
            m.run(limits(100_000));
            assertThat(m.writes().writes(m.writes().phases().getFirst())).containsExactly(
                    new WriteTracker.Write(DRAM, granule, new WriteTracker.Phase(0, "start"), -1, "loader", DRAM, 0),
                    new WriteTracker.Write(DRAM + 10 * granule, granule, new WriteTracker.Phase(0, "start"), 0, "hart 0", target,
                            m.writes().writes().get(1).virtualNanos()));
            assertThat(m.readLong(target)).isEqualTo(target);
            assertThat(m.writes().faults()).isEqualTo(1);

            WriteTracker.Phase second = m.writes().beginPhase("second");
            m.startHart(0, DRAM);
            m.run(limits(100_000));
            assertThat(m.writes().writes(second)).extracting(WriteTracker.Write::base)
                    .containsExactly(DRAM + 10 * granule);
            assertThat(m.writes().phases()).extracting(WriteTracker.Phase::label).containsExactly("start", "second");
        }
    }

    @Test
    void unimplementedAccessesAreLoggedWithHartAndPc() {
        try (Machine m = Machine.create(DUO)) {
            Asm probe = new Asm(DRAM).li(A1, 0x03020000L) // GPIO0, not modelled.addi(T0, ZERO, 1).addi(T0, T0, 1)
                    .lw(A0, A1, 8).label("idle").wfi().j("idle");
            m.load(DRAM, probe.bytes(), "test");
            m.startHart(0, DRAM);
            m.run(limits(1000));
            long lw = DRAM + probe.bytes().length - 12;
            assertThat(m.unimplementedAccesses()).containsExactly(
                    "unimplemented device: hart 0 read of 4 bytes at 0x3020008 (pc 0x" + Long.toHexString(lw) + ")");
        }
    }

    @Test
    void aRunawayGuestEndsWithTheBudgetNotAHang() {
        try (Machine m = Machine.create(DUO)) {
            m.load(DRAM, new Asm(DRAM).label("spin").addi(A0, A0, 1).j("spin").bytes(), "test");
            m.startHart(0, DRAM);
            RunResult r = m.run(limits(300_000));
            assertThat(r.outcome()).isEqualTo(RunResult.Outcome.BUDGET);
            assertThat(r.summary()).startsWith("instruction budget exhausted: 300000 instructions executed at 0.000300");
        }
    }

    /**
     * A hart whose trap vector itself traps (its code overwritten) retires nothing, so no budget
     * would end it: it is parked as stuck, the run ends, and a reset frees it.
     */
    @Test
    void aHartWhoseTrapVectorTrapsIsParkedUntilAReset() {
        try (Machine m = Machine.create(DUO)) {
            long vector = DRAM + 0x100;
            m.load(DRAM, new Asm(DRAM).li(T0, vector).csrw(0x305, T0).word(0).bytes(), "test"); // mtvec, then illegal
            m.load(vector, new Asm(vector).word(0).bytes(), "test"); // the handler is illegal too
            m.startHart(0, DRAM);
            RunResult r = m.run(limits(1_000_000_000));
            assertThat(r.outcome()).as(r.summary()).isEqualTo(RunResult.Outcome.IDLE);
            assertThat(r.detail()).contains("hart 0 stuck in a trap loop at 0x" + Long.toHexString(vector));
            assertThat(r.instructions()).isLessThan(100);
            assertThat(m.hart(0).stuck()).hasValueSatisfying(t -> assertThat(t.epc()).isEqualTo(vector));
            assertThat(m.events()).anyMatch(e -> e.startsWith("hart 0 stuck in a trap loop: illegal instruction at 0x"));
            m.load(vector, new Asm(vector).label("idle").wfi().j("idle").bytes(), "test");
            m.startHart(0, vector);
            assertThat(m.hart(0).stuck()).isEmpty();
        }
    }

    @Test
    void fetchHandlersRunOnEveryHartAndCanStopTheMachine() {
        try (Machine m = Machine.create(DUO)) {
            long kernel = DRAM + 0x20_0000;
            m.load(DRAM, new Asm(DRAM).li(T0, kernel).jalr(ZERO, T0, 0).bytes(), "test");
            m.load(kernel, new Asm(kernel).wfi().bytes(), "kernel stub");
            m.onFetch(kernel, hart -> {
                m.requestStop("kernel entry on hart " + hart.id());
                return FetchHandler.Action.STOP;
            });
            m.startHart(0, DRAM);
            RunResult r = m.run(limits(10_000));
            assertThat(r.outcome()).isEqualTo(RunResult.Outcome.STOPPED);
            assertThat(r.detail()).isEqualTo("kernel entry on hart 0");
            assertThat(m.hart(0).pc()).isEqualTo(kernel);
        }
    }

    @Test
    void aRomRoutineEmulatedInJavaReturnsToItsCaller() {
        try (Machine m = Machine.create(DUO256M)) {
            long getBootSource = DUO256M.bootRom().romBase() + 0x20; // p_rom_api_get_boot_src
            m.emulateRoutine(getBootSource, hart -> {
                hart.setRegister(RiscvRegister.A0, 3);
                return FetchHandler.Action.CONTINUE;
            });
            m.load(DRAM, new Asm(DRAM).li(T0, getBootSource).jalr(RA, T0, 0).addi(S0, A0, 100)
                    .label("idle").wfi().j("idle").bytes(), "test");
            m.startHart(0, DRAM);
            assertThat(m.run(limits(1000)).outcome()).isEqualTo(RunResult.Outcome.IDLE);
            assertThat(m.hart(0).register(RiscvRegister.x(S0))).isEqualTo(103);
        }
    }

    @Test
    void dramIsMappedWhereAHartFirstReachesIt() {
        // code in one granule, a store into a second, an 8-byte load across the boundary of a third
        // and a fourth: each is mapped when first reached and the guest sees one flat DRAM
        try (Machine m = Machine.create(DUO256M)) {
            long granule = m.writes().granuleBytes();
            long store = DRAM + 5 * granule + 0x40;
            long across = DRAM + 9 * granule - 4;
            m.load(across, new byte[] {1, 2, 3, 4, 5, 6, 7, 8}, "loader");
            m.load(DRAM, new Asm(DRAM).li(T0, store).li(T1, across).addi(A0, ZERO, 42).sd(A0, T0, 0)
                    .ld(A1, T1, 0).label("idle").wfi().j("idle").bytes(), "code");
            assertThat(dramRegions(m, 0)).as("nothing mapped before the hart runs").isZero();
            m.startHart(Machine.HART_C906B, DRAM);
            m.run(limits(1_000));
            assertThat(m.readLong(store)).isEqualTo(42);
            assertThat(m.hart(0).register(RiscvRegister.A1)).isEqualTo(0x0807060504030201L);
            assertThat(dramRegions(m, 0)).as("the granules reached, no more").isEqualTo(4);
            assertThat(dramRegions(m, 1)).as("the held C906L reached none").isZero();
            assertThat(m.writes().writes(m.writes().phases().getFirst())).extracting(WriteTracker.Write::writer)
                    .as("the store was tracked as the hart's").contains("hart 0");
        }
    }

    private static long dramRegions(Machine m, int hart) {
        return m.hart(hart).engine().regions().stream()
                .filter(r -> r.begin() >= DRAM && r.end() < DRAM + DUO256M.dram().sizeBytes()).count();
    }

    @Test
    void loadOutsideMemoryIsRefusedWithTheRange() {
        try (Machine m = Machine.create(DUO)) {
            assertThatThrownBy(() -> m.load(0x83fff000L, new byte[0x2000], "x"))
                    .hasMessage("0x83fff000..0x84001000 is not inside one memory region of duo");
        }
    }

    @Test
    void aBootedDuo256mDoesNotCostItsDramInResidentMemory() throws IOException {
        System.gc();
        long before = dev.duoboot.unicorn.ResidentMemory.rssKiB();
        try (Machine m = Machine.create(DUO256M)) {
            m.load(DRAM, twohart(), "twohart");
            m.startHart(0, DRAM);
            m.run(limits(3_000_000));
            // two engines, their translations and the pages the guest touched: far below 256 MiB
            assertThat(dev.duoboot.unicorn.ResidentMemory.rssKiB() - before).isLessThan(96 * 1024);
        }
    }

    @Test
    void shadowSramAliasesShareStorage() {
        try (Machine m = Machine.create(DUO)) {
            m.load(0x0BC00000L, new byte[] {1, 2, 3, 4}, "fsbl");
            assertThat(m.readInt(0x3BC00000L)).isEqualTo(0x04030201);
        }
    }

    static final long CLK_EN_0 = 0x03002000L;
    static final long SEC_SYS_CTRL = 0x020B0004L;

    @Test
    void secSysAnswersWhileTheEfuseClockIsOnAsAtPowerOn() {
        try (Machine m = Machine.create(DUO256M)) {
            m.load(DRAM, new Asm(DRAM).li(T0, SEC_SYS_CTRL).li(T1, 1 << 13).sw(T1, T0, 0).lw(A0, T0, 0)
                    .li(T2, CLK_EN_0).lw(A1, T2, 0).label("idle").wfi().j("idle").bytes(), "test");
            m.startHart(Machine.HART_C906B, DRAM);
            RunResult r = m.run(limits(1_000));
            assertThat(r.outcome()).as(r.summary()).isEqualTo(RunResult.Outcome.IDLE);
            assertThat(m.hart(0).register(RiscvRegister.A0)).isEqualTo(1 << 13);
            assertThat(m.hart(0).register(RiscvRegister.A1) & (1 << 11)).as("clk_efuse on at power-on").isNotZero();
            assertThat(m.busHang()).isEmpty();
        }
    }

    /** failures.md §10.2: with clk_efuse gated a plain read of SEC_SYS hangs; the run ends, the host does not. */
    @Test
    void aSecSysReadWithTheEfuseClockGatedHangsTheHartAndEndsTheRun() {
        try (Machine m = Machine.create(DUO256M)) {
            Asm guest = new Asm(DRAM).li(T2, CLK_EN_0).lw(T1, T2, 0).li(T0, ~(1L << 11)).and(T1, T1, T0).sw(T1, T2, 0)
                    .li(T0, SEC_SYS_CTRL).label("read").lw(A0, T0, 0).label("idle").wfi().j("idle");
            m.load(DRAM, guest.bytes(), "test");
            m.startHart(Machine.HART_C906B, DRAM);
            RunResult r = m.run(limits(1_000_000));
            assertThat(r.outcome()).isEqualTo(RunResult.Outcome.BUS_HANG);
            BusHang h = m.busHang().orElseThrow();
            assertThat(h.hart()).isEqualTo(0);
            assertThat(h.address()).isEqualTo(SEC_SYS_CTRL);
            assertThat(h.write()).isFalse();
            assertThat(h.block()).isEqualTo("sec_sys");
            assertThat(h.clock().name()).isEqualTo("clk_efuse");
            assertThat(h.pc()).hasValue(guest.address("read"));
            assertThat(r.summary()).startsWith("bus hang: hart 0 read 0x20b0004 (sec_sys) at pc 0x"
                    + Long.toHexString(guest.address("read")) + " while clk_efuse (0x3002000 bit 11) is gated");
            assertThat(m.isHeld(Machine.HART_C906B)).isTrue();
            // the hart never gets further: running again finds nothing to run (Unicorn ends a run at a
            // block boundary, so what followed the load in its block was executed; the pc is the load's)
            long ran = m.hart(0).instructions();
            assertThat(m.run(limits(1_000_000)).outcome()).isEqualTo(RunResult.Outcome.IDLE);
            assertThat(m.hart(0).instructions()).isEqualTo(ran);
        }
    }

    @Test
    void aModelledDriverAccessToAGatedSecSysHangsTheCoreItRunsOn() {
        try (Machine m = Machine.create(DUO)) {
            m.deviceWrite(Machine.HART_C906B, CLK_EN_0, 4, m.deviceRead(Machine.HART_C906B, CLK_EN_0, 4) & ~(1L << 11));
            assertThat(m.busHang()).isEmpty();
            m.deviceWrite(Machine.HART_C906B, 0x020B0020L, 4, 0x83f40000L);
            BusHang h = m.busHang().orElseThrow();
            assertThat(h.write()).isTrue();
            assertThat(h.pc()).isEmpty();
            assertThat(h.describe()).isEqualTo("hart 0 wrote 0x20b0020 (sec_sys) while clk_efuse (0x3002000 bit 11) is gated: the bus never answers");
            assertThat(m.isHeld(Machine.HART_C906B)).isTrue();
        }
    }

    @Test
    void aModelledAccessToNoDeviceIsLoggedNotThrown() {
        try (Machine m = Machine.create(DUO)) {
            assertThat(m.deviceRead(Machine.HART_C906B, 0x020B1004L, 4)).isZero();
            assertThat(m.unimplementedAccesses()).containsExactly("unimplemented device (modelled code): hart 0 read of 4 bytes at 0x20b1004");
        }
    }
}
