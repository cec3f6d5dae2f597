package dev.duoboot.sdk;

import dev.duoboot.sdk.MemoryMap.Entry;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.zip.CRC32;

/**
 * The outputs of the SDK's {@code build/scripts/mmap_conv.py} ({@code mmap_to_h},
 * {@code mmap_to_conf}, {@code mmap_to_ld}, {@code int_to_si}), byte for byte, plus a table view of
 * our own.
 *
 * <p>One deliberate difference: mmap_conv.py names the header's include guard
 * {@code __BOARD_MMAP__%08x__} with {@code random.randint(0x80000000, 0xFFFFFFFF)}, so two runs
 * differ. We need the same bytes for the same input, so the number is the CRC32 of the
 * {@code #define} lines with bit 31 set (same range, same format).
 */
public final class MmapConv {

    /** The {@code --type} (or {@code --format}) choices; TABLE is ours. */
    public enum Format { H, CONF, LD, TABLE }

    /** One row of the table view. {@code region} is the innermost named region the value lies in. */
    public record Row(String name, BigInteger value, String size, Optional<String> region) {}

    /** A named region: a {@code X_ADDR}/{@code X_BASE} attribute and its {@code X_SIZE}, size above 0. */
    public record Region(String name, BigInteger base, BigInteger size) {
        boolean contains(BigInteger v) {
            return v.compareTo(base) >= 0 && v.compareTo(base.add(size)) < 0;
        }
    }

    private MmapConv() {}

    /** Where the SDK keeps mmap_conv.py (sophgo/build scripts/mmap_conv.py), as its build log names it. */
    public static final String SCRIPT = "build/scripts/mmap_conv.py";

    /**
     * What {@code mmap_conv.py --type h} prints when importing memmap.py fails an assert, as
     * measured with Python 3.11.7 and sophgo/build @1f55859's script (docs/facts/failures.md
     * section 2.2): its INFO line on stderr, then Python's traceback through mmap_conv.py's
     * {@code main()} and importlib into the memmap.py frames, and {@code AssertionError}. The
     * script's and importlib's line numbers are those of that measurement (another Python prints
     * other importlib lines); the memmap.py frames are the file's own.
     */
    public static List<String> assertFailureOutput(MemmapAssertion a) {
        List<String> out = new ArrayList<>();
        // logging.basicConfig(format="%(levelname)8s:%(module)s: %(message)s")
        out.add(String.format("%8s:%s: map_file_path is at %s", "INFO", "mmap_conv", a.file()));
        out.add("Traceback (most recent call last):");
        out.add("  File \"" + SCRIPT + "\", line 131, in <module>");
        out.add("    main()");
        out.add("  File \"" + SCRIPT + "\", line 113, in main");
        out.add("    spec.loader.exec_module(mmap_module)");
        out.add("  File \"<frozen importlib._bootstrap_external>\", line 940, in exec_module");
        out.add("  File \"<frozen importlib._bootstrap>\", line 241, in _call_with_frames_removed");
        out.addAll(a.pythonFrames(a.file()));
        return out;
    }

    public static String render(MemoryMap map, Format format) {
        return switch (format) {
            case H -> header(map);
            case CONF -> conf(map);
            case LD -> ld(map);
            case TABLE -> table(map);
        };
    }

    /** {@code cvi_board_memmap.h}. */
    public static String header(MemoryMap map) {
        String defines = map.entries().stream()
                .map(e -> "#define " + e.name() + " " + PythonArithmetic.hex(e.value()) + "  /* " + intToSi(e.value()) + " */")
                .collect(Collectors.joining("\n"));
        CRC32 crc = new CRC32();
        crc.update(defines.getBytes(StandardCharsets.UTF_8));
        String guard = String.format("__BOARD_MMAP__%08x__", crc.getValue() | 0x80000000L);
        return "#ifndef " + guard + "\n#define " + guard + "\n\n" + defines + "\n\n#endif /* " + guard + " */\n";
    }

    /** {@code cvi_board_memmap.conf} (no newline at the end, as the script writes it). */
    public static String conf(MemoryMap map) {
        return map.entries().stream().map(e -> e.name() + "=" + PythonArithmetic.hex(e.value()))
                .collect(Collectors.joining("\n"));
    }

    /** {@code cvi_board_memmap.ld} (no newline at the end, as the script writes it). */
    public static String ld(MemoryMap map) {
        return map.entries().stream().map(e -> e.name() + " = " + PythonArithmetic.hex(e.value()) + ";")
                .collect(Collectors.joining("\n"));
    }

    /**
     * mmap_conv.py {@code int_to_si()}: values from 0x80000000 up are shown as an offset from
     * 0x80000000; below 1 MiB in KiB, else in MiB, printed as Python prints a float.
     */
    public static String intToSi(BigInteger n) {
        String off = "";
        BigInteger dramBase = BigInteger.valueOf(0x80000000L);
        if (n.compareTo(dramBase) >= 0) { // the script's loop breaks at its first limit, 0x80000000
            off = "offset ";
            n = n.subtract(dramBase);
        }
        if (n.compareTo(BigInteger.valueOf(1024 * 1024)) < 0) {
            return off + PythonArithmetic.floatRepr(PythonArithmetic.trueDivide(n, BigInteger.valueOf(1024))) + "KiB";
        }
        return off + PythonArithmetic.floatRepr(PythonArithmetic.trueDivide(n, BigInteger.valueOf(1024 * 1024))) + "MiB";
    }

    /**
     * The table view's rows, in the same order as the generated files. An address that starts a
     * region of its own ({@code ION_ADDR} with {@code ION_SIZE}) belongs to the smallest other
     * region holding that whole region (aliases with the same range do not count); any other
     * address to the smallest region holding it. Sizes belong to no region.
     */
    public static List<Row> rows(MemoryMap map) {
        List<Region> regions = regions(map);
        List<Row> rows = new ArrayList<>();
        for (Entry e : map.entries()) {
            String bare = e.name().startsWith(MemoryMap.PREFIX) ? e.name().substring(MemoryMap.PREFIX.length()) : e.name();
            Optional<Region> own = regions.stream().filter(r -> isOwn(r, bare)).findFirst();
            Optional<String> region = bare.endsWith("_SIZE") ? Optional.empty()
                    : regions.stream()
                            .filter(r -> own.map(o -> encloses(r, o)).orElse(r.contains(e.value())))
                            .min(Comparator.comparing(Region::size).thenComparing(Region::name))
                            .map(Region::name);
            rows.add(new Row(e.name(), e.value(), intToSi(e.value()), region));
        }
        return rows;
    }

    private static boolean isOwn(Region r, String attr) {
        return attr.equals(r.name() + "_ADDR") || attr.equals(r.name() + "_BASE");
    }

    /** Whether {@code outer} holds all of {@code inner} and is not the same range. */
    private static boolean encloses(Region outer, Region inner) {
        boolean same = outer.base().equals(inner.base()) && outer.size().equals(inner.size());
        return !same && outer.base().compareTo(inner.base()) <= 0
                && outer.base().add(outer.size()).compareTo(inner.base().add(inner.size())) >= 0;
    }

    /** Every X_ADDR (or X_BASE) attribute with an X_SIZE above 0, by name. */
    public static List<Region> regions(MemoryMap map) {
        List<Region> out = new ArrayList<>();
        for (MemoryMap.Attribute a : map.attributes()) {
            String n = a.name();
            String stem = n.endsWith("_ADDR") ? n.substring(0, n.length() - 5)
                    : n.endsWith("_BASE") ? n.substring(0, n.length() - 5) : null;
            if (stem == null || n.startsWith("_")) {
                continue;
            }
            Optional<BigInteger> base = map.value(n);
            Optional<BigInteger> size = map.value(stem + "_SIZE");
            if (base.isPresent() && size.isPresent() && size.get().signum() > 0) {
                out.add(new Region(stem, base.get(), size.get()));
            }
        }
        out.sort(Comparator.comparing(Region::name));
        return out;
    }

    /** The table view: name, value, size as int_to_si shows it, and the region the value lies in. */
    public static String table(MemoryMap map) {
        List<Row> rows = rows(map);
        int w0 = Math.max(4, rows.stream().mapToInt(r -> r.name().length()).max().orElse(0));
        int w1 = Math.max(5, rows.stream().mapToInt(r -> PythonArithmetic.hex(r.value()).length()).max().orElse(0));
        int w2 = Math.max(4, rows.stream().mapToInt(r -> r.size().length()).max().orElse(0));
        String fmt = "%-" + w0 + "s  %-" + w1 + "s  %-" + w2 + "s  %s";
        StringBuilder sb = new StringBuilder(String.format(fmt, "NAME", "VALUE", "SIZE", "IN REGION").stripTrailing())
                .append('\n');
        for (Row r : rows) {
            sb.append(String.format(fmt, r.name(), PythonArithmetic.hex(r.value()), r.size(), r.region().orElse("-")))
                    .append('\n');
        }
        return sb.toString();
    }
}
