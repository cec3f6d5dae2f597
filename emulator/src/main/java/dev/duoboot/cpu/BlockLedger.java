package dev.duoboot.cpu;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import dev.duoboot.DuobootException;
import dev.duoboot.unicorn.Hook;
import dev.duoboot.unicorn.Unicorn;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * A hart's block accounting, shared with the native block hook ({@code src/main/c/block_hook.c}):
 * the slice's instruction count, the running block and a cache of block instruction counts. The
 * native hook counts every block whose count is cached, within the budget; the others reach
 * {@link C906Hart}'s Java block hook, which decides, and caches a block only when it needs no
 * decision. A Java upcall on every block would cost about as much as running a short block (README,
 * {@code duoboot bench}).
 */
@SuppressWarnings("restricted") // loading our own native hook library
final class BlockLedger {

    /** Where the build puts the hook library, compiled from {@code src/main/c} with gcc. */
    static final String LIBRARY_RESOURCE = "/dev/duoboot/cpu/libduoboot-blockhook.so";

    private static final int CACHE_SLOTS = 65536;
    private static final long NONE = -1L;

    // block_hook.c's struct hart_blocks, in declaration order (checked against the library at load)
    private static final long SLICE_USED = 0;
    private static final long FAST_LIMIT = 8;
    private static final long BLOCK_START = 16;
    private static final long BLOCK_BYTES = 24;
    private static final long BLOCK_COUNT = 32;
    private static final long SLOW = 40;
    private static final long CACHE = 48;
    private static final long ENTRY = 16; // struct block_entry {u64 address; u32 size; u32 count;}
    private static final long SIZE = CACHE + ENTRY * CACHE_SLOTS;
    private static final long[] OFFSETS = {SLICE_USED, FAST_LIMIT, BLOCK_START, BLOCK_BYTES, BLOCK_COUNT, SLOW,
        CACHE, ENTRY, SIZE};

    private final MemorySegment m;

    /**
     * Allocates the ledger with {@code uc}'s lifetime and installs the native block hook, which calls
     * {@code javaHook} for every block it leaves to Java.
     */
    BlockLedger(Unicorn uc, Hook.Code javaHook) {
        if (Library.PROBLEM != null) {
            throw new DuobootException(Library.PROBLEM);
        }
        this.m = uc.allocate(SIZE);
        m.set(JAVA_LONG, BLOCK_START, NONE);
        m.set(ADDRESS, SLOW, uc.blockCallback(javaHook));
        clear();
        uc.onBlockNative(Library.HOOK, m, 1, 0);
    }

    // ---- the slice ----------------------------------------------------------------------------

    /** A new slice of {@code limit} instructions; no block is running. */
    void startSlice(long limit) {
        m.set(JAVA_LONG, SLICE_USED, 0);
        m.set(JAVA_LONG, FAST_LIMIT, limit);
        m.set(JAVA_LONG, BLOCK_START, NONE);
    }

    long sliceUsed() {
        return m.get(JAVA_LONG, SLICE_USED);
    }

    /** The slice's count, which is then zero (the slice is over). */
    long takeSliceUsed() {
        long n = sliceUsed();
        m.set(JAVA_LONG, SLICE_USED, 0);
        return n;
    }

    void addToSlice(long n) {
        m.set(JAVA_LONG, SLICE_USED, sliceUsed() + n);
    }

    /** From now on every block goes to the Java hook (which ends the slice). */
    void sendEveryBlockToJava() {
        m.set(JAVA_LONG, FAST_LIMIT, -1);
    }

    // ---- the running block --------------------------------------------------------------------

    /** Start of the block running now, or -1. */
    long blockStart() {
        return m.get(JAVA_LONG, BLOCK_START);
    }

    int blockBytes() {
        return (int) m.get(JAVA_LONG, BLOCK_BYTES);
    }

    int blockCount() {
        return (int) m.get(JAVA_LONG, BLOCK_COUNT);
    }

    void setBlock(long start, int bytes, int count) {
        m.set(JAVA_LONG, BLOCK_START, start);
        m.set(JAVA_LONG, BLOCK_BYTES, bytes);
        m.set(JAVA_LONG, BLOCK_COUNT, count);
    }

    void endBlock() {
        m.set(JAVA_LONG, BLOCK_START, NONE);
    }

    // ---- the count cache ----------------------------------------------------------------------

    /** The cached instruction count of the block of {@code sizeBytes} at {@code address}, or -1. */
    int cachedCount(long address, int sizeBytes) {
        long e = entry(address);
        return m.get(JAVA_LONG, e) == address && m.get(JAVA_INT, e + 8) == sizeBytes ? m.get(JAVA_INT, e + 12) : -1;
    }

    /** Lets the native hook count this block from now on. */
    void cache(long address, int sizeBytes, int count) {
        long e = entry(address);
        m.set(JAVA_LONG, e, address);
        m.set(JAVA_INT, e + 8, sizeBytes);
        m.set(JAVA_INT, e + 12, count);
    }

    /** Forgets every cached block. */
    void clear() {
        for (long slot = 0; slot < CACHE_SLOTS; slot++) {
            m.set(JAVA_LONG, CACHE + slot * ENTRY, NONE);
        }
    }

    /** Forgets the blocks that start in [begin, end): their code changed, or they now need a decision. */
    void forget(long begin, long end) {
        for (long slot = 0; slot < CACHE_SLOTS; slot++) {
            long e = CACHE + slot * ENTRY;
            long a = m.get(JAVA_LONG, e);
            if (a >= begin && a < end) {
                m.set(JAVA_LONG, e, NONE);
            }
        }
    }

    private static long entry(long address) {
        return CACHE + ((address >>> 1) & (CACHE_SLOTS - 1)) * ENTRY;
    }

    // ---- the library --------------------------------------------------------------------------

    /** The hook library, loaded once per process, or why it cannot be used. */
    private static final class Library {
        static final MemorySegment HOOK;
        static final String PROBLEM;

        static {
            MemorySegment hook = null;
            String problem = null;
            try {
                hook = load(BlockLedger.class.getResource(LIBRARY_RESOURCE));
            } catch (DuobootException e) {
                problem = e.getMessage();
            }
            HOOK = hook;
            PROBLEM = problem;
        }
    }

    /** Loads the library at {@code url} and checks that its struct layout is this class's. */
    static MemorySegment load(URL url) {
        SymbolLookup lib;
        try {
            lib = SymbolLookup.libraryLookup(libraryFile(url), Arena.global());
        } catch (IllegalArgumentException e) {
            throw new DuobootException("cannot load duoboot's native block hook " + url + ": " + e.getMessage());
        }
        MethodHandle offsetOf = Linker.nativeLinker().downcallHandle(lib.findOrThrow("duoboot_block_offset"),
                FunctionDescriptor.of(JAVA_LONG, JAVA_INT));
        for (int field = 0; field < OFFSETS.length; field++) {
            long offset;
            try {
                offset = (long) offsetOf.invokeExact(field);
            } catch (Throwable t) {
                throw new IllegalStateException(t);
            }
            if (offset != OFFSETS[field]) {
                throw new DuobootException(url + " does not match this build (field " + field + " at byte " + offset
                        + ", expected " + OFFSETS[field] + "): rebuild with scripts/setup");
            }
        }
        return lib.findOrThrow("duoboot_block_hook");
    }

    /** The library as a file: in place when running from classes, else copied out of the jar. */
    static Path libraryFile(URL url) {
        if (url == null) {
            throw new DuobootException("duoboot's native block hook " + LIBRARY_RESOURCE
                    + " is missing from the classpath: build with scripts/setup (the build compiles src/main/c with gcc)");
        }
        try {
            if (url.getProtocol().equals("file")) {
                return Path.of(url.toURI());
            }
            Path copy = Files.createTempFile("duoboot-blockhook", ".so");
            copy.toFile().deleteOnExit();
            try (InputStream in = url.openStream()) {
                Files.copy(in, copy, StandardCopyOption.REPLACE_EXISTING);
            }
            return copy;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
