package dev.duoboot.unicorn;

/**
 * A registered hook ({@code uc_hook}); {@link #remove()} deletes it. The nested interfaces are the
 * callbacks. Every callback receives the engine, so it need not capture it: an engine whose hooks
 * do not capture it can still be reclaimed by the garbage collector if the caller forgets {@code
 * close()}.
 *
 * <p>A callback that throws stops the run; {@link Unicorn#start} then rethrows what it threw (an
 * exception escaping an FFM upcall would kill the JVM, so it never escapes).
 */
public final class Hook {

    // uc_hook_type bits (unicorn.h 2.0.1)
    public static final int INTR = 1;
    public static final int CODE = 1 << 2;
    public static final int BLOCK = 1 << 3;
    public static final int MEM_READ_UNMAPPED = 1 << 4;
    public static final int MEM_WRITE_UNMAPPED = 1 << 5;
    public static final int MEM_FETCH_UNMAPPED = 1 << 6;
    public static final int MEM_READ_PROT = 1 << 7;
    public static final int MEM_WRITE_PROT = 1 << 8;
    public static final int MEM_FETCH_PROT = 1 << 9;
    public static final int MEM_READ = 1 << 10;
    public static final int MEM_WRITE = 1 << 11;
    public static final int MEM_FETCH = 1 << 12;
    public static final int MEM_READ_AFTER = 1 << 13;
    public static final int INSN_INVALID = 1 << 14;
    public static final int MEM_UNMAPPED = MEM_READ_UNMAPPED | MEM_WRITE_UNMAPPED | MEM_FETCH_UNMAPPED;
    public static final int MEM_PROT = MEM_READ_PROT | MEM_WRITE_PROT | MEM_FETCH_PROT;
    public static final int MEM_INVALID = MEM_UNMAPPED | MEM_PROT;

    /** {@code UC_HOOK_CODE} and {@code UC_HOOK_BLOCK}: before an instruction / a block runs. */
    @FunctionalInterface
    public interface Code {
        void onCode(Unicorn uc, long address, int sizeBytes);
    }

    /** {@code UC_HOOK_INTR}: the guest raised exception {@code intno}. */
    @FunctionalInterface
    public interface Interrupt {
        void onInterrupt(Unicorn uc, int intno);
    }

    /** {@code UC_HOOK_INSN_INVALID}: return true to continue (RISC-V stops anyway, see facts §2.1). */
    @FunctionalInterface
    public interface InvalidInstruction {
        boolean onInvalidInstruction(Unicorn uc);
    }

    /** {@code UC_HOOK_MEM_READ/WRITE/FETCH}: a successful access. */
    @FunctionalInterface
    public interface Memory {
        void onMemory(Unicorn uc, MemoryAccess access, long address, int size, long value);
    }

    /** Unmapped or protection events: return true once the access can proceed (mapping fixed). */
    @FunctionalInterface
    public interface InvalidMemory {
        boolean onInvalidMemory(Unicorn uc, MemoryAccess access, long address, int size, long value);
    }

    private final Unicorn owner;
    private final long id;
    private boolean removed;

    Hook(Unicorn owner, long id) {
        this.owner = owner;
        this.id = id;
    }

    long id() {
        return id;
    }

    /** Deletes the hook; a no-op the second time. */
    public void remove() {
        if (!removed) {
            removed = true;
            owner.deleteHook(this);
        }
    }
}
