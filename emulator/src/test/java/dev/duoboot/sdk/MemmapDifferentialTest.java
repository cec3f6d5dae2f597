package dev.duoboot.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.duoboot.sdk.PyValue.PyFloat;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Random memmap.py class bodies evaluated by us and by CPython (when python3 is on the PATH):
 * every attribute's type, float repr, int() and int_to_si text must agree, and so must the
 * exception type when Python raises one.
 */
class MemmapDifferentialTest {

    private static final String PYTHON = """
            import json, sys
            def si(n):
                off = ""
                if n >= 0x80000000:
                    off = "offset "; n -= 0x80000000
                return off + ("{0}KiB".format(n / 1024) if n < 1024 * 1024 else "{0}MiB".format(n / (1024 * 1024)))
            out = []
            for src in json.load(sys.stdin):
                ns = {}
                try:
                    exec(compile(src, "memmap.py", "exec"), ns)
                    attrs = []
                    for k, v in ns["MemoryMap"].__dict__.items():
                        if k.startswith("_"):
                            continue
                        n = int(v)
                        attrs.append([k, type(v).__name__, repr(v) if isinstance(v, float) else "", hex(n), si(n)])
                    out.append({"ok": attrs})
                except Exception as e:
                    out.append({"err": type(e).__name__})
            json.dump(out, sys.stdout)
            """;

    private final Random rnd = new Random(20240202);

    @Test
    void agreesWithCPython() throws Exception {
        assumeTrue(PythonCheck.available(), "python3 is not installed");
        List<String> sources = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            sources.add(randomSource());
        }
        ObjectMapper json = new ObjectMapper();
        Process p = new ProcessBuilder("python3", "-c", PYTHON).redirectErrorStream(false).start();
        p.getOutputStream().write(json.writeValueAsBytes(sources));
        p.getOutputStream().close();
        byte[] stdout = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        JsonNode results = json.readTree(new String(stdout, StandardCharsets.UTF_8));
        for (int i = 0; i < sources.size(); i++) {
            String src = sources.get(i);
            JsonNode expected = results.get(i);
            if (expected.has("err")) {
                String type = expected.get("err").asText();
                try {
                    MemmapEvaluator.evaluate("memmap.py", src);
                    throw new AssertionError("Python raised " + type + " but we did not:\n" + src);
                } catch (SdkFileException e) {
                    assertThat(e.getMessage()).as(src).contains(type);
                }
                continue;
            }
            MemoryMap m = MemmapEvaluator.evaluate("memmap.py", src);
            JsonNode attrs = expected.get("ok");
            List<MemoryMap.Attribute> ours = m.attributes();
            assertThat(ours).as(src).hasSize(attrs.size());
            for (int a = 0; a < attrs.size(); a++) {
                JsonNode x = attrs.get(a);
                MemoryMap.Attribute at = ours.get(a);
                String name = x.get(0).asText();
                assertThat(at.name()).as(src).isEqualTo(name);
                assertThat(at.value().typeName()).as(src + "\n" + name).isEqualTo(x.get(1).asText());
                if (at.value() instanceof PyFloat f) {
                    assertThat(PythonArithmetic.floatRepr(f.value())).as(src + "\n" + name).isEqualTo(x.get(2).asText());
                }
                assertThat(PythonArithmetic.hex(m.value(name).orElseThrow())).as(src + "\n" + name)
                        .isEqualTo(x.get(3).asText());
                assertThat(MmapConv.intToSi(m.value(name).orElseThrow())).as(src + "\n" + name)
                        .isEqualTo(x.get(4).asText());
            }
        }
    }

    private String randomSource() {
        StringBuilder sb = new StringBuilder("SIZE_1M = 0x100000\nSIZE_1K = 1024\nclass MemoryMap:\n");
        List<String> names = new ArrayList<>(List.of("SIZE_1M", "SIZE_1K"));
        int n = 2 + rnd.nextInt(5);
        for (int i = 0; i < n; i++) {
            String name = "A" + i;
            sb.append("    ").append(name).append(" = ").append(expr(names, 3)).append('\n');
            names.add(name);
        }
        return sb.toString();
    }

    private String expr(List<String> names, int depth) {
        if (depth == 0 || rnd.nextInt(4) == 0) {
            return atom(names);
        }
        String a = "(" + expr(names, depth - 1) + ")";
        String b = "(" + expr(names, depth - 1) + ")";
        return switch (rnd.nextInt(14)) {
            case 0, 1 -> a + " + " + b;
            case 2 -> a + " - " + b;
            case 3, 4 -> a + " * " + b;
            case 5 -> a + " / " + b;
            case 6 -> a + " // " + b;
            case 7 -> a + " % " + b;
            case 8 -> "int" + a + " << " + rnd.nextInt(24);
            case 9 -> "int" + a + " >> " + rnd.nextInt(40);
            case 10 -> "int" + a + " & int" + b;
            case 11 -> "int" + a + " | ~int" + b;
            case 12 -> "-" + a;
            default -> "int" + a + " ** " + rnd.nextInt(4);
        };
    }

    private String atom(List<String> names) {
        return switch (rnd.nextInt(6)) {
            case 0, 1 -> names.get(rnd.nextInt(names.size()));
            case 2 -> Integer.toString(rnd.nextInt(2000) - 500);
            case 3 -> "0x" + Long.toHexString(rnd.nextLong(0x100000000L));
            case 4 -> String.format("%d.%s", rnd.nextInt(100), Integer.toString(rnd.nextInt(100000)));
            default -> rnd.nextInt(3) + "e" + (rnd.nextInt(30) - 10);
        };
    }
}
