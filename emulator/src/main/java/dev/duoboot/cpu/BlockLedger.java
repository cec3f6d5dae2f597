package dev.duoboot.cpu;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

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
 * the slice's instruction count and budget, the running block, the instruction-count cache, the
 * fetch-handler addresses and the watched code granules. The native hook handles every block that
 * needs no decision; the others reach {@link C906Hart}'s Java block hook, which reads and writes the
 * same fields through this class. One Java upcall per block would otherwise cost about as much as
 * running a short block (README, {@code duoboot bench}).
 */
@SuppressWarnings("restricted") // loading our own native hook library
final class BlockLedger {

    /** Where {@code mvn package} puts the hook library, built from {@code src/main/c} with gcc. */
    static final String LIBRARY_RESOURCE = "/dev/duoboot/cpu/libduoboot-blockhook.so";

    private static final int CACHE_SLOTS = 65536;
    private static final int FETCH_SLOTS = 256;
    /** Fetch handlers at most, so the open-addressed table always has empty slots. */
    private static final int MAX_FETCH_HANDLERS = FETCH_SLOTS * 3 / 4;
    static final int MAX_WATCH_GRANULES = 256;
    private static final long EMPTY = -1L;

    // field offsets, in block_hook.c's declaration order (checked against the library at load)
    private static final long SLICE_USED = 0;
    private static final long SLICE_LIMIT = 8;
    private static final long STOP_REQUESTED = 16;
    private static final long BLOCK_START = 24;
    private static final long BLOCK_BYTES = 32;
    private static final long BLOCK_COUNT = 40;
    private static final long RESUME_AT = 48;
    private static final long WATCH_BASE = 56;
    private static final long WATCH_SHIFT = 64;
    private static final long WATCH_GRANULES = 72;
    private static final long SLOW = 80;
    private static final long FETCH = 88;
    private static final long WATCHED = FETCH + 8L * FETCH_SLOTS;
    private static final long CACHE_ADDRESS = WATCHED + MAX_WATCH_GRANULES;
    private static final long CACHE_SIZE = CACHE_ADDRESS + 8L * CACHE_SLOTS;
    private static final long CACHE_COUNT = CACHE_SIZE + 4L * CACHE_SLOTS;
    private static final long SIZE = CACHE_COUNT + 4L * CACHE_SLOTS;
    private static final long[] OFFSETS = {SLICE_USED, SLICE_LIMIT, STOP_REQUESTED, BLOCK_START, BLOCK_BYTES,
        BLOCK_COUNT, RESUME_AT, WATCH_BASE, WATCH_SHIFT, WATCH_GRANULES, SLOW, FETCH, WATCHED, CACHE_ADDRESS,
        CACHE_SIZE, CACHE_COUNT, SIZE};

    /** Decodes the instruction count of {@code sizeBytes} of code at an address. */
    @FunctionalInterface
    interface Decoder {
        int count(long address, int sizeBytes);
    }

    private final MemorySegment m;
    private final Decoder decoder;
    private int fetchHandlers;

    /**
     * Allocates the ledger with {@code uc}'s lifetime and installs the native block hook, which calls
     * {@code slowPath} for every block it leaves to Java.
     */
    BlockLedger(Unicorn uc, Decoder decoder, Hook.Code slowPath) {
        this.decoder = decoder;
        this.m = uc.allocate(SIZE);
        m.asSlice(FETCH, 8L * FETCH_SLOTS).fill((byte) 0xff);
        m.set(JAVA_LONG, BLOCK_START, EMPTY);
        m.set(JAVA_LONG, RESUME_AT, EMPTY);
        m.set(ADDRESS, SLOW, uc.blockCallback(slowPath));
        clear();
        uc.onBlockNative(Library.HOOK, m, 1, 0);
    }

    // ---- the slice ----------------------------------------------------------------------------

    void startSlice(long limit) {
        m.set(JAVA_LONG, SLICE_USED, 0);
        m.set(JAVA_LONG, SLICE_LIMIT, limit);
        m.set(JAVA_LONG, STOP_REQUESTED, 0);
        m.set(JAVA_LONG, BLOCK_START, EMPTY);
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

    long sliceLimit() {
        return m.get(JAVA_LONG, SLICE_LIMIT);
    }

    boolean stopRequested() {
        return m.get(JAVA_LONG, STOP_REQUESTED) != 0;
    }

    void requestStop() {
        m.set(JAVA_LONG, STOP_REQUESTED, 1);
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
        m.set(JAVA_LONG, BLOCK_START, EMPTY);
    }

    /** The block a stopped run will resume at (its fetch handler already ran), or -1. */
    long resumeAt() {
        return m.get(JAVA_LONG, RESUME_AT);
    }

    void setResumeAt(long address) {
        m.set(JAVA_LONG, RESUME_AT, address);
    }

    // ---- instruction counts -------------------------------------------------------------------

    /** Instructions in the block of {@code sizeBytes} at {@code address}, decoded once and cached. */
    int count(long address, int sizeBytes) {
        long slot = (address >>> 1) & (CACHE_SLOTS - 1);
        if (m.getAtIndex(JAVA_LONG, CACHE_ADDRESS / 8 + slot) == address
                && m.getAtIndex(JAVA_INT, CACHE_SIZE / 4 + slot) == sizeBytes) {
            return m.getAtIndex(JAVA_INT, CACHE_COUNT / 4 + slot);
        }
        int n = decoder.count(address, sizeBytes);
        m.setAtIndex(JAVA_LONG, CACHE_ADDRESS / 8 + slot, address);
        m.setAtIndex(JAVA_INT, CACHE_SIZE / 4 + slot, sizeBytes);
        m.setAtIndex(JAVA_INT, CACHE_COUNT / 4 + slot, n);
        return n;
    }

    /** Forgets every cached count. */
    void clear() {
        m.asSlice(CACHE_ADDRESS, 8L * CACHE_SLOTS).fill((byte) 0xff);
    }

    /** Forgets the counts of blocks that start in [begin, end) (their code may have changed). */
    void forget(long begin, long end) {
        for (long slot = 0; slot < CACHE_SLOTS; slot++) {
            long a = m.getAtIndex(JAVA_LONG, CACHE_ADDRESS / 8 + slot);
            if (a >= begin && a < end) {
                m.setAtIndex(JAVA_LONG, CACHE_ADDRESS / 8 + slot, EMPTY);
            }
        }
    }

    // ---- fetch handlers and watched granules --------------------------------------------------

    /** Sends every block at {@code address} to the Java hook. */
    void addFetchAddress(long address) {
        for (long i = (address >>> 1) & (FETCH_SLOTS - 1);; i = (i + 1) & (FETCH_SLOTS - 1)) {
            long a = m.getAtIndex(JAVA_LONG, FETCH / 8 + i);
            if (a == address) {
                return;
            }
            if (a == EMPTY) {
                if (fetchHandlers == MAX_FETCH_HANDLERS) {
                    throw new IllegalStateException("more than " + MAX_FETCH_HANDLERS + " fetch handlers on one hart");
                }
                fetchHandlers++;
                m.setAtIndex(JAVA_LONG, FETCH / 8 + i, address);
                return;
            }
        }
    }

    /** Watches {@code granules} granules of 2^{@code shift} bytes from {@code base}, none seen yet. */
    void watch(long base, int shift, int granules) {
        if (granules > MAX_WATCH_GRANULES) {
            throw new IllegalArgumentException("at most " + MAX_WATCH_GRANULES + " watched granules");
        }
        m.set(JAVA_LONG, WATCH_BASE, base);
        m.set(JAVA_LONG, WATCH_SHIFT, shift);
        m.set(JAVA_LONG, WATCH_GRANULES, granules);
        m.asSlice(WATCHED, MAX_WATCH_GRANULES).fill((byte) 0);
    }

    /** The watched granule {@code address} is in, or -1. */
    int watchedGranule(long address) {
        long g = (address - m.get(JAVA_LONG, WATCH_BASE)) >>> m.get(JAVA_LONG, WATCH_SHIFT);
        return g < m.get(JAVA_LONG, WATCH_GRANULES) ? (int) g : -1;
    }

    boolean seen(int granule) {
        return m.get(JAVA_BYTE, WATCHED + granule) != 0;
    }

    void setSeen(int granule, boolean seen) {
        m.set(JAVA_BYTE, WATCHED + granule, (byte) (seen ? 1 : 0));
    }

    // ---- the library --------------------------------------------------------------------------

    /** The hook library, loaded once per process; its struct layout must match this class. */
    private static final class Library {
        static final MemorySegment HOOK;

        static {
            SymbolLookup lib = SymbolLookup.libraryLookup(file(), Arena.global());
            HOOK = lib.findOrThrow("duoboot_block_hook");
            MethodHandle offset = Linker.nativeLinker().downcallHandle(lib.findOrThrow("duoboot_block_offset"),
                    FunctionDescriptor.of(JAVA_LONG, JAVA_INT));
            for (int field = 0; field < OFFSETS.length; field++) {
                long native_;
                try {
                    native_ = (long) offset.invokeExact(field);
                } catch (Throwable t) {
                    throw new IllegalStateException(t);
                }
                if (native_ != OFFSETS[field]) {
                    throw new IllegalStateException(LIBRARY_RESOURCE + " does not match this build (field " + field
                            + " at " + native_ + ", expected " + OFFSETS[field] + "): rebuild with scripts/setup");
                }
            }
        }

        /** The library as a file: in place when running from classes, else copied out of the jar. */
        private static Path file() {
            URL url = BlockLedger.class.getResource(LIBRARY_RESOURCE);
            if (url == null) {
                throw new IllegalStateException("duoboot's native block hook " + LIBRARY_RESOURCE
                        + " is missing: build with scripts/setup (it compiles src/main/c with gcc)");
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
}
