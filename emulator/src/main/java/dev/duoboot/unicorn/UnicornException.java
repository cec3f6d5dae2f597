package dev.duoboot.unicorn;

import dev.duoboot.EmulationException;

/**
 * A Unicorn call returned an error ({@code uc_err}); the message carries {@code uc_strerror}'s text.
 * A Java exception thrown by a hook ends the run and comes back as the cause of one of these.
 */
public class UnicornException extends EmulationException {

    private final int error;

    UnicornException(String message, int error) {
        super(message);
        this.error = error;
    }

    UnicornException(String message, Throwable cause) {
        super(message, cause);
        this.error = UcError.OK;
    }

    /** The {@code uc_err} code ({@link UcError}), or {@link UcError#OK} when a hook failed. */
    public int error() {
        return error;
    }
}
