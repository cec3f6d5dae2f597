package dev.duoboot.fdt;

import dev.duoboot.DuobootException;

/** A device tree (DTB or DTS) that the real tools would reject; the message names file and place. */
public class FdtException extends DuobootException {
    public FdtException(String message) {
        super(message);
    }
}
