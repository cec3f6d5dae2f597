package dev.duoboot.fdt;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Compiles a DTS as {@code cpp -nostdinc -undef -x assembler-with-cpp} followed by
 * {@code dtc -I dts -O dtb} would: same tree, so {@link Dtb#write} gives dtc's bytes; same
 * warnings; same first error. An error whose place came out of a macro expansion also names the
 * macro and where it was defined.
 */
public final class DtsCompiler {

    /**
     * @param includeDirs cpp's -I directories (also dtc's -i, after the source's own directory,
     *     as the kernel's DTS rule passes them)
     * @param defines cpp's -D arguments, {@code NAME} or {@code NAME=VALUE}
     * @param preprocess false for {@code --no-cpp}: dtc reads the file itself
     * @param outputName the output file dtc names in messages that have no source place
     */
    public record Options(List<String> includeDirs, List<String> defines, boolean preprocess,
            String outputName) {
        public Options {
            includeDirs = List.copyOf(includeDirs);
            defines = List.copyOf(defines);
        }

        /** Preprocess, no -I or -D, output to stdout ("<stdout>" in messages). */
        public static Options defaults() {
            return new Options(List.of(), List.of(), true, "<stdout>");
        }
    }

    /** The compiled tree and the warnings cpp and dtc print, one line each, in their order. */
    public record Result(DeviceTree tree, List<String> warnings) {}

    private DtsCompiler() {}

    /**
     * Compiles {@code file} (a path as {@code files} resolves it).
     *
     * @throws DtsCompileException with cpp's or dtc's first error line
     */
    public static Result compile(SourceFiles files, String file, Options options) {
        // The parser and the macro expander recurse with the input's nesting, which bison bounds
        // at 10000 stack symbols (about 3300 nested nodes, 9990 parentheses); a thread with a
        // large stack lets that depth through instead of overflowing the caller's stack.
        Object[] outcome = new Object[1];
        Thread worker = new Thread(null, () -> {
            try {
                outcome[0] = compileOrOverflow(files, file, options);
            } catch (RuntimeException | StackOverflowError e) {
                outcome[0] = e;
            }
        }, "dts-compile", COMPILER_STACK_BYTES);
        worker.start();
        try {
            worker.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while compiling " + file, e);
        }
        return switch (outcome[0]) {
            case Result r -> r;
            case RuntimeException e -> throw e;
            case StackOverflowError e -> throw new DtsCompileException(
                    file + ": nesting too deep for duoboot's DTS compiler", List.of());
            default -> throw new IllegalStateException("no outcome compiling " + file);
        };
    }

    private static final long COMPILER_STACK_BYTES = 256L << 20;

    private static Result compileOrOverflow(SourceFiles files, String file, Options options) {
        List<String> warnings = new ArrayList<>();
        String text;
        String inputName;
        List<MacroUse> macroUses = List.of();
        try {
            if (options.preprocess()) {
                PreprocessedSource pp = Preprocessor.run(files, file, options.includeDirs(),
                        options.defines());
                warnings.addAll(pp.warnings());
                text = pp.text();
                macroUses = pp.macroUses();
                inputName = "<stdin>";
            } else {
                byte[] content = files.read(file).orElseThrow(() -> new FdtException(
                        "FATAL ERROR: Couldn't open \"" + file + "\": No such file or directory"));
                text = new String(content, StandardCharsets.ISO_8859_1);
                inputName = file;
            }
        } catch (DtsCompileException e) {
            throw e;
        } catch (FdtException e) {
            throw new DtsCompileException(e.getMessage(), warnings);
        }

        List<String> dtcIncludes = new ArrayList<>();
        int slash = file.lastIndexOf('/');
        dtcIncludes.add(slash < 0 ? "." : file.substring(0, slash));
        dtcIncludes.addAll(options.includeDirs());
        DtsParser.Parsed parsed;
        try {
            parsed = new DtsParser(new DtsLexer(inputName, text, files, dtcIncludes)).parse();
        } catch (DtsError e) {
            throw new DtsCompileException(e.getMessage() + macroNote(e.pos(), macroUses), warnings);
        } catch (FdtException e) {
            throw new DtsCompileException(e.getMessage(), warnings);
        }

        DtcChecks.Outcome checks = DtcChecks.run(parsed.root(), options.outputName());
        if (checks.firstError() != null) {
            warnings.addAll(checks.messages().subList(0, checks.linesBeforeError()));
            throw new DtsCompileException(checks.firstError() + macroNote(checks.firstErrorPos(), macroUses),
                    warnings);
        }
        warnings.addAll(checks.messages());
        if (parsed.root().deleted) {
            // dtc writes a blob whose structure block holds no node at all; a tree cannot.
            throw new DtsCompileException(file + ": the root node ends up deleted (by /delete-node/ or"
                    + " /omit-if-no-ref/); dtc would write a blob without nodes, which duoboot does not", warnings);
        }

        DeviceTree tree = new DeviceTree();
        tree.memReserves().addAll(parsed.memReserves());
        tree.setBootCpuid(parsed.bootCpuid());
        copyInto(parsed.root(), tree.root());
        return new Result(tree, warnings);
    }

    /** The live nodes, properties and labels of the compile-time tree, in order. */
    private static void copyInto(DtsNode from, Node to) {
        for (DtsLabel l : from.labels) {
            if (!l.deleted) {
                to.addLabel(l.name);
            }
        }
        for (DtsProperty p : from.liveProperties()) {
            List<String> labels = p.labels.stream().filter(l -> !l.deleted).map(l -> l.name).toList();
            to.appendProperty(new Property(p.name, p.value.bytes(), labels));
        }
        for (DtsNode c : from.liveChildren()) {
            copyInto(c, to.addChild(new Node(c.name)));
        }
    }

    /** " (in expansion of macro "X" defined at f:l)" for macros whose output the span starts in. */
    private static String macroNote(SrcPos pos, List<MacroUse> uses) {
        if (pos == null || pos.textLine() < 0) {
            return "";
        }
        StringBuilder note = new StringBuilder();
        for (MacroUse u : uses) {
            boolean inside = u.outputLine() == pos.textLine()
                    && pos.firstColumn() < u.endColumn()
                    && (pos.firstLine() != pos.lastLine() || pos.lastColumn() > u.startColumn());
            if (inside && note.indexOf("\"" + u.macro() + "\"") < 0) {
                note.append(note.length() == 0 ? " (" : "; ").append("in expansion of macro \"")
                        .append(u.macro()).append("\" defined at ").append(u.definedAt());
            }
        }
        return note.length() == 0 ? "" : note.append(")").toString();
    }
}
