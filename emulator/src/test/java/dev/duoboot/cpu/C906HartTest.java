package dev.duoboot.cpu;

import static dev.duoboot.asm.Asm.A0;
import static dev.duoboot.asm.Asm.A1;
import static dev.duoboot.asm.Asm.A2;
import static dev.duoboot.asm.Asm.A3;
import static dev.duoboot.asm.Asm.A4;
import static dev.duoboot.asm.Asm.A5;
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
import dev.duoboot.unicorn.RiscvRegister;
import dev.duoboot.unicorn.Unicorn;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Trap delivery, T-Head extensions, time, interrupts and budgets of one hart on real Unicorn. */
class C906HartTest {

    static final long RAM = 0x80000000L;
    static final long CODE = RAM;
    static final long MHANDLER = RAM + 0x1000;
    static final long SHANDLER = RAM + 0x2000;
    static final long DATA = RAM + 0x3000;

    // CSR numbers for guest code
    static final int MSTATUS = 0x300, MEDELEG = 0x302, MIDELEG = 0x303, MIE = 0x304, MTVEC = 0x305;
    static final int MCOUNTEREN = 0x306, MEPC = 0x341, MCAUSE = 0x342, MTVAL = 0x343;
    static final int SSTATUS = 0x100, STVEC = 0x105, SEPC = 0x141, SCAUSE = 0x142, STVAL = 0x143;

    long time = 1234;
    C906Hart hart;
    final List<Trap> traps = new ArrayList<>();

    @BeforeEach
    void create() {
        hart = new C906Hart(0, CODE, 0x70000000L, h -> time);
        hart.engine().map(RAM, 0x10000, Unicorn.PROT_ALL);
        hart.onTrap(traps::add);
        // both handlers record the trap CSRs in t0/t1/t2 and spin until the budget ends the run
        load(MHANDLER, new Asm(MHANDLER).csrr(T0, MCAUSE).csrr(T1, MEPC).csrr(T2, MTVAL).label("h").j("h"));
        load(SHANDLER, new Asm(SHANDLER).csrr(T0, SCAUSE).csrr(T1, SEPC).csrr(T2, STVAL).label("h").j("h"));
        hart.setCsr(RiscvRegister.MTVEC, MHANDLER);
        hart.setCsr(RiscvRegister.STVEC, SHANDLER);
    }

    @AfterEach
    void close() {
        hart.close();
    }

    void load(long at, Asm code) {
        hart.engine().write(at, code.bytes());
        hart.invalidateCode(at, at + 0x1000);
    }

    long reg(int x) {
        return hart.register(RiscvRegister.x(x));
    }

    /** Loads code at CODE, starts there in {@code priv} and runs a short slice. */
    C906Hart.Stop run(Privilege priv, Asm code) {
        load(CODE, code);
        hart.setPc(CODE);
        hart.setPrivilege(priv);
        return hart.run(2_000);
    }

    @Test
    void machineEcallTrapsToMtvecWithCause11() {
        assertThat(run(Privilege.MACHINE, new Asm(CODE).addi(A0, ZERO, 1).ecall())).isEqualTo(C906Hart.Stop.BUDGET);
        assertThat(reg(T0)).isEqualTo(TrapCause.ECALL_FROM_M);
        assertThat(reg(T1)).isEqualTo(CODE + 4);
        assertThat(traps).singleElement().hasToString("hart 0: ecall from M-mode at 0x80000004, M -> M");
    }

    @Test
    void supervisorEcallGoesToMWithMppS() {
        run(Privilege.SUPERVISOR, new Asm(CODE).ecall());
        assertThat(reg(T0)).isEqualTo(TrapCause.ECALL_FROM_S);
        assertThat(hart.privilege()).isEqualTo(Privilege.MACHINE);
        assertThat((hart.csr(RiscvRegister.MSTATUS) >>> 11) & 3).isEqualTo(1);
    }

    @Test
    void delegatedUserEcallGoesToS() {
        hart.setCsr(RiscvRegister.MEDELEG, 1 << TrapCause.ECALL_FROM_U);
        hart.setCsr(RiscvRegister.MSTATUS, TrapDelivery.MSTATUS_SIE);
        run(Privilege.USER, new Asm(CODE).ecall());
        assertThat(reg(T0)).isEqualTo(TrapCause.ECALL_FROM_U);
        assertThat(reg(T1)).isEqualTo(CODE);
        assertThat(hart.privilege()).isEqualTo(Privilege.SUPERVISOR);
        long status = hart.csr(RiscvRegister.MSTATUS);
        assertThat(status & TrapDelivery.MSTATUS_SPP).as("SPP = U").isZero();
        assertThat(status & TrapDelivery.MSTATUS_SPIE).as("SPIE = old SIE").isNotZero();
        assertThat(status & TrapDelivery.MSTATUS_SIE).as("SIE cleared").isZero();
    }

    @Test
    void illegalInstructionFromSCarriesTheBitsInMtval() {
        hart.setCsr(RiscvRegister.MSTATUS, TrapDelivery.MSTATUS_MIE);
        run(Privilege.SUPERVISOR, new Asm(CODE).addi(A0, ZERO, 1).csrr(A0, MSTATUS));
        assertThat(reg(T0)).isEqualTo(TrapCause.ILLEGAL_INSTRUCTION);
        assertThat(reg(T1)).isEqualTo(CODE + 4);
        assertThat(reg(T2)).isEqualTo(0x30002573L);
        long status = hart.csr(RiscvRegister.MSTATUS);
        assertThat((status >>> 11) & 3).as("MPP = S").isEqualTo(1);
        assertThat(status & TrapDelivery.MSTATUS_MPIE).as("MPIE = old MIE").isNotZero();
        assertThat(status & TrapDelivery.MSTATUS_MIE).isZero();
    }

    @Test
    void compressedIllegalInstructionHasItsOwnPcNotPcMinusTwo() {
        // 0x0004: c.addi4spn with a zero immediate, a reserved encoding
        run(Privilege.MACHINE, new Asm(CODE).cNop().half(0x0004).cNop());
        assertThat(reg(T0)).isEqualTo(TrapCause.ILLEGAL_INSTRUCTION);
        assertThat(reg(T1)).isEqualTo(CODE + 2);
        assertThat(reg(T2)).isEqualTo(0x0004);
    }

    @Test
    void misalignedAmoIsAStoreMisalignmentWithTheAddressInMtval() {
        run(Privilege.MACHINE, new Asm(CODE).li(A1, DATA + 2).amoaddW(A0, A1, A2));
        assertThat(reg(T0)).isEqualTo(TrapCause.STORE_MISALIGNED);
        assertThat(reg(T2)).isEqualTo(DATA + 2);
    }

    @Test
    void pmpDeniedLoadFromSIsAnAccessFaultWithTheAddressInMtval() {
        // M: make the DATA page inaccessible below M (NAPOT entry 0), everything else open (entry 1)
        run(Privilege.MACHINE, new Asm(CODE)
                .li(T0, (DATA >> 2) | 0x1ff).csrw(0x3b0, T0)
                .li(T0, -1).csrw(0x3b1, T0)
                .li(T0, 0x1f18).csrw(0x3a0, T0)
                .wfi());
        Asm load = new Asm(CODE).li(A1, DATA + 8).label("load").lw(A0, A1, 0);
        run(Privilege.SUPERVISOR, load);
        assertThat(reg(T0)).isEqualTo(TrapCause.LOAD_ACCESS_FAULT);
        assertThat(reg(T2)).isEqualTo(DATA + 8);
        assertThat(reg(T1)).as("the hook's PC - 4 is the load for access faults too").isEqualTo(load.address("load"));
    }

    @Test
    void ebreakIsABreakpointTrapAndTheRunContinues() {
        Asm code = new Asm(CODE).addi(A0, ZERO, 1).ebreak();
        run(Privilege.MACHINE, code);
        assertThat(reg(T0)).isEqualTo(TrapCause.BREAKPOINT);
        assertThat(reg(T1)).isEqualTo(CODE + 4);
    }

    @Test
    void trapHandlerReturnsWithMret() {
        // the handler skips the faulting ecall and returns
        load(MHANDLER, new Asm(MHANDLER).csrr(T1, MEPC).addi(T1, T1, 4).csrw(MEPC, T1).mret());
        run(Privilege.MACHINE, new Asm(CODE).ecall().addi(A0, ZERO, 42).wfi());
        assertThat(reg(A0)).isEqualTo(42);
        assertThat(hart.traps()).isEqualTo(1);
    }

    @Test
    void rdtimeReadsThePlatformTimeInMAndTrapsInSWithoutCounterEnable() {
        time = 0x55667788L;
        run(Privilege.MACHINE, new Asm(CODE).rdtime(A0).wfi());
        assertThat(reg(A0)).isEqualTo(0x55667788L);
        assertThat(hart.traps()).isZero();

        run(Privilege.SUPERVISOR, new Asm(CODE).rdtime(A0).wfi());
        assertThat(reg(T0)).isEqualTo(TrapCause.ILLEGAL_INSTRUCTION);

        hart.setCsr(RiscvRegister.MCOUNTEREN, 2);
        time = 99;
        run(Privilege.SUPERVISOR, new Asm(CODE).rdtime(A1).wfi());
        assertThat(reg(A1)).isEqualTo(99);
    }

    @Test
    void vendorCsrsReadAndWriteAndUnknownOnesStayIllegal() {
        run(Privilege.MACHINE, new Asm(CODE)
                .csrr(A0, 0x7c7) // mrvbr: the reset vector
                .li(T0, 0x17f).csrw(0x7c1, T0).csrr(A1, 0x7c1) // mhcr keeps what is written
                .csrr(A2, 0x7c0) // mxstatus: PM reads M
                .csrr(S0, 0xfc1) // mapbaddr
                .csrr(S1, 0x7ff) // no such CSR
        );
        assertThat(reg(A0)).isEqualTo(CODE);
        assertThat(reg(A1)).isEqualTo(0x17f);
        assertThat(reg(A2) >>> 30).isEqualTo(3);
        assertThat(reg(S0)).isEqualTo(0x70000000L);
        assertThat(reg(T0)).isEqualTo(TrapCause.ILLEGAL_INSTRUCTION);
        assertThat(reg(T2)).isEqualTo(0x7ff024f3L);
        assertThat(hart.emulatedInstructions()).isEqualTo(5);
    }

    @Test
    void mLevelVendorCsrsAreIllegalFromS() {
        run(Privilege.SUPERVISOR, new Asm(CODE).csrr(A0, 0x7c0));
        assertThat(reg(T0)).isEqualTo(TrapCause.ILLEGAL_INSTRUCTION);
    }

    @Test
    void cacheAndSyncInstructionsAreCountedNoOps() {
        run(Privilege.MACHINE, new Asm(CODE)
                .word(0x0030000b) // th.dcache.ciall
                .word(0x0100000b) // th.icache.iall
                .word(0x0180000b) // th.sync
                .word(0x01a0000b) // th.sync.i
                .word(0x0180000b) // th.sync
                .addi(A0, ZERO, 3).wfi());
        assertThat(reg(A0)).isEqualTo(3);
        assertThat(hart.traps()).isZero();
        assertThat(hart.theadOperations()).containsExactlyInAnyOrderEntriesOf(java.util.Map.of(
                "th.dcache.ciall", 1L, "th.icache.iall", 1L, "th.sync", 2L, "th.sync.i", 1L));
    }

    @Test
    void instructionCountIsExactAcrossBlocksTrapsAndEmulation() {
        run(Privilege.MACHINE, new Asm(CODE)
                .li(A0, 10).label("loop").addi(A0, A0, -1).bne(A0, ZERO, "loop") // 1 + 20
                .rdtime(A1) // emulated, counts as one
                .cNop().cNop() // 2
                .wfi() // 1: the run returns here
                .addi(A2, ZERO, 1).cNop()); // in wfi's block, but not run
        assertThat(hart.instructions()).isEqualTo(1 + 20 + 1 + 2 + 1);
        assertThat(reg(A2)).isZero();
    }

    @Test
    void nativeAndJavaBlockPathsCountTheSame() {
        // a fetch handler at the loop head sends every iteration's block through the Java hook;
        // without it the native hook counts them: the counts and stopping points must agree
        Asm loop = new Asm(CODE).li(A0, 0).label("loop").addi(A0, A0, 1).cNop().addi(A1, A1, 3).j("loop");
        long head = CODE + 4; // li of a small value is one addi
        long[] withHandler = new long[4];
        int[] calls = new int[1];
        for (int pass = 0; pass < 2; pass++) {
            if (pass == 1) {
                hart.onFetch(head, h -> {
                    calls[0]++;
                    return FetchHandler.Action.CONTINUE;
                });
            }
            load(CODE, loop);
            hart.setPc(CODE);
            hart.setRegister(RiscvRegister.A1, 0);
            long before = hart.instructions();
            assertThat(hart.run(10_001)).isEqualTo(C906Hart.Stop.BUDGET);
            long[] result = {hart.instructions() - before, hart.pc(), reg(A0), reg(A1)};
            if (pass == 0) {
                System.arraycopy(result, 0, withHandler, 0, 4);
            } else {
                assertThat(result).as("instructions, pc, a0, a1").containsExactly(withHandler);
            }
        }
        assertThat(withHandler[0]).as("1 + 4 per iteration, whole blocks within the budget").isEqualTo(10_001);
        assertThat(calls[0]).as("the Java hook saw every iteration").isEqualTo(2_500);
    }

    @Test
    void nativeAndJavaBlockPathsAgreeOnRandomPrograms() {
        // seeded random loops of 2- and 4-byte instructions with forward branches, run in random
        // slices: once counted by the native hook, once with a fetch handler on every instruction
        // (every block then goes through Java, none is cached); the two must agree slice by slice
        java.util.Random rnd = new java.util.Random(20261126);
        for (int program = 0; program < 40; program++) {
            long seed = rnd.nextLong();
            List<String> viaNative = runSlices(seed, false);
            List<String> viaJava = runSlices(seed, true);
            assertThat(viaNative).as("program %d", program).isEqualTo(viaJava).hasSizeGreaterThan(1);
        }
    }

    /** The program of {@code seed} in the slices of {@code seed}: stop, instructions and pc of each, then a0..a4. */
    private static List<String> runSlices(long seed, boolean everyBlockInJava) {
        java.util.Random rnd = new java.util.Random(seed);
        Asm a = new Asm(CODE).li(A0, 20 + rnd.nextInt(60)).addi(A3, ZERO, 1).label("loop");
        int skips = 0;
        for (int i = 0, n = 3 + rnd.nextInt(30); i < n; i++) {
            switch (rnd.nextInt(8)) {
                case 0, 1 -> a.cNop();
                case 2 -> a.addi(A1, A1, rnd.nextInt(100));
                case 3 -> a.addi(A4, A4, 1).cNop();
                case 4 -> a.ecall(); // a trap in the middle of a block, back by mret
                case 5 -> a.rdtime(A5); // an instruction the hart emulates
                case 6 -> a.sd(A1, S0, 0).ld(A2, S0, 0);
                default -> {
                    String skip = "skip" + skips++;
                    a.addi(A3, ZERO, 1);
                    a.and(A2, A0, A3).bne(A2, ZERO, skip); // odd iterations skip what follows
                    for (int k = 0, m = 1 + rnd.nextInt(4); k < m; k++) {
                        if (rnd.nextBoolean()) {
                            a.cNop();
                        } else {
                            a.addi(A1, A1, 1);
                        }
                    }
                    a.label(skip);
                }
            }
        }
        a.addi(A0, A0, -1).bne(A0, ZERO, "loop").wfi();
        byte[] code = a.bytes();
        // the M handler steps over the ecall
        byte[] handler = new Asm(MHANDLER).csrr(T0, MEPC).addi(T0, T0, 4).csrw(MEPC, T0).addi(A4, A4, 2).mret().bytes();
        List<String> trace = new ArrayList<>();
        try (C906Hart h = new C906Hart(0, CODE, 0x70000000L, x -> 0)) {
            h.engine().map(RAM, 0x10000, Unicorn.PROT_ALL);
            h.engine().write(CODE, code);
            h.engine().write(MHANDLER, handler);
            if (everyBlockInJava) {
                for (long at = CODE; at < CODE + code.length; at += 2) {
                    h.onFetch(at, x -> FetchHandler.Action.CONTINUE);
                }
                for (long at = MHANDLER; at < MHANDLER + handler.length; at += 2) {
                    h.onFetch(at, x -> FetchHandler.Action.CONTINUE);
                }
            }
            h.setCsr(RiscvRegister.MTVEC, MHANDLER);
            h.setRegister(RiscvRegister.x(S0), DATA);
            h.setPc(CODE);
            for (int slice = 0; slice < 1000; slice++) {
                C906Hart.Stop stop = h.run(1 + rnd.nextInt(120));
                trace.add(stop + " " + h.instructions() + " 0x" + Long.toHexString(h.pc()));
                if (stop == C906Hart.Stop.WFI) {
                    break;
                }
            }
            trace.add("traps=" + h.traps() + " emulated=" + h.emulatedInstructions());
            for (int r = A0; r <= A4; r++) {
                trace.add("x" + r + "=" + h.register(RiscvRegister.x(r)));
            }
        }
        return trace;
    }

    @Test
    void codeTheHartRewritesIsCountedAnewAfterFenceI() {
        // the same 12 bytes at X hold 3 instructions, then 5: a count cached for the first code
        // must not be used for the second once the hart has executed fence.i
        long x = RAM + 0x6000;
        long src = RAM + 0x7000;
        load(x, new Asm(x).addi(A0, A0, 1).addi(A0, A0, 1).ret());
        load(src, new Asm(src).cNop().cNop().cNop().cNop().ret());
        hart.setRegister(RiscvRegister.x(S0), x);
        hart.setRegister(RiscvRegister.x(S1), src);
        load(CODE, new Asm(CODE).jalr(RA, S0, 0)
                .lw(T0, S1, 0).sw(T0, S0, 0).lw(T0, S1, 4).sw(T0, S0, 4).lw(T0, S1, 8).sw(T0, S0, 8)
                .fenceI().jalr(RA, S0, 0).wfi());
        hart.setPc(CODE);
        assertThat(hart.run(1000)).isEqualTo(C906Hart.Stop.WFI);
        assertThat(reg(A0)).as("the first call ran the old code, the second the new").isEqualTo(2);
        assertThat(hart.instructions()).isEqualTo(1 + 3 + 6 + 1 + 1 + 5 + 1);
    }

    @Test
    void watchedGranulesAreReportedOnceUntilWatchedAgain() {
        List<Long> reported = new ArrayList<>();
        hart.watchBlocks(RAM, 12, 16, reported::add); // 4 KiB granules over the 64 KiB of RAM
        long far = RAM + 0x6000;
        load(CODE, new Asm(CODE).li(A0, 3).label("loop").li(T0, far).jalr(RA, T0, 0)
                .addi(A0, A0, -1).bne(A0, ZERO, "loop").wfi());
        load(far, new Asm(far).addi(A1, A1, 1).ret());
        hart.setPc(CODE);
        assertThat(hart.run(1000)).isEqualTo(C906Hart.Stop.WFI);
        assertThat(reg(A1)).isEqualTo(3);
        assertThat(reported).as("the first block of each granule, once").containsExactly(CODE, far);

        hart.watchAgain(far + 0x10);
        hart.setPc(CODE);
        hart.run(1000);
        assertThat(reported).as("only the granule watched again is reported again").containsExactly(CODE, far, far);
    }

    @Test
    void budgetEndsARunawayLoop() {
        load(CODE, new Asm(CODE).label("spin").addi(A0, A0, 1).j("spin"));
        hart.setPc(CODE);
        assertThat(hart.run(10_000)).isEqualTo(C906Hart.Stop.BUDGET);
        assertThat(hart.instructions()).isBetween(9_999L, 10_000L);
        assertThat(hart.run(10_000)).isEqualTo(C906Hart.Stop.BUDGET);
        assertThat(hart.instructions()).isBetween(19_999L, 20_000L);
    }

    @Test
    void wfiWaitsUntilAnInterruptIsPendingAndEnabledInMie() {
        hart.setCsr(RiscvRegister.MIE, TrapCause.MTIP);
        assertThat(run(Privilege.MACHINE, new Asm(CODE).wfi().addi(A0, ZERO, 7).label("spin").j("spin")))
                .isEqualTo(C906Hart.Stop.WFI);
        assertThat(hart.wakeupPending()).isFalse();
        hart.setInterruptLines(TrapCause.MSIP); // not enabled in mie: still asleep
        assertThat(hart.wakeupPending()).isFalse();
        hart.setInterruptLines(TrapCause.MTIP);
        assertThat(hart.wakeupPending()).isTrue();
        // mstatus.MIE is clear: the hart wakes up and goes on without taking the interrupt
        assertThat(hart.run(100)).isEqualTo(C906Hart.Stop.BUDGET);
        assertThat(reg(A0)).isEqualTo(7);
        assertThat(hart.traps()).isZero();
    }

    @Test
    void deviceInterruptsAreTakenByPriorityWhenEnabled() {
        hart.setCsr(RiscvRegister.MIE, TrapCause.MSIP | TrapCause.MTIP | TrapCause.MEIP);
        hart.setInterruptLines(TrapCause.MSIP | TrapCause.MTIP | TrapCause.MEIP);
        assertThat(run(Privilege.MACHINE, new Asm(CODE).label("spin").j("spin"))).isEqualTo(C906Hart.Stop.BUDGET);
        assertThat(hart.traps()).as("mstatus.MIE is clear in M").isZero();
        hart.setCsr(RiscvRegister.MSTATUS, TrapDelivery.MSTATUS_MIE);
        hart.run(100);
        // the external interrupt goes first (MEI > MSI > MTI), then MIE is clear in the handler
        assertThat(traps).singleElement().extracting(Trap::cause)
                .isEqualTo(TrapCause.INTERRUPT | TrapCause.MACHINE_EXTERNAL);
        assertThat(reg(T0)).isEqualTo(TrapCause.INTERRUPT | TrapCause.MACHINE_EXTERNAL);
        assertThat(reg(T1)).as("mepc: the interrupted instruction").isEqualTo(CODE);
    }

    @Test
    void vectoredMtvecSendsInterruptsToBasePlusFourTimesCause() {
        long base = MHANDLER;
        load(base, new Asm(base).label("h").j("h"));
        load(base + 4 * 7, new Asm(base + 4 * 7).addi(A0, ZERO, 77).label("h").j("h"));
        hart.setCsr(RiscvRegister.MTVEC, base | 1);
        hart.setCsr(RiscvRegister.MIE, TrapCause.MTIP);
        load(CODE, new Asm(CODE).addi(A0, ZERO, 1).label("spin").j("spin"));
        hart.setPc(CODE);
        hart.setCsr(RiscvRegister.MSTATUS, TrapDelivery.MSTATUS_MIE);
        hart.setInterruptLines(TrapCause.MTIP);
        hart.run(1000);
        assertThat(reg(A0)).isEqualTo(77);
        assertThat(hart.csr(RiscvRegister.MEPC)).isEqualTo(CODE);
    }

    @Test
    void delegatedSupervisorInterruptIsTakenInSButNeverInM() {
        hart.setCsr(RiscvRegister.MIDELEG, TrapCause.SEIP);
        hart.setCsr(RiscvRegister.MIE, TrapCause.SEIP);
        hart.setInterruptLines(TrapCause.SEIP);
        hart.setCsr(RiscvRegister.MSTATUS, TrapDelivery.MSTATUS_SIE | TrapDelivery.MSTATUS_MIE);
        run(Privilege.MACHINE, new Asm(CODE).label("spin").j("spin"));
        assertThat(hart.traps()).as("S interrupts are not taken in M").isZero();
        run(Privilege.USER, new Asm(CODE).addi(A0, ZERO, 1).label("spin").j("spin"));
        assertThat(reg(T0)).isEqualTo(TrapCause.INTERRUPT | TrapCause.SUPERVISOR_EXTERNAL);
        assertThat(hart.privilege()).isEqualTo(Privilege.SUPERVISOR);
    }

    @Test
    void fetchHandlerEmulatesARoutineAndCanStop() {
        long routine = RAM + 0x4000;
        List<Long> seen = new ArrayList<>();
        hart.onFetch(routine, h -> {
            h.setRegister(RiscvRegister.A0, 0x600d);
            h.setPc(h.register(RiscvRegister.RA));
            return FetchHandler.Action.CONTINUE;
        });
        long exit = RAM + 0x5000;
        hart.onFetch(exit, h -> {
            seen.add(h.register(RiscvRegister.A2)); // the registers as the hart arrives
            return FetchHandler.Action.STOP;
        });
        Asm code = new Asm(CODE).li(T0, routine).jalr(RA, T0, 0).addi(A1, A0, 1).li(T0, exit).jalr(ZERO, T0, 0);
        load(CODE, code);
        load(routine, new Asm(routine).addi(A0, ZERO, 1).ret()); // the stub the handler replaces
        load(exit, new Asm(exit).addi(A2, ZERO, 5).jalr(ZERO, T1, 0));
        hart.setRegister(RiscvRegister.X0 + T1, exit + 0x100);
        load(exit + 0x100, new Asm(exit + 0x100).addi(A3, ZERO, 7).wfi());
        hart.setPc(CODE);
        assertThat(hart.run(1000)).isEqualTo(C906Hart.Stop.REQUESTED);
        assertThat(reg(A1)).as("the stub did not run: the handler returned for it").isEqualTo(0x600e);
        assertThat(seen).as("the handler saw the registers on arrival").containsExactly(0L);
        assertThat(reg(A3)).as("the run ended before going further").isZero();
        assertThat(hart.run(1000)).isEqualTo(C906Hart.Stop.WFI);
        assertThat(seen).as("the handler is not called again on resuming").hasSize(1);
        assertThat(reg(A2)).isEqualTo(5);
        assertThat(reg(A3)).isEqualTo(7);
    }

    @Test
    void aHandlerReachedByADirectJumpSeesItsAddressAndTheBlockIsCounted() {
        // a block entered through a chained direct jump has a stale PC register in Unicorn's block
        // hook: the handler must still see its own address, and the block must be counted
        List<Long> seen = new ArrayList<>();
        Asm code = new Asm(CODE).addi(A0, ZERO, 0).label("loop").jal(RA, "func").addi(A1, A1, 1)
                .bne(A1, A3, "loop").wfi().label("func").addi(A0, A0, 1).ret();
        long func = code.address("func");
        hart.onFetch(func, h -> {
            seen.add(h.pc());
            return FetchHandler.Action.CONTINUE;
        });
        load(CODE, code);
        hart.setRegister(RiscvRegister.x(A3), 3);
        hart.setPc(CODE);
        assertThat(hart.run(1000)).isEqualTo(C906Hart.Stop.WFI);
        assertThat(reg(A0)).isEqualTo(3);
        assertThat(seen).containsExactly(func, func, func);
        assertThat(hart.instructions()).isEqualTo(1 + 3 * (1 + 2 + 1 + 1) + 1);
    }

    @Test
    void hartIdIsVisibleToTheGuest() {
        try (C906Hart one = new C906Hart(1, CODE, 0x70000000L, h -> 0)) {
            one.engine().map(RAM, 0x1000, Unicorn.PROT_ALL);
            one.engine().write(CODE, new Asm(CODE).csrr(A0, 0xf14).wfi().bytes());
            one.run(100);
            assertThat(one.register(RiscvRegister.A0)).isEqualTo(1);
        }
    }

    @Test
    void unmappedAccessIsAFaultNamingHartAddressAndBlock() {
        assertThatThrownBy(() -> run(Privilege.MACHINE, new Asm(CODE).li(A1, 0x10000000L).lw(A0, A1, 8)))
                .isInstanceOf(HartFault.class)
                .hasMessageStartingWith("hart 0: load of 4 bytes from unmapped address 0x10000008 in the block at 0x80000000");
    }
}
