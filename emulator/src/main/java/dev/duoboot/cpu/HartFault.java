package dev.duoboot.cpu;

import dev.duoboot.EmulationException;

/** The hart cannot go on (an access to unmapped memory, an exception Unicorn cannot resume from). */
public final class HartFault extends EmulationException {
    public HartFault(String message) {
        super(message);
    }

    public HartFault(String message, Throwable cause) {
        super(message, cause);
    }
}
