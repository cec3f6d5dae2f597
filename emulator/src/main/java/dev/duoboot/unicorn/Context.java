package dev.duoboot.unicorn;

import java.lang.foreign.MemorySegment;

/**
 * A saved CPU context ({@code uc_context}). {@link #bytes()} exposes the raw blob: in 2.0.1 it is a
 * 16-byte header followed by a copy of QEMU's {@code CPURISCVState}, which is how the project reaches
 * state the public API does not (privilege, {@code mhartid}); the {@code cpu} package locates those
 * fields by a self-test instead of trusting fixed offsets.
 */
public final class Context implements AutoCloseable {

    private final Unicorn owner;
    private final MemorySegment blob;
    private boolean closed;

    Context(Unicorn owner, MemorySegment blob) {
        this.owner = owner;
        this.blob = blob;
    }

    MemorySegment pointer() {
        if (closed) {
            throw new IllegalStateException("context already closed");
        }
        return blob;
    }

    /** The whole context blob ({@code uc_context_size} bytes), readable and writable. */
    public MemorySegment bytes() {
        return pointer();
    }

    long address() {
        return blob.address();
    }

    Unicorn owner() {
        return owner;
    }

    boolean markClosed() {
        boolean was = closed;
        closed = true;
        return !was;
    }

    @Override
    public void close() {
        owner.freeContext(this);
    }
}
