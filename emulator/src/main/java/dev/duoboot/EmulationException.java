package dev.duoboot;

/**
 * The guest did something the run cannot continue from: a crash, an access to unmapped memory,
 * an exhausted instruction budget or virtual-time limit. Exit code 3.
 */
public class EmulationException extends DuobootException {

    public EmulationException(String message) {
        super(message);
    }

    public EmulationException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public int exitCode() {
        return EXIT_EMULATION;
    }
}
