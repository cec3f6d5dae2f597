package dev.duoboot.fdt;

import dev.duoboot.fdt.PpToken.Kind;
import java.util.List;

/**
 * Evaluates a {@code #if} expression after macro expansion and {@code defined}, in 64-bit
 * arithmetic with C's signed/unsigned rules (cpplib expr.c, {@code _cpp_parse_expr}). Names left
 * over are 0. Errors use cpplib's wording and the place of the offending token.
 */
final class PpExpression {
    /** A value and whether it is unsigned (cpplib cpp_num's "unsignedp"). */
    private record Num(long value, boolean unsigned) {
        boolean isTrue() {
            return value != 0;
        }
    }

    private final List<PpToken> tokens;
    private final PpToken directive;
    private final PpToken end;
    private int pos;

    private PpExpression(List<PpToken> tokens, PpToken directive, PpToken end) {
        this.tokens = tokens;
        this.directive = directive;
        this.end = end;
    }

    /**
     * True when the expression is non-zero; {@code directive} names "#if"/"#elif" in errors,
     * {@code end} is the end of the line (where GCC reports a missing operand).
     */
    static boolean evaluate(List<PpToken> tokens, PpToken directive, PpToken end) {
        if (tokens.isEmpty()) {
            throw error(end, "#" + directive.text + " with no expression");
        }
        PpExpression e = new PpExpression(tokens, directive, end);
        Num n = e.conditional();
        if (e.pos < tokens.size()) {
            PpToken t = tokens.get(e.pos);
            if (t.kind == Kind.CLOSE_PAREN) {
                throw error(t, "missing '(' in expression");
            }
            if (t.kind == Kind.COLON) {
                throw error(t, " ':' without preceding '?'");
            }
            throw error(t, "missing binary operator before token \"" + t.text + "\"");
        }
        return n.isTrue();
    }

    private Num conditional() {
        Num c = binary(0);
        if (peekIs(Kind.QUERY)) {
            PpToken q = tokens.get(pos++);
            Num a = comma();
            if (!peekIs(Kind.COLON)) {
                throw error(current(), "'?' without following ':'");
            }
            PpToken colon = tokens.get(pos++);
            requireOperand(colon);
            Num b = conditional();
            boolean unsigned = a.unsigned || b.unsigned;
            return new Num(c.isTrue() ? a.value : b.value, unsigned);
        }
        return c;
    }

    /** Inside ?: and parentheses a comma operator is allowed (cpplib pedwarns, value is the right). */
    private Num comma() {
        Num n = conditional();
        while (peekIs(Kind.COMMA)) {
            PpToken op = tokens.get(pos++);
            requireOperand(op);
            n = conditional();
        }
        return n;
    }

    private static int precedence(Kind k) {
        return switch (k) {
            case OR_OR -> 1;
            case AND_AND -> 2;
            case OR -> 3;
            case XOR -> 4;
            case AND -> 5;
            case EQ_EQ, NOT_EQ -> 6;
            case LESS, GREATER, LESS_EQ, GREATER_EQ -> 7;
            case LSHIFT, RSHIFT -> 8;
            case PLUS, MINUS -> 9;
            case MULT, DIV, MOD -> 10;
            default -> -1;
        };
    }

    /** Precedence climbing over the binary operators, all left-associative. */
    private Num binary(int minPrecedence) {
        Num left = unary();
        while (pos < tokens.size()) {
            PpToken op = tokens.get(pos);
            int p = precedence(op.kind);
            if (p < 0 || p < minPrecedence) {
                break;
            }
            pos++;
            requireOperand(op);
            Num right = binary(p + 1);
            left = apply(op, left, right);
        }
        return left;
    }

    private Num unary() {
        PpToken t = current();
        if (t == end) {
            throw error(end, "#" + directive.text + " with no expression");
        }
        switch (t.kind) {
            case PLUS, MINUS, COMPL, NOT -> {
                pos++;
                requireOperand(t);
                Num n = unary();
                return switch (t.kind) {
                    case PLUS -> n;
                    case MINUS -> new Num(-n.value, n.unsigned);
                    case COMPL -> new Num(~n.value, n.unsigned);
                    default -> new Num(n.isTrue() ? 0 : 1, false);
                };
            }
            case OPEN_PAREN -> {
                pos++;
                if (peekIs(Kind.CLOSE_PAREN)) {
                    throw error(tokens.get(pos), "missing expression between '(' and ')'");
                }
                requireOperand(t);
                Num n = comma();
                if (!peekIs(Kind.CLOSE_PAREN)) {
                    throw error(t, "missing ')' in expression");
                }
                pos++;
                return n;
            }
            case NUMBER -> {
                pos++;
                return number(t);
            }
            case CHAR -> {
                pos++;
                return new Num(charValue(t), false);
            }
            case NAME -> {
                pos++;
                return new Num(0, false);
            }
            default -> {
                if (t.kind == Kind.CLOSE_PAREN) {
                    throw error(t, "missing '(' in expression");
                }
                if (t.kind.isOperator()) {
                    throw error(t, "operator '" + t.text + "' has no left operand");
                }
                throw error(t, "token \"" + t.text + "\" is not valid in preprocessor expressions");
            }
        }
    }

    private void requireOperand(PpToken op) {
        if (pos >= tokens.size()) {
            throw error(end, "operator '" + op.text + "' has no right operand");
        }
    }

    private PpToken current() {
        return pos < tokens.size() ? tokens.get(pos) : end;
    }

    private static Num apply(PpToken op, Num a, Num b) {
        boolean unsigned = a.unsigned || b.unsigned;
        long x = a.value;
        long y = b.value;
        return switch (op.kind) {
            case OR_OR -> new Num(a.isTrue() || b.isTrue() ? 1 : 0, false);
            case AND_AND -> new Num(a.isTrue() && b.isTrue() ? 1 : 0, false);
            case OR -> new Num(x | y, unsigned);
            case XOR -> new Num(x ^ y, unsigned);
            case AND -> new Num(x & y, unsigned);
            case EQ_EQ -> new Num(x == y ? 1 : 0, false);
            case NOT_EQ -> new Num(x != y ? 1 : 0, false);
            case LESS -> new Num(compare(x, y, unsigned) < 0 ? 1 : 0, false);
            case GREATER -> new Num(compare(x, y, unsigned) > 0 ? 1 : 0, false);
            case LESS_EQ -> new Num(compare(x, y, unsigned) <= 0 ? 1 : 0, false);
            case GREATER_EQ -> new Num(compare(x, y, unsigned) >= 0 ? 1 : 0, false);
            case LSHIFT -> shift(a, y, b.unsigned, true);
            case RSHIFT -> shift(a, y, b.unsigned, false);
            case PLUS -> new Num(x + y, unsigned);
            case MINUS -> new Num(x - y, unsigned);
            case MULT -> new Num(x * y, unsigned);
            case DIV, MOD -> {
                if (y == 0) {
                    throw error(op, "division by zero in #if");
                }
                long r;
                if (unsigned) {
                    r = op.kind == Kind.DIV ? Long.divideUnsigned(x, y) : Long.remainderUnsigned(x, y);
                } else {
                    r = op.kind == Kind.DIV ? x / y : x % y;
                }
                yield new Num(r, unsigned);
            }
            default -> throw new IllegalStateException("not a binary operator: " + op.text);
        };
    }

    /** cpplib num_lshift/num_rshift: a negative count shifts the other way; >= 64 bits clears. */
    private static Num shift(Num a, long count, boolean countUnsigned, boolean left) {
        if (!countUnsigned && count < 0) {
            left = !left;
            count = -count;
        }
        long v;
        if (left) {
            v = Long.compareUnsigned(count, 64) >= 0 ? 0 : a.value << count;
        } else if (Long.compareUnsigned(count, 64) >= 0) {
            v = !a.unsigned && a.value < 0 ? -1 : 0;
        } else {
            v = a.unsigned ? a.value >>> count : a.value >> count;
        }
        return new Num(v, a.unsigned);
    }

    private static int compare(long x, long y, boolean unsigned) {
        return unsigned ? Long.compareUnsigned(x, y) : Long.compare(x, y);
    }

    /** cpplib cpp_classify_number + cpp_interpret_integer. */
    private static Num number(PpToken t) {
        String s = t.text;
        int radix = 10;
        int start = 0;
        if (s.length() > 1 && s.charAt(0) == '0' && (s.charAt(1) == 'x' || s.charAt(1) == 'X')) {
            radix = 16;
            start = 2;
        } else if (s.length() > 1 && s.charAt(0) == '0' && (s.charAt(1) == 'b' || s.charAt(1) == 'B')) {
            radix = 2;
            start = 2;
        } else if (s.charAt(0) == '0') {
            radix = 8;
        }
        int end = start;
        while (end < s.length() && Character.digit(s.charAt(end), radix == 8 ? 10 : radix) >= 0) {
            end++;
        }
        String suffix = s.substring(end);
        if (suffix.contains(".") || (radix == 10 && (suffix.startsWith("e") || suffix.startsWith("E")))
                || (radix == 16 && (suffix.startsWith("p") || suffix.startsWith("P")))) {
            throw error(t, "floating constant in preprocessor expression");
        }
        String digits = s.substring(start, end);
        if (radix == 8 && digits.chars().anyMatch(c -> c == '8' || c == '9')) {
            throw error(t, "invalid digit \"" + (char) digits.chars().filter(c -> c >= '8').findFirst()
                    .getAsInt() + "\" in octal constant");
        }
        if (!suffix.isEmpty() && !suffix.matches("(?i)(u|l|ul|lu|ll|ull|llu)")) {
            throw error(t, "invalid suffix \"" + suffix + "\" on integer constant");
        }
        if (digits.isEmpty() && start > 0) {
            throw error(t, "invalid suffix \"" + s.substring(1) + "\" on integer constant");
        }
        long value = 0;
        boolean overflow = false;
        for (char c : digits.toCharArray()) {
            int d = Character.digit(c, radix);
            long next = value * radix + d;
            if (Long.compareUnsigned(value, Long.divideUnsigned(-1L, radix)) > 0
                    || Long.compareUnsigned(next, value * radix) < 0) {
                overflow = true;
            }
            value = next;
        }
        if (overflow) {
            throw error(t, "integer constant is too large for its type");
        }
        // A constant too big for intmax_t is unsigned (cpplib warns "so large that it is unsigned").
        boolean unsigned = suffix.toLowerCase().contains("u") || value < 0;
        return new Num(value, unsigned);
    }

    /** A character constant's value, escapes interpreted; multi-character constants as GCC. */
    private static long charValue(PpToken t) {
        String body = t.text.substring(1, t.text.length() - 1);
        long value = 0;
        int count = 0;
        for (int i = 0; i < body.length(); ) {
            int c = body.charAt(i++);
            if (c == '\\' && i < body.length()) {
                int[] next = {i};
                c = Escapes.decode(body, next);
                i = next[0];
            }
            value = (value << 8) | (c & 0xff);
            count++;
        }
        if (count == 0) {
            throw error(t, "empty character constant");
        }
        // A one-character constant is a (signed) char in C.
        return count == 1 ? (byte) value : (int) value;
    }

    private boolean peekIs(Kind k) {
        return pos < tokens.size() && tokens.get(pos).kind == k;
    }

    private static FdtException error(PpToken at, String message) {
        return new FdtException(at.where() + ": error: " + message);
    }
}
