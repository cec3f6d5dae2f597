package dev.duoboot.sdk;

import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A value of the Python subset {@code memmap.py} files use: arbitrary-precision ints, IEEE
 * doubles, strings, lists and tuples (for {@code _no_prefix}), and classes (their attributes in
 * definition order, as a class {@code __dict__} keeps them).
 */
public sealed interface PyValue {

    record PyInt(BigInteger value) implements PyValue {
        public static PyInt of(long v) {
            return new PyInt(BigInteger.valueOf(v));
        }
    }

    record PyFloat(double value) implements PyValue {}

    record PyStr(String value) implements PyValue {}

    /** A list display, or a tuple when {@code tuple}. */
    record PyList(List<PyValue> items, boolean tuple) implements PyValue {}

    /** A class object: its name, attributes in definition order, and the line of its {@code class} statement. */
    record PyClass(String name, LinkedHashMap<String, PyValue> attributes, int line) implements PyValue {}

    /** Python's type name, as error messages print it. */
    default String typeName() {
        return switch (this) {
            case PyInt i -> "int";
            case PyFloat f -> "float";
            case PyStr s -> "str";
            case PyList l -> l.tuple() ? "tuple" : "list";
            case PyClass c -> "type";
        };
    }

    /**
     * For messages: ints in hex (they are addresses and sizes), floats as Python's {@code repr()}
     * followed by the hex of their integral value when they have one.
     */
    default String display() {
        return switch (this) {
            case PyInt i -> PythonArithmetic.hex(i.value());
            case PyFloat f -> PythonArithmetic.floatRepr(f.value())
                    + (Double.isFinite(f.value()) && f.value() == Math.rint(f.value())
                            ? " (" + PythonArithmetic.hex(PythonArithmetic.toInt(f)) + ")" : "");
            case PyStr s -> "'" + s.value() + "'";
            case PyList l -> l.items().stream().map(PyValue::display)
                    .collect(Collectors.joining(", ", l.tuple() ? "(" : "[", l.tuple() ? ")" : "]"));
            case PyClass c -> "<class '" + c.name() + "'>";
        };
    }
}
