package dev.duoboot.cpu;

/** RISC-V privilege levels, with the encoding of {@code mstatus.MPP} and the privileged spec. */
public enum Privilege {
    USER(0),
    SUPERVISOR(1),
    MACHINE(3);

    private final int code;

    Privilege(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    public static Privilege of(long code) {
        return switch ((int) code) {
            case 0 -> USER;
            case 1 -> SUPERVISOR;
            case 3 -> MACHINE;
            default -> throw new IllegalArgumentException("no privilege level " + code);
        };
    }

    /** One letter, as the spec writes them: U, S, M. */
    public String letter() {
        return name().substring(0, 1);
    }
}
