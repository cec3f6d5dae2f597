package dev.duoboot.unicorn;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BOOLEAN;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.util.Optional;

/**
 * The downcall handles into {@code libunicorn.so.2} (Debian's libunicorn2, 2.0.1) and the two libc
 * calls {@link HostMemory} needs. Loaded once per process; the handles are immutable.
 *
 * <p>Signatures follow {@code /usr/include/unicorn/unicorn.h} of 2.0.1. {@code uc_ctl} and
 * {@code uc_hook_add} are variadic, so each argument shape gets its own handle.
 */
@SuppressWarnings("restricted") // the binding is where java.lang.foreign's restricted calls belong
final class Native {

    static final String LIBRARY = "libunicorn.so.2";
    static final String PACKAGE = "libunicorn2";

    static final FunctionDescriptor CODE_CALLBACK =
            FunctionDescriptor.ofVoid(ADDRESS, JAVA_LONG, JAVA_INT, ADDRESS);
    static final FunctionDescriptor INTERRUPT_CALLBACK =
            FunctionDescriptor.ofVoid(ADDRESS, JAVA_INT, ADDRESS);
    static final FunctionDescriptor INVALID_INSN_CALLBACK =
            FunctionDescriptor.of(JAVA_BOOLEAN, ADDRESS, ADDRESS);
    static final FunctionDescriptor MEMORY_CALLBACK =
            FunctionDescriptor.ofVoid(ADDRESS, JAVA_INT, JAVA_LONG, JAVA_INT, JAVA_LONG, ADDRESS);
    static final FunctionDescriptor INVALID_MEMORY_CALLBACK =
            FunctionDescriptor.of(JAVA_BOOLEAN, ADDRESS, JAVA_INT, JAVA_LONG, JAVA_INT, JAVA_LONG, ADDRESS);
    static final FunctionDescriptor MMIO_READ_CALLBACK =
            FunctionDescriptor.of(JAVA_LONG, ADDRESS, JAVA_LONG, JAVA_INT, ADDRESS);
    static final FunctionDescriptor MMIO_WRITE_CALLBACK =
            FunctionDescriptor.ofVoid(ADDRESS, JAVA_LONG, JAVA_INT, JAVA_LONG, ADDRESS);

    /** {@code uc_mem_region}: {u64 begin, u64 end (inclusive), u32 perms}, 24 bytes. */
    static final StructLayout MEM_REGION =
            MemoryLayout.structLayout(JAVA_LONG, JAVA_LONG, JAVA_INT, MemoryLayout.paddingLayout(4));
    /** {@code uc_tb}: {u64 pc, u16 icount, u16 size}, 16 bytes. */
    static final long TB_SIZE = 16;

    final Linker linker = Linker.nativeLinker();
    final MethodHandle version;
    final MethodHandle open;
    final MethodHandle close;
    final MethodHandle strerror;
    final MethodHandle query;
    final MethodHandle ctlInt;
    final MethodHandle ctlPointer;
    final MethodHandle ctlTwoLongs;
    final MethodHandle ctlLongPointer;
    final MethodHandle regRead;
    final MethodHandle regWrite;
    final MethodHandle regReadBatch;
    final MethodHandle regWriteBatch;
    final MethodHandle memRead;
    final MethodHandle memWrite;
    final MethodHandle emuStart;
    final MethodHandle emuStop;
    final MethodHandle hookAdd;
    final MethodHandle hookDel;
    final MethodHandle memMap;
    final MethodHandle memMapPtr;
    final MethodHandle mmioMap;
    final MethodHandle memUnmap;
    final MethodHandle memProtect;
    final MethodHandle memRegions;
    final MethodHandle free;
    final MethodHandle contextAlloc;
    final MethodHandle contextSave;
    final MethodHandle contextRestore;
    final MethodHandle contextSize;
    final MethodHandle contextFree;
    final MethodHandle mmap;
    final MethodHandle munmap;
    final MethodHandle libcStrerror;

    private Native(SymbolLookup uc) {
        SymbolLookup libc = linker.defaultLookup();
        var critical = Linker.Option.critical(true);
        version = handle(uc, "uc_version", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
        open = handle(uc, "uc_open", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS));
        close = handle(uc, "uc_close", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        strerror = handle(uc, "uc_strerror", FunctionDescriptor.of(ADDRESS, JAVA_INT));
        query = handle(uc, "uc_query", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, ADDRESS));
        var variadic = Linker.Option.firstVariadicArg(2);
        ctlInt = handle(uc, "uc_ctl", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT), variadic);
        ctlPointer = handle(uc, "uc_ctl", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, ADDRESS), variadic);
        ctlTwoLongs = handle(uc, "uc_ctl",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_LONG, JAVA_LONG), variadic);
        ctlLongPointer = handle(uc, "uc_ctl",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_LONG, ADDRESS), variadic);
        // register access never calls back into Java: critical calls may pass heap arrays (5.7 ns vs 11.9 ns)
        regRead = handle(uc, "uc_reg_read", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, ADDRESS), critical);
        regWrite = handle(uc, "uc_reg_write", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, ADDRESS), critical);
        regReadBatch = handle(uc, "uc_reg_read_batch",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, JAVA_INT));
        regWriteBatch = handle(uc, "uc_reg_write_batch",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, JAVA_INT));
        // memory access may reach an MMIO callback (an upcall), so it is not critical
        memRead = handle(uc, "uc_mem_read", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, ADDRESS, JAVA_LONG));
        memWrite = handle(uc, "uc_mem_write", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, ADDRESS, JAVA_LONG));
        emuStart = handle(uc, "uc_emu_start",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG));
        emuStop = handle(uc, "uc_emu_stop", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        hookAdd = handle(uc, "uc_hook_add",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_INT, ADDRESS, ADDRESS, JAVA_LONG, JAVA_LONG),
                Linker.Option.firstVariadicArg(7));
        hookDel = handle(uc, "uc_hook_del", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG));
        memMap = handle(uc, "uc_mem_map", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_LONG, JAVA_INT));
        memMapPtr = handle(uc, "uc_mem_map_ptr",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_LONG, JAVA_INT, ADDRESS));
        mmioMap = handle(uc, "uc_mmio_map",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_LONG, ADDRESS, ADDRESS, ADDRESS, ADDRESS));
        memUnmap = handle(uc, "uc_mem_unmap", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_LONG));
        memProtect = handle(uc, "uc_mem_protect",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_LONG, JAVA_INT));
        memRegions = handle(uc, "uc_mem_regions", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS));
        free = handle(uc, "uc_free", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        contextAlloc = handle(uc, "uc_context_alloc", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
        contextSave = handle(uc, "uc_context_save", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
        contextRestore = handle(uc, "uc_context_restore", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
        contextSize = handle(uc, "uc_context_size", FunctionDescriptor.of(JAVA_LONG, ADDRESS));
        contextFree = handle(uc, "uc_context_free", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        mmap = handle(libc, "mmap",
                FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_LONG, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_LONG),
                Linker.Option.captureCallState("errno"));
        munmap = handle(libc, "munmap", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG));
        libcStrerror = handle(libc, "strerror", FunctionDescriptor.of(ADDRESS, JAVA_INT));
    }

    private MethodHandle handle(SymbolLookup lookup, String name, FunctionDescriptor fd, Linker.Option... options) {
        MemorySegment symbol = lookup.find(name)
                .orElseThrow(() -> new UnicornUnavailableException(
                        LIBRARY + " has no symbol " + name + "; install Debian package " + PACKAGE + " (2.0.1)"));
        return linker.downcallHandle(symbol, fd, options);
    }

    /** The process-wide binding, or the one-line reason it is unavailable. */
    static Native get() {
        if (Holder.NATIVE != null) {
            return Holder.NATIVE;
        }
        throw new UnicornUnavailableException(Holder.PROBLEM);
    }

    /** Loads the given library name (tests use a missing name to see the message). */
    static Native load(String library) {
        SymbolLookup lookup;
        try {
            lookup = SymbolLookup.libraryLookup(library, Arena.global());
        } catch (IllegalArgumentException e) {
            throw new UnicornUnavailableException("cannot load " + library
                    + " (the Unicorn CPU engine): install the Debian package " + PACKAGE
                    + " (apt-get install " + PACKAGE + ")");
        }
        Native n = new Native(lookup);
        int v = n.versionWord();
        if ((v >>> 24) != 2) {
            throw new UnicornUnavailableException(library + " is Unicorn " + (v >>> 24) + "." + ((v >>> 16) & 0xff)
                    + ", duoboot needs Unicorn 2 (Debian package " + PACKAGE + ")");
        }
        return n;
    }

    /** {@code uc_version}: major in bits 24..31, minor 16..23, patch 8..15 (2.0.1 gives 0x20001ff). */
    int versionWord() {
        try {
            return (int) version.invokeExact(MemorySegment.NULL, MemorySegment.NULL);
        } catch (Throwable t) {
            throw Unicorn.rethrow(t);
        }
    }

    String strerror(int code) {
        try {
            MemorySegment s = (MemorySegment) strerror.invokeExact(code);
            return s.reinterpret(256).getString(0);
        } catch (Throwable t) {
            throw Unicorn.rethrow(t);
        }
    }

    private static final class Holder {
        static final Native NATIVE;
        static final String PROBLEM;

        static {
            Native n = null;
            String problem = null;
            try {
                n = load(LIBRARY);
            } catch (UnicornUnavailableException e) {
                problem = e.getMessage();
            }
            NATIVE = n;
            PROBLEM = problem;
        }
    }

    static Optional<String> unavailableReason() {
        return Optional.ofNullable(Holder.PROBLEM);
    }
}
