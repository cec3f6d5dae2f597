package dev.duoboot.cpu;

import static dev.duoboot.unicorn.RiscvRegister.MCOUNTEREN;
import static dev.duoboot.unicorn.RiscvRegister.MIDELEG;
import static dev.duoboot.unicorn.RiscvRegister.MIE;
import static dev.duoboot.unicorn.RiscvRegister.MIP;
import static dev.duoboot.unicorn.RiscvRegister.MSTATUS;
import static dev.duoboot.unicorn.RiscvRegister.PC;
import static dev.duoboot.unicorn.RiscvRegister.SCOUNTEREN;
import static dev.duoboot.unicorn.RiscvRegister.X0;

import dev.duoboot.unicorn.Hook;
import dev.duoboot.unicorn.MemRegion;
import dev.duoboot.unicorn.MemoryAccess;
import dev.duoboot.unicorn.Unicorn;
import dev.duoboot.unicorn.UnicornException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import java.util.function.LongPredicate;

/**
 * One T-Head C906 hart on its own Unicorn engine. It adds what Unicorn 2.0.1 leaves out (facts §2):
 * trap delivery ({@link TrapDelivery}), the T-Head instructions and CSRs ({@link TheadExtensions}),
 * the {@code time} CSR (from {@link Platform#time}), device interrupts taken at instruction
 * boundaries with the spec's priority and enable rules, and an exact instruction count that bounds
 * every run.
 *
 * <p>{@link #run(long)} executes one slice: until the instruction budget is spent, the hart waits
 * in {@code wfi}, or a stop was requested (by a device through {@link #requestStop()}, or a {@link
 * FetchHandler}). Instructions are counted per translated block by a block hook, which is also where
 * the hart stops (stopping inside an MMIO callback would repeat the access, facts §3.2). The hook is
 * native ({@link BlockLedger}) and calls into Java only for blocks that need a decision.
 *
 * <p>The hart's hooks refer to it, so it is released only by {@link #close()}.
 */
public final class C906Hart implements AutoCloseable {

    /** Why a slice ended. A fault ends it with a {@link HartFault} instead. */
    public enum Stop {
        /** The instruction budget of the slice is spent. */
        BUDGET,
        /** The hart executed {@code wfi} with no interrupt pending: it waits for one. */
        WFI,
        /** {@link #requestStop()} or a {@link FetchHandler} asked for it. */
        REQUESTED,
        /** The hart is stuck in a trap loop ({@link #stuck()}): it does nothing more until a reset. */
        STUCK
    }

    /** The {@code mip} bits devices drive; the hart delivers these itself. */
    public static final long DEVICE_LINES = TrapCause.MSIP | TrapCause.MTIP | TrapCause.MEIP | TrapCause.SEIP;

    private static final int WFI = 0x10500073;
    /** QEMU's largest block: TCG_MAX_INSNS (512) instructions of 4 bytes. */
    private static final int MAX_BLOCK_BYTES = 512 * 4;
    private static final int C_EBREAK = 0x9002;
    private static final int EBREAK = 0x00100073;

    private final int id;
    private final Unicorn uc;
    private final Platform platform;
    private final PrivilegedState state;
    private final TrapDelivery delivery;
    private final TheadExtensions thead;
    private final BlockLedger ledger;
    private final dev.duoboot.unicorn.Context resetState;
    private final List<Consumer<Trap>> trapListeners = new ArrayList<>();
    private final Map<Long, FetchHandler> fetchHandlers = new HashMap<>();
    private LongConsumer blockWatcher = address -> {};
    private LongPredicate mapOnDemand = address -> false;
    private long watchBase;
    private int watchShift;
    private boolean[] watchedSeen = new boolean[0];
    private long stopBlock = -1;
    private int stopBlockCount;
    /** The block a stopped run resumes at, whose fetch handler has already run; or -1. */
    private long handlerDoneAt = -1;
    /**
     * The address whose fetch handler is running, or -1. Unicorn 2.0.1 leaves the PC register stale
     * in a block hook when the block was entered by a chained direct jump or fall-through, so the
     * handler's address stands for it, and moves are seen through {@link #setPc}.
     */
    private long inHandlerAt = -1;
    private boolean handlerMovedPc;
    private long sliceLimit;
    private boolean stopRequested;

    private long retired;
    private boolean running;
    private boolean budgetSpent;
    private boolean stoppedOnRequest;
    private long breakpointAt = -1;
    private String fault;
    private long lines;
    private long trapCount;
    private long emulatedCount;
    private Trap lastTrap;
    /** Traps in a row at one pc with no instruction retired between them: a handler that traps itself. */
    private int trapRepeats;
    /** The trap this hart loops on, once it is stuck: real hardware spins there until a reset. */
    private Trap stuck;
    private long instructionsAtLastTrap = -1;
    /** After this many such traps the hart is stuck for good: real hardware would spin there forever. */
    static final int TRAP_LOOP_LIMIT = 1000;

    /**
     * Creates hart {@code id} with its reset PC, in M mode.
     *
     * @param peripheralBase the PLIC/CLINT base the vendor CSR {@code mapbaddr} reports
     */
    public C906Hart(int id, long resetVector, long peripheralBase, Platform platform) {
        this(id, id, resetVector, peripheralBase, platform);
    }

    /**
     * Creates hart {@code id} (the machine's name for it) whose {@code mhartid} reads
     * {@code mhartid}: each C906 of the CV18xx is hart 0 of its own core.
     */
    public C906Hart(int id, int mhartid, long resetVector, long peripheralBase, Platform platform) {
        this.id = id;
        this.platform = platform;
        this.uc = Unicorn.openRiscv64(); // first: a missing library is reported by name
        try {
            this.state = new PrivilegedState(uc, ContextLayout.get());
            this.delivery = new TrapDelivery(uc, state, id);
            this.thead = new TheadExtensions(resetVector, peripheralBase);
            state.setHartId(mhartid);
            uc.writeRegister(PC, resetVector);
            this.resetState = uc.newContext();
            uc.save(resetState);
            // every hook exists before the first run: hooks only reach code translated after them
            uc.onInterrupt(this::onException);
            uc.onInvalidInstruction(this::onBreakpoint);
            uc.onInvalidMemory(Hook.MEM_UNMAPPED, 1, 0, this::onUnmapped);
            this.ledger = new BlockLedger(uc, this::onBlock);
        } catch (RuntimeException e) {
            uc.close();
            throw e;
        }
    }

    public int id() {
        return id;
    }

    /** The engine, for the machine to map memory and devices and add its own hooks before the first run. */
    public Unicorn engine() {
        return uc;
    }

    // ---- running ------------------------------------------------------------------------------

    /**
     * Runs until about {@code maxInstructions} have executed (whole blocks: at least one block, never
     * a block that would go past the budget unless it is the first), the hart waits in {@code wfi},
     * or a stop is requested. A pending device interrupt that may be taken is delivered first.
     *
     * @throws HartFault if the guest does something the hart cannot continue from
     */
    public Stop run(long maxInstructions) {
        if (running) {
            throw new IllegalStateException("hart " + id + " is already running");
        }
        if (stuck != null) {
            return Stop.STUCK;
        }
        running = true;
        ledger.startSlice(maxInstructions);
        sliceLimit = maxInstructions;
        stopRequested = false;
        budgetSpent = false;
        stoppedOnRequest = false;
        try {
            takeInterrupt();
            while (true) {
                long pc = uc.readRegister(PC);
                if (pc != handlerDoneAt) {
                    handlerDoneAt = -1; // an interrupt or the host moved the hart elsewhere
                }
                try {
                    uc.start(pc, Unicorn.NO_UNTIL, 0, 0);
                } catch (UnicornException e) {
                    if (breakpointAt >= 0) {
                        long at = breakpointAt;
                        breakpointAt = -1;
                        trap(TrapCause.BREAKPOINT, at, at);
                        continue;
                    }
                    throw new HartFault(describeFault(fault != null ? fault : e.getMessage()), e);
                }
                if (fault != null) {
                    throw new HartFault(describeFault(fault));
                }
                if (stopBlock >= 0) {
                    if (uc.readRegister(PC) == stopBlock) {
                        ledger.addToSlice(-stopBlockCount); // stopped before the block: it did not run
                        if (fetchHandlers.containsKey(stopBlock)) {
                            handlerDoneAt = stopBlock;
                        }
                    }
                    stopBlock = -1;
                }
                if (stuck != null) {
                    return Stop.STUCK;
                }
                if (budgetSpent) {
                    return Stop.BUDGET;
                }
                if (stoppedOnRequest) {
                    return Stop.REQUESTED;
                }
                if (stoppedInWfi()) {
                    // 2.0.1 returns from every wfi (facts §2.1), which does not end its block: what
                    // follows it in the block was counted but did not run
                    endBlockAt(uc.readRegister(PC) - 4, true);
                    // the wfi completes at once if an interrupt is pending and enabled in mie
                    if (wakeupPending()) {
                        takeInterrupt();
                        continue;
                    }
                    return Stop.WFI;
                }
                return Stop.REQUESTED;
            }
        } finally {
            retired += ledger.takeSliceUsed();
            running = false;
            fault = null;
        }
    }

    /**
     * Puts the hart back into its power-on state (registers, CSRs, privilege M, vendor CSRs) with
     * {@code pc}, as a reset release does. Translated code is not dropped: see {@link #invalidateCode}.
     */
    public void reset(long pc) {
        if (running) {
            throw new IllegalStateException("hart " + id + " cannot be reset while it runs");
        }
        uc.restore(resetState);
        thead.reset();
        uc.writeRegister(PC, pc);
        lines = 0;
        ledger.clear();
        stuck = null;
        trapRepeats = 0;
        instructionsAtLastTrap = -1;
    }

    /**
     * The trap this hart takes over and over without retiring an instruction (its trap vector itself
     * traps, e.g. after its code was overwritten), once it did {@value #TRAP_LOOP_LIMIT} times: it
     * is parked until a reset.
     */
    public Optional<Trap> stuck() {
        return Optional.ofNullable(stuck);
    }

    /** Ends the current slice at the next block boundary (a device changed something that matters). */
    public void requestStop() {
        if (running) {
            stopRequested = true;
            ledger.sendEveryBlockToJava();
        }
    }

    /**
     * Sets the device interrupt lines ({@link #DEVICE_LINES} bits of {@code mip}). A newly raised
     * line ends a running slice so the interrupt is taken at the next block boundary.
     */
    public void setInterruptLines(long bits) {
        long raised = bits & ~lines & DEVICE_LINES;
        lines = bits & DEVICE_LINES;
        if (raised != 0) {
            requestStop();
        }
    }

    public long interruptLines() {
        return lines;
    }

    /** Whether a {@code wfi} would end now: an interrupt pending (device or software) and enabled in {@code mie}. */
    public boolean wakeupPending() {
        long mie = state.readCsr(MIE);
        long pending = lines | state.readCsr(MIP);
        return (pending & mie) != 0;
    }

    // ---- state --------------------------------------------------------------------------------

    /** The PC; in a {@link FetchHandler}, the handler's address (or where the handler sent the hart). */
    public long pc() {
        return inHandlerAt >= 0 && !handlerMovedPc ? inHandlerAt : uc.readRegister(PC);
    }

    public void setPc(long pc) {
        uc.writeRegister(PC, pc);
        handlerMovedPc = true;
    }

    /** A GPR, FPR or the PC ({@code dev.duoboot.unicorn.RiscvRegister} ids). */
    public long register(int register) {
        return register == PC ? pc() : uc.readRegister(register);
    }

    public void setRegister(int register, long value) {
        if (register == PC) {
            setPc(value);
        } else {
            uc.writeRegister(register, value);
        }
    }

    /** A standard CSR, read with M privilege whatever the hart's current level. */
    public long csr(int register) {
        return state.readCsr(register);
    }

    public void setCsr(int register, long value) {
        state.writeCsr(register, value);
    }

    public Privilege privilege() {
        return state.privilege();
    }

    public void setPrivilege(Privilege p) {
        state.setPrivilege(p);
    }

    /** Instructions executed so far (exact at block granularity, corrected at traps). */
    public long instructions() {
        return retired + ledger.sliceUsed();
    }

    public long traps() {
        return trapCount;
    }

    public Optional<Trap> lastTrap() {
        return Optional.ofNullable(lastTrap);
    }

    /** Instructions the hart emulated itself ({@code time} reads, vendor CSRs, cache/sync ops). */
    public long emulatedInstructions() {
        return emulatedCount;
    }

    /** How often each T-Head cache/sync instruction ran, by mnemonic. */
    public Map<String, Long> theadOperations() {
        return thead.opCounts();
    }

    public void onTrap(Consumer<Trap> listener) {
        trapListeners.add(listener);
    }

    /**
     * Tells {@code watcher} the start address of the first block the hart executes in each granule of
     * 2^{@code granuleShift} bytes of [{@code base}, + {@code granules} granules), and
     * of the next one after {@link #watchAgain}. Blocks elsewhere are not reported.
     */
    public void watchBlocks(long base, int granuleShift, int granules, LongConsumer watcher) {
        watchBase = base;
        watchShift = granuleShift;
        watchedSeen = new boolean[granules];
        blockWatcher = watcher;
        ledger.clear(); // cached blocks would bypass the watch
    }

    /** Reports the next block the hart executes in the watched granule of {@code address} again. */
    public void watchAgain(long address) {
        int g = watchedGranule(address);
        if (g >= 0 && watchedSeen[g]) {
            watchedSeen[g] = false;
            long begin = watchBase + ((long) g << watchShift);
            ledger.forget(begin, begin + (1L << watchShift)); // their blocks must reach onBlock again
        }
    }

    /**
     * Calls {@code handler} whenever the hart arrives at {@code address}, with the registers as they
     * are there ({@link #pc()} is {@code address}). The handler may change registers; if it moves
     * the PC ({@link #setPc}) the hart goes on there without executing the block at {@code address}.
     * {@link FetchHandler.Action#STOP} ends the run at that block, before or after it as Unicorn
     * takes the stop: the next run resumes wherever the PC then is, without calling the handler
     * again for the same arrival.
     *
     * <p>The handler runs from the block hook, so {@code address} must be where a translated block
     * starts: a jump, call or return target, a trap or {@code mret} target, or where a run resumes
     * (every ROM entry, stage entry and return point is one). Unicorn 2.0.1 code hooks are avoided
     * on purpose: with any {@code UC_HOOK_CODE} installed, a stop requested from the block hook
     * takes effect after the block's first instruction with the PC left at the block start, so
     * resuming runs that instruction twice.
     */
    public void onFetch(long address, FetchHandler handler) {
        fetchHandlers.put(address, handler);
        invalidateCode(address, address + 4);
    }

    /**
     * The PC of the instruction making a memory access at {@code address}, for calls from MMIO
     * callbacks (where Unicorn only knows the block start); the block start if it cannot be found.
     */
    public long accessingInstruction(long address) {
        long blockStart = ledger.blockStart();
        if (blockStart < 0) {
            return uc.readRegister(PC);
        }
        long pc = AccessLocator.locate(uc, blockStart, blockStart + ledger.blockBytes(), address);
        return pc >= 0 ? pc : blockStart;
    }

    /**
     * Lets {@code mapper} map memory the hart reaches where nothing is mapped yet: it returns true if
     * it mapped {@code address}, and the access is then retried; otherwise the access is a fault.
     */
    public void mapOnDemand(LongPredicate mapper) {
        this.mapOnDemand = mapper;
    }

    /** Drops translated code for [begin, end): after the host or another hart rewrote it. */
    public void invalidateCode(long begin, long end) {
        // Unicorn translates only a range's start (SharedMemoryTest): one call per mapped region
        for (MemRegion r : uc.regions()) {
            long from = Math.max(begin, r.begin());
            long to = Math.min(end, r.end() + 1);
            if (from < to) {
                uc.removeCache(from, to);
            }
        }
        ledger.forget(begin, end);
    }

    @Override
    public void close() {
        state.close();
        uc.close();
    }

    // ---- hooks --------------------------------------------------------------------------------

    /**
     * The blocks the native hook (block_hook.c) leaves to Java: a fetch handler's address, a stop
     * requested, the budget reached, a block not cached yet (new, rewritten, or in a granule watched
     * again). The native hook counts the others exactly as the end of this method does.
     */
    private void onBlock(Unicorn u, long address, int reportedSize) {
        // a block whose first instruction cannot be translated (an illegal one) is reported with
        // size 0 or 0xfffc; it is that one instruction, which traps
        int sizeBytes = reportedSize == 0 || reportedSize > MAX_BLOCK_BYTES
                ? ((instructionAt(address) & 3) == 3 ? 4 : 2)
                : reportedSize;
        FetchHandler handler = fetchHandlers.get(address);
        if (handler != null && address == handlerDoneAt) {
            handler = null; // the block stopped at last time: its handler has already run
        }
        handlerDoneAt = -1;
        if (handler != null) {
            FetchHandler.Action action;
            inHandlerAt = address;
            handlerMovedPc = false;
            try {
                action = handler.onFetch(this);
            } finally {
                inHandlerAt = -1;
            }
            if (handlerMovedPc) {
                // Unicorn leaves this block unexecuted and goes on where the handler sent the hart
                ledger.endBlock();
                return;
            }
            if (action == FetchHandler.Action.STOP) {
                requestStop(); // honoured below: this block runs, the run ends after it
            }
        }
        int cached = ledger.cachedCount(address, sizeBytes);
        int n = cached;
        boolean fenceI = false;
        if (cached < 0) {
            byte[] code = uc.read(address, sizeBytes);
            n = countInstructions(code, sizeBytes);
            fenceI = containsFenceI(code);
            if (fenceI) {
                // the hart's own stores to code reach its fetches after fence.i (unprivileged spec,
                // Zifencei): counts cached for the old code at the same addresses are void
                ledger.clear();
            }
        }
        long sliceUsed = ledger.sliceUsed();
        if (stopRequested || (sliceUsed > 0 && sliceUsed + n > sliceLimit)) {
            if (stopRequested) {
                stoppedOnRequest = true;
            } else {
                budgetSpent = true;
            }
            // uc_emu_stop from a block hook takes effect before this block or after it, depending
            // on how Unicorn entered it; run() finds out from the PC where the run ended
            stopBlock = address;
            stopBlockCount = n;
            u.stop();
        }
        ledger.addToSlice(n);
        ledger.setBlock(address, sizeBytes, n);
        int g = watchedGranule(address);
        if (g >= 0 && !watchedSeen[g]) {
            watchedSeen[g] = true;
            blockWatcher.accept(address);
        }
        if (cached < 0 && !fenceI && !fetchHandlers.containsKey(address)) {
            ledger.cache(address, sizeBytes, n); // nothing to decide here next time: the native hook counts it
        }
    }

    /** The watched granule {@code address} is in, or -1. */
    private int watchedGranule(long address) {
        long g = (address - watchBase) >>> watchShift; // below the base wraps to a huge index
        return g < watchedSeen.length ? (int) g : -1;
    }

    /**
     * {@code UC_HOOK_INTR}: every synchronous exception. The hook sees the faulting PC + 4 whatever
     * the instruction's length (facts §2.1), and nothing has been written to the trap CSRs.
     */
    private void onException(Unicorn u, int intno) {
        long pc = u.readRegister(PC) - 4;
        switch (intno) {
            case TrapCause.ILLEGAL_INSTRUCTION -> illegalInstruction(pc);
            // 2.0.1 reports 8 for every ecall; the cause depends on the privilege
            case TrapCause.ECALL_FROM_U -> trap(TrapCause.ECALL_FROM_U + state.privilege().code(), pc, 0);
            case TrapCause.LOAD_MISALIGNED ->
                // QEMU 5.0 reports a misaligned AMO as a load; the spec's cause for an AMO is 6
                trap(isAmo(pc) ? TrapCause.STORE_MISALIGNED : TrapCause.LOAD_MISALIGNED, pc, state.badAddress());
            case TrapCause.INSTRUCTION_MISALIGNED, TrapCause.INSTRUCTION_ACCESS_FAULT, TrapCause.LOAD_ACCESS_FAULT,
                    TrapCause.STORE_MISALIGNED, TrapCause.STORE_ACCESS_FAULT, TrapCause.INSTRUCTION_PAGE_FAULT,
                    TrapCause.LOAD_PAGE_FAULT, TrapCause.STORE_PAGE_FAULT -> trap(intno, pc, state.badAddress());
            default -> {
                fault = "unexpected exception " + intno + " at 0x" + Long.toHexString(pc);
                u.stop();
            }
        }
    }

    private void illegalInstruction(long pc) {
        int insn = instructionAt(pc);
        int length = (insn & 3) == 3 ? 4 : 2;
        Privilege priv = state.privilege();
        if (emulate(insn, priv)) {
            endBlockAt(pc, true);
            emulatedCount++;
            uc.writeRegister(PC, pc + length);
            return;
        }
        // mtval holds the instruction bits for an illegal instruction (privileged spec §3.1.16)
        trap(TrapCause.ILLEGAL_INSTRUCTION, pc, insn & 0xffffffffL);
    }

    private boolean emulate(int insn, Privilege priv) {
        CsrInstruction csr = CsrInstruction.decode(insn);
        if (csr != null) {
            if (csr.csr() == CsrInstruction.TIME) {
                return readTime(csr, priv);
            }
            return thead.hasCsr(csr.csr()) && accessVendorCsr(csr, priv);
        }
        String op = TheadExtensions.cacheOrSyncOp(insn);
        if (op != null && thead.permitted(op, priv)) {
            thead.count(op);
            if (op.startsWith("th.icache.")) {
                ledger.clear(); // as for fence.i: the old code's cached counts are void
            }
            return true;
        }
        return false;
    }

    /**
     * {@code rdtime}: 2.0.1 has no time source and raises illegal instruction (facts §1). Below M it
     * needs {@code mcounteren.TM}, and in U also {@code scounteren.TM} (privileged spec §3.1.11).
     */
    private boolean readTime(CsrInstruction csr, Privilege priv) {
        if (!csr.permittedAt(priv)) {
            return false;
        }
        if (priv != Privilege.MACHINE && (state.readCsr(MCOUNTEREN) & 2) == 0) {
            return false;
        }
        if (priv == Privilege.USER && (state.readCsr(SCOUNTEREN) & 2) == 0) {
            return false;
        }
        if (csr.rd() != 0) {
            uc.writeRegister(X0 + csr.rd(), platform.time(this));
        }
        return true;
    }

    private boolean accessVendorCsr(CsrInstruction csr, Privilege priv) {
        if (!csr.permittedAt(priv)) {
            return false;
        }
        long source = csr.immediate() ? csr.rs1() : uc.readRegister(X0 + csr.rs1());
        long old = csr.reads() ? thead.read(csr.csr(), priv) : 0;
        if (csr.writes()) {
            thead.write(csr.csr(), csr.newValue(old, source));
        }
        if (csr.rd() != 0) {
            uc.writeRegister(X0 + csr.rd(), old);
        }
        return true;
    }

    /** {@code ebreak} reaches {@code UC_HOOK_INSN_INVALID} and always ends the run (facts §2.1). */
    private boolean onBreakpoint(Unicorn u) {
        long pc = u.readRegister(PC);
        int insn = instructionAt(pc);
        if (insn == EBREAK || (insn & 0xffff) == C_EBREAK) {
            breakpointAt = pc;
        } else {
            fault = "invalid instruction 0x" + Integer.toHexString(insn) + " at 0x" + Long.toHexString(pc);
        }
        return false;
    }

    private boolean onUnmapped(Unicorn u, MemoryAccess access, long address, int size, long value) {
        if (mapOnDemand.test(address)) {
            return true; // mapped now: Unicorn retries the access
        }
        String what = switch (access) {
            case READ_UNMAPPED -> "load of " + size + " bytes from";
            case WRITE_UNMAPPED -> "store of " + size + " bytes to";
            default -> "instruction fetch from";
        };
        // without a code hook the PC is only known to the block (facts §3.2)
        fault = what + " unmapped address 0x" + Long.toHexString(address)
                + (ledger.blockStart() >= 0 ? " in the block at 0x" + Long.toHexString(ledger.blockStart()) : "");
        return false;
    }

    // ---- traps and interrupts -----------------------------------------------------------------

    private void trap(long cause, long epc, long tval) {
        endBlockAt(epc, false);
        record(delivery.deliver(cause, epc, tval));
    }

    private void record(Trap t) {
        long now = instructions();
        boolean again = lastTrap != null && lastTrap.epc() == t.epc() && lastTrap.cause() == t.cause() && now == instructionsAtLastTrap;
        trapRepeats = again ? trapRepeats + 1 : 0;
        instructionsAtLastTrap = now;
        trapCount++;
        lastTrap = t;
        if (trapRepeats >= TRAP_LOOP_LIMIT && stuck == null) {
            // no instruction retires, so neither the budget nor virtual time would end it: the hart is
            // parked as stuck (uc_emu_stop from the exception hook is lost while every block traps at
            // once; the block hook stops it)
            stuck = t;
            requestStop();
        }
        for (Consumer<Trap> l : trapListeners) {
            l.accept(t);
        }
    }

    /** Delivers the highest-priority device interrupt that may be taken now, if any. */
    private void takeInterrupt() {
        if (lines == 0) {
            return;
        }
        Privilege priv = state.enterMachine();
        long[] csrs = new long[3];
        uc.readRegisters(new int[] {MIE, MIDELEG, MSTATUS}, csrs);
        state.leaveMachine(priv);
        int code = delivery.pendingInterrupt(lines, csrs[0], csrs[1], csrs[2], priv);
        if (code >= 0) {
            record(delivery.deliver(TrapCause.INTERRUPT | code, uc.readRegister(PC), 0));
        }
    }

    private String describeFault(String what) {
        return "hart " + id + ": " + what + " (pc 0x" + Long.toHexString(uc.readRegister(PC)) + ", "
                + instructions() + " instructions"
                + (lastTrap != null ? ", last trap: " + TrapCause.name(lastTrap.cause()) + " at 0x"
                        + Long.toHexString(lastTrap.epc()) : ", no trap yet")
                + ")";
    }

    // ---- instruction counting -----------------------------------------------------------------

    /**
     * The current block was counted whole when it started; a trap (or redirect) at {@code pc} ends it
     * early. Counts what really executed ({@code pc} itself if {@code includePc}) and forgets the
     * block, since execution continues in a new one.
     */
    private void endBlockAt(long pc, boolean includePc) {
        long blockStart = ledger.blockStart();
        if (blockStart < 0 || pc < blockStart || pc >= blockStart + ledger.blockBytes()) {
            return;
        }
        int executed = countInstructions(blockStart, (int) (pc - blockStart)) + (includePc ? 1 : 0);
        ledger.addToSlice(executed - ledger.blockCount());
        ledger.endBlock();
    }

    private int countInstructions(long address, int sizeBytes) {
        return sizeBytes <= 0 ? 0 : countInstructions(uc.read(address, sizeBytes), sizeBytes);
    }

    private static int countInstructions(byte[] code, int sizeBytes) {
        int n = 0;
        for (int i = 0; i < sizeBytes; i += (code[i] & 3) == 3 ? 4 : 2) {
            n++;
        }
        return n;
    }

    /** Whether the code holds a {@code fence.i} (QEMU ends a block with it, so it is the last). */
    private static boolean containsFenceI(byte[] code) {
        for (int i = 0; i < code.length; i += (code[i] & 3) == 3 ? 4 : 2) {
            if (i + 4 <= code.length && (code[i] & 3) == 3) {
                int insn = (code[i] & 0xff) | (code[i + 1] & 0xff) << 8 | (code[i + 2] & 0xff) << 16 | (code[i + 3] & 0xff) << 24;
                if ((insn & 0x707f) == 0x100f) { // MISC-MEM, funct3 1: fence.i
                    return true;
                }
            }
        }
        return false;
    }

    /** The instruction at {@code pc}: 16 bits for a compressed one, else 32. */
    private int instructionAt(long pc) {
        int word;
        try {
            word = uc.readInt(pc);
        } catch (UnicornException e) { // a 2-byte instruction at the very end of a region
            byte[] low = uc.read(pc, 2);
            word = (low[0] & 0xff) | (low[1] & 0xff) << 8;
        }
        return (word & 3) == 3 ? word : word & 0xffff;
    }

    /** 2.0.1 returns from {@code uc_emu_start} after a {@code wfi} with the PC just past it. */
    private boolean stoppedInWfi() {
        try {
            return instructionAt(uc.readRegister(PC) - 4) == WFI;
        } catch (UnicornException e) {
            return false; // nothing mapped before the PC: not a wfi
        }
    }

    private boolean isAmo(long pc) {
        return (instructionAt(pc) & 0x7f) == 0x2f;
    }
}
