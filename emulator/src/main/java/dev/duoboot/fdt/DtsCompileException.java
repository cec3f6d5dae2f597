package dev.duoboot.fdt;

import java.util.List;

/**
 * A DTS that cpp or dtc would reject. The message is the first error line as dtc (or cpp)
 * prints it; {@link #warnings()} are the lines the tools would have printed before it.
 */
public final class DtsCompileException extends FdtException {
    private final List<String> warnings;

    DtsCompileException(String message, List<String> warnings) {
        super(message);
        this.warnings = List.copyOf(warnings);
    }

    public List<String> warnings() {
        return warnings;
    }
}
