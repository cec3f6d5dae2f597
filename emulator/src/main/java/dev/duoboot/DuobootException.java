package dev.duoboot;

/**
 * An error the user can cause and fix: a bad file, an unsupported construct, an impossible layout.
 *
 * <p>The message is one line that names the file, the place in it and what was expected, e.g.
 * {@code board.dts:12:7: expected ';' after property 'reg'}. The CLI prints exactly that line (no
 * stack trace) and exits with {@link #exitCode()}. Programming errors stay ordinary unchecked
 * exceptions and are reported as internal errors.
 */
public class DuobootException extends RuntimeException {

    /** The boot (or check) did not do what was expected. */
    public static final int EXIT_NOT_AS_EXPECTED = 1;
    /** Bad input: missing file, syntax error, failed assertion in memmap.py, bad checksum. */
    public static final int EXIT_BAD_INPUT = 2;
    /** Emulation error: guest crash, budget or virtual-time limit exhausted. */
    public static final int EXIT_EMULATION = 3;
    /** A bug in duoboot itself. */
    public static final int EXIT_INTERNAL = 70;

    public DuobootException(String message) {
        super(message);
    }

    public DuobootException(String message, Throwable cause) {
        super(message, cause);
    }

    /** The process exit code the CLI uses for this error. */
    public int exitCode() {
        return EXIT_BAD_INPUT;
    }
}
