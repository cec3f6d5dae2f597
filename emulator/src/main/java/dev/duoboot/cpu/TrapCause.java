package dev.duoboot.cpu;

/**
 * {@code mcause}/{@code scause} values (RISC-V privileged spec, "Machine Cause Register"). Interrupts
 * carry {@link #INTERRUPT} (bit 63).
 */
public final class TrapCause {
    public static final long INTERRUPT = 1L << 63;

    public static final int INSTRUCTION_MISALIGNED = 0;
    public static final int INSTRUCTION_ACCESS_FAULT = 1;
    public static final int ILLEGAL_INSTRUCTION = 2;
    public static final int BREAKPOINT = 3;
    public static final int LOAD_MISALIGNED = 4;
    public static final int LOAD_ACCESS_FAULT = 5;
    public static final int STORE_MISALIGNED = 6;
    public static final int STORE_ACCESS_FAULT = 7;
    public static final int ECALL_FROM_U = 8;
    public static final int ECALL_FROM_S = 9;
    public static final int ECALL_FROM_M = 11;
    public static final int INSTRUCTION_PAGE_FAULT = 12;
    public static final int LOAD_PAGE_FAULT = 13;
    public static final int STORE_PAGE_FAULT = 15;

    public static final int SUPERVISOR_SOFTWARE = 1;
    public static final int MACHINE_SOFTWARE = 3;
    public static final int SUPERVISOR_TIMER = 5;
    public static final int MACHINE_TIMER = 7;
    public static final int SUPERVISOR_EXTERNAL = 9;
    public static final int MACHINE_EXTERNAL = 11;

    /** {@code mip}/{@code mie} bits that devices drive (the rest are written by software). */
    public static final long MSIP = 1L << MACHINE_SOFTWARE;
    public static final long MTIP = 1L << MACHINE_TIMER;
    public static final long MEIP = 1L << MACHINE_EXTERNAL;
    public static final long SSIP = 1L << SUPERVISOR_SOFTWARE;
    public static final long STIP = 1L << SUPERVISOR_TIMER;
    public static final long SEIP = 1L << SUPERVISOR_EXTERNAL;

    /**
     * Interrupt priority, highest first: "MEI, MSI, MTI, SEI, SSI, STI" (privileged spec 1.12,
     * §3.1.9). QEMU 5.0 inside Unicorn 2.0.1 takes the lowest-numbered bit instead, one reason the
     * hart delivers device interrupts itself.
     */
    static final int[] PRIORITY = {
        MACHINE_EXTERNAL, MACHINE_SOFTWARE, MACHINE_TIMER,
        SUPERVISOR_EXTERNAL, SUPERVISOR_SOFTWARE, SUPERVISOR_TIMER
    };

    private TrapCause() {}

    /** A readable name, e.g. "illegal instruction" or "machine timer interrupt". */
    public static String name(long cause) {
        long code = cause & ~INTERRUPT;
        if ((cause & INTERRUPT) != 0) {
            return switch ((int) code) {
                case SUPERVISOR_SOFTWARE -> "supervisor software interrupt";
                case MACHINE_SOFTWARE -> "machine software interrupt";
                case SUPERVISOR_TIMER -> "supervisor timer interrupt";
                case MACHINE_TIMER -> "machine timer interrupt";
                case SUPERVISOR_EXTERNAL -> "supervisor external interrupt";
                case MACHINE_EXTERNAL -> "machine external interrupt";
                default -> "interrupt " + code;
            };
        }
        return switch ((int) code) {
            case INSTRUCTION_MISALIGNED -> "instruction address misaligned";
            case INSTRUCTION_ACCESS_FAULT -> "instruction access fault";
            case ILLEGAL_INSTRUCTION -> "illegal instruction";
            case BREAKPOINT -> "breakpoint";
            case LOAD_MISALIGNED -> "load address misaligned";
            case LOAD_ACCESS_FAULT -> "load access fault";
            case STORE_MISALIGNED -> "store/AMO address misaligned";
            case STORE_ACCESS_FAULT -> "store/AMO access fault";
            case ECALL_FROM_U -> "ecall from U-mode";
            case ECALL_FROM_S -> "ecall from S-mode";
            case ECALL_FROM_M -> "ecall from M-mode";
            case INSTRUCTION_PAGE_FAULT -> "instruction page fault";
            case LOAD_PAGE_FAULT -> "load page fault";
            case STORE_PAGE_FAULT -> "store/AMO page fault";
            default -> "exception " + code;
        };
    }
}
