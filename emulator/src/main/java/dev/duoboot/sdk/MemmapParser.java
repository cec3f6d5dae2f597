package dev.duoboot.sdk;

import dev.duoboot.sdk.MemmapLexer.Kind;
import dev.duoboot.sdk.MemmapLexer.Token;
import dev.duoboot.sdk.PyValue.PyInt;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Parses the Python subset of {@code memmap.py} into statements and expressions. Everything else
 * Python has is rejected here, before anything is evaluated, with {@code file:line} and the
 * construct's name.
 */
final class MemmapParser {

    sealed interface Expr {
        int line();
    }

    record Literal(PyValue value, int line) implements Expr {}

    record Name(String id, int line) implements Expr {}

    record Unary(String op, Expr operand, int line) implements Expr {}

    record Binary(String op, Expr left, Expr right, int line) implements Expr {}

    /** {@code a < b <= c}: Python's chained comparison. */
    /** {@code span}: where the comparison lies in the source, its operands' parentheses included. */
    record Compare(Expr first, List<String> ops, List<Expr> rest, Span span, int line) implements Expr {}

    /** {@code and} / {@code or}, which return one of their operands. */
    record BoolOp(String op, List<Expr> values, int line) implements Expr {}

    record Not(Expr operand, int line) implements Expr {}

    record ListDisplay(List<Expr> items, boolean tuple, int line) implements Expr {}

    /** A call of the builtin {@code int}. */
    record IntCall(List<Expr> args, int line) implements Expr {}

    sealed interface Stmt {
        int line();
    }

    record Assign(List<String> targets, Expr value, int line) implements Stmt {}

    record AugAssign(String target, String op, Expr value, int line) implements Stmt {}

    /**
     * {@code text} is the condition as written (blanks collapsed), for the failure message;
     * {@code span} where the condition's expression lies in the source (outer parentheses not
     * included, as in Python's own node positions), for the traceback's underline.
     */
    record Assert(Expr test, Optional<Expr> message, String text, Span span, int line) implements Stmt {}

    /** From (line, column) to the end (line, column after the last character), 1-based columns. */
    record Span(int line, int column, int endLine, int endColumn) {}

    record ClassDef(String name, List<Stmt> body, int line) implements Stmt {}

    private static final Set<String> KEYWORDS = Set.of("False", "None", "True", "and", "as", "assert", "async",
            "await", "break", "class", "continue", "def", "del", "elif", "else", "except", "finally", "for", "from",
            "global", "if", "import", "in", "is", "lambda", "nonlocal", "not", "or", "pass", "raise", "return",
            "try", "while", "with", "yield");
    private static final Set<String> AUGMENTED = Set.of("+=", "-=", "*=", "/=", "//=", "%=", "**=", "<<=", ">>=",
            "&=", "|=", "^=");
    private static final Set<String> COMPARISONS = Set.of("<", ">", "<=", ">=", "==", "!=");
    private static final String SUBSET = " is not supported in memmap.py (only constants, class MemoryMap,"
            + " int/float arithmetic, int() and assert are evaluated)";

    /** Nesting limit (brackets, unary operators, operator chains): keeps evaluation recursion bounded. */
    static final int MAX_DEPTH = 400;

    private final String file;
    private final List<Token> tokens;
    private int p;
    private int depth;

    private MemmapParser(String file, List<Token> tokens) {
        this.file = file;
        this.tokens = tokens;
    }

    static List<Stmt> parse(String file, String source) {
        return new MemmapParser(file, MemmapLexer.tokenize(file, source)).module();
    }

    private List<Stmt> module() {
        List<Stmt> out = new ArrayList<>();
        while (peek().kind() != Kind.END) {
            if (peek().kind() == Kind.INDENT) {
                throw error(peek(), "unexpected indent");
            }
            statement(out, false);
        }
        return out;
    }

    /** One statement (or none, for pass and docstrings) appended to {@code out}. */
    private void statement(List<Stmt> out, boolean inClass) {
        Token t = peek();
        if (t.kind() == Kind.NAME) {
            switch (t.text()) {
                case "class" -> {
                    if (inClass) {
                        throw unsupported(t, "a nested class");
                    }
                    out.add(classDef());
                    return;
                }
                case "assert" -> {
                    out.add(assertStmt());
                    endOfStatement();
                    return;
                }
                case "pass" -> {
                    next();
                    endOfStatement();
                    return;
                }
                case "import", "from" -> throw unsupported(t, "'" + t.text() + "' (importing modules)");
                case "def" -> throw unsupported(t, "function definition 'def'");
                case "for", "while" -> throw unsupported(t, "loop '" + t.text() + "'");
                case "if", "elif", "else" -> throw unsupported(t, "'" + t.text() + "' statement");
                case "with", "try", "except", "finally", "raise", "return", "yield", "global", "nonlocal", "del",
                        "async", "await", "break", "continue", "lambda" ->
                        throw unsupported(t, "'" + t.text() + "'");
                default -> {
                    // an assignment or an expression statement
                }
            }
        }
        if (t.isOp("@")) {
            throw unsupported(t, "decorator '@'");
        }
        simpleStatement(out);
        endOfStatement();
    }

    private void endOfStatement() {
        Token t = peek();
        if (t.isOp(";")) {
            throw unsupported(t, "several statements on one line (';')");
        }
        if (t.kind() != Kind.NEWLINE) {
            throw error(t, "expected the end of the statement, found " + describe(t));
        }
        next();
    }

    private ClassDef classDef() {
        Token kw = next();
        Token name = expect(Kind.NAME, "a class name after 'class'");
        if (peek().isOp("(")) {
            next();
            if (peek().is(Kind.NAME, "object")) {
                next();
            }
            if (!peek().isOp(")")) {
                throw unsupported(peek(), "a base class other than 'object'");
            }
            next();
        }
        expectOp(":", "':' after the class name");
        List<Stmt> body = new ArrayList<>();
        if (peek().kind() != Kind.NEWLINE) {
            statement(body, true); // class X: <simple statement>
            return new ClassDef(name.text(), body, kw.line());
        }
        next();
        if (peek().kind() != Kind.INDENT) {
            throw error(peek(), "expected an indented block after 'class " + name.text() + ":'");
        }
        next();
        while (peek().kind() != Kind.DEDENT && peek().kind() != Kind.END) {
            if (peek().kind() == Kind.INDENT) {
                throw error(peek(), "unexpected indent");
            }
            statement(body, true);
        }
        if (peek().kind() == Kind.DEDENT) {
            next();
        }
        return new ClassDef(name.text(), body, kw.line());
    }

    private Assert assertStmt() {
        Token kw = next();
        int start = p;
        Expr test = test();
        String text = sourceText(start, p);
        Span span = span(start, p);
        Optional<Expr> message = Optional.empty();
        if (peek().isOp(",")) {
            next();
            message = Optional.of(test());
        }
        return new Assert(test, message, text, span, kw.line());
    }

    private void simpleStatement(List<Stmt> out) {
        Token first = peek();
        Expr e = testList();
        if (AUGMENTED.contains(peek().text()) && peek().kind() == Kind.OP) {
            Token op = next();
            String target = target(e, first);
            out.add(new AugAssign(target, op.text().substring(0, op.text().length() - 1), testList(), first.line()));
            return;
        }
        if (peek().isOp("=")) {
            List<String> targets = new ArrayList<>();
            targets.add(target(e, first));
            next();
            Token valueStart = peek();
            Expr value = testList();
            while (peek().isOp("=")) {
                targets.add(target(value, valueStart));
                next();
                valueStart = peek();
                value = testList();
            }
            out.add(new Assign(targets, value, first.line()));
            return;
        }
        if (peek().isOp(":")) {
            throw unsupported(peek(), "an annotated assignment");
        }
        if (e instanceof Literal l && l.value() instanceof PyValue.PyStr) {
            return; // a docstring or a bare string: no effect
        }
        throw unsupported(first, "an expression statement (only assignments, assert and docstrings)");
    }

    private String target(Expr e, Token at) {
        if (e instanceof Name n) {
            return n.id();
        }
        throw unsupported(at, "assignment to anything but a plain name");
    }

    /** An expression list: {@code a} or the tuple {@code a, b}. */
    private Expr testList() {
        Token first = peek();
        Expr e = test();
        if (!peek().isOp(",")) {
            return e;
        }
        List<Expr> items = new ArrayList<>(List.of(e));
        while (peek().isOp(",")) {
            next();
            if (startsExpression(peek())) {
                items.add(test());
            } else {
                break;
            }
        }
        return new ListDisplay(items, true, first.line());
    }

    private Expr test() {
        enter();
        try {
            return testInner();
        } finally {
            depth--;
        }
    }

    private void enter() {
        if (++depth > MAX_DEPTH) {
            throw error(peek(), "expression nested more than " + MAX_DEPTH + " levels deep");
        }
    }

    private Expr testInner() {
        Token t = peek();
        if (t.isKeyword("lambda")) {
            throw unsupported(t, "'lambda'");
        }
        Expr e = orTest();
        if (peek().isKeyword("if")) {
            throw unsupported(peek(), "a conditional expression ('x if c else y')");
        }
        if (peek().isOp(":=")) {
            throw unsupported(peek(), "an assignment expression (':=')");
        }
        return e;
    }

    private Expr orTest() {
        return boolOp("or", this::andTest);
    }

    private Expr andTest() {
        return boolOp("and", this::notTest);
    }

    private Expr boolOp(String op, java.util.function.Supplier<Expr> operand) {
        Token first = peek();
        Expr e = operand.get();
        if (!peek().isKeyword(op)) {
            return e;
        }
        List<Expr> values = new ArrayList<>(List.of(e));
        while (peek().isKeyword(op)) {
            next();
            values.add(operand.get());
        }
        return new BoolOp(op, values, first.line());
    }

    private Expr notTest() {
        if (peek().isKeyword("not")) {
            Token t = next();
            enter();
            try {
                return new Not(notTest(), t.line());
            } finally {
                depth--;
            }
        }
        return comparison();
    }

    private Expr comparison() {
        Token first = peek();
        int start = p;
        Expr e = bitOr();
        List<String> ops = new ArrayList<>();
        List<Expr> rest = new ArrayList<>();
        while (true) {
            Token t = peek();
            if (t.kind() == Kind.OP && COMPARISONS.contains(t.text())) {
                next();
                ops.add(t.text());
                rest.add(bitOr());
            } else if (t.isKeyword("in") || t.isKeyword("is") || (t.isKeyword("not") && peek(1).isKeyword("in"))) {
                throw unsupported(t, "the '" + t.text() + "' comparison");
            } else {
                break;
            }
        }
        if (ops.isEmpty()) {
            return e;
        }
        Token last = tokens.get(p - 1);
        Token from = tokens.get(start);
        return new Compare(e, ops, rest, new Span(from.line(), from.column(), last.line(), last.column() + last.text().length()),
                first.line());
    }

    private Expr bitOr() {
        return binaryLevel(this::bitXor, "|");
    }

    private Expr bitXor() {
        return binaryLevel(this::bitAnd, "^");
    }

    private Expr bitAnd() {
        return binaryLevel(this::shift, "&");
    }

    private Expr shift() {
        return binaryLevel(this::arith, "<<", ">>");
    }

    private Expr arith() {
        return binaryLevel(this::term, "+", "-");
    }

    private Expr term() {
        Expr e = binaryLevel(this::factor, "*", "/", "//", "%");
        if (peek().isOp("@")) {
            throw unsupported(peek(), "the matrix operator '@'");
        }
        return e;
    }

    /** A left-associative chain; each link deepens the tree, so each counts toward the nesting limit. */
    private Expr binaryLevel(java.util.function.Supplier<Expr> operand, String... ops) {
        Expr e = operand.get();
        int links = 0;
        try {
            while (peek().kind() == Kind.OP && List.of(ops).contains(peek().text())) {
                Token op = next();
                enter();
                links++;
                e = new Binary(op.text(), e, operand.get(), op.line());
            }
            return e;
        } finally {
            depth -= links;
        }
    }

    private Expr factor() {
        Token t = peek();
        if (t.isOp("-") || t.isOp("+") || t.isOp("~")) {
            next();
            enter();
            try {
                return new Unary(t.text(), factor(), t.line());
            } finally {
                depth--;
            }
        }
        return power();
    }

    private Expr power() {
        Expr base = atomExpr();
        if (peek().isOp("**")) {
            Token op = next();
            enter();
            try {
                return new Binary("**", base, factor(), op.line());
            } finally {
                depth--;
            }
        }
        return base;
    }

    private Expr atomExpr() {
        Token t = peek();
        Expr e = atom();
        while (true) {
            Token n = peek();
            if (n.isOp("(")) {
                if (!(e instanceof Name name) || !name.id().equals("int")) {
                    throw unsupported(t, "a call to '" + describeCallee(e, t) + "()' (only int() is)");
                }
                e = new IntCall(callArguments(), t.line());
            } else if (n.isOp(".")) {
                String attr = peek(1).kind() == Kind.NAME ? "." + peek(1).text() : ".";
                throw unsupported(n, "attribute access '" + (e instanceof Name nm ? nm.id() : "") + attr + "'");
            } else if (n.isOp("[")) {
                throw unsupported(n, "subscripting ('[...]' after a value)");
            } else {
                return e;
            }
        }
    }

    private String describeCallee(Expr e, Token t) {
        return e instanceof Name n ? n.id() : t.text();
    }

    private List<Expr> callArguments() {
        expectOp("(", "'('");
        List<Expr> args = new ArrayList<>();
        while (!peek().isOp(")")) {
            if (peek().isOp("*") || peek().isOp("**")) {
                throw unsupported(peek(), "argument unpacking");
            }
            if (peek().kind() == Kind.NAME && peek(1).isOp("=")) {
                throw unsupported(peek(), "a keyword argument");
            }
            args.add(test());
            if (!peek().isOp(",")) {
                break;
            }
            next();
        }
        expectOp(")", "')' to close the call");
        return args;
    }

    private Expr atom() {
        Token t = peek();
        switch (t.kind()) {
            case NUMBER -> {
                next();
                return new Literal((PyValue) t.value(), t.line());
            }
            case STRING -> {
                StringBuilder sb = new StringBuilder();
                while (peek().kind() == Kind.STRING) {
                    sb.append((String) next().value());
                }
                return new Literal(new PyValue.PyStr(sb.toString()), t.line());
            }
            case NAME -> {
                next();
                if (t.text().equals("True") || t.text().equals("False")) {
                    return new Literal(PyInt.of(t.text().equals("True") ? 1 : 0), t.line());
                }
                if (KEYWORDS.contains(t.text())) {
                    throw unsupported(t, "'" + t.text() + "' here");
                }
                return new Name(t.text(), t.line());
            }
            case OP -> {
                return switch (t.text()) {
                    case "(" -> parenthesized();
                    case "[" -> listDisplay();
                    case "{" -> throw unsupported(t, "a dict or set display ('{...}')");
                    case "*" -> throw unsupported(t, "unpacking with '*'");
                    default -> throw error(t, "expected a value, found " + describe(t));
                };
            }
            default -> throw error(t, "expected a value, found " + describe(t));
        }
    }

    private Expr parenthesized() {
        Token open = next();
        if (peek().isOp(")")) {
            next();
            return new ListDisplay(List.of(), true, open.line());
        }
        Expr e = testList();
        comprehensionCheck();
        expectOp(")", "')'");
        return e;
    }

    private Expr listDisplay() {
        Token open = next();
        List<Expr> items = new ArrayList<>();
        while (!peek().isOp("]")) {
            items.add(test());
            comprehensionCheck();
            if (!peek().isOp(",")) {
                break;
            }
            next();
        }
        expectOp("]", "']' to close the list");
        return new ListDisplay(items, false, open.line());
    }

    private void comprehensionCheck() {
        if (peek().isKeyword("for")) {
            throw unsupported(peek(), "a comprehension ('for' inside brackets)");
        }
    }

    private boolean startsExpression(Token t) {
        return switch (t.kind()) {
            case NUMBER, STRING -> true;
            case NAME -> !KEYWORDS.contains(t.text()) || Set.of("not", "True", "False", "lambda").contains(t.text());
            case OP -> Set.of("(", "[", "{", "-", "+", "~").contains(t.text());
            default -> false;
        };
    }

    /** The tokens [from, to) as written, with every run of blanks, comments or line breaks as one space. */
    /** Where tokens [from, to) lie, without one pair of parentheses around all of them. */
    private Span span(int from, int to) {
        int a = from;
        int b = to;
        while (b - a >= 2 && tokens.get(a).isOp("(") && tokens.get(b - 1).isOp(")") && closes(a, b - 1)) {
            a++;
            b--;
        }
        Token first = tokens.get(a);
        Token last = tokens.get(b - 1);
        return new Span(first.line(), first.column(), last.line(), last.column() + last.text().length());
    }

    /** Whether the ')' at {@code close} matches the '(' at {@code open}. */
    private boolean closes(int open, int close) {
        int depth = 0;
        for (int i = open; i <= close; i++) {
            Token t = tokens.get(i);
            if (t.isOp("(")) {
                depth++;
            } else if (t.isOp(")")) {
                depth--;
                if (depth == 0) {
                    return i == close;
                }
            }
        }
        return false;
    }

    private String sourceText(int from, int to) {
        StringBuilder sb = new StringBuilder();
        for (int i = from; i < to; i++) {
            Token t = tokens.get(i);
            if (i > from && t.spaced()) {
                sb.append(' ');
            }
            sb.append(t.text());
        }
        return sb.toString();
    }

    private Token peek() {
        return peek(0);
    }

    private Token peek(int ahead) {
        return tokens.get(Math.min(p + ahead, tokens.size() - 1));
    }

    private Token next() {
        Token t = tokens.get(p);
        if (p < tokens.size() - 1) {
            p++;
        }
        return t;
    }

    private Token expect(Kind kind, String what) {
        if (peek().kind() != kind) {
            throw error(peek(), "expected " + what + ", found " + describe(peek()));
        }
        return next();
    }

    private void expectOp(String op, String what) {
        if (!peek().isOp(op)) {
            throw error(peek(), "expected " + what + ", found " + describe(peek()));
        }
        next();
    }

    private static String describe(Token t) {
        return switch (t.kind()) {
            case NEWLINE -> "the end of the line";
            case INDENT -> "an indent";
            case DEDENT -> "a dedent";
            case END -> "the end of the file";
            default -> "'" + t.text() + "'";
        };
    }

    private SdkFileException unsupported(Token t, String construct) {
        return new SdkFileException(file + ":" + t.line() + ": " + construct + SUBSET);
    }

    private SdkFileException error(Token t, String message) {
        return new SdkFileException(file + ":" + t.line() + ":" + t.column() + ": " + message);
    }
}
