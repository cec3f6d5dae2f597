package dev.duoboot.unicorn;

import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.Arena;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.ref.Cleaner;

/**
 * Host memory for guest RAM that several engines share through {@link Unicorn#mapPointer}: an
 * anonymous {@code mmap} with {@code MAP_NORESERVE}, so pages are committed only when touched (a
 * 256 MiB board costs what the guest uses, not 256 MiB of RSS; {@code Arena.allocate} would zero
 * and commit everything).
 *
 * <p>{@link #close()} unmaps it; close the engines that map it first. Engines keep a reference to
 * the memory they map, so the Cleaner guard only unmaps memory no live engine can reach.
 */
@SuppressWarnings("restricted") // the binding is where java.lang.foreign's restricted calls belong
public final class HostMemory implements AutoCloseable {

    // Linux values, identical on x86-64 and aarch64 (asm-generic/mman-common.h)
    private static final int PROT_READ_WRITE = 0x1 | 0x2;
    private static final int MAP_PRIVATE_ANONYMOUS_NORESERVE = 0x02 | 0x20 | 0x4000;

    private final MemorySegment segment;
    private final Cleaner.Cleanable cleanable;

    private HostMemory(MemorySegment mapped, long size) {
        Arena arena = Arena.ofShared();
        this.segment = mapped.reinterpret(size, arena, s -> unmap(s.address(), size));
        this.cleanable = Unicorn.CLEANER.register(this, arena::close);
    }

    /** Reserves {@code sizeBytes} (a positive multiple of 4 KiB) of zeroed, lazily committed memory. */
    public static HostMemory reserve(long sizeBytes) {
        if (sizeBytes <= 0 || (sizeBytes & 0xfff) != 0) {
            throw new IllegalArgumentException("host memory size must be a positive multiple of 4 KiB: " + sizeBytes);
        }
        Native n = Native.get();
        try (Arena a = Arena.ofConfined()) {
            MemorySegment state = a.allocate(Linker.Option.captureStateLayout());
            MemorySegment p = (MemorySegment) n.mmap.invokeExact(state, MemorySegment.NULL, sizeBytes,
                    PROT_READ_WRITE, MAP_PRIVATE_ANONYMOUS_NORESERVE, -1, 0L);
            if (p.address() == -1L) {
                long errnoOffset = Linker.Option.captureStateLayout()
                        .byteOffset(MemoryLayout.PathElement.groupElement("errno"));
                int errno = state.get(JAVA_INT, errnoOffset);
                MemorySegment msg = (MemorySegment) n.libcStrerror.invokeExact(errno);
                throw new IllegalStateException(
                        "mmap of " + sizeBytes + " bytes failed: " + msg.reinterpret(256).getString(0));
            }
            return new HostMemory(p, sizeBytes);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw Unicorn.rethrow(t);
        }
    }

    /** The whole buffer; any access after {@link #close()} throws instead of crashing. */
    public MemorySegment segment() {
        return segment;
    }

    public long sizeBytes() {
        return segment.byteSize();
    }

    @Override
    public void close() {
        cleanable.clean();
    }

    private static void unmap(long address, long size) {
        try {
            int r = (int) Native.get().munmap.invokeExact(MemorySegment.ofAddress(address), size);
            if (r != 0) {
                throw new IllegalStateException("munmap failed at 0x" + Long.toHexString(address));
            }
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw Unicorn.rethrow(t);
        }
    }
}
