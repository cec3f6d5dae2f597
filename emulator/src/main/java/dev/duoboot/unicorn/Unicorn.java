package dev.duoboot.unicorn;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.ref.Cleaner;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;

/**
 * One Unicorn engine ({@code uc_engine}) for RV64, bound with {@code java.lang.foreign} to Debian's
 * {@code libunicorn.so.2} (2.0.1). Not thread-safe: one thread drives an engine, and its hooks run
 * on that thread inside {@link #start}.
 *
 * <p>Closing is explicit ({@link #close()}); a Cleaner also releases the engine, its upcall stubs and
 * its contexts if it becomes unreachable. Every error becomes a {@link UnicornException} carrying
 * {@code uc_strerror}'s text.
 */
@SuppressWarnings("restricted") // the binding is where java.lang.foreign's restricted calls belong
public final class Unicorn implements AutoCloseable {

    public static final int PROT_NONE = 0;
    public static final int PROT_READ = 1;
    public static final int PROT_WRITE = 2;
    public static final int PROT_EXEC = 4;
    public static final int PROT_ALL = 7;

    /** Pass as {@code until} to {@link #start} to run without an end address. */
    public static final long NO_UNTIL = -1L;

    static final Cleaner CLEANER = Cleaner.create();

    private static final int ARCH_RISCV = 8;
    private static final int MODE_RISCV64 = 1 << 3;
    private static final int QUERY_PAGE_SIZE = 2;
    private static final int CTL_WRITE = 1;
    private static final int CTL_READ = 2;
    private static final int CTL_CPU_MODEL = 7;
    private static final int CTL_TB_REQUEST_CACHE = 8;
    private static final int CTL_TB_REMOVE_CACHE = 9;
    private static final int MAX_BATCH = 64;
    private static final long SCRATCH_BYTES = 4096;
    private static final MethodHandles.Lookup LOOKUP = MethodHandles.lookup();

    private final Native n;
    private final State state;
    private final Cleaner.Cleanable cleanable;
    private final MemorySegment handle;
    private final MemorySegment scratch;
    private final MemorySegment batch;
    // register access goes through critical downcalls with this heap buffer: no native copy
    private final long[] reg = new long[1];
    private final MemorySegment regSegment = MemorySegment.ofArray(reg);

    private Unicorn(Native n, MemorySegment handle, Arena arena) {
        this.n = n;
        this.handle = handle;
        this.state = new State(n, handle, arena);
        this.cleanable = CLEANER.register(this, state);
        this.scratch = arena.allocate(SCRATCH_BYTES, 16);
        this.batch = arena.allocate(MAX_BATCH * (4 + 8 + 8), 16);
    }

    /** Opens an RV64 engine with Unicorn's default CPU model (SiFive U54). */
    public static Unicorn openRiscv64() {
        return openRiscv64(RiscvCpuModel.SIFIVE_U54);
    }

    /** Opens an RV64 engine and selects the CPU model (only possible before any other call). */
    public static Unicorn openRiscv64(RiscvCpuModel model) {
        Native n = Native.get();
        Arena arena = Arena.ofShared();
        try {
            MemorySegment out = arena.allocate(ADDRESS);
            check(n, (int) n.open.invokeExact(ARCH_RISCV, MODE_RISCV64, out), "uc_open");
            Unicorn uc = new Unicorn(n, out.get(ADDRESS, 0), arena);
            uc.ctl("select CPU model " + model,
                    (int) n.ctlInt.invokeExact(uc.handle, ctl(CTL_CPU_MODEL, 1, CTL_WRITE), model.ordinal()));
            return uc;
        } catch (RuntimeException | Error e) {
            arena.close();
            throw e;
        } catch (Throwable t) {
            arena.close();
            throw rethrow(t);
        }
    }

    /** {@code uc_version()}: e.g. 0x020001ff for 2.0.1. */
    public static int version() {
        return Native.get().versionWord();
    }

    /** Why the library cannot be used, if it cannot (the message names the package). */
    public static java.util.Optional<String> unavailableReason() {
        return Native.unavailableReason();
    }

    @Override
    public void close() {
        cleanable.clean();
    }

    // ---- memory -------------------------------------------------------------------------------

    /** {@code uc_mem_map}: address and size must be multiples of 4 KiB. */
    public void map(long address, long sizeBytes, int perms) {
        call("uc_mem_map " + range(address, sizeBytes), () -> (int) n.memMap.invokeExact(h(), address, sizeBytes, perms));
    }

    /**
     * {@code uc_mem_map_ptr}: maps {@code sizeBytes} of {@code memory} starting at {@code offset}. The
     * engine keeps {@code memory} reachable; it must not be closed before the engine.
     */
    public void mapPointer(long address, HostMemory memory, long offset, long sizeBytes, int perms) {
        MemorySegment slice = memory.segment().asSlice(offset, sizeBytes);
        call("uc_mem_map_ptr " + range(address, sizeBytes),
                () -> (int) n.memMapPtr.invokeExact(h(), address, sizeBytes, perms, slice));
        state.keepAlive.add(memory);
    }

    /** {@code uc_mmio_map}: every access in the range calls {@code handler}. */
    public void mapMmio(long address, long sizeBytes, MmioHandler handler) {
        var t = new MmioTrampoline(this, handler);
        MemorySegment read = stub(t, "read", Native.MMIO_READ_CALLBACK);
        MemorySegment write = stub(t, "write", Native.MMIO_WRITE_CALLBACK);
        call("uc_mmio_map " + range(address, sizeBytes), () -> (int) n.mmioMap.invokeExact(
                h(), address, sizeBytes, read, MemorySegment.NULL, write, MemorySegment.NULL));
    }

    public void unmap(long address, long sizeBytes) {
        call("uc_mem_unmap " + range(address, sizeBytes), () -> (int) n.memUnmap.invokeExact(h(), address, sizeBytes));
    }

    /** {@code uc_mem_protect}. Changing part of a region splits it (costly on large regions). */
    public void protect(long address, long sizeBytes, int perms) {
        call("uc_mem_protect " + range(address, sizeBytes),
                () -> (int) n.memProtect.invokeExact(h(), address, sizeBytes, perms));
    }

    /** {@code uc_mem_regions}, in address order. */
    public List<MemRegion> regions() {
        MemorySegment out = scratch;
        call("uc_mem_regions", () -> (int) n.memRegions.invokeExact(h(), out, out.asSlice(8)));
        MemorySegment array = out.get(ADDRESS, 0);
        int count = out.get(JAVA_INT, 8);
        try {
            MemorySegment all = array.reinterpret(count * Native.MEM_REGION.byteSize());
            List<MemRegion> result = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                long base = i * Native.MEM_REGION.byteSize();
                result.add(new MemRegion(all.get(JAVA_LONG, base), all.get(JAVA_LONG, base + 8),
                        all.get(JAVA_INT, base + 16)));
            }
            return result;
        } finally {
            call("uc_free", () -> (int) n.free.invokeExact(array));
        }
    }

    /** {@code uc_mem_read} into {@code dst[off, off+len)}. */
    public void read(long address, byte[] dst, int off, int len) {
        if (len <= SCRATCH_BYTES) {
            call("uc_mem_read " + range(address, len),
                    () -> (int) n.memRead.invokeExact(h(), address, scratch, (long) len));
            MemorySegment.copy(scratch, JAVA_BYTE, 0, dst, off, len);
            return;
        }
        try (Arena a = Arena.ofConfined()) {
            MemorySegment buf = a.allocate(len);
            call("uc_mem_read " + range(address, len), () -> (int) n.memRead.invokeExact(h(), address, buf, (long) len));
            MemorySegment.copy(buf, JAVA_BYTE, 0, dst, off, len);
        }
    }

    public byte[] read(long address, int len) {
        byte[] b = new byte[len];
        read(address, b, 0, len);
        return b;
    }

    /** Little-endian 32-bit read (e.g. an instruction word). */
    public int readInt(long address) {
        call("uc_mem_read " + range(address, 4), () -> (int) n.memRead.invokeExact(h(), address, scratch, 4L));
        return scratch.get(JAVA_INT, 0);
    }

    public long readLong(long address) {
        call("uc_mem_read " + range(address, 8), () -> (int) n.memRead.invokeExact(h(), address, scratch, 8L));
        return scratch.get(JAVA_LONG, 0);
    }

    /**
     * {@code uc_mem_write}. In 2.0.1 this does not invalidate translated code: call {@link
     * #removeCache} over code you overwrite.
     */
    public void write(long address, byte[] src, int off, int len) {
        if (len <= SCRATCH_BYTES) {
            MemorySegment.copy(src, off, scratch, JAVA_BYTE, 0, len);
            call("uc_mem_write " + range(address, len),
                    () -> (int) n.memWrite.invokeExact(h(), address, scratch, (long) len));
            return;
        }
        try (Arena a = Arena.ofConfined()) {
            MemorySegment buf = a.allocate(len);
            MemorySegment.copy(src, off, buf, JAVA_BYTE, 0, len);
            call("uc_mem_write " + range(address, len), () -> (int) n.memWrite.invokeExact(h(), address, buf, (long) len));
        }
    }

    public void write(long address, byte[] src) {
        write(address, src, 0, src.length);
    }

    public void writeInt(long address, int value) {
        scratch.set(JAVA_INT, 0, value);
        call("uc_mem_write " + range(address, 4), () -> (int) n.memWrite.invokeExact(h(), address, scratch, 4L));
    }

    public void writeLong(long address, long value) {
        scratch.set(JAVA_LONG, 0, value);
        call("uc_mem_write " + range(address, 8), () -> (int) n.memWrite.invokeExact(h(), address, scratch, 8L));
    }

    // ---- registers ----------------------------------------------------------------------------

    /**
     * {@code uc_reg_read}. Beware (facts §1): a CSR the current privilege may not access reads back
     * garbage with {@code UC_ERR_OK}; the {@code cpu} package switches privilege first.
     */
    public long readRegister(int id) {
        checkRegister(id);
        int err;
        try {
            err = (int) n.regRead.invokeExact(h(), id, regSegment);
        } catch (Throwable t) {
            throw rethrow(t);
        }
        check(n, err, "uc_reg_read");
        return reg[0];
    }

    /** {@code uc_reg_write}; writes to read-only or inaccessible CSRs are silently dropped by 2.0.1. */
    public void writeRegister(int id, long value) {
        checkRegister(id);
        reg[0] = value;
        int err;
        try {
            err = (int) n.regWrite.invokeExact(h(), id, regSegment);
        } catch (Throwable t) {
            throw rethrow(t);
        }
        check(n, err, "uc_reg_write");
    }

    /** {@code uc_reg_read_batch}: {@code values[i]} = register {@code ids[i]}, one native call. */
    public void readRegisters(int[] ids, long[] values) {
        int count = prepareBatch(ids);
        call("uc_reg_read_batch", () -> (int) n.regReadBatch.invokeExact(
                h(), batch, batch.asSlice(MAX_BATCH * 4L), count));
        MemorySegment.copy(batch, JAVA_LONG, MAX_BATCH * 12L, values, 0, count);
    }

    /** {@code uc_reg_write_batch}. */
    public void writeRegisters(int[] ids, long[] values) {
        int count = prepareBatch(ids);
        MemorySegment.copy(values, 0, batch, JAVA_LONG, MAX_BATCH * 12L, count);
        call("uc_reg_write_batch", () -> (int) n.regWriteBatch.invokeExact(
                h(), batch, batch.asSlice(MAX_BATCH * 4L), count));
    }

    private int prepareBatch(int[] ids) {
        int count = ids.length;
        if (count > MAX_BATCH) {
            throw new IllegalArgumentException("at most " + MAX_BATCH + " registers per batch");
        }
        for (int i = 0; i < count; i++) {
            checkRegister(ids[i]);
            batch.set(JAVA_INT, 4L * i, ids[i]);
            // layout: ids[64] int, pointers[64], values[64]
            batch.set(ADDRESS, MAX_BATCH * 4L + 8L * i, batch.asSlice(MAX_BATCH * 12L + 8L * i, 8));
        }
        return count;
    }

    private static void checkRegister(int id) {
        if (id <= RiscvRegister.INVALID || id >= RiscvRegister.ENDING) {
            throw new IllegalArgumentException("no RISC-V register id " + id);
        }
    }

    // ---- contexts -----------------------------------------------------------------------------

    /** {@code uc_context_alloc}; freed by {@link Context#close()} or with the engine. */
    public Context newContext() {
        call("uc_context_alloc", () -> (int) n.contextAlloc.invokeExact(h(), scratch));
        MemorySegment p = scratch.get(ADDRESS, 0);
        long size;
        try {
            size = (long) n.contextSize.invokeExact(h());
        } catch (Throwable t) {
            throw rethrow(t);
        }
        state.contexts.add(p);
        return new Context(this, p.reinterpret(size));
    }

    public void save(Context context) {
        MemorySegment p = own(context);
        call("uc_context_save", () -> (int) n.contextSave.invokeExact(h(), p));
    }

    public void restore(Context context) {
        MemorySegment p = own(context);
        call("uc_context_restore", () -> (int) n.contextRestore.invokeExact(h(), p));
    }

    private MemorySegment own(Context context) {
        if (context.owner() != this) {
            throw new IllegalArgumentException("context belongs to another engine");
        }
        return context.pointer();
    }

    void freeContext(Context context) {
        if (context.markClosed() && !state.closed) {
            MemorySegment p = MemorySegment.ofAddress(context.address());
            state.contexts.removeIf(c -> c.address() == p.address());
            call("uc_context_free", () -> (int) n.contextFree.invokeExact(p));
        }
    }

    // ---- running ------------------------------------------------------------------------------

    /**
     * {@code uc_emu_start}. Returns when the guest stops (see facts §2.1 and §4 for what stops a
     * RISC-V run in 2.0.1). If a hook threw, the run was stopped and that throwable is rethrown here
     * (checked ones wrapped in a {@link UnicornException}).
     */
    public void start(long begin, long until, long timeoutMicros, long count) {
        state.failure = null;
        int err;
        try {
            err = (int) n.emuStart.invokeExact(h(), begin, until, timeoutMicros, count);
        } catch (Throwable t) {
            throw rethrow(t);
        }
        Throwable failure = state.failure;
        if (failure != null) {
            state.failure = null;
            if (failure instanceof RuntimeException re) {
                throw re;
            }
            if (failure instanceof Error e) {
                throw e;
            }
            throw new UnicornException("a hook failed: " + failure, failure);
        }
        check(n, err, "uc_emu_start at 0x" + Long.toHexString(begin));
    }

    /** {@code uc_emu_stop}: from a hook, the run ends at the next instruction or block boundary. */
    public void stop() {
        call("uc_emu_stop", () -> (int) n.emuStop.invokeExact(h()));
    }

    /** {@code UC_CTL_TB_REMOVE_CACHE}: forget translated code in [begin, end) (1-2 µs). */
    public void removeCache(long begin, long end) {
        ctl("remove cached code " + Long.toHexString(begin) + "-" + Long.toHexString(end),
                () -> (int) n.ctlTwoLongs.invokeExact(h(), ctl(CTL_TB_REMOVE_CACHE, 2, CTL_WRITE), begin, end));
    }

    /** {@code UC_CTL_TB_REQUEST_CACHE}: translates (if needed) and describes the block at {@code pc}. */
    public TranslationBlock requestCache(long pc) {
        ctl("request cached code at 0x" + Long.toHexString(pc), () -> (int) n.ctlLongPointer.invokeExact(
                h(), ctl(CTL_TB_REQUEST_CACHE, 2, CTL_READ | CTL_WRITE), pc, scratch));
        return new TranslationBlock(scratch.get(JAVA_LONG, 0), Short.toUnsignedInt(scratch.get(JAVA_SHORT, 8)),
                Short.toUnsignedInt(scratch.get(JAVA_SHORT, 10)));
    }

    public RiscvCpuModel cpuModel() {
        ctl("read CPU model",
                () -> (int) n.ctlPointer.invokeExact(h(), ctl(CTL_CPU_MODEL, 1, CTL_READ), scratch));
        return RiscvCpuModel.values()[scratch.get(JAVA_INT, 0)];
    }

    public long pageSize() {
        call("uc_query", () -> (int) n.query.invokeExact(h(), QUERY_PAGE_SIZE, scratch));
        return scratch.get(JAVA_LONG, 0);
    }

    // ---- hooks --------------------------------------------------------------------------------

    /** {@code UC_HOOK_INTR}: the guest raised an exception (RISC-V: every synchronous trap). */
    public Hook onInterrupt(Hook.Interrupt callback) {
        var t = new InterruptTrampoline(this, callback);
        return addHook(Hook.INTR, stub(t, "call", Native.INTERRUPT_CALLBACK), 1, 0);
    }

    /** {@code UC_HOOK_CODE} for instructions in [begin, end] (begin > end: everywhere). */
    public Hook onCode(long begin, long end, Hook.Code callback) {
        var t = new CodeTrampoline(this, callback);
        return addHook(Hook.CODE, stub(t, "call", Native.CODE_CALLBACK), begin, end);
    }

    /** {@code UC_HOOK_BLOCK} for blocks starting in [begin, end] (begin > end: everywhere). */
    public Hook onBlock(long begin, long end, Hook.Code callback) {
        var t = new CodeTrampoline(this, callback);
        return addHook(Hook.BLOCK, stub(t, "call", Native.CODE_CALLBACK), begin, end);
    }

    /**
     * {@code UC_HOOK_BLOCK} served by a native function ({@code void (uc_engine *, uint64_t address,
     * uint32_t size, void *user_data)}) with {@code userData}, for blocks starting in [begin, end].
     * Both must stay valid while the engine lives (see {@link #allocate}).
     */
    public Hook onBlockNative(MemorySegment function, MemorySegment userData, long begin, long end) {
        return addHook(Hook.BLOCK, function, userData, begin, end);
    }

    /**
     * An upcall stub with the block-hook signature that calls {@code callback}, for native hooks to
     * call back into Java. Like every hook here it catches what {@code callback} throws, stops the
     * run and rethrows it from {@link #start}. It lives as long as the engine.
     */
    public MemorySegment blockCallback(Hook.Code callback) {
        return stub(new CodeTrampoline(this, callback), "call", Native.CODE_CALLBACK);
    }

    /** Zeroed native memory that lives as long as the engine (for native hooks' user data). */
    public MemorySegment allocate(long bytes) {
        h();
        return state.arena.allocate(bytes, 16);
    }

    /** {@code UC_HOOK_INSN_INVALID} (RISC-V 2.0.1: only {@code ebreak} arrives here). */
    public Hook onInvalidInstruction(Hook.InvalidInstruction callback) {
        var t = new InvalidInstructionTrampoline(this, callback);
        return addHook(Hook.INSN_INVALID, stub(t, "call", Native.INVALID_INSN_CALLBACK), 1, 0);
    }

    /** {@code UC_HOOK_MEM_READ/WRITE/FETCH} bits of {@code types}, for addresses in [begin, end]. */
    public Hook onMemory(int types, long begin, long end, Hook.Memory callback) {
        if ((types & ~(Hook.MEM_READ | Hook.MEM_WRITE | Hook.MEM_FETCH | Hook.MEM_READ_AFTER)) != 0) {
            throw new IllegalArgumentException("not a valid-access hook type: " + types);
        }
        var t = new MemoryTrampoline(this, callback);
        return addHook(types, stub(t, "call", Native.MEMORY_CALLBACK), begin, end);
    }

    /** Unmapped/protection events ({@link Hook#MEM_INVALID} bits of {@code types}) in [begin, end]. */
    public Hook onInvalidMemory(int types, long begin, long end, Hook.InvalidMemory callback) {
        if ((types & ~Hook.MEM_INVALID) != 0) {
            throw new IllegalArgumentException("not an invalid-access hook type: " + types);
        }
        var t = new InvalidMemoryTrampoline(this, callback);
        return addHook(types, stub(t, "call", Native.INVALID_MEMORY_CALLBACK), begin, end);
    }

    private Hook addHook(int type, MemorySegment stub, long begin, long end) {
        return addHook(type, stub, MemorySegment.NULL, begin, end);
    }

    private Hook addHook(int type, MemorySegment callback, MemorySegment userData, long begin, long end) {
        MemorySegment out = scratch;
        call("uc_hook_add", () -> (int) n.hookAdd.invokeExact(h(), out, type, callback, userData, begin, end));
        return new Hook(this, out.get(JAVA_LONG, 0));
    }

    void deleteHook(Hook hook) {
        if (!state.closed) {
            call("uc_hook_del", () -> (int) n.hookDel.invokeExact(h(), hook.id()));
        }
    }

    private MemorySegment stub(Object trampoline, String method, FunctionDescriptor fd) {
        try {
            MethodHandle target = LOOKUP.findVirtual(trampoline.getClass(), method, fd.toMethodType())
                    .bindTo(trampoline);
            return n.linker.upcallStub(target, fd, state.arena);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- plumbing -----------------------------------------------------------------------------

    /** A native call returning a {@code uc_err}. */
    @FunctionalInterface
    private interface UcCall {
        int invoke() throws Throwable;
    }

    private void call(String what, UcCall c) {
        int err;
        try {
            err = c.invoke();
        } catch (Throwable t) {
            throw rethrow(t);
        }
        check(n, err, what);
    }

    private void ctl(String what, UcCall c) {
        call("uc_ctl (" + what + ")", c);
    }

    private void ctl(String what, int err) {
        check(n, err, "uc_ctl (" + what + ")");
    }

    private MemorySegment h() {
        if (state.closed) {
            throw new IllegalStateException("Unicorn engine already closed");
        }
        return handle;
    }

    private static void check(Native n, int err, String what) {
        if (err != UcError.OK) {
            throw new UnicornException(what + " failed: " + n.strerror(err), err);
        }
    }

    private static int ctl(int type, int argCount, int io) {
        return type | (argCount << 26) | (io << 30);
    }

    private static String range(long address, long size) {
        return "0x" + Long.toHexString(address) + "+0x" + Long.toHexString(size);
    }

    static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException re) {
            return re;
        }
        if (t instanceof Error e) {
            throw e;
        }
        return new IllegalStateException(t);
    }

    /** What the Cleaner releases; it must not reference the {@link Unicorn} object. */
    private static final class State implements Runnable {
        final Native n;
        final MemorySegment handle;
        final Arena arena;
        final List<MemorySegment> contexts = new ArrayList<>();
        final List<HostMemory> keepAlive = new ArrayList<>();
        Throwable failure;
        volatile boolean closed;

        State(Native n, MemorySegment handle, Arena arena) {
            this.n = n;
            this.handle = handle;
            this.arena = arena;
        }

        /** Records the first hook failure and stops the run (never throws: we are inside an upcall). */
        void fail(Throwable t) {
            if (failure == null) {
                failure = t;
            }
            try {
                int ignored = (int) n.emuStop.invokeExact(handle);
            } catch (Throwable ignored) {
                // nothing more can be done from inside an upcall
            }
        }

        @Override
        public void run() {
            closed = true;
            try {
                for (MemorySegment c : contexts) {
                    int ignored = (int) n.contextFree.invokeExact(c);
                }
                contexts.clear();
                int err = (int) n.close.invokeExact(handle);
                check(n, err, "uc_close");
            } catch (Throwable t) {
                throw rethrow(t);
            } finally {
                arena.close();
                keepAlive.clear();
            }
        }
    }

    // ---- upcall trampolines: each catches Throwable, since one escaping an upcall kills the JVM ----

    private abstract static class Trampoline {
        private final WeakReference<Unicorn> engine;
        final State state;

        Trampoline(Unicorn uc) {
            this.engine = new WeakReference<>(uc);
            this.state = uc.state;
        }

        Unicorn engine() {
            return engine.get();
        }
    }

    private static final class CodeTrampoline extends Trampoline {
        private final Hook.Code callback;

        CodeTrampoline(Unicorn uc, Hook.Code callback) {
            super(uc);
            this.callback = callback;
        }

        @SuppressWarnings("unused") // called through an upcall stub
        void call(MemorySegment uc, long address, int size, MemorySegment userData) {
            try {
                Unicorn e = engine();
                if (e != null) {
                    callback.onCode(e, address, size);
                }
            } catch (Throwable t) {
                state.fail(t);
            }
        }
    }

    private static final class InterruptTrampoline extends Trampoline {
        private final Hook.Interrupt callback;

        InterruptTrampoline(Unicorn uc, Hook.Interrupt callback) {
            super(uc);
            this.callback = callback;
        }

        @SuppressWarnings("unused")
        void call(MemorySegment uc, int intno, MemorySegment userData) {
            try {
                Unicorn e = engine();
                if (e != null) {
                    callback.onInterrupt(e, intno);
                }
            } catch (Throwable t) {
                state.fail(t);
            }
        }
    }

    private static final class InvalidInstructionTrampoline extends Trampoline {
        private final Hook.InvalidInstruction callback;

        InvalidInstructionTrampoline(Unicorn uc, Hook.InvalidInstruction callback) {
            super(uc);
            this.callback = callback;
        }

        @SuppressWarnings("unused")
        boolean call(MemorySegment uc, MemorySegment userData) {
            try {
                Unicorn e = engine();
                return e != null && callback.onInvalidInstruction(e);
            } catch (Throwable t) {
                state.fail(t);
                return false;
            }
        }
    }

    private static final class MemoryTrampoline extends Trampoline {
        private final Hook.Memory callback;

        MemoryTrampoline(Unicorn uc, Hook.Memory callback) {
            super(uc);
            this.callback = callback;
        }

        @SuppressWarnings("unused")
        void call(MemorySegment uc, int type, long address, int size, long value, MemorySegment userData) {
            try {
                Unicorn e = engine();
                if (e != null) {
                    callback.onMemory(e, MemoryAccess.of(type), address, size, value);
                }
            } catch (Throwable t) {
                state.fail(t);
            }
        }
    }

    private static final class InvalidMemoryTrampoline extends Trampoline {
        private final Hook.InvalidMemory callback;

        InvalidMemoryTrampoline(Unicorn uc, Hook.InvalidMemory callback) {
            super(uc);
            this.callback = callback;
        }

        @SuppressWarnings("unused")
        boolean call(MemorySegment uc, int type, long address, int size, long value, MemorySegment userData) {
            try {
                Unicorn e = engine();
                return e != null && callback.onInvalidMemory(e, MemoryAccess.of(type), address, size, value);
            } catch (Throwable t) {
                state.fail(t);
                return false;
            }
        }
    }

    private static final class MmioTrampoline extends Trampoline {
        private final MmioHandler handler;

        MmioTrampoline(Unicorn uc, MmioHandler handler) {
            super(uc);
            this.handler = handler;
        }

        @SuppressWarnings("unused")
        long read(MemorySegment uc, long offset, int size, MemorySegment userData) {
            try {
                Unicorn e = engine();
                return e == null ? 0 : handler.read(e, offset, size);
            } catch (Throwable t) {
                state.fail(t);
                return 0;
            }
        }

        @SuppressWarnings("unused")
        void write(MemorySegment uc, long offset, int size, long value, MemorySegment userData) {
            try {
                Unicorn e = engine();
                if (e != null) {
                    handler.write(e, offset, size, value);
                }
            } catch (Throwable t) {
                state.fail(t);
            }
        }
    }
}
