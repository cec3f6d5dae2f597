package dev.duoboot.sdk;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The first {@code assert} of a memmap.py that did not hold: where it is, its condition as written,
 * the value of every name in it, and (for a single comparison) the value of each side. Importing
 * the file stops there with {@code AssertionError}, so mmap_conv.py writes no header and the SDK's
 * build ends (docs/facts/failures.md section 2).
 *
 * @param file memmap.py as the user named it
 * @param line the assert's line
 * @param className the class whose body holds it ({@code MemoryMap}), empty at module level
 * @param classLine that class statement's line
 * @param sourceLine the assert's line as written, without the indentation
 * @param condition the condition as written (blanks collapsed)
 * @param underline where Python 3.11's carets go: the column in {@code sourceLine} (0-based) and how many
 * @param message the assert's message, when it has one
 * @param names each name in the condition with its value, in order of appearance
 * @param sides the two sides of a single comparison, evaluated
 */
public record MemmapAssertion(String file, int line, Optional<String> className, int classLine, String sourceLine,
        String condition, Optional<Underline> underline, Optional<String> message, List<NameValue> names,
        Optional<Sides> sides) {

    public MemmapAssertion {
        names = List.copyOf(names);
    }

    /** Carets under {@code length} characters from {@code column} of the stripped source line. */
    public record Underline(int column, int length) {}

    /** A name of the condition and its value as Python would show it in hex. */
    public record NameValue(String name, String value) {}

    /** {@code left op right} with both sides evaluated ({@code display()} form). */
    public record Sides(String left, String leftValue, String op, String right, String rightValue) {}

    /** The {@code AssertionError} line Python prints last. */
    public String errorLine() {
        return "AssertionError" + message.map(m -> ": " + m).orElse("");
    }

    /**
     * The frames of memmap.py in Python 3.11's traceback, as the build log shows them after
     * mmap_conv.py's own frames: the class statement, the assert with its underline, the error.
     */
    public List<String> pythonFrames(String shownPath) {
        List<String> out = new ArrayList<>();
        className.ifPresent(c -> {
            out.add("  File \"" + shownPath + "\", line " + classLine + ", in <module>");
            out.add("    class " + c + ":");
        });
        out.add("  File \"" + shownPath + "\", line " + line + ", in " + className.orElse("<module>"));
        out.add("    " + sourceLine);
        underline.ifPresent(u -> out.add("    " + " ".repeat(u.column()) + "^".repeat(u.length())));
        out.add(errorLine());
        return out;
    }

    /** One line: file:line, the condition and its values (what {@code duoboot memmap} has always printed). */
    public String oneLine() {
        StringBuilder msg = new StringBuilder(file + ":" + line + ": assertion failed: " + condition);
        if (!names.isEmpty()) {
            msg.append(" (").append(String.join(", ", names.stream().map(n -> n.name() + " = " + n.value()).toList())).append(')');
        }
        message.ifPresent(m -> msg.append(": ").append(m));
        return msg.toString().replace('\n', ' ');
    }
}
