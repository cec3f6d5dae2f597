package dev.duoboot.sdk;

import dev.duoboot.sdk.PyValue.PyClass;
import dev.duoboot.sdk.PyValue.PyFloat;
import dev.duoboot.sdk.PyValue.PyInt;
import dev.duoboot.sdk.PyValue.PyList;
import dev.duoboot.sdk.PyValue.PyStr;
import dev.duoboot.sdk.PythonArithmetic.PyException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An evaluated {@code memmap.py}: the attributes of its {@code class MemoryMap} in definition
 * order, and the macro list {@code mmap_conv.py} makes of them ({@link #entries()}).
 */
public final class MemoryMap {

    /** The prefix mmap_conv.py puts on every name not listed in {@code _no_prefix}. */
    public static final String PREFIX = "CVIMMAP_";

    /** One class attribute as evaluated (a float stays a float until mmap_conv's int()). */
    public record Attribute(String name, PyValue value) {}

    /** One generated macro: its name (with {@code CVIMMAP_} unless in {@code _no_prefix}) and int value. */
    public record Entry(String name, BigInteger value) {}

    private final String fileName;
    private final List<Attribute> attributes;
    private final List<Entry> entries;
    private final Map<String, BigInteger> values;
    private final Optional<MemmapAssertion> failedAssert;
    private final Map<String, List<String>> references;

    private MemoryMap(String fileName, List<Attribute> attributes, List<Entry> entries,
            Map<String, BigInteger> values, Optional<MemmapAssertion> failedAssert, Map<String, List<String>> references) {
        this.fileName = fileName;
        this.attributes = List.copyOf(attributes);
        this.entries = List.copyOf(entries);
        this.values = values;
        this.failedAssert = failedAssert;
        this.references = Map.copyOf(references);
    }

    /**
     * mmap_conv.py {@code parse_mmap()} and {@code sort_mmap()}: every attribute not starting with
     * '_' becomes {@code int(value)}, named with the prefix unless it is in {@code _no_prefix};
     * a later attribute with the same output name replaces the earlier one; sorted by name.
     */
    static MemoryMap of(String fileName, PyClass cls, Optional<MemmapAssertion> failedAssert, Map<String, List<String>> references) {
        PyValue noPrefix = cls.attributes().getOrDefault("_no_prefix", new PyList(List.of(), false));
        List<Attribute> attributes = new ArrayList<>();
        Map<String, BigInteger> generated = new LinkedHashMap<>();
        Map<String, BigInteger> values = new LinkedHashMap<>();
        for (Map.Entry<String, PyValue> a : cls.attributes().entrySet()) {
            String name = a.getKey();
            attributes.add(new Attribute(name, a.getValue()));
            if (name.startsWith("_")) {
                continue;
            }
            BigInteger v = toInt(fileName, cls, name, a.getValue());
            values.put(name, v);
            generated.put(contains(fileName, cls, noPrefix, name) ? name : PREFIX + name, v);
        }
        List<Entry> entries = new ArrayList<>();
        generated.forEach((n, v) -> entries.add(new Entry(n, v)));
        entries.sort(Comparator.comparing(Entry::name));
        return new MemoryMap(fileName, attributes, entries, values, failedAssert, references);
    }

    private static BigInteger toInt(String fileName, PyClass cls, String name, PyValue v) {
        if (!(v instanceof PyInt) && !(v instanceof PyFloat)) {
            throw new SdkFileException(fileName + ":" + cls.line() + ": MemoryMap." + name + " is a " + v.typeName()
                    + ", but mmap_conv.py emits every attribute not starting with '_' as int()"
                    + " (name it _" + name + " to keep it out of the output)");
        }
        try {
            return PythonArithmetic.toInt(v);
        } catch (PyException e) {
            throw new SdkFileException(fileName + ":" + cls.line() + ": MemoryMap." + name + ": " + e.describe());
        }
    }

    /** Python's {@code name in _no_prefix} for a list, tuple or (substring test) a str. */
    private static boolean contains(String fileName, PyClass cls, PyValue container, String name) {
        return switch (container) {
            case PyList l -> l.items().contains(new PyStr(name));
            case PyStr s -> s.value().contains(name);
            default -> throw new SdkFileException(fileName + ":" + cls.line()
                    + ": MemoryMap._no_prefix: TypeError: argument of type '" + container.typeName()
                    + "' is not iterable");
        };
    }

    /**
     * The first assert that did not hold, where importing the file stops: mmap_conv.py then writes
     * nothing and the SDK's build ends. Only an evaluation through asserts
     * ({@link MemmapEvaluator#evaluateThroughAsserts}) returns a map that has one; its values are
     * what the file computes when the assert is passed over.
     */
    public Optional<MemmapAssertion> failedAssert() {
        return failedAssert;
    }

    /** The names the attribute's assignment in the class body reads ({@code ION_ADDR = FREERTOS_ADDR - ION_SIZE}: both). */
    public List<String> references(String name) {
        return references.getOrDefault(name, List.of());
    }

    /** The file it was evaluated from. */
    public String fileName() {
        return fileName;
    }

    /** Every class attribute (including {@code _no_prefix}) in definition order. */
    public List<Attribute> attributes() {
        return attributes;
    }

    /** The macros of {@code cvi_board_memmap.h/.conf/.ld}, sorted by name. */
    public List<Entry> entries() {
        return entries;
    }

    /** {@code int(MemoryMap.NAME)} for a public attribute, by its memmap.py name ({@code FREERTOS_ADDR}). */
    public Optional<BigInteger> value(String name) {
        return Optional.ofNullable(values.get(name));
    }

    /** Like {@link #value} as a long; a missing or out-of-range attribute is an error naming the file. */
    public long get(String name) {
        BigInteger v = value(name).orElseThrow(() -> new SdkFileException(fileName
                + ": MemoryMap has no attribute " + name));
        if (v.signum() < 0 || v.bitLength() > 64) {
            throw new SdkFileException(fileName + ": MemoryMap." + name + " = " + PythonArithmetic.hex(v)
                    + " is not a 64-bit address or size");
        }
        return v.longValue();
    }

    /** A generated macro's value by its output name ({@code CVIMMAP_FREERTOS_ADDR}). */
    public Optional<BigInteger> macro(String macroName) {
        return entries.stream().filter(e -> e.name().equals(macroName)).map(Entry::value).findFirst();
    }
}
