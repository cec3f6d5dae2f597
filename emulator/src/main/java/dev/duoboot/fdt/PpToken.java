package dev.duoboot.fdt;

/**
 * A preprocessing token as GCC's cpplib sees it: its kind, exact spelling, where it starts, the
 * whitespace flags that decide spacing in the output, and for the padding tokens cpplib inserts
 * around macro expansions, the token whose spacing they stand for.
 */
final class PpToken {

    /**
     * Token kinds. The order of the operators up to {@link #LSHIFT} matters: cpplib's
     * {@code cpp_avoid_paste} treats "everything up to CPP_LAST_EQ" as able to paste with '='.
     */
    enum Kind {
        EQ, NOT, GREATER, LESS, PLUS, MINUS, MULT, DIV, MOD, AND, OR, XOR, RSHIFT, LSHIFT,
        COMPL, AND_AND, OR_OR, QUERY, COLON, COMMA, OPEN_PAREN, CLOSE_PAREN,
        EQ_EQ, NOT_EQ, GREATER_EQ, LESS_EQ, PLUS_EQ, MINUS_EQ, MULT_EQ, DIV_EQ, MOD_EQ, AND_EQ,
        OR_EQ, XOR_EQ, RSHIFT_EQ, LSHIFT_EQ, HASH, PASTE, OPEN_SQUARE, CLOSE_SQUARE, OPEN_BRACE,
        CLOSE_BRACE, SEMICOLON, ELLIPSIS, PLUS_PLUS, MINUS_MINUS, DEREF, DOT,
        NAME, NUMBER, CHAR, STRING, HEADER_NAME, OTHER,
        /** cpplib's CPP_PADDING: no text, carries the spacing of {@link #source}. */
        PADDING,
        /** End of a directive line, of macro arguments, or of the input. */
        EOF,
        /** A macro parameter inside a macro body; {@link #argIndex} says which. */
        MACRO_ARG;

        boolean isOperator() {
            return ordinal() <= DOT.ordinal();
        }

        boolean pastesWithEquals() {
            return ordinal() <= LSHIFT.ordinal();
        }
    }

    /** Whitespace before the token (cpplib PREV_WHITE). */
    static final int PREV_WHITE = 1;
    /** First token of a source line (cpplib BOL). */
    static final int BOL = 2;
    /** The token is the left operand of ## in a macro body (cpplib PASTE_LEFT). */
    static final int PASTE_LEFT = 4;
    /** A macro parameter preceded by # in a macro body (cpplib STRINGIFY_ARG). */
    static final int STRINGIFY_ARG = 8;
    /** A macro name that must not expand again (cpplib NO_EXPAND). */
    static final int NO_EXPAND = 16;

    final Kind kind;
    final String text;
    final int flags;
    final String file;
    final int line;
    /** 1-based byte column, what cpp's output spacing uses. */
    final int column;
    /** 1-based column with tabs expanded to 8, what GCC's messages show. */
    final int displayColumn;
    /** For PADDING: the token whose whitespace counts, or null (cpplib's avoid_paste token). */
    final PpToken source;
    /** For MACRO_ARG: the parameter index. */
    final int argIndex;
    /** The outermost macro this token came out of, for error notes; null for source tokens. */
    final Macro expandedFrom;

    PpToken(Kind kind, String text, int flags, String file, int line, int column) {
        this(kind, text, flags, file, line, column, column, null, -1, null);
    }

    PpToken(Kind kind, String text, int flags, String file, int line, int column, int displayColumn) {
        this(kind, text, flags, file, line, column, displayColumn, null, -1, null);
    }

    private PpToken(Kind kind, String text, int flags, String file, int line, int column,
            int displayColumn, PpToken source, int argIndex, Macro expandedFrom) {
        this.kind = kind;
        this.text = text;
        this.flags = flags;
        this.file = file;
        this.line = line;
        this.column = column;
        this.displayColumn = displayColumn;
        this.source = source;
        this.argIndex = argIndex;
        this.expandedFrom = expandedFrom;
    }

    static PpToken padding(PpToken source) {
        return new PpToken(Kind.PADDING, "", 0, null, 0, 0, 0, source, -1, null);
    }

    static PpToken eof(String file, int line, int column, int displayColumn) {
        return new PpToken(Kind.EOF, "", 0, file, line, column, displayColumn);
    }

    PpToken asMacroArg(int index) {
        return new PpToken(Kind.MACRO_ARG, text, flags, file, line, column, displayColumn, null, index, null);
    }

    PpToken withFlags(int newFlags) {
        return new PpToken(kind, text, newFlags, file, line, column, displayColumn, source, argIndex,
                expandedFrom);
    }

    PpToken expandedFrom(Macro macro) {
        return new PpToken(kind, text, flags, file, line, column, displayColumn, source, argIndex, macro);
    }

    boolean has(int flag) {
        return (flags & flag) != 0;
    }

    /** "file:line:column", the way GCC names a place (display column). */
    String where() {
        return file + ":" + line + ":" + displayColumn;
    }

    @Override
    public String toString() {
        return kind == Kind.PADDING ? "<pad>" : text;
    }
}
