package dev.duoboot.unicorn;

/** The {@code uc_err} codes of {@code unicorn.h} (2.0.1). */
public final class UcError {
    public static final int OK = 0;
    public static final int NOMEM = 1;
    public static final int ARCH = 2;
    public static final int HANDLE = 3;
    public static final int MODE = 4;
    public static final int VERSION = 5;
    public static final int READ_UNMAPPED = 6;
    public static final int WRITE_UNMAPPED = 7;
    public static final int FETCH_UNMAPPED = 8;
    public static final int HOOK = 9;
    public static final int INSN_INVALID = 10;
    public static final int MAP = 11;
    public static final int WRITE_PROT = 12;
    public static final int READ_PROT = 13;
    public static final int FETCH_PROT = 14;
    public static final int ARG = 15;
    public static final int READ_UNALIGNED = 16;
    public static final int WRITE_UNALIGNED = 17;
    public static final int FETCH_UNALIGNED = 18;
    public static final int HOOK_EXIST = 19;
    public static final int RESOURCE = 20;
    public static final int EXCEPTION = 21;

    private UcError() {}
}
