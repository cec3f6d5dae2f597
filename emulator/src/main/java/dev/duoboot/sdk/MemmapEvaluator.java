package dev.duoboot.sdk;

import dev.duoboot.sdk.MemmapParser.Assert;
import dev.duoboot.sdk.MemmapParser.Assign;
import dev.duoboot.sdk.MemmapParser.AugAssign;
import dev.duoboot.sdk.MemmapParser.Binary;
import dev.duoboot.sdk.MemmapParser.BoolOp;
import dev.duoboot.sdk.MemmapParser.ClassDef;
import dev.duoboot.sdk.MemmapParser.Compare;
import dev.duoboot.sdk.MemmapParser.Expr;
import dev.duoboot.sdk.MemmapParser.IntCall;
import dev.duoboot.sdk.MemmapParser.ListDisplay;
import dev.duoboot.sdk.MemmapParser.Literal;
import dev.duoboot.sdk.MemmapParser.Name;
import dev.duoboot.sdk.MemmapParser.Not;
import dev.duoboot.sdk.MemmapParser.Stmt;
import dev.duoboot.sdk.MemmapParser.Unary;
import dev.duoboot.sdk.PyValue.PyClass;
import dev.duoboot.sdk.PyValue.PyInt;
import dev.duoboot.sdk.PyValue.PyList;
import dev.duoboot.sdk.PyValue.PyStr;
import dev.duoboot.sdk.PythonArithmetic.PyException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Evaluates a {@code memmap.py} the way importing it in CPython would (module constants, then the
 * {@code class MemoryMap} body top to bottom, asserts as they come), without ever running Python:
 * the file is parsed into the subset {@link MemmapParser} accepts and evaluated here with
 * {@link PythonArithmetic}. A failed assert reports its condition as written and the value of
 * every name in it.
 */
public final class MemmapEvaluator {

    private final String file;
    private final Map<String, PyValue> globals = new LinkedHashMap<>();

    private MemmapEvaluator(String file) {
        this.file = file;
    }

    /** Reads and evaluates a memmap.py file. */
    public static MemoryMap evaluate(Path path) {
        String text;
        try {
            text = Files.readString(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new SdkFileException(path + ": cannot read: " + e.getMessage(), e);
        }
        return evaluate(path.toString(), text);
    }

    /** Evaluates memmap.py source; {@code file} names it in messages. */
    public static MemoryMap evaluate(String file, String source) {
        MemmapEvaluator ev = new MemmapEvaluator(file);
        for (Stmt s : MemmapParser.parse(file, source)) {
            ev.execute(s, null);
        }
        PyValue mm = ev.globals.get("MemoryMap");
        if (!(mm instanceof PyClass cls)) {
            // mmap_conv.py parse_mmap(): "Memory map file must have 'class MemoryMap'"
            throw new SdkFileException(file + ": Memory map file must have 'class MemoryMap'");
        }
        return MemoryMap.of(file, cls);
    }

    /** Runs one statement; {@code cls} is the class namespace inside a class body, else null. */
    private void execute(Stmt s, Map<String, PyValue> cls) {
        Map<String, PyValue> scope = cls != null ? cls : globals;
        try {
            switch (s) {
                case Assign a -> {
                    PyValue v = eval(a.value(), cls);
                    for (String t : a.targets()) {
                        scope.put(t, v);
                    }
                }
                case AugAssign a -> scope.put(a.target(),
                        PythonArithmetic.binary(a.op(), lookup(a.target(), cls, a.line()), eval(a.value(), cls)));
                case Assert a -> {
                    if (!PythonArithmetic.truthy(eval(a.test(), cls))) {
                        throw assertionFailed(a, cls);
                    }
                }
                case ClassDef c -> {
                    LinkedHashMap<String, PyValue> attrs = new LinkedHashMap<>();
                    for (Stmt inner : c.body()) {
                        execute(inner, attrs);
                    }
                    globals.put(c.name(), new PyClass(c.name(), attrs, c.line()));
                }
            }
        } catch (PyException e) {
            throw new SdkFileException(file + ":" + s.line() + ": " + e.describe());
        }
    }

    private PyValue eval(Expr e, Map<String, PyValue> cls) {
        return switch (e) {
            case Literal l -> l.value();
            case Name n -> lookup(n.id(), cls, n.line());
            case Unary u -> PythonArithmetic.unary(u.op(), eval(u.operand(), cls));
            case Binary b -> PythonArithmetic.binary(b.op(), eval(b.left(), cls), eval(b.right(), cls));
            case Not n -> PyInt.of(PythonArithmetic.truthy(eval(n.operand(), cls)) ? 0 : 1);
            case BoolOp b -> {
                PyValue v = null;
                for (Expr x : b.values()) {
                    v = eval(x, cls);
                    boolean t = PythonArithmetic.truthy(v);
                    if (b.op().equals("and") ? !t : t) {
                        break;
                    }
                }
                yield v;
            }
            case Compare c -> {
                PyValue left = eval(c.first(), cls);
                boolean all = true;
                for (int i = 0; i < c.ops().size() && all; i++) {
                    PyValue right = eval(c.rest().get(i), cls);
                    all = PythonArithmetic.compare(c.ops().get(i), left, right);
                    left = right;
                }
                yield PyInt.of(all ? 1 : 0);
            }
            case ListDisplay l -> {
                List<PyValue> items = new ArrayList<>();
                for (Expr x : l.items()) {
                    items.add(eval(x, cls));
                }
                yield new PyList(items, l.tuple());
            }
            case IntCall c -> intCall(c, cls);
        };
    }

    private PyValue intCall(IntCall c, Map<String, PyValue> cls) {
        List<Expr> args = c.args();
        if (args.isEmpty()) {
            return PyInt.of(0);
        }
        if (args.size() > 2) {
            throw new PyException("TypeError", "int() takes at most 2 arguments (" + args.size() + " given)");
        }
        PyValue v = eval(args.get(0), cls);
        if (args.size() == 1) {
            return new PyInt(PythonArithmetic.toInt(v));
        }
        PyValue base = eval(args.get(1), cls);
        if (!(v instanceof PyStr s)) {
            throw new PyException("TypeError", "int() can't convert non-string with explicit base");
        }
        if (!(base instanceof PyInt b) || b.value().bitLength() > 31) {
            throw new PyException("TypeError", "int() base must be an int between 2 and 36, or 0");
        }
        int radix = b.value().intValue();
        if (radix != 0 && (radix < 2 || radix > 36)) {
            throw new PyException("ValueError", "int() base must be >= 2 and <= 36, or 0");
        }
        return new PyInt(PythonArithmetic.parseInt(s.value(), radix));
    }

    /** Class body: the class namespace, then module globals (CPython's LOAD_NAME). */
    private PyValue lookup(String name, Map<String, PyValue> cls, int line) {
        if (cls != null && cls.containsKey(name)) {
            return cls.get(name);
        }
        if (globals.containsKey(name)) {
            return globals.get(name);
        }
        if (name.equals("int")) {
            throw new PyException("TypeError", "the builtin 'int' can only be called here, not used as a value");
        }
        throw new PyException("NameError", "name '" + name + "' is not defined");
    }

    private SdkFileException assertionFailed(Assert a, Map<String, PyValue> cls) {
        Set<String> names = new LinkedHashSet<>();
        collectNames(a.test(), names);
        List<String> values = new ArrayList<>();
        for (String n : names) {
            Optional<PyValue> v = cls != null && cls.containsKey(n) ? Optional.of(cls.get(n))
                    : Optional.ofNullable(globals.get(n));
            v.ifPresent(x -> values.add(n + " = " + x.display()));
        }
        StringBuilder msg = new StringBuilder(file + ":" + a.line() + ": assertion failed: " + a.text());
        if (!values.isEmpty()) {
            msg.append(" (").append(String.join(", ", values)).append(')');
        }
        if (a.message().isPresent()) {
            PyValue m = eval(a.message().get(), cls);
            msg.append(": ").append(m instanceof PyStr s ? s.value() : m.display());
        }
        return new SdkFileException(msg.toString().replace('\n', ' '));
    }

    private static void collectNames(Expr e, Set<String> out) {
        switch (e) {
            case Name n -> out.add(n.id());
            case Unary u -> collectNames(u.operand(), out);
            case Binary b -> {
                collectNames(b.left(), out);
                collectNames(b.right(), out);
            }
            case Not n -> collectNames(n.operand(), out);
            case BoolOp b -> b.values().forEach(x -> collectNames(x, out));
            case Compare c -> {
                collectNames(c.first(), out);
                c.rest().forEach(x -> collectNames(x, out));
            }
            case ListDisplay l -> l.items().forEach(x -> collectNames(x, out));
            case IntCall c -> c.args().forEach(x -> collectNames(x, out));
            case Literal l -> {
                // no names
            }
        }
    }
}
