package dev.duoboot.fdt;

import dev.duoboot.fdt.DtsToken.Type;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * dtc's lexer (dtc-lexer.l, dtc 1.6.1) by hand: the same rules, the same start conditions
 * (INITIAL, V1 after /dts-v1/, PROPNODENAME after '{' ';' and the delete keywords, BYTESTRING
 * inside [...]), flex's longest match with the earlier rule winning ties, cpp linemarkers, and
 * /include/ with dtc's search (the including file's directory, then -i directories). Positions
 * are kept as srcpos.c's srcpos_update does, so messages carry dtc's line.column spans.
 */
final class DtsLexer {
    private static final int MAX_INCLUDE_DEPTH = 200;

    private enum State { INITIAL, V1, BYTESTRING, PROPNODENAME }

    /** One input file (dtc struct srcfile_state): its text, place and directory. */
    private static final class Input {
        final String text;
        final String dir;
        String name;
        int pos;
        int line = 1;
        int column = 1;
        /** Newlines passed so far in this input's text. */
        int textLine;

        Input(String name, String text) {
            this.name = name;
            this.text = text;
            int slash = name.lastIndexOf('/');
            this.dir = slash < 0 ? null : name.substring(0, slash);
        }
    }

    private final SourceFiles files;
    private final List<String> includeDirs;
    private final Deque<Input> inputs = new ArrayDeque<>();
    private State state = State.INITIAL;

    /**
     * @param name the input's name as dtc would show it ("<stdin>" for cpp output on stdin)
     * @param includeDirs dtc's -i directories for /include/ and /incbin/
     */
    DtsLexer(String name, String text, SourceFiles files, List<String> includeDirs) {
        this.files = files;
        this.includeDirs = includeDirs;
        inputs.push(new Input(name, text));
    }

    DtsToken next() {
        while (true) {
            Input in = inputs.peek();
            if (in.pos >= in.text.length()) {
                if (inputs.size() == 1) {
                    SrcPos p = new SrcPos(in.name, in.line, in.column, in.line, in.column, in.textLine);
                    return new DtsToken(Type.EOF, "", 0, null, p);
                }
                inputs.pop();
                continue;
            }
            Match m = longestMatch(in);
            String text = in.text.substring(in.pos, in.pos + m.length);
            SrcPos pos = advance(in, text, inputs.size() == 1);
            DtsToken token = act(m.rule, text, pos, in);
            if (token != null) {
                return token;
            }
        }
    }

    private record Match(int rule, int length) {}

    // Rule numbers in dtc-lexer.l order; a longer match wins, the lower number wins a tie.
    private static final int INCLUDE = 1;
    private static final int LINEMARKER = 2;
    private static final int STRING = 4;
    private static final int DTS_V1 = 5;
    private static final int PLUGIN = 6;
    private static final int MEMRESERVE = 7;
    private static final int BITS = 8;
    private static final int DEL_PROP = 9;
    private static final int DEL_NODE = 10;
    private static final int OMIT = 11;
    private static final int LABEL = 12;
    private static final int LITERAL = 13;
    private static final int CHAR_LITERAL = 14;
    private static final int LABEL_REF = 15;
    private static final int PATH_REF = 16;
    private static final int BYTE = 17;
    private static final int BYTESTRING_END = 18;
    private static final int PROPNODENAME = 19;
    private static final int INCBIN = 20;
    private static final int WHITESPACE = 21;
    private static final int COMMENT = 22;
    private static final int LINE_COMMENT = 23;
    private static final int OPERATOR = 24;
    private static final int ANY_CHAR = 32;
    private static final List<String> OPERATORS = List.of("<<", ">>", "<=", ">=", "==", "!=", "&&", "||");
    private static final List<Type> OPERATOR_TYPES = List.of(Type.LSHIFT, Type.RSHIFT, Type.LE, Type.GE,
            Type.EQ, Type.NE, Type.AND, Type.OR);

    private Match longestMatch(Input in) {
        String s = in.text;
        int p = in.pos;
        boolean exclusive = state == State.BYTESTRING || state == State.PROPNODENAME;
        Match best = new Match(ANY_CHAR, s.charAt(p) == '\n' ? 0 : 1);
        best = better(best, INCLUDE, matchInclude(s, p));
        if (p == 0 || s.charAt(p - 1) == '\n') {
            best = better(best, LINEMARKER, matchLinemarker(s, p));
        }
        best = better(best, STRING, matchString(s, p));
        best = better(best, DTS_V1, literal(s, p, "/dts-v1/"));
        best = better(best, PLUGIN, literal(s, p, "/plugin/"));
        best = better(best, MEMRESERVE, literal(s, p, "/memreserve/"));
        best = better(best, BITS, literal(s, p, "/bits/"));
        best = better(best, DEL_PROP, literal(s, p, "/delete-property/"));
        best = better(best, DEL_NODE, literal(s, p, "/delete-node/"));
        best = better(best, OMIT, literal(s, p, "/omit-if-no-ref/"));
        int label = matchLabelName(s, p);
        best = better(best, LABEL, label > 0 && p + label < s.length() && s.charAt(p + label) == ':'
                ? label + 1 : -1);
        if (state == State.V1) {
            best = better(best, LITERAL, matchIntegerLiteral(s, p));
        }
        best = better(best, CHAR_LITERAL, matchCharLiteral(s, p));
        if (s.charAt(p) == '&') {
            int ref = matchLabelName(s, p + 1);
            best = better(best, LABEL_REF, ref > 0 ? ref + 1 : -1);
            best = better(best, PATH_REF, matchPathRef(s, p));
        }
        if (state == State.BYTESTRING) {
            best = better(best, BYTE, p + 1 < s.length() && isHex(s.charAt(p)) && isHex(s.charAt(p + 1)) ? 2 : -1);
            best = better(best, BYTESTRING_END, s.charAt(p) == ']' ? 1 : -1);
        }
        if (state == State.PROPNODENAME) {
            int q = p < s.length() && s.charAt(p) == '\\' ? p + 1 : p;
            int n = 0;
            while (q + n < s.length() && isPropNodeChar(s.charAt(q + n))) {
                n++;
            }
            best = better(best, PROPNODENAME, n > 0 ? q - p + n : -1);
        }
        if (!exclusive) {
            best = better(best, INCBIN, literal(s, p, "/incbin/"));
        }
        best = better(best, WHITESPACE, matchWhitespace(s, p));
        best = better(best, COMMENT, matchComments(s, p));
        best = better(best, LINE_COMMENT, matchLineComments(s, p));
        for (String op : OPERATORS) {
            best = better(best, OPERATOR, literal(s, p, op));
        }
        if (best.length == 0) {
            throw new IllegalStateException("no rule matches at " + p);
        }
        return best;
    }

    private static Match better(Match best, int rule, int length) {
        if (length > best.length || (length == best.length && length > 0 && rule < best.rule)) {
            return new Match(rule, length);
        }
        return best;
    }

    /** Runs the rule's action; null for text that yields no token. */
    private DtsToken act(int rule, String text, SrcPos pos, Input in) {
        switch (rule) {
            case INCLUDE -> {
                String name = text.substring(text.indexOf('"') + 1, text.length() - 1);
                pushInclude(name);
                return null;
            }
            case LINEMARKER -> {
                int digits = 1;
                while (!Character.isDigit(text.charAt(digits))) {
                    digits++;
                }
                int end = digits;
                while (Character.isDigit(text.charAt(end))) {
                    end++;
                }
                int q1 = text.indexOf('"');
                int q2 = text.lastIndexOf('"');
                byte[] name = decodeString(text.substring(q1 + 1, q2));
                for (int i = 0; i < name.length - 1; i++) {
                    if (name[i] == 0) {
                        throw lexicalError(pos, "nul in line number directive");
                    }
                }
                in.name = new String(name, 0, name.length - 1, StandardCharsets.ISO_8859_1);
                // -1: a linemarker names the number of the next line (dtc-lexer.l).
                in.line = parseDecimalPrefix(text.substring(digits, end)) - 1;
                return null;
            }
            case STRING -> {
                return new DtsToken(Type.STRING, text, 0, decodeString(text.substring(1, text.length() - 1)), pos);
            }
            case DTS_V1 -> {
                state = State.V1;
                return token(Type.V1, text, pos);
            }
            case PLUGIN -> {
                return token(Type.PLUGIN, text, pos);
            }
            case MEMRESERVE -> {
                state = State.V1;
                return token(Type.MEMRESERVE, text, pos);
            }
            case BITS -> {
                state = State.V1;
                return token(Type.BITS, text, pos);
            }
            case DEL_PROP, DEL_NODE, OMIT -> {
                state = State.PROPNODENAME;
                return token(rule == DEL_PROP ? Type.DEL_PROP : rule == DEL_NODE ? Type.DEL_NODE
                        : Type.OMIT_NO_REF, text, pos);
            }
            case LABEL -> {
                return token(Type.LABEL, text.substring(0, text.length() - 1), pos);
            }
            case LITERAL -> {
                return new DtsToken(Type.LITERAL, text, integerLiteral(text, pos), null, pos);
            }
            case CHAR_LITERAL -> {
                byte[] d = decodeString(text.substring(1, text.length() - 1));
                if (d.length == 1) {
                    throw lexicalError(pos, "Empty character literal");
                }
                if (d.length > 2) {
                    throw lexicalError(pos, "Character literal has " + (d.length - 1)
                            + " characters instead of 1");
                }
                return new DtsToken(Type.CHAR_LITERAL, text, d[0] & 0xff, null, pos);
            }
            case LABEL_REF -> {
                return token(Type.LABEL_REF, text.substring(1), pos);
            }
            case PATH_REF -> {
                return token(Type.PATH_REF, text.substring(2, text.length() - 1), pos);
            }
            case BYTE -> {
                return new DtsToken(Type.BYTE, text, Integer.parseInt(text, 16), null, pos);
            }
            case BYTESTRING_END -> {
                state = State.V1;
                return token(Type.CHAR, text, pos);
            }
            case PROPNODENAME -> {
                state = State.V1;
                return token(Type.PROPNODENAME, text.startsWith("\\") ? text.substring(1) : text, pos);
            }
            case INCBIN -> {
                return token(Type.INCBIN, text, pos);
            }
            case WHITESPACE, COMMENT, LINE_COMMENT -> {
                return null;
            }
            case OPERATOR -> {
                return token(OPERATOR_TYPES.get(OPERATORS.indexOf(text)), text, pos);
            }
            default -> {
                char c = text.charAt(0);
                if (c == '[') {
                    state = State.BYTESTRING;
                } else if (c == '{' || c == ';') {
                    state = State.PROPNODENAME;
                }
                return token(Type.CHAR, text, pos);
            }
        }
    }

    private static DtsToken token(Type type, String text, SrcPos pos) {
        return new DtsToken(type, text, 0, null, pos);
    }

    /** srcpos_update: the span of {@code text}, moving the input's line and column past it. */
    private static SrcPos advance(Input in, String text, boolean mainInput) {
        int firstLine = in.line;
        int firstColumn = in.column;
        int textLine = mainInput ? in.textLine : -1;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                in.line++;
                in.column = 1;
                in.textLine++;
            } else {
                in.column++;
            }
        }
        in.pos += text.length();
        return new SrcPos(in.name, firstLine, firstColumn, in.line, in.column, textLine);
    }

    /** dtc srcfile_push via fopen_any_on_path: the including file's directory, then -i dirs. */
    private void pushInclude(String name) {
        if (inputs.size() >= MAX_INCLUDE_DEPTH) {
            throw new FdtException("FATAL ERROR: Includes nested too deeply");
        }
        Found f = find(name);
        inputs.push(new Input(f.path, new String(f.content, StandardCharsets.ISO_8859_1)));
    }

    /** A file found by dtc's search, with the path dtc names it by. */
    record Found(String path, byte[] content) {}

    /** dtc fopen_any_on_path. */
    Found find(String name) {
        String dir = inputs.peek().dir;
        List<String> dirs = new ArrayList<>();
        dirs.add(dir);
        dirs.addAll(includeDirs);
        for (String d : dirs) {
            String path = d == null || name.startsWith("/") ? name
                    : d.endsWith("/") ? d + name : d + "/" + name;
            var content = files.read(path);
            if (content.isPresent()) {
                return new Found(path, content.get());
            }
        }
        throw new FdtException("FATAL ERROR: Couldn't open \"" + name + "\": No such file or directory");
    }

    private static FdtException lexicalError(SrcPos pos, String message) {
        return new DtsError("Lexical error: " + pos + " " + message, pos);
    }

    // ---- matchers, each returning the match length or -1 ----

    private static int literal(String s, int p, String lit) {
        return s.startsWith(lit, p) ? lit.length() : -1;
    }

    private static int matchInclude(String s, int p) {
        if (!s.startsWith("/include/", p)) {
            return -1;
        }
        int q = p + "/include/".length();
        while (q < s.length() && isSpace(s.charAt(q))) {
            q++;
        }
        int str = matchString(s, q);
        return str < 0 ? -1 : q + str - p;
    }

    /** ^"#"(line)?[ \t]+[0-9]+[ \t]+{STRING}([ \t]+[0-9]+)? */
    private static int matchLinemarker(String s, int p) {
        if (p >= s.length() || s.charAt(p) != '#') {
            return -1;
        }
        int q = p + 1;
        if (s.startsWith("line", q)) {
            q += 4;
        }
        int blanks = blanks(s, q);
        if (blanks == 0) {
            return -1;
        }
        q += blanks;
        int digits = digits(s, q);
        if (digits == 0) {
            return -1;
        }
        q += digits;
        blanks = blanks(s, q);
        if (blanks == 0) {
            return -1;
        }
        q += blanks;
        int str = matchString(s, q);
        if (str < 0) {
            return -1;
        }
        q += str;
        int b = blanks(s, q);
        if (b > 0) {
            int d = digits(s, q + b);
            if (d > 0) {
                q += b + d;
            }
        }
        return q - p;
    }

    private static int blanks(String s, int q) {
        int n = 0;
        while (q + n < s.length() && (s.charAt(q + n) == ' ' || s.charAt(q + n) == '\t')) {
            n++;
        }
        return n;
    }

    private static int digits(String s, int q) {
        int n = 0;
        while (q + n < s.length() && Character.isDigit(s.charAt(q + n))) {
            n++;
        }
        return n;
    }

    /** \"([^\\"]|\\.)*\" where '.' is any character but newline. */
    private static int matchString(String s, int p) {
        if (p >= s.length() || s.charAt(p) != '"') {
            return -1;
        }
        int q = p + 1;
        while (q < s.length()) {
            char c = s.charAt(q);
            if (c == '"') {
                return q + 1 - p;
            }
            if (c == '\\') {
                if (q + 1 >= s.length() || s.charAt(q + 1) == '\n') {
                    return -1;
                }
                q += 2;
            } else {
                q++;
            }
        }
        return -1;
    }

    /** '([^']|\\')*' with flex's longest match (a \' may end the literal or continue it). */
    private static int matchCharLiteral(String s, int p) {
        if (p >= s.length() || s.charAt(p) != '\'') {
            return -1;
        }
        int best = -1;
        boolean[] reach = new boolean[s.length() - p + 2];
        reach[1] = true;
        for (int i = 1; p + i < s.length(); i++) {
            if (!reach[i]) {
                continue;
            }
            char c = s.charAt(p + i);
            if (c == '\'') {
                best = i + 1;
            } else {
                reach[i + 1] = true;
                if (c == '\\' && p + i + 1 < s.length() && s.charAt(p + i + 1) == '\'') {
                    reach[i + 2] = true;
                }
            }
            if (!reach[i + 1] && (i + 2 >= reach.length || !reach[i + 2])) {
                break;
            }
        }
        return best;
    }

    private static int matchLabelName(String s, int p) {
        char c = p < s.length() ? s.charAt(p) : 0;
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_')) {
            return -1;
        }
        int n = 1;
        while (p + n < s.length() && isLabelChar(s.charAt(p + n))) {
            n++;
        }
        return n;
    }

    /** "&{/"{PATHCHAR}*\} */
    private static int matchPathRef(String s, int p) {
        if (!s.startsWith("&{/", p)) {
            return -1;
        }
        int q = p + 3;
        while (q < s.length() && (isPropNodeChar(s.charAt(q)) || s.charAt(q) == '/')) {
            q++;
        }
        return q < s.length() && s.charAt(q) == '}' ? q + 1 - p : -1;
    }

    /** ([0-9]+|0[xX][0-9a-fA-F]+)(U|L|UL|LL|ULL)? */
    private static int matchIntegerLiteral(String s, int p) {
        int n;
        if (s.startsWith("0x", p) || s.startsWith("0X", p)) {
            int h = 0;
            while (p + 2 + h < s.length() && isHex(s.charAt(p + 2 + h))) {
                h++;
            }
            n = h > 0 ? 2 + h : digits(s, p);
        } else {
            n = digits(s, p);
        }
        if (n == 0) {
            return -1;
        }
        for (String suffix : List.of("ULL", "UL", "LL", "U", "L")) {
            if (s.startsWith(suffix, p + n)) {
                return n + suffix.length();
            }
        }
        return n;
    }

    private static int matchWhitespace(String s, int p) {
        int n = 0;
        while (p + n < s.length() && isSpace(s.charAt(p + n))) {
            n++;
        }
        return n > 0 ? n : -1;
    }

    private static int matchComments(String s, int p) {
        int q = p;
        while (s.startsWith("/*", q)) {
            int end = s.indexOf("*/", q + 2);
            if (end < 0) {
                break;
            }
            q = end + 2;
        }
        return q > p ? q - p : -1;
    }

    private static int matchLineComments(String s, int p) {
        int q = p;
        while (s.startsWith("//", q)) {
            int end = s.indexOf('\n', q);
            if (end < 0) {
                break;
            }
            q = end + 1;
        }
        return q > p ? q - p : -1;
    }

    /** strtoull(text, &e, 0) with dtc's checks (dtc-lexer.l integer literal rule). */
    private static long integerLiteral(String text, SrcPos pos) {
        String digits = text;
        while (!digits.isEmpty() && "UL".indexOf(digits.charAt(digits.length() - 1)) >= 0) {
            digits = digits.substring(0, digits.length() - 1);
        }
        int radix = 10;
        String body = digits;
        if (digits.startsWith("0x") || digits.startsWith("0X")) {
            radix = 16;
            body = digits.substring(2);
        } else if (digits.length() > 1 && digits.startsWith("0")) {
            radix = 8;
            body = digits.substring(1);
        }
        for (char c : body.toCharArray()) {
            if (Character.digit(c, radix) < 0) {
                throw lexicalError(pos, "Bad integer literal '" + text + "'");
            }
        }
        try {
            return Long.parseUnsignedLong(body.isEmpty() ? "0" : body, radix);
        } catch (NumberFormatException e) {
            throw lexicalError(pos, "Integer literal '" + text + "' out of range");
        }
    }

    private static int parseDecimalPrefix(String s) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            return Integer.MAX_VALUE;
        }
    }

    /** data_copy_escape_string: escapes decoded, a NUL appended. */
    static byte[] decodeString(String s) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < s.length(); ) {
            char c = s.charAt(i++);
            if (c == '\\' && i < s.length()) {
                int[] at = {i};
                out.write(Escapes.decode(s, at));
                i = at[0];
            } else {
                out.write(c);
            }
        }
        out.write(0);
        return out.toByteArray();
    }

    static boolean isPropNodeChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || ",._+*#?@-".indexOf(c) >= 0;
    }

    private static boolean isLabelChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    }

    private static boolean isHex(char c) {
        return Character.digit(c, 16) >= 0 && c < 128;
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == 0x0b || c == '\f' || c == '\r';
    }
}
