package dev.duoboot.linux;

/** One printed console line: its level, the virtual time it carries and its text (prefix included). */
public record LogLine(LogLevel level, long timeNanos, String text) {

    /** The line as the console shows it: {@code [    0.000000] OF: fdt: ...}. */
    public String formatted() {
        long micros = timeNanos / 1000;
        return String.format("[%5d.%06d] %s", micros / 1_000_000, micros % 1_000_000, text);
    }
}
