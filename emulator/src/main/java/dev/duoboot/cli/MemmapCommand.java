package dev.duoboot.cli;

import dev.duoboot.DuobootException;
import dev.duoboot.sdk.MemmapEvaluator;
import dev.duoboot.sdk.MemoryMap;
import dev.duoboot.sdk.MmapConv;
import dev.duoboot.sdk.MmapConv.Format;
import dev.duoboot.sdk.MmapConv.Row;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code duoboot memmap FILE}: evaluates a memmap.py (never running Python) and prints what the
 * SDK's mmap_conv.py would write: {@code cvi_board_memmap.h}, {@code .conf} or {@code .ld}, or a
 * table.
 */
@Command(name = "memmap", mixinStandardHelpOptions = true,
        description = {"Evaluates a memmap.py and prints cvi_board_memmap.h/.conf/.ld as mmap_conv.py makes them,"
                + " or a table of every value and the region it lies in.",
                "The .h include guard is derived from the content (CRC32), not random as in mmap_conv.py."})
public final class MemmapCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(arity = "0..1", paramLabel = "FILE", description = "the memmap.py (or use --preset)")
    Path file;

    @Option(names = "--preset", paramLabel = "NAME", description = "a built-in layout: ${COMPLETION-CANDIDATES}",
            completionCandidates = MemmapSource.PresetNames.class)
    String preset;

    @Option(names = "--format", paramLabel = "h|conf|ld|table", defaultValue = "h",
            description = "what to print (default: ${DEFAULT-VALUE})", converter = FormatConverter.class)
    Format format;

    @Option(names = "--json", description = "the evaluated values as JSON instead")
    boolean json;

    @Override
    public Integer call() {
        if ((file == null) == (preset == null)) {
            throw new DuobootException("memmap: give a memmap.py FILE or --preset NAME");
        }
        MemoryMap map = file != null ? MemmapEvaluator.evaluate(file) : MemmapSource.presetNamed(preset).memoryMap();
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            Json.print(out, toJson(map));
            return 0;
        }
        out.print(MmapConv.render(map, format)); // the exact bytes: .conf and .ld end without a newline
        out.flush();
        return 0;
    }

    static Map<String, Object> toJson(MemoryMap map) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("file", map.fileName());
        List<Object> entries = new ArrayList<>();
        for (Row r : MmapConv.rows(map)) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("name", r.name());
            e.put("value", r.value());
            e.put("hex", (r.value().signum() < 0 ? "-0x" + r.value().negate().toString(16) : "0x" + r.value().toString(16)));
            e.put("size", r.size());
            e.put("region", r.region().orElse(null));
            entries.add(e);
        }
        root.put("entries", entries);
        return root;
    }

    static final class FormatConverter implements picocli.CommandLine.ITypeConverter<Format> {
        @Override
        public Format convert(String s) {
            return switch (s) {
                case "h" -> Format.H;
                case "conf" -> Format.CONF;
                case "ld" -> Format.LD;
                case "table" -> Format.TABLE;
                default -> throw new picocli.CommandLine.TypeConversionException(
                        "expected h, conf, ld or table, got '" + s + "'");
            };
        }
    }
}
