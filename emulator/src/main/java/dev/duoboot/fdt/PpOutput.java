package dev.duoboot.fdt;

import dev.duoboot.fdt.PpToken.Kind;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes preprocessed text exactly as GCC 12's {@code cpp} does (gcc/c-family/c-ppoutput.c):
 * linemarkers, one output line per source line with its indentation rebuilt as spaces, gaps of
 * fewer than 8 lines filled with blank lines and longer ones with a linemarker, a single space
 * where the source had whitespace, and the {@code cpp_avoid_paste} spaces after macro
 * expansions. dtc reads this text, so its line.column positions come out as with the real tools.
 */
final class PpOutput {
    private final StringBuilder out = new StringBuilder();
    private final List<MacroUse> macroUses = new ArrayList<>();
    private boolean printed;
    private int srcLine;
    private String srcFile;
    private PpToken prev;
    private PpToken source;
    private boolean avoidPaste;
    private int outLine;

    /** The four linemarkers GCC 12 starts with. */
    void start(String mainFile) {
        printLine(0, mainFile, "");
        printLine(0, "<built-in>", "");
        printLine(0, "<command-line>", "");
        printLine(1, mainFile, "");
    }

    /** c-ppoutput.c cb_line_change: a source line starts with {@code token}. */
    void lineChange(PpToken token, boolean parsingArgs) {
        if (token.kind == Kind.EOF || parsingArgs) {
            return;
        }
        maybePrintLine(token.line, token.file);
        prev = null;
        source = null;
        for (int spaces = token.column - 2; spaces > 0; spaces--) {
            append(" ");
        }
        printed = true;
    }

    /** pp_file_change for LC_ENTER: bring output to the #include line, then mark the new file. */
    void enterFile(int includeLine, String includer, String file) {
        maybePrintLine(includeLine, includer);
        printLine(1, file, " 1");
    }

    /** pp_file_change for LC_LEAVE. */
    void leaveFile(int resumeLine, String file) {
        printLine(resumeLine, file, " 2");
    }

    /** c-ppoutput.c scan_translation_unit, for one token. */
    void token(PpToken token) {
        if (token.kind == Kind.PADDING) {
            avoidPaste = true;
            if (source == null
                    || (!source.has(PpToken.PREV_WHITE) && token.source == null)) {
                source = token.source;
            }
            return;
        }
        if (avoidPaste) {
            PpToken s = source == null ? token : source;
            if (s.has(PpToken.PREV_WHITE)
                    || (prev != null && avoidPaste(prev, token))
                    || (prev == null && token.kind == Kind.HASH)) {
                append(" ");
            }
        } else if (token.has(PpToken.PREV_WHITE)) {
            append(" ");
        }
        avoidPaste = false;
        source = null;
        prev = token;
        int column = currentColumn();
        append(token.text);
        printed = true;
        if (token.expandedFrom != null) {
            macroUses.add(new MacroUse(outLine, column + 1, currentColumn() + 1,
                    token.expandedFrom.name(), token.expandedFrom.definedAt()));
        }
    }

    String finish() {
        if (printed) {
            append("\n");
            printed = false;
        }
        return out.toString();
    }

    List<MacroUse> macroUses() {
        return macroUses;
    }

    private void maybePrintLine(int line, String file) {
        if (printed) {
            append("\n");
            srcLine++;
            printed = false;
        }
        if (line >= srcLine && line < srcLine + 8 && file.equals(srcFile)) {
            while (line > srcLine) {
                append("\n");
                srcLine++;
            }
        } else {
            printLine(line, file, "");
        }
    }

    private void printLine(int line, String file, String flags) {
        if (printed) {
            append("\n");
        }
        printed = false;
        srcLine = line;
        srcFile = file;
        append("# " + line + " \"" + quote(file) + "\"" + flags + "\n");
    }

    /** cpp_quote_string. */
    static String quote(String s) {
        StringBuilder b = new StringBuilder();
        for (char c : s.toCharArray()) {
            if (c == '\\' || c == '"') {
                b.append('\\').append(c);
            } else if (c == '\n') {
                b.append("\\n");
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    /** cpplib cpp_avoid_paste: would printing {@code b} right after {@code a} lex differently? */
    static boolean avoidPaste(PpToken a, PpToken b) {
        int c = b.kind.isOperator() ? b.text.charAt(0) : -1;
        if (a.kind.pastesWithEquals() && c == '=') {
            return true;
        }
        return switch (a.kind) {
            case GREATER -> c == '>';
            case LESS -> c == '<' || c == '%' || c == ':';
            case PLUS -> c == '+';
            case MINUS -> c == '-' || c == '>';
            case DIV -> c == '/' || c == '*';
            case MOD -> c == ':' || c == '%';
            case AND -> c == '&';
            case OR -> c == '|';
            case COLON -> c == ':' || c == '>';
            case DEREF -> c == '*';
            case DOT -> c == '.' || c == '%' || b.kind == Kind.NUMBER;
            case HASH -> c == '#' || c == '%';
            case NAME -> (b.kind == Kind.NUMBER && isName(b.text)) || b.kind == Kind.NAME
                    || b.kind == Kind.CHAR || b.kind == Kind.STRING;
            case NUMBER -> b.kind == Kind.NUMBER || b.kind == Kind.NAME || b.kind == Kind.CHAR
                    || c == '.' || c == '+' || c == '-';
            case OTHER -> a.text.charAt(0) == '\\' && b.kind == Kind.NAME;
            default -> false;
        };
    }

    /**
     * cpplib name_p, as measured: a number spelled only with identifier characters ({@code 10},
     * {@code 0x1fUL}) would merge with a name before it ({@code 1e+5} or {@code .5} would not).
     */
    private static boolean isName(String s) {
        return !s.isEmpty() && s.chars().allMatch(PpLexer::isIdentifierChar);
    }

    private void append(String s) {
        out.append(s);
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) == '\n') {
                outLine++;
            }
        }
    }

    private int currentColumn() {
        int lastNewline = out.lastIndexOf("\n");
        return out.length() - (lastNewline + 1);
    }
}
