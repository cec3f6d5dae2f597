package dev.duoboot.unicorn;

/** The {@code uc_mem_type} a memory hook reports. */
public enum MemoryAccess {
    READ(16),
    WRITE(17),
    FETCH(18),
    READ_UNMAPPED(19),
    WRITE_UNMAPPED(20),
    FETCH_UNMAPPED(21),
    WRITE_PROT(22),
    READ_PROT(23),
    FETCH_PROT(24),
    READ_AFTER(25);

    private final int code;

    MemoryAccess(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    static MemoryAccess of(int code) {
        return values()[code - 16];
    }
}
