package dev.duoboot.fdt;

import dev.duoboot.fdt.PpToken.Kind;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * Splits one source file into preprocessing tokens the way GCC's cpplib ({@code lex.c},
 * {@code _cpp_lex_direct}) does for {@code -x assembler-with-cpp}: backslash-newline splices
 * vanish, comments become whitespace, each token records whether whitespace preceded it and
 * whether it starts a line, and an unterminated quote is not an error but an "other" token running
 * to the end of the line. Columns are 1-based byte columns (what cpp's output spacing uses);
 * each token also gets GCC's display column (tabs to multiples of 8) for messages.
 */
final class PpLexer {
    /** Punctuators, longest first so that the first match is the longest (cpplib lexes greedily). */
    private static final List<String> PUNCTUATORS = List.of(
            "...", "<<=", ">>=",
            "->", "++", "--", "<<", ">>", "<=", ">=", "==", "!=", "&&", "||", "*=", "/=", "%=",
            "+=", "-=", "&=", "^=", "|=", "##",
            "[", "]", "(", ")", "{", "}", ".", "&", "*", "+", "-", "~", "!", "/", "%", "<", ">",
            "^", "|", "?", ":", ";", "=", ",", "#");
    private static final List<Kind> PUNCTUATOR_KINDS = List.of(
            Kind.ELLIPSIS, Kind.LSHIFT_EQ, Kind.RSHIFT_EQ,
            Kind.DEREF, Kind.PLUS_PLUS, Kind.MINUS_MINUS, Kind.LSHIFT, Kind.RSHIFT, Kind.LESS_EQ,
            Kind.GREATER_EQ, Kind.EQ_EQ, Kind.NOT_EQ, Kind.AND_AND, Kind.OR_OR, Kind.MULT_EQ,
            Kind.DIV_EQ, Kind.MOD_EQ, Kind.PLUS_EQ, Kind.MINUS_EQ, Kind.AND_EQ, Kind.XOR_EQ,
            Kind.OR_EQ, Kind.PASTE,
            Kind.OPEN_SQUARE, Kind.CLOSE_SQUARE, Kind.OPEN_PAREN, Kind.CLOSE_PAREN,
            Kind.OPEN_BRACE, Kind.CLOSE_BRACE, Kind.DOT, Kind.AND, Kind.MULT, Kind.PLUS,
            Kind.MINUS, Kind.COMPL, Kind.NOT, Kind.DIV, Kind.MOD, Kind.LESS, Kind.GREATER,
            Kind.XOR, Kind.OR, Kind.QUERY, Kind.COLON, Kind.SEMICOLON, Kind.EQ, Kind.COMMA,
            Kind.HASH);

    private final String file;
    private final String text;
    private int pos;
    private int line = 1;
    private int column = 1;
    private int displayColumn = 1;
    private boolean atLineStart = true;
    /** Tokens handed back by the preprocessor (cpplib's "lookaheads"). */
    final Deque<PpToken> pushedBack = new ArrayDeque<>();
    /** In a directive the end of the line is an EOF token and is not consumed. */
    boolean inDirective;
    /** In #include, '<' starts a header name. */
    boolean angledHeaders;

    PpLexer(String file, String text) {
        this.file = file;
        this.text = text.replace("\r\n", "\n");
    }

    String file() {
        return file;
    }

    /** The physical line the lexer is on (after a directive: the line of its newline). */
    int line() {
        return line;
    }

    PpToken next() {
        if (!pushedBack.isEmpty()) {
            return pushedBack.pop();
        }
        int flags = 0;
        while (true) {
            int c = peek(0);
            if (c < 0) {
                return PpToken.eof(file, line, column, displayColumn);
            }
            if (c == '\n') {
                if (inDirective) {
                    return PpToken.eof(file, line, column, displayColumn);
                }
                advance();
                atLineStart = true;
                flags = 0;
            } else if (c == ' ' || c == '\t' || c == '\f' || c == 0x0b || c == '\r') {
                advance();
                flags |= PpToken.PREV_WHITE;
            } else if (c == '/' && peek(1) == '*') {
                skipBlockComment();
                flags |= PpToken.PREV_WHITE;
            } else if (c == '/' && peek(1) == '/') {
                while (peek(0) >= 0 && peek(0) != '\n') {
                    advance();
                }
                flags |= PpToken.PREV_WHITE;
            } else {
                break;
            }
        }
        if (atLineStart) {
            flags |= PpToken.BOL;
            atLineStart = false;
        }
        int startLine = line;
        int startColumn = column;
        int startDisplay = displayColumn;
        int c = peek(0);
        StringBuilder spelling = new StringBuilder();
        Kind kind;
        if (isIdentifierStart(c)) {
            while (isIdentifierChar(peek(0))) {
                spelling.append((char) take());
            }
            kind = Kind.NAME;
        } else if (isDigit(c) || (c == '.' && isDigit(peek(1)))) {
            lexNumber(spelling);
            kind = Kind.NUMBER;
        } else if (c == '"' || c == '\'') {
            kind = lexQuoted(spelling, c, c == '"' ? Kind.STRING : Kind.CHAR);
        } else if (c == '<' && angledHeaders && headerNameAhead()) {
            do {
                spelling.append((char) take());
            } while (spelling.charAt(spelling.length() - 1) != '>');
            kind = Kind.HEADER_NAME;
        } else {
            kind = lexPunctuator(spelling);
        }
        return new PpToken(kind, spelling.toString(), flags, file, startLine, startColumn, startDisplay);
    }

    /** Consumes what is left of the current line (a directive's trailing tokens). */
    void skipRestOfLine() {
        pushedBack.clear();
        while (next().kind != Kind.EOF) {
            // cpplib's skip_rest_of_line: lex and drop
        }
    }

    /** cpplib lex_number: digits, letters, '.', '_' and a sign after e/E/p/P. */
    private void lexNumber(StringBuilder out) {
        while (true) {
            int c = peek(0);
            if (isIdentifierChar(c) || c == '.') {
                out.append((char) take());
            } else if ((c == '+' || c == '-') && out.length() > 0
                    && "eEpP".indexOf(out.charAt(out.length() - 1)) >= 0) {
                out.append((char) take());
            } else {
                return;
            }
        }
    }

    /**
     * cpplib lex_string: up to the matching quote, backslash escapes skipped; at the end of the
     * line the quote and the rest of the line become one "other" token (no error for assembler).
     */
    private Kind lexQuoted(StringBuilder out, int quote, Kind kind) {
        out.append((char) take());
        while (true) {
            int c = peek(0);
            if (c < 0 || c == '\n') {
                return Kind.OTHER;
            }
            out.append((char) take());
            if (c == quote) {
                return kind;
            }
            if (c == '\\' && peek(0) >= 0 && peek(0) != '\n') {
                out.append((char) take());
            }
        }
    }

    private boolean headerNameAhead() {
        for (int i = 1; ; i++) {
            int c = peek(i);
            if (c < 0 || c == '\n') {
                return false;
            }
            if (c == '>') {
                return true;
            }
        }
    }

    private Kind lexPunctuator(StringBuilder out) {
        for (int i = 0; i < PUNCTUATORS.size(); i++) {
            String p = PUNCTUATORS.get(i);
            if (lookingAt(p)) {
                for (int k = 0; k < p.length(); k++) {
                    out.append((char) take());
                }
                return PUNCTUATOR_KINDS.get(i);
            }
        }
        out.append((char) take());
        return Kind.OTHER;
    }

    private boolean lookingAt(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (peek(i) != s.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private void skipBlockComment() {
        int startLine = line;
        int startColumn = displayColumn;
        advance();
        advance();
        while (true) {
            int c = peek(0);
            if (c < 0) {
                throw new FdtException(file + ":" + startLine + ":" + startColumn
                        + ": error: unterminated comment");
            }
            advance();
            if (c == '*' && peek(0) == '/') {
                advance();
                return;
            }
        }
    }

    /** The character {@code ahead} logical characters on, splices skipped; -1 at the end. */
    private int peek(int ahead) {
        int p = pos;
        for (int i = 0; ; i++) {
            p = skipSplices(p);
            if (p >= text.length()) {
                return -1;
            }
            if (i == ahead) {
                return text.charAt(p);
            }
            p++;
        }
    }

    private int take() {
        int c = peek(0);
        advance();
        return c;
    }

    private void advance() {
        int p = skipSplices(pos);
        if (p > pos) {
            line += countNewlines(pos, p);
            column = 1;
            displayColumn = 1;
            pos = p;
        }
        if (pos >= text.length()) {
            return;
        }
        char c = text.charAt(pos);
        if (c == '\n') {
            line++;
            column = 1;
            displayColumn = 1;
        } else {
            column++;
            if (c == '\t') {
                displayColumn = ((displayColumn - 1) / 8 + 1) * 8 + 1;
            } else if (c < 0x80 || c >= 0xc0) {
                // A UTF-8 continuation byte adds no display column.
                displayColumn++;
            }
        }
        pos++;
    }

    /** Skips backslash-newline pairs (and backslash, blanks, newline, which GCC also accepts). */
    private int skipSplices(int p) {
        while (p < text.length() && text.charAt(p) == '\\') {
            int q = p + 1;
            while (q < text.length() && (text.charAt(q) == ' ' || text.charAt(q) == '\t')) {
                q++;
            }
            if (q < text.length() && text.charAt(q) == '\n') {
                p = q + 1;
            } else {
                break;
            }
        }
        return p;
    }

    private int countNewlines(int from, int to) {
        int n = 0;
        for (int i = from; i < to; i++) {
            if (text.charAt(i) == '\n') {
                n++;
            }
        }
        return n;
    }

    static boolean isIdentifierStart(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '$';
    }

    static boolean isIdentifierChar(int c) {
        return isIdentifierStart(c) || isDigit(c);
    }

    static boolean isDigit(int c) {
        return c >= '0' && c <= '9';
    }

    /** Lexes a whole string as one token, for ## (cpplib paste_tokens); null if it is not one. */
    static PpToken lexSingle(String spelling, PpToken like) {
        PpLexer lexer = new PpLexer(like.file, spelling);
        lexer.inDirective = true;
        PpToken t = lexer.next();
        if (t.kind == Kind.EOF || lexer.next().kind != Kind.EOF) {
            return null;
        }
        return new PpToken(t.kind, t.text, like.flags & PpToken.PREV_WHITE, like.file, like.line,
                like.column, like.displayColumn);
    }
}
