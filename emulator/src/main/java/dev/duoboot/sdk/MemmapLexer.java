package dev.duoboot.sdk;

import dev.duoboot.sdk.PyValue.PyFloat;
import dev.duoboot.sdk.PyValue.PyInt;
import java.math.BigInteger;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splits {@code memmap.py} source into Python tokens: names, numbers, strings, operators, and the
 * NEWLINE / INDENT / DEDENT structure of Python's tokenizer (comments dropped, lines joined inside
 * brackets and after a backslash). Errors name {@code file:line:column}.
 */
final class MemmapLexer {

    enum Kind { NAME, NUMBER, STRING, OP, NEWLINE, INDENT, DEDENT, END }

    /**
     * A token. {@code value} is the number for NUMBER and the decoded text for STRING;
     * {@code spaced} says whether blanks, comments or a line break came before it.
     */
    record Token(Kind kind, String text, Object value, int line, int column, boolean spaced) {
        boolean is(Kind k, String t) {
            return kind == k && text.equals(t);
        }

        boolean isOp(String t) {
            return is(Kind.OP, t);
        }

        boolean isKeyword(String t) {
            return is(Kind.NAME, t);
        }
    }

    private static final String DIGITS = "[0-9](?:_?[0-9])*";
    private static final String EXPONENT = "[eE][+-]?" + DIGITS;
    private static final Pattern PREFIXED_INT = Pattern.compile(
            "0[xX](?:_?[0-9a-fA-F])+|0[oO](?:_?[0-7])+|0[bB](?:_?[01])+");
    private static final Pattern FLOAT = Pattern.compile("(?:" + DIGITS + ")?\\." + DIGITS + "(?:" + EXPONENT
            + ")?|" + DIGITS + "\\.(?:" + EXPONENT + ")?|" + DIGITS + EXPONENT);
    private static final Pattern INT = Pattern.compile(DIGITS);
    private static final String[] OPERATORS = {
        "**=", "//=", ">>=", "<<=", "...", "**", "//", "<<", ">>", "<=", ">=", "==", "!=", "+=", "-=", "*=",
        "/=", "%=", "&=", "|=", "^=", "@=", "->", ":=", "+", "-", "*", "/", "%", "&", "|", "^", "~", "<", ">",
        "(", ")", "[", "]", "{", "}", ",", ":", ".", ";", "@", "="
    };

    private final String file;
    private final String src;
    private final List<Token> out = new ArrayList<>();
    private final Deque<Integer> indents = new ArrayDeque<>();
    private final Deque<int[]> brackets = new ArrayDeque<>(); // {char, line, column}
    private int pos;
    private int line = 1;
    private int lineStart;
    private boolean spaced;

    private MemmapLexer(String file, String src) {
        this.file = file;
        this.src = src;
    }

    static List<Token> tokenize(String file, String src) {
        return new MemmapLexer(file, src).run();
    }

    private List<Token> run() {
        indents.push(0);
        boolean atLineStart = true;
        while (true) {
            if (atLineStart && brackets.isEmpty()) {
                if (!indentation()) {
                    break;
                }
                atLineStart = false;
            }
            if (pos >= src.length()) {
                break;
            }
            char c = src.charAt(pos);
            if (c == ' ' || c == '\t' || c == '\f') {
                pos++;
                spaced = true;
            } else if (c == '#') {
                skipComment();
            } else if (c == '\\') {
                continuation();
            } else if (c == '\n' || c == '\r') {
                boolean logicalEnd = brackets.isEmpty();
                int col = column();
                newline();
                if (logicalEnd) {
                    add(Kind.NEWLINE, "", null, line - 1, col);
                    atLineStart = true;
                }
                spaced = true;
            } else {
                token(c);
            }
        }
        if (!brackets.isEmpty()) {
            int[] b = brackets.peek();
            throw error(b[1], b[2], "'" + (char) b[0] + "' was never closed");
        }
        if (!out.isEmpty() && out.getLast().kind() != Kind.NEWLINE && out.getLast().kind() != Kind.DEDENT) {
            add(Kind.NEWLINE, "", null, line, column());
        }
        while (indents.peek() > 0) {
            indents.pop();
            add(Kind.DEDENT, "", null, line, 0);
        }
        add(Kind.END, "", null, line, 0);
        return out;
    }

    /** Reads the indentation of a new line; skips blank and comment-only lines. False at the end. */
    private boolean indentation() {
        while (true) {
            int col = 0;
            int p = pos;
            while (p < src.length()) {
                char c = src.charAt(p);
                if (c == ' ') {
                    col++;
                } else if (c == '\t') {
                    col = (col / 8 + 1) * 8;
                } else if (c == '\f') {
                    col = 0;
                } else {
                    break;
                }
                p++;
            }
            pos = p;
            if (pos >= src.length()) {
                return false;
            }
            char c = src.charAt(pos);
            if (c == '#') {
                skipComment();
                if (pos >= src.length()) {
                    return false;
                }
            }
            c = src.charAt(pos);
            if (c == '\n' || c == '\r') {
                newline();
                continue;
            }
            if (col > indents.peek()) {
                indents.push(col);
                add(Kind.INDENT, "", null, line, col + 1);
            } else {
                while (col < indents.peek()) {
                    indents.pop();
                    add(Kind.DEDENT, "", null, line, col + 1);
                }
                if (col != indents.peek()) {
                    throw error(line, col + 1, "unindent does not match any outer indentation level");
                }
            }
            spaced = false;
            return true;
        }
    }

    private void skipComment() {
        while (pos < src.length() && src.charAt(pos) != '\n' && src.charAt(pos) != '\r') {
            pos++;
        }
        spaced = true;
    }

    private void newline() {
        if (src.charAt(pos) == '\r' && pos + 1 < src.length() && src.charAt(pos + 1) == '\n') {
            pos++;
        }
        pos++;
        line++;
        lineStart = pos;
    }

    private void continuation() {
        int next = pos + 1;
        if (next < src.length() && (src.charAt(next) == '\n' || src.charAt(next) == '\r')) {
            pos = next;
            newline();
            spaced = true;
            return;
        }
        throw error(line, column(), "unexpected character after line continuation character");
    }

    private void token(char c) {
        int col = column();
        if (c == '"' || c == '\'') {
            string("", col);
        } else if (Character.isLetter(c) || c == '_') {
            int start = pos;
            while (pos < src.length() && (Character.isLetterOrDigit(src.charAt(pos)) || src.charAt(pos) == '_')) {
                pos++;
            }
            String name = src.substring(start, pos);
            if (!name.chars().allMatch(ch -> ch < 0x80)) {
                throw error(line, col, "non-ASCII name '" + name + "' (memmap.py names are ASCII)");
            }
            if (pos < src.length() && (src.charAt(pos) == '"' || src.charAt(pos) == '\'')
                    && name.matches("(?i)r|u|f|b|rb|br|fr|rf")) {
                string(name, col);
            } else {
                add(Kind.NAME, name, null, line, col);
            }
        } else if (Character.isDigit(c) || (c == '.' && pos + 1 < src.length() && Character.isDigit(src.charAt(pos + 1)))) {
            number(col);
        } else {
            operator(c, col);
        }
    }

    private void number(int col) {
        Matcher m;
        Object value;
        if ((m = match(PREFIXED_INT)) != null) {
            String t = m.group().replace("_", "");
            int radix = switch (Character.toLowerCase(t.charAt(1))) {
                case 'x' -> 16;
                case 'o' -> 8;
                default -> 2;
            };
            value = new PyInt(new BigInteger(t.substring(2), radix));
        } else if ((m = match(FLOAT)) != null) {
            value = new PyFloat(Double.parseDouble(m.group().replace("_", "")));
        } else {
            m = match(INT);
            String t = m.group().replace("_", "");
            if (t.length() > 1 && t.startsWith("0") && !t.chars().allMatch(ch -> ch == '0')) {
                throw error(line, col, "leading zeros in decimal integer literals are not permitted;"
                        + " use an 0o prefix for octal integers");
            }
            value = new PyInt(new BigInteger(t));
        }
        String text = m.group();
        if (text.length() > 1200) {
            throw error(line, col, "number literal longer than 1200 characters");
        }
        pos = m.end();
        if (pos < src.length() && (src.charAt(pos) == 'j' || src.charAt(pos) == 'J')) {
            throw error(line, col, "complex number literal '" + text + src.charAt(pos) + "' is not supported");
        }
        if (pos < src.length() && (Character.isLetterOrDigit(src.charAt(pos)) || src.charAt(pos) == '_')) {
            throw error(line, col, "invalid number literal '" + text + src.charAt(pos) + "'");
        }
        add(Kind.NUMBER, text, value, line, col);
    }

    private Matcher match(Pattern p) {
        Matcher m = p.matcher(src).region(pos, src.length());
        return m.lookingAt() ? m : null;
    }

    private void string(String prefix, int col) {
        String lower = prefix.toLowerCase(java.util.Locale.ROOT);
        if (lower.contains("f")) {
            throw error(line, col, "f-string is not supported (it can run arbitrary expressions)");
        }
        if (lower.contains("b")) {
            throw error(line, col, "bytes literal is not supported");
        }
        boolean raw = lower.contains("r");
        int startLine = line;
        int start = pos - prefix.length();
        char q = src.charAt(pos);
        boolean triple = src.startsWith(String.valueOf(q).repeat(3), pos);
        pos += triple ? 3 : 1;
        StringBuilder sb = new StringBuilder();
        while (true) {
            if (pos >= src.length()) {
                throw error(startLine, col, triple ? "unterminated triple-quoted string literal"
                        : "unterminated string literal");
            }
            char c = src.charAt(pos);
            if (c == q && (!triple || src.startsWith(String.valueOf(q).repeat(3), pos))) {
                pos += triple ? 3 : 1;
                break;
            }
            if (c == '\n' || c == '\r') {
                if (!triple) {
                    throw error(startLine, col, "unterminated string literal");
                }
                newline();
                sb.append('\n');
                continue;
            }
            if (c == '\\' && pos + 1 < src.length()) {
                escape(sb, raw);
                continue;
            }
            sb.append(c);
            pos++;
        }
        add(Kind.STRING, src.substring(start, pos), sb.toString(), startLine, col);
    }

    /** One backslash escape (Python's string-literal rules; unknown escapes keep the backslash). */
    private void escape(StringBuilder sb, boolean raw) {
        char n = src.charAt(pos + 1);
        if (n == '\n' || n == '\r') {
            pos++;
            newline();
            if (raw) {
                sb.append('\\').append('\n');
            }
            return;
        }
        pos += 2;
        if (raw) {
            sb.append('\\').append(n);
            return;
        }
        switch (n) {
            case '\\', '\'', '"' -> sb.append(n);
            case 'n' -> sb.append('\n');
            case 't' -> sb.append('\t');
            case 'r' -> sb.append('\r');
            case 'a' -> sb.append('\u0007');
            case 'b' -> sb.append('\b');
            case 'f' -> sb.append('\f');
            case 'v' -> sb.append('\u000b');
            case 'x' -> sb.appendCodePoint(hexEscape(2));
            case 'u' -> sb.appendCodePoint(hexEscape(4));
            case 'U' -> sb.appendCodePoint(hexEscape(8));
            default -> {
                if (n >= '0' && n <= '7') {
                    int v = n - '0';
                    for (int i = 0; i < 2 && pos < src.length() && src.charAt(pos) >= '0' && src.charAt(pos) <= '7'; i++) {
                        v = v * 8 + (src.charAt(pos++) - '0');
                    }
                    sb.append((char) v);
                } else {
                    sb.append('\\').append(n);
                }
            }
        }
    }

    private int hexEscape(int digits) {
        if (pos + digits > src.length() || !src.substring(pos, pos + digits).matches("[0-9a-fA-F]+")) {
            throw error(line, column(), "truncated \\" + src.charAt(pos - 1) + " escape");
        }
        int v = Integer.parseUnsignedInt(src.substring(pos, pos + digits), 16);
        pos += digits;
        if (!Character.isValidCodePoint(v)) {
            throw error(line, column(), "illegal Unicode character in escape");
        }
        return v;
    }

    private void operator(char c, int col) {
        for (String op : OPERATORS) {
            if (src.startsWith(op, pos)) {
                pos += op.length();
                if ("([{".contains(op)) {
                    brackets.push(new int[] {op.charAt(0), line, col});
                } else if (")]}".contains(op)) {
                    if (brackets.isEmpty()) {
                        throw error(line, col, "unmatched '" + op + "'");
                    }
                    char open = (char) brackets.pop()[0];
                    if ("([{".indexOf(open) != ")]}".indexOf(op.charAt(0))) {
                        throw error(line, col, "closing parenthesis '" + op + "' does not match opening parenthesis '"
                                + open + "'");
                    }
                }
                add(Kind.OP, op, null, line, col);
                return;
            }
        }
        throw error(line, col, "invalid character '" + c + "' (U+" + String.format("%04X", (int) c) + ")");
    }

    private void add(Kind kind, String text, Object value, int tokLine, int col) {
        out.add(new Token(kind, text, value, tokLine, col, spaced));
        spaced = false;
    }

    private int column() {
        return pos - lineStart + 1;
    }

    private SdkFileException error(int errLine, int col, String message) {
        return new SdkFileException(file + ":" + errLine + ":" + col + ": " + message);
    }
}
