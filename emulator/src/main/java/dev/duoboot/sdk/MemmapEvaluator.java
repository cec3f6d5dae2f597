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
    private final String[] lines;
    private final boolean throughAsserts;
    private final Map<String, PyValue> globals = new LinkedHashMap<>();
    private Optional<MemmapAssertion> firstFailure = Optional.empty();
    private Optional<ClassDef> inClass = Optional.empty();
    /** For each class attribute, the names its (last) assignment reads. */
    private final Map<String, List<String>> references = new LinkedHashMap<>();

    private MemmapEvaluator(String file, String source, boolean throughAsserts) {
        this.file = file;
        this.lines = source.split("\n", -1);
        this.throughAsserts = throughAsserts;
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

    /** Evaluates memmap.py source; {@code file} names it in messages. A failed assert is an error. */
    public static MemoryMap evaluate(String file, String source) {
        return run(file, source, false);
    }

    /**
     * Evaluates memmap.py as importing it would, but goes on past a failed assert as if it were not
     * there (as {@code python -O} does), so that the layout the file describes can still be shown.
     * The first failed assert, where importing the file stops and the SDK's build with it, is in
     * {@link MemoryMap#failedAssert()}. Other errors are errors.
     */
    public static MemoryMap evaluateThroughAsserts(String file, String source) {
        return run(file, source, true);
    }

    private static MemoryMap run(String file, String source, boolean throughAsserts) {
        MemmapEvaluator ev = new MemmapEvaluator(file, source, throughAsserts);
        for (Stmt s : MemmapParser.parse(file, source)) {
            ev.execute(s, null);
            if (ev.firstFailure.isPresent() && !throughAsserts) {
                break;
            }
        }
        if (ev.firstFailure.isPresent() && !throughAsserts) {
            throw new SdkFileException(ev.firstFailure.get().oneLine());
        }
        PyValue mm = ev.globals.get("MemoryMap");
        if (!(mm instanceof PyClass cls)) {
            // mmap_conv.py parse_mmap(): "Memory map file must have 'class MemoryMap'"
            throw new SdkFileException(file + ": Memory map file must have 'class MemoryMap'");
        }
        return MemoryMap.of(file, cls, ev.firstFailure, ev.references);
    }

    /** Runs one statement; {@code cls} is the class namespace inside a class body, else null. */
    private void execute(Stmt s, Map<String, PyValue> cls) {
        Map<String, PyValue> scope = cls != null ? cls : globals;
        try {
            switch (s) {
                case Assign a -> {
                    PyValue v = eval(a.value(), cls);
                    Set<String> read = new LinkedHashSet<>();
                    collectNames(a.value(), read);
                    for (String t : a.targets()) {
                        scope.put(t, v);
                        if (cls != null) {
                            references.put(t, List.copyOf(read));
                        }
                    }
                }
                case AugAssign a -> scope.put(a.target(),
                        PythonArithmetic.binary(a.op(), lookup(a.target(), cls, a.line()), eval(a.value(), cls)));
                case Assert a -> {
                    if (!PythonArithmetic.truthy(eval(a.test(), cls)) && firstFailure.isEmpty()) {
                        firstFailure = Optional.of(assertionFailed(a, cls));
                    }
                }
                case ClassDef c -> {
                    LinkedHashMap<String, PyValue> attrs = new LinkedHashMap<>();
                    inClass = Optional.of(c);
                    for (Stmt inner : c.body()) {
                        execute(inner, attrs);
                        if (firstFailure.isPresent() && !throughAsserts) {
                            break;
                        }
                    }
                    inClass = Optional.empty();
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

    private MemmapAssertion assertionFailed(Assert a, Map<String, PyValue> cls) {
        Set<String> names = new LinkedHashSet<>();
        collectNames(a.test(), names);
        List<MemmapAssertion.NameValue> values = new ArrayList<>();
        for (String n : names) {
            Optional<PyValue> v = cls != null && cls.containsKey(n) ? Optional.of(cls.get(n))
                    : Optional.ofNullable(globals.get(n));
            v.ifPresent(x -> values.add(new MemmapAssertion.NameValue(n, x.display())));
        }
        Optional<String> message = a.message().map(m -> str(eval(m, cls)));
        Optional<MemmapAssertion.Sides> sides = Optional.empty();
        if (a.test() instanceof Compare c && c.ops().size() == 1) {
            sides = Optional.of(new MemmapAssertion.Sides(text(c.first()), eval(c.first(), cls).display(), c.ops().getFirst(),
                    text(c.rest().getFirst()), eval(c.rest().getFirst(), cls).display()));
        }
        String raw = a.line() - 1 < lines.length ? lines[a.line() - 1] : "";
        String shown = raw.strip();
        int indent = raw.indexOf(shown.isEmpty() ? raw : shown);
        Optional<MemmapAssertion.Underline> underline = Optional.empty();
        // CPython 3.11 raises with the location of the last comparison compiled into the test's jumps
        // (compiler_jump_if() sets it and does not restore it); a test with none keeps the whole
        // statement's, and then the traceback shows no carets
        Optional<MemmapParser.Span> sp = lastCompare(a.test());
        if (sp.isPresent() && sp.get().line() == a.line()) {
            int col = sp.get().column() - 1 - indent;
            int len = sp.get().endLine() == sp.get().line() ? sp.get().endColumn() - sp.get().column() : shown.length() - col;
            if (col >= 0 && len > 0 && col + len <= shown.length() && len < shown.length()) {
                underline = Optional.of(new MemmapAssertion.Underline(col, len));
            }
        }
        return new MemmapAssertion(file, a.line(), inClass.map(ClassDef::name), inClass.map(ClassDef::line).orElse(0), shown,
                a.text(), underline, message, values, sides);
    }

    /** A sub-expression, parenthesised unless it is a name, literal or call. */
    private static String operand(Expr e) {
        return e instanceof Name || e instanceof Literal || e instanceof IntCall || e instanceof ListDisplay ? text(e) : "(" + text(e) + ")";
    }

    /** The last comparison in compile order reached through {@code and}, {@code or} and {@code not}. */
    private static Optional<MemmapParser.Span> lastCompare(Expr e) {
        return switch (e) {
            case Compare c -> Optional.of(c.span());
            case Not n -> lastCompare(n.operand());
            case BoolOp b -> {
                Optional<MemmapParser.Span> found = Optional.empty();
                for (Expr v : b.values()) {
                    Optional<MemmapParser.Span> x = lastCompare(v);
                    if (x.isPresent()) {
                        found = x;
                    }
                }
                yield found;
            }
            default -> Optional.empty();
        };
    }

    /** Python's {@code str()} of a value, as {@code AssertionError: %s} prints the message. */
    private static String str(PyValue v) {
        return switch (v) {
            case PyStr s -> s.value();
            case PyInt i -> i.value().toString();
            default -> v.display();
        };
    }

    /** An expression as written, for the report ({@code ISP_MEM_BASE_ADDR + ISP_MEM_BASE_SIZE}). */
    static String text(Expr e) {
        return switch (e) {
            case Name n -> n.id();
            case Literal l -> l.value() instanceof PyInt i ? PythonArithmetic.hex(i.value()) : l.value().display();
            case Unary u -> u.op() + operand(u.operand());
            case Binary b -> operand(b.left()) + " " + b.op() + " " + operand(b.right());
            case Not n -> "not " + operand(n.operand());
            case BoolOp b -> String.join(" " + b.op() + " ", b.values().stream().map(MemmapEvaluator::operand).toList());
            case Compare c -> {
                StringBuilder sb = new StringBuilder(operand(c.first()));
                for (int i = 0; i < c.ops().size(); i++) {
                    sb.append(' ').append(c.ops().get(i)).append(' ').append(operand(c.rest().get(i)));
                }
                yield sb.toString();
            }
            case ListDisplay l -> l.items().stream().map(MemmapEvaluator::text).toList().toString();
            case IntCall c -> "int(" + String.join(", ", c.args().stream().map(MemmapEvaluator::text).toList()) + ")";
        };
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
