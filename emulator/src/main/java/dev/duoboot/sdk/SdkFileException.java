package dev.duoboot.sdk;

import dev.duoboot.DuobootException;

/**
 * An SDK file (memmap.py, fip.bin, boot.sd, firmware ELF, kernel .config) that cannot be read as
 * what it claims to be. The message is one line: the file, the place (line, byte offset or field)
 * and what was expected. Exit code 2.
 */
public class SdkFileException extends DuobootException {

    public SdkFileException(String message) {
        super(message);
    }

    public SdkFileException(String message, Throwable cause) {
        super(message, cause);
    }
}
