package dev.duoboot.scenario;

import dev.duoboot.DuobootException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Edits a memmap.py the way a user would: one constant's assignment in {@code class MemoryMap}
 * gets a new right-hand side, so everything computed from it afterwards follows (as when the
 * file is edited by hand). The edited line keeps the old value in a comment.
 */
public final class MemmapText {

    private static final Pattern CLASS_LINE = Pattern.compile("^class\\s+MemoryMap\\b.*");

    private MemmapText() {}

    /** Where a constant is assigned: its 1-based line and the right-hand side as written. */
    public record Assignment(int line, String expression) {}

    /** The first assignment of {@code name} in the class body. */
    public static Assignment find(String source, String name, String file) {
        String[] lines = source.split("\n", -1);
        int at = locate(lines, name, file);
        Matcher m = assignment(name).matcher(lines[at]);
        if (!m.matches()) {
            throw new IllegalStateException("located line does not match");
        }
        return new Assignment(at + 1, stripComment(m.group(2)).strip());
    }

    /** {@code source} with {@code name = expression} in place of the constant's first assignment. */
    public static String assign(String source, String name, String expression, String file) {
        String[] lines = source.split("\n", -1);
        int at = locate(lines, name, file);
        Matcher m = assignment(name).matcher(lines[at]);
        if (!m.matches()) {
            throw new IllegalStateException("located line does not match");
        }
        String old = stripComment(m.group(2)).strip();
        lines[at] = m.group(1) + name + " = " + expression + "  # duoboot: was " + old;
        return String.join("\n", lines);
    }

    private static int locate(String[] lines, String name, String file) {
        Pattern p = assignment(name);
        boolean inClass = false;
        for (int i = 0; i < lines.length; i++) {
            String l = lines[i];
            if (CLASS_LINE.matcher(l).matches()) {
                inClass = true;
                continue;
            }
            if (inClass && !l.isBlank() && !Character.isWhitespace(l.charAt(0)) && !l.startsWith("#")) {
                inClass = false; // the class body ended
            }
            if (inClass && p.matcher(l).matches()) {
                String rhs = stripComment(p.matcher(l).replaceFirst("$2"));
                if (count(rhs, '(') != count(rhs, ')') || rhs.strip().endsWith("\\")) {
                    throw new DuobootException(file + ":" + (i + 1) + ": " + name
                            + " is assigned over several lines; duoboot can only replace a one-line assignment");
                }
                return i;
            }
        }
        throw new DuobootException(file + ": class MemoryMap has no line assigning " + name);
    }

    private static Pattern assignment(String name) {
        return Pattern.compile("^(\\s+)" + Pattern.quote(name) + "\\s*=(?!=)(.*)$");
    }

    /** The text before a '#' that is not inside a string literal. */
    private static String stripComment(String rhs) {
        char quote = 0;
        for (int i = 0; i < rhs.length(); i++) {
            char c = rhs.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
            } else if (c == '#') {
                return rhs.substring(0, i);
            }
        }
        return rhs;
    }

    private static long count(String s, char c) {
        return s.chars().filter(x -> x == c).count();
    }
}
