package dev.duoboot.unicorn;

import dev.duoboot.DuobootException;

/** {@code libunicorn.so.2} cannot be loaded; the message names the Debian package to install. */
public final class UnicornUnavailableException extends DuobootException {
    UnicornUnavailableException(String message) {
        super(message);
    }
}
