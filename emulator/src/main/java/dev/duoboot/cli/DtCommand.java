package dev.duoboot.cli;

import dev.duoboot.fdt.DeviceTree;
import dev.duoboot.fdt.Dtb;
import dev.duoboot.fdt.DtsCompileException;
import dev.duoboot.fdt.DtsCompiler;
import dev.duoboot.fdt.DtsWriter;
import dev.duoboot.fdt.FdtException;
import dev.duoboot.fdt.MemReserve;
import dev.duoboot.fdt.Node;
import dev.duoboot.fdt.Property;
import dev.duoboot.fdt.SourceFiles;
import dev.duoboot.fdt.TreeDiff;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code duoboot dt}: device trees as the SDK builds them. {@code compile} is
 * {@code cpp -nostdinc -undef -x assembler-with-cpp} + {@code dtc -I dts -O dtb} (same bytes,
 * same warnings), {@code decompile} is {@code dtc -I dtb -O dts}, {@code diff} shows node by
 * node what changed between two trees. Bad input: one line on stderr, exit 2.
 */
@Command(name = "dt", mixinStandardHelpOptions = true,
        description = "Device trees: compile DTS like cpp + dtc, decompile DTB like dtc, diff two trees.",
        subcommands = {DtCommand.Compile.class, DtCommand.Decompile.class, DtCommand.Diff.class})
public final class DtCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Missing required subcommand (compile, decompile or diff)");
    }

    /** The cpp options shared by compile and diff. */
    static final class CppOptions {
        @Option(names = "-I", paramLabel = "DIR", description = "add DIR to the #include search path (also dtc's -i)")
        List<String> includeDirs = new ArrayList<>();

        @Option(names = "-D", paramLabel = "NAME[=VALUE]", description = "define a macro, as cpp -D")
        List<String> defines = new ArrayList<>();

        @Option(names = "--no-cpp", description = "do not run the preprocessor; dtc reads the file itself")
        boolean noCpp;

        DtsCompiler.Options options(String outputName) {
            return new DtsCompiler.Options(includeDirs, defines, !noCpp, outputName);
        }
    }

    @Command(name = "compile", mixinStandardHelpOptions = true,
            description = "Compile FILE.dts to a DTB, byte-identical to cpp + dtc; warnings on stderr as dtc prints them.")
    static final class Compile implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "FILE.dts")
        String file;

        @Mixin
        CppOptions cpp;

        @Option(names = "-o", required = true, paramLabel = "OUT.dtb", description = "where to write the blob")
        Path output;

        @Option(names = "--json", description = "report output file, size and warnings as JSON on stdout")
        boolean json;

        @Override
        public Integer call() {
            PrintWriter err = spec.commandLine().getErr();
            DtsCompiler.Result result = compile(file, cpp.options(output.toString()), json ? null : err);
            byte[] blob = Dtb.write(result.tree());
            try {
                Files.write(output, blob);
            } catch (IOException e) {
                throw new FdtException(output + ": cannot write: " + e.getMessage());
            }
            if (json) {
                Map<String, Object> o = new LinkedHashMap<>();
                o.put("output", output.toString());
                o.put("bytes", blob.length);
                o.put("warnings", result.warnings());
                printJson(spec.commandLine().getOut(), o);
            } else {
                result.warnings().forEach(err::println);
                err.flush();
            }
            return 0;
        }
    }

    @Command(name = "decompile", mixinStandardHelpOptions = true,
            description = "Write FILE.dtb as DTS, as dtc -I dtb -O dts does (or the tree as JSON).")
    static final class Decompile implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "FILE.dtb")
        String file;

        @Option(names = "--json", description = "the tree as JSON: nodes with their libfdt offsets, properties as dtc shows them and as hex")
        boolean json;

        @Override
        public Integer call() {
            DeviceTree tree = Dtb.read(read(file), file);
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                Map<String, Object> o = new LinkedHashMap<>();
                o.put("bootCpuid", tree.bootCpuid());
                o.put("memreserve", tree.memReserves().stream().map(DtCommand::reserve).toList());
                o.put("root", node(tree.root()));
                printJson(out, o);
            } else {
                out.print(DtsWriter.write(tree));
                out.flush();
            }
            return 0;
        }
    }

    @Command(name = "diff", mixinStandardHelpOptions = true,
            description = {"Show what changed from tree A to tree B, node by node. A and B are DTBs, or DTS "
                    + "files (compiled with the cpp options given).",
                "Exit 0 when the trees are the same, 1 when they differ, 2 for bad input."})
    static final class Diff implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "A")
        String a;

        @Parameters(index = "1", paramLabel = "B")
        String b;

        @Mixin
        CppOptions cpp;

        @Option(names = "--json", description = "the differences as JSON")
        boolean json;

        @Override
        public Integer call() {
            PrintWriter err = spec.commandLine().getErr();
            TreeDiff diff = TreeDiff.between(load(a, cpp, err), load(b, cpp, err));
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                Map<String, Object> o = new LinkedHashMap<>();
                o.put("same", diff.isEmpty());
                o.put("memreserveAdded", diff.reservesAdded().stream().map(DtCommand::reserve).toList());
                o.put("memreserveRemoved", diff.reservesRemoved().stream().map(DtCommand::reserve).toList());
                o.put("nodes", diff.nodes().stream().map(DtCommand::nodeChange).toList());
                printJson(out, o);
            } else {
                out.print(diff.toText());
                out.flush();
            }
            return diff.isEmpty() ? 0 : 1;
        }

        /** A DTB (by its magic) or a DTS to compile. */
        private static DeviceTree load(String file, CppOptions cpp, PrintWriter err) {
            byte[] content = read(file);
            boolean blob = content.length >= 4 && (content[0] & 0xff) == 0xd0 && (content[1] & 0xff) == 0x0d
                    && (content[2] & 0xff) == 0xfe && (content[3] & 0xff) == 0xed;
            if (blob) {
                return Dtb.read(content, file);
            }
            DtsCompiler.Result r = compile(file, cpp.options("<stdout>"), err);
            r.warnings().forEach(err::println);
            err.flush();
            return r.tree();
        }
    }

    /** Compiles, printing the warnings that came before an error (if {@code err} is given) first. */
    private static DtsCompiler.Result compile(String file, DtsCompiler.Options options, PrintWriter err) {
        try {
            return DtsCompiler.compile(SourceFiles.under(Path.of("")), file, options);
        } catch (DtsCompileException e) {
            if (err != null) {
                e.warnings().forEach(err::println);
                err.flush();
            }
            throw e;
        }
    }

    private static byte[] read(String file) {
        try {
            return Files.readAllBytes(Path.of(file));
        } catch (NoSuchFileException e) {
            throw new FdtException(file + ": No such file or directory");
        } catch (IOException e) {
            throw new FdtException(file + ": cannot read: " + e.getMessage());
        }
    }

    private static Map<String, Object> reserve(MemReserve r) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("address", String.format("0x%x", r.address()));
        o.put("size", String.format("0x%x", r.size()));
        return o;
    }

    private static Map<String, Object> node(Node n) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("path", n.path());
        o.put("offset", n.structureOffset());
        o.put("properties", n.properties().stream().map(DtCommand::property).toList());
        o.put("children", n.children().stream().map(DtCommand::node).toList());
        return o;
    }

    private static Map<String, Object> property(Property p) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("name", p.name());
        byte[] v = p.value();
        o.put("value", v.length == 0 ? "" : DtsWriter.valueText(v));
        o.put("hex", HexFormat.of().formatHex(v));
        return o;
    }

    private static Map<String, Object> nodeChange(TreeDiff.NodeChange c) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("path", c.path());
        o.put("change", c.kind().name().toLowerCase());
        List<Map<String, Object>> props = new ArrayList<>();
        for (TreeDiff.PropertyChange p : c.properties()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", p.name());
            m.put("change", p.kind().name().toLowerCase());
            p.before().ifPresent(x -> m.put("before", x.length() == 0 ? "" : DtsWriter.valueText(x.value())));
            p.after().ifPresent(x -> m.put("after", x.length() == 0 ? "" : DtsWriter.valueText(x.value())));
            props.add(m);
        }
        o.put("properties", props);
        return o;
    }

    private static void printJson(PrintWriter out, Object o) {
        Json.print(out, o);
    }
}
