package dev.duoboot.cli;

import java.io.PrintWriter;

/** Prints {@code --json} output through the report's one JSON writer. */
final class Json {

    private Json() {}

    static void print(PrintWriter out, Object value) {
        out.println(dev.duoboot.report.Json.write(value));
        out.flush();
    }

    static String hex(long v) {
        return dev.duoboot.report.Json.hex(v);
    }
}
