package dev.duoboot.sdk;

import dev.duoboot.sdk.PyValue.PyClass;
import dev.duoboot.sdk.PyValue.PyFloat;
import dev.duoboot.sdk.PyValue.PyInt;
import dev.duoboot.sdk.PyValue.PyList;
import dev.duoboot.sdk.PyValue.PyStr;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;

/**
 * Python 3 semantics for the operators {@code memmap.py} files use, so that the evaluator gives
 * the numbers CPython gives: exact int arithmetic, IEEE double arithmetic when a float is
 * involved, floor division and modulo with the sign rules of {@code Objects/longobject.c} and
 * {@code Objects/floatobject.c}, correctly rounded int true division, exact int/float comparison,
 * and float {@code repr()}.
 *
 * <p>One deliberate limit: ints are capped at {@value #MAX_BITS} bits (Python has none), so that
 * a hostile file cannot make the evaluator allocate without bound.
 */
final class PythonArithmetic {

    static final int MAX_BITS = 4096;

    /** A Python exception raised while evaluating: its type ({@code TypeError}, ...) and message. */
    static final class PyException extends RuntimeException {
        final String pythonType;

        PyException(String pythonType, String message) {
            super(message);
            this.pythonType = pythonType;
        }

        String describe() {
            return pythonType + ": " + getMessage();
        }
    }

    private PythonArithmetic() {}

    static PyValue binary(String op, PyValue a, PyValue b) {
        if (a instanceof PyStr x && b instanceof PyStr y && op.equals("+")) {
            return new PyStr(x.value() + y.value());
        }
        if (a instanceof PyList x && b instanceof PyList y && op.equals("+") && x.tuple() == y.tuple()) {
            List<PyValue> items = new ArrayList<>(x.items());
            items.addAll(y.items());
            return new PyList(items, x.tuple());
        }
        if (a instanceof PyInt x && b instanceof PyInt y) {
            return intBinary(op, x.value(), y.value());
        }
        if (isNumber(a) && isNumber(b)) {
            if (op.equals("<<") || op.equals(">>") || op.equals("&") || op.equals("|") || op.equals("^")) {
                throw unsupported(op, a, b);
            }
            return floatBinary(op, toDouble(a), toDouble(b));
        }
        throw unsupported(op, a, b);
    }

    private static PyException unsupported(String op, PyValue a, PyValue b) {
        return new PyException("TypeError", "unsupported operand type(s) for " + op + ": '" + a.typeName()
                + "' and '" + b.typeName() + "'");
    }

    private static PyValue intBinary(String op, BigInteger x, BigInteger y) {
        return switch (op) {
            case "+" -> checked(x.add(y));
            case "-" -> checked(x.subtract(y));
            case "*" -> checked(x.multiply(y));
            case "/" -> new PyFloat(trueDivide(x, y));
            case "//" -> checked(floorDiv(x, y));
            case "%" -> checked(x.subtract(floorDiv(x, y).multiply(y)));
            case "**" -> intPower(x, y);
            case "<<" -> shiftLeft(x, y);
            case ">>" -> {
                if (y.signum() < 0) {
                    throw new PyException("ValueError", "negative shift count");
                }
                yield new PyInt(y.bitLength() > 31 ? (x.signum() < 0 ? BigInteger.ONE.negate() : BigInteger.ZERO)
                        : x.shiftRight(y.intValue()));
            }
            case "&" -> new PyInt(x.and(y));
            case "|" -> new PyInt(x.or(y));
            case "^" -> new PyInt(x.xor(y));
            default -> throw new IllegalArgumentException("operator " + op);
        };
    }

    private static PyValue shiftLeft(BigInteger x, BigInteger y) {
        if (y.signum() < 0) {
            throw new PyException("ValueError", "negative shift count");
        }
        if (x.signum() == 0) {
            return new PyInt(BigInteger.ZERO);
        }
        if (y.compareTo(BigInteger.valueOf(MAX_BITS)) > 0) {
            throw tooLarge();
        }
        return checked(x.shiftLeft(y.intValue()));
    }

    private static PyValue intPower(BigInteger x, BigInteger y) {
        if (y.signum() < 0) {
            return floatBinary("**", toDouble(new PyInt(x)), toDouble(new PyInt(y)));
        }
        if (x.abs().compareTo(BigInteger.ONE) <= 0) {
            return new PyInt(x.signum() == 0 ? (y.signum() == 0 ? BigInteger.ONE : BigInteger.ZERO)
                    : x.pow(y.testBit(0) ? 1 : 2));
        }
        if ((long) x.bitLength() * y.min(BigInteger.valueOf(MAX_BITS + 1)).longValue() > MAX_BITS + 64) {
            throw tooLarge();
        }
        return checked(x.pow(y.intValue()));
    }

    /** Python floor division of ints: rounds toward negative infinity. */
    private static BigInteger floorDiv(BigInteger x, BigInteger y) {
        if (y.signum() == 0) {
            throw new PyException("ZeroDivisionError", "integer division or modulo by zero");
        }
        BigInteger[] qr = x.divideAndRemainder(y);
        if (qr[1].signum() != 0 && (qr[1].signum() != y.signum())) {
            return qr[0].subtract(BigInteger.ONE);
        }
        return qr[0];
    }

    /** {@code int / int}: the double nearest the exact quotient (CPython's long_true_divide). */
    static double trueDivide(BigInteger x, BigInteger y) {
        if (y.signum() == 0) {
            throw new PyException("ZeroDivisionError", "division by zero");
        }
        if (x.bitLength() <= 53 && y.bitLength() <= 53) {
            return x.doubleValue() / y.doubleValue(); // both exact, and IEEE division rounds correctly
        }
        boolean negative = (x.signum() < 0) != (y.signum() < 0); // 0 / -5 is -0.0
        BigInteger a = x.abs();
        BigInteger b = y.abs();
        if (a.signum() == 0) {
            return negative ? -0.0 : 0.0;
        }
        // Scale so the quotient has at least 55 bits, then fold the remainder into a sticky bit:
        // BigInteger.doubleValue() then rounds half-to-even exactly as the exact quotient would.
        int shift = 55 - (a.bitLength() - b.bitLength());
        BigInteger n = shift >= 0 ? a.shiftLeft(shift) : a;
        BigInteger d = shift >= 0 ? b : b.shiftLeft(-shift);
        BigInteger[] qr = n.divideAndRemainder(d);
        BigInteger q = qr[1].signum() == 0 ? qr[0] : qr[0].shiftLeft(1).setBit(0);
        int extra = qr[1].signum() == 0 ? 0 : 1;
        double result = Math.scalb(q.doubleValue(), -shift - extra);
        if (Double.isInfinite(result)) {
            throw new PyException("OverflowError", "integer division result too large for a float");
        }
        return negative ? -result : result;
    }

    private static PyValue floatBinary(String op, double x, double y) {
        double r = switch (op) {
            case "+" -> x + y;
            case "-" -> x - y;
            case "*" -> x * y;
            case "/" -> {
                if (y == 0.0) {
                    throw new PyException("ZeroDivisionError", "float division by zero");
                }
                yield x / y;
            }
            case "//" -> floatDivMod(x, y)[0];
            case "%" -> floatDivMod(x, y)[1];
            case "**" -> floatPower(x, y);
            default -> throw new IllegalArgumentException("operator " + op);
        };
        return new PyFloat(r);
    }

    /** CPython's {@code _float_div_mod}: floor quotient and modulo with the divisor's sign. */
    private static double[] floatDivMod(double vx, double wx) {
        if (wx == 0.0) {
            throw new PyException("ZeroDivisionError", "float floor division by zero");
        }
        double mod = vx % wx; // C fmod
        double div = (vx - mod) / wx;
        if (mod != 0.0) {
            if ((wx < 0) != (mod < 0)) {
                mod += wx;
                div -= 1.0;
            }
        } else {
            mod = Math.copySign(0.0, wx);
        }
        double floordiv;
        if (div != 0.0) {
            floordiv = Math.floor(div);
            if (div - floordiv > 0.5) {
                floordiv += 1.0;
            }
        } else {
            floordiv = Math.copySign(0.0, vx / wx);
        }
        return new double[] {floordiv, mod};
    }

    private static double floatPower(double x, double y) {
        if (x == 0.0 && y < 0) {
            throw new PyException("ZeroDivisionError", "0.0 cannot be raised to a negative power");
        }
        if (x < 0 && y != Math.rint(y) && Double.isFinite(y)) {
            throw new PyException("ValueError", "negative number cannot be raised to a fractional power"
                    + " (Python gives a complex number, which memmap.py cannot use)");
        }
        double r = Math.pow(x, y);
        if (Double.isInfinite(r) && Double.isFinite(x) && Double.isFinite(y)) {
            throw new PyException("OverflowError", "(34, 'Numerical result out of range')");
        }
        return r;
    }

    static PyValue unary(String op, PyValue v) {
        if (v instanceof PyInt i) {
            return switch (op) {
                case "-" -> new PyInt(i.value().negate());
                case "+" -> i;
                case "~" -> new PyInt(i.value().not());
                default -> throw new IllegalArgumentException(op);
            };
        }
        if (v instanceof PyFloat f && !op.equals("~")) {
            return op.equals("-") ? new PyFloat(-f.value()) : f;
        }
        throw new PyException("TypeError", "bad operand type for unary " + op + ": '" + v.typeName() + "'");
    }

    /** A comparison; ints and floats compare exactly, as CPython does. */
    static boolean compare(String op, PyValue a, PyValue b) {
        if (isNumber(a) && isNumber(b)) {
            int c = compareNumbers(a, b);
            if (c == Integer.MIN_VALUE) { // NaN: every comparison but != is false
                return op.equals("!=");
            }
            return test(op, c);
        }
        if (a instanceof PyStr x && b instanceof PyStr y) {
            return test(op, Integer.signum(x.value().compareTo(y.value())));
        }
        return switch (op) {
            case "==" -> a.equals(b);
            case "!=" -> !a.equals(b);
            default -> throw new PyException("TypeError", "'" + op + "' not supported between instances of '"
                    + a.typeName() + "' and '" + b.typeName() + "'");
        };
    }

    private static boolean test(String op, int c) {
        return switch (op) {
            case "<" -> c < 0;
            case "<=" -> c <= 0;
            case ">" -> c > 0;
            case ">=" -> c >= 0;
            case "==" -> c == 0;
            case "!=" -> c != 0;
            default -> throw new IllegalArgumentException(op);
        };
    }

    /** -1, 0, 1, or Integer.MIN_VALUE when a NaN is involved. */
    private static int compareNumbers(PyValue a, PyValue b) {
        if (a instanceof PyInt x && b instanceof PyInt y) {
            return x.value().compareTo(y.value());
        }
        double da = a instanceof PyFloat f ? f.value() : 0;
        double db = b instanceof PyFloat f ? f.value() : 0;
        if ((a instanceof PyFloat && Double.isNaN(da)) || (b instanceof PyFloat && Double.isNaN(db))) {
            return Integer.MIN_VALUE;
        }
        if (a instanceof PyFloat && Double.isInfinite(da)) {
            return b instanceof PyFloat && Double.isInfinite(db) ? Double.compare(da, db) : (da > 0 ? 1 : -1);
        }
        if (b instanceof PyFloat && Double.isInfinite(db)) {
            return db > 0 ? -1 : 1;
        }
        return exact(a).compareTo(exact(b));
    }

    private static BigDecimal exact(PyValue v) {
        return v instanceof PyInt i ? new BigDecimal(i.value()) : new BigDecimal(((PyFloat) v).value());
    }

    static boolean truthy(PyValue v) {
        return switch (v) {
            case PyInt i -> i.value().signum() != 0;
            case PyFloat f -> f.value() != 0.0;
            case PyStr s -> !s.value().isEmpty();
            case PyList l -> !l.items().isEmpty();
            case PyClass c -> true;
        };
    }

    /** The builtin {@code int()} of one argument. */
    static BigInteger toInt(PyValue v) {
        return switch (v) {
            case PyInt i -> i.value();
            case PyFloat f -> {
                if (Double.isNaN(f.value())) {
                    throw new PyException("ValueError", "cannot convert float NaN to integer");
                }
                if (Double.isInfinite(f.value())) {
                    throw new PyException("OverflowError", "cannot convert float infinity to integer");
                }
                yield new BigDecimal(f.value()).toBigInteger(); // truncates toward zero
            }
            case PyStr s -> parseInt(s.value(), 10);
            default -> throw new PyException("TypeError",
                    "int() argument must be a string, a bytes-like object or a real number, not '" + v.typeName() + "'");
        };
    }

    /** {@code int(str, base)}: sign, optional matching prefix, digits with single underscores between them. */
    static BigInteger parseInt(String text, int base) {
        String s = text.strip();
        String digits = s;
        boolean negative = false;
        if (digits.startsWith("-") || digits.startsWith("+")) {
            negative = digits.startsWith("-");
            digits = digits.substring(1);
        }
        int b = base;
        String lower = digits.toLowerCase(java.util.Locale.ROOT);
        if ((b == 16 || b == 0) && lower.startsWith("0x")) {
            b = 16;
            digits = digits.substring(2);
        } else if ((b == 8 || b == 0) && lower.startsWith("0o")) {
            b = 8;
            digits = digits.substring(2);
        } else if ((b == 2 || b == 0) && lower.startsWith("0b")) {
            b = 2;
            digits = digits.substring(2);
        } else if (b == 0) {
            b = 10;
            if (digits.length() > 1 && digits.replace("_", "").chars().anyMatch(c -> c != '0')
                    && digits.startsWith("0")) {
                throw invalidLiteral(text, base);
            }
        }
        if (digits.isEmpty() || digits.startsWith("_") || digits.endsWith("_") || digits.contains("__")
                || b < 2 || b > 36) {
            throw invalidLiteral(text, base);
        }
        try {
            BigInteger v = new BigInteger(digits.replace("_", ""), b);
            if (v.bitLength() > MAX_BITS) {
                throw tooLarge();
            }
            return negative ? v.negate() : v;
        } catch (NumberFormatException e) {
            throw invalidLiteral(text, base);
        }
    }

    private static PyException invalidLiteral(String text, int base) {
        return new PyException("ValueError", "invalid literal for int() with base " + base + ": '" + text + "'");
    }

    static boolean isNumber(PyValue v) {
        return v instanceof PyInt || v instanceof PyFloat;
    }

    /** int-to-float conversion, which fails (rather than rounding to infinity) for huge ints. */
    static double toDouble(PyValue v) {
        if (v instanceof PyFloat f) {
            return f.value();
        }
        double d = ((PyInt) v).value().doubleValue(); // correctly rounded
        if (Double.isInfinite(d)) {
            throw new PyException("OverflowError", "int too large to convert to float");
        }
        return d;
    }

    private static PyInt checked(BigInteger v) {
        if (v.bitLength() > MAX_BITS) {
            throw tooLarge();
        }
        return new PyInt(v);
    }

    private static PyException tooLarge() {
        return new PyException("OverflowError", "int larger than " + MAX_BITS
                + " bits (a limit of this evaluator; memmap.py values are addresses and sizes)");
    }

    /**
     * The shortest decimal that reads back as {@code x}, the closest one if several. Java's
     * {@link Double#toString} gives that, except that it never picks a 1-digit decimal over the
     * closest 2-digit one (JDK 19 spec), which matters only for tiny subnormals such as 5e-324.
     */
    private static BigDecimal shortest(double x) {
        BigDecimal fromJava = new BigDecimal(Double.toString(x)).stripTrailingZeros();
        if (fromJava.precision() != 2) {
            return fromJava;
        }
        BigDecimal exact = new BigDecimal(x);
        BigDecimal best = null;
        for (RoundingMode mode : new RoundingMode[] {RoundingMode.FLOOR, RoundingMode.CEILING}) {
            BigDecimal c = fromJava.round(new MathContext(1, mode));
            if (c.doubleValue() == x
                    && (best == null || c.subtract(exact).abs().compareTo(best.subtract(exact).abs()) < 0)) {
                best = c;
            }
        }
        return best == null ? fromJava : best.stripTrailingZeros();
    }

    /** Python's {@code format(n, '#x')}. */
    static String hex(BigInteger n) {
        return n.signum() < 0 ? "-0x" + n.negate().toString(16) : "0x" + n.toString(16);
    }

    /**
     * Python's {@code repr(float)}: the shortest digits that round-trip (Java's
     * {@link Double#toString} gives the same digits since JDK 19), in fixed notation when the
     * decimal exponent is in (-4, 16], otherwise as {@code 1.5e+16} (CPython {@code format_float_short}).
     */
    static String floatRepr(double d) {
        if (Double.isNaN(d)) {
            return "nan";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "inf" : "-inf";
        }
        if (d == 0.0) {
            return (1 / d < 0) ? "-0.0" : "0.0";
        }
        BigDecimal shortest = shortest(Math.abs(d));
        String digits = shortest.unscaledValue().toString();
        int decpt = digits.length() - shortest.scale();
        String sign = d < 0 ? "-" : "";
        if (decpt <= -4 || decpt > 16) {
            String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
            int exp = decpt - 1;
            return sign + mantissa + "e" + (exp < 0 ? "-" : "+") + String.format("%02d", Math.abs(exp));
        }
        if (decpt <= 0) {
            return sign + "0." + "0".repeat(-decpt) + digits;
        }
        if (decpt < digits.length()) {
            return sign + digits.substring(0, decpt) + "." + digits.substring(decpt);
        }
        return sign + digits + "0".repeat(decpt - digits.length()) + ".0";
    }
}
