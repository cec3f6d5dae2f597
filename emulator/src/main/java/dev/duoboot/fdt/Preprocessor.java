package dev.duoboot.fdt;

import dev.duoboot.fdt.PpToken.Kind;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The C preprocessor subset device trees use, producing the same text as
 * {@code cpp -nostdinc -undef -x assembler-with-cpp -I... -D...} (GCC 12): {@code #include}
 * with "" and <> search, object- and function-like macros with #, ## and variadic arguments,
 * {@code #undef}, conditionals with {@code defined}, {@code #error}/{@code #warning},
 * {@code #pragma once}, and GCC's multiple-include optimisation (a guarded header included again
 * leaves no linemarkers).
 *
 * <p>Macro expansion follows cpplib's macro.c (contexts, padding tokens, argument
 * pre-expansion, paste and stringify) so that spacing in the output matches byte for byte. As for
 * assembler input, a '#' line that is not a directive ({@code #address-cells = <1>;}) is text.
 * Errors are GCC's messages and places, one line, naming the macro definition where GCC adds a
 * "defined here" note.
 */
final class Preprocessor {
    private static final int MAX_INCLUDE_DEPTH = 200;
    private static final Set<String> CONDITIONALS = Set.of("if", "ifdef", "ifndef", "elif", "else", "endif");
    private static final Set<String> UNSUPPORTED = Set.of("line", "include_next", "ident", "import",
            "assert", "unassert", "sccs", "elifdef", "elifndef");

    /** cpplib's pfile->eof: ends a macro argument; lookahead may back up over it. */
    private final PpToken argEnd = PpToken.eof("<arg>", 0, 0, 0);
    /** cpplib's pfile->avoid_paste: padding with no source, after a context ends. */
    private static final PpToken AVOID_PASTE = PpToken.padding(null);

    private final SourceFiles files;
    private final String mainFile;
    private final List<String> includeDirs;
    private final Map<String, Macro> macros = new HashMap<>();
    private final Set<String> disabled = new HashSet<>();
    private final Deque<Context> contexts = new ArrayDeque<>();
    private final Deque<SourceFile> fileStack = new ArrayDeque<>();
    private final Map<String, String> guards = new HashMap<>();
    private final Set<String> onceOnly = new HashSet<>();
    private final PpOutput output = new PpOutput();
    private final List<String> warnings = new ArrayList<>();
    private int preventExpansion;
    private int parsingArgs;
    private boolean inDirective;
    private boolean skipping;
    private int counter;
    /** The name token of the outermost macro being expanded (GCC's expansion point). */
    private PpToken expansionPoint;
    private Macro outermost;

    /** A token list being read: a macro's expansion (macro != null) or tokens pushed back. */
    private static final class Context {
        final List<PpToken> tokens;
        final Macro macro;
        int index;

        Context(List<PpToken> tokens, Macro macro) {
            this.tokens = tokens;
            this.macro = macro;
        }
    }

    /** One #if group (cpplib struct if_stack). */
    private static final class Conditional {
        final PpToken directive;
        final boolean wasSkipping;
        boolean branchTaken;
        boolean sawElse;
        /** The include-guard macro this #ifndef may be (cpplib mi_cmacro). */
        String guardMacro;

        Conditional(PpToken directive, boolean wasSkipping) {
            this.directive = directive;
            this.wasSkipping = wasSkipping;
        }
    }

    /** A file being read, with its conditionals and include-guard detection state. */
    private static final class SourceFile {
        final PpLexer lexer;
        final String path;
        final int resumeLine;
        final Deque<Conditional> conditionals = new ArrayDeque<>();
        /** cpplib mi_valid / mi_cmacro: nothing but a guarding #ifndef..#endif seen so far. */
        boolean miValid = true;
        String miGuard;

        SourceFile(String path, String text, int resumeLine) {
            this.lexer = new PpLexer(path, text);
            this.path = path;
            this.resumeLine = resumeLine;
        }

        /** cpp's directory of this file for "..." includes: the path up to its last '/'. */
        String dir() {
            return path.substring(0, path.lastIndexOf('/') + 1);
        }
    }

    /** A collected macro argument (cpplib macro_arg). */
    private static final class Arg {
        final List<PpToken> raw;
        /** GNU: a variadic argument left out entirely, so ", ## __VA_ARGS__" drops the comma. */
        boolean omitted;
        List<PpToken> expanded;
        PpToken stringified;

        Arg(List<PpToken> raw) {
            this.raw = raw;
        }
    }

    private Preprocessor(SourceFiles files, String mainFile, List<String> includeDirs) {
        this.files = files;
        this.mainFile = mainFile;
        this.includeDirs = List.copyOf(includeDirs);
    }

    /**
     * Preprocesses {@code mainFile}.
     *
     * @param includeDirs the -I directories, in order
     * @param defines the -D arguments, {@code NAME} or {@code NAME=VALUE}, in order
     */
    static PreprocessedSource run(SourceFiles files, String mainFile, List<String> includeDirs,
            List<String> defines) {
        return new Preprocessor(files, mainFile, includeDirs).run(defines);
    }

    private PreprocessedSource run(List<String> defines) {
        byte[] main = files.read(mainFile).orElseThrow(
                () -> new FdtException(mainFile + ": No such file or directory"));
        for (String name : List.of("__FILE__", "__LINE__", "__COUNTER__", "__INCLUDE_LEVEL__",
                "__BASE_FILE__")) {
            macros.put(name, Macro.builtin(name));
        }
        // What -undef leaves defined for assembler-with-cpp (cpp -dM), then the -D options.
        List<String> commandLine = new ArrayList<>(List.of("__ASSEMBLER__ 1", "__STDC__ 1",
                "__STDC_HOSTED__ 1"));
        for (String d : defines) {
            int eq = d.indexOf('=');
            commandLine.add(eq < 0 ? d + " 1" : d.substring(0, eq) + " " + d.substring(eq + 1));
        }
        for (String definition : commandLine) {
            SourceFile f = new SourceFile("<command-line>", definition, 0);
            fileStack.push(f);
            f.lexer.inDirective = true;
            inDirective = true;
            doDefine();
            inDirective = false;
            fileStack.pop();
        }
        output.start(mainFile);
        fileStack.push(new SourceFile(mainFile, new String(main, StandardCharsets.ISO_8859_1), 0));
        while (true) {
            PpToken t = getToken();
            if (t.kind == Kind.EOF) {
                break;
            }
            output.token(t);
        }
        return new PreprocessedSource(output.finish(), List.copyOf(output.macroUses()),
                List.copyOf(warnings));
    }

    // ---- token supply: cpplib cpp_get_token_1 and _cpp_lex_token ----

    private PpToken getToken() {
        while (true) {
            PpToken result;
            if (contexts.isEmpty()) {
                result = lexToken();
            } else {
                Context ctx = contexts.peek();
                if (ctx.index >= ctx.tokens.size()) {
                    popContext();
                    if (inDirective) {
                        continue;
                    }
                    return AVOID_PASTE;
                }
                result = ctx.tokens.get(ctx.index++);
                if (result.has(PpToken.PASTE_LEFT)) {
                    pasteAll(result);
                    if (inDirective) {
                        continue;
                    }
                    return PpToken.padding(result);
                }
            }
            if (result.kind == Kind.NAME && !result.has(PpToken.NO_EXPAND)) {
                Macro m = macros.get(result.text);
                if (m != null) {
                    if (disabled.contains(m.name())) {
                        result = result.withFlags(result.flags | PpToken.NO_EXPAND);
                    } else if (preventExpansion == 0 && enterMacro(m, result)) {
                        if (inDirective) {
                            continue;
                        }
                        return PpToken.padding(result);
                    }
                }
            }
            if (!contexts.isEmpty() && outermost != null && result.kind != Kind.PADDING
                    && result.kind != Kind.EOF) {
                result = result.expandedFrom(outermost);
            }
            return result;
        }
    }

    private void popContext() {
        Context ctx = contexts.pop();
        if (ctx.macro != null) {
            disabled.remove(ctx.macro.name());
        }
        if (contexts.isEmpty()) {
            outermost = null;
        }
    }

    private void pushContext(List<PpToken> tokens, Macro macro) {
        contexts.push(new Context(tokens, macro));
        if (macro != null) {
            disabled.add(macro.name());
        }
    }

    /** cpplib _cpp_backup_tokens(pfile, 1). */
    private void backUp(PpToken t) {
        if (contexts.isEmpty()) {
            fileStack.peek().lexer.pushedBack.push(t);
        } else {
            contexts.peek().index--;
        }
    }

    /** _cpp_lex_token: directives, skipped groups, line changes and the ends of included files. */
    private PpToken lexToken() {
        while (true) {
            SourceFile f = fileStack.peek();
            PpToken t = f.lexer.next();
            if (t.has(PpToken.BOL) && parsingArgs == 2) {
                // A line break inside macro arguments counts as whitespace (lex.c _cpp_lex_direct).
                t = t.withFlags(t.flags | PpToken.PREV_WHITE);
            }
            if (t.has(PpToken.BOL)) {
                if (t.kind == Kind.HASH && parsingArgs != 1 && handleDirective(t)) {
                    continue;
                }
                if (!skipping) {
                    output.lineChange(t, parsingArgs != 0);
                }
            }
            if (inDirective) {
                return t;
            }
            if (t.kind == Kind.EOF) {
                if (parsingArgs != 0 || !endOfFile(f)) {
                    return t;
                }
                continue;
            }
            f.miValid = false;
            if (!skipping) {
                return t;
            }
        }
    }

    /** At the end of a file: check its conditionals, note its guard, return to the includer. */
    private boolean endOfFile(SourceFile f) {
        if (!f.conditionals.isEmpty()) {
            Conditional open = f.conditionals.peek();
            throw new FdtException(open.directive.file + ":" + open.directive.line
                    + ": error: unterminated #" + open.directive.text);
        }
        if (f.miValid && f.miGuard != null) {
            guards.put(f.path, f.miGuard);
        }
        if (fileStack.size() == 1) {
            return false;
        }
        fileStack.pop();
        SourceFile includer = fileStack.peek();
        includer.miValid = false;
        output.leaveFile(f.resumeLine, includer.path);
        return true;
    }

    // ---- macro expansion: cpplib enter_macro_context, collect_args, replace_args ----

    private boolean enterMacro(Macro m, PpToken name) {
        boolean outermostCall = contexts.isEmpty();
        if (m.isBuiltin()) {
            PpToken point = outermostCall || expansionPoint == null ? name : expansionPoint;
            pushContext(List.of(builtinToken(m, name, point)), null);
            return true;
        }
        List<Arg> args = null;
        if (m.functionLike()) {
            preventExpansion++;
            parsingArgs = 1;
            try {
                args = invocationArgs(m, name);
            } finally {
                parsingArgs = 0;
                preventExpansion--;
            }
            if (args == null) {
                return false;
            }
        }
        if (outermostCall) {
            outermost = m;
            expansionPoint = name;
        }
        List<PpToken> expansion = m.params().isEmpty() ? m.body() : replaceArgs(m, args);
        pushContext(expansion, m);
        return true;
    }

    /** cpplib funlike_invocation_p: the arguments if a '(' follows, else null (name stays). */
    private List<Arg> invocationArgs(Macro m, PpToken name) {
        PpToken padding = null;
        PpToken t;
        while (true) {
            t = getToken();
            if (t.kind != Kind.PADDING) {
                break;
            }
            if (padding == null || padding.source == null
                    || (!padding.source.has(PpToken.PREV_WHITE) && t.source == null)) {
                padding = t;
            }
        }
        if (t.kind == Kind.OPEN_PAREN) {
            parsingArgs = 2;
            return collectArgs(m, name);
        }
        if (t.kind != Kind.EOF || t == argEnd) {
            backUp(t);
            if (padding != null) {
                contexts.push(new Context(List.of(padding), null));
            }
        }
        return null;
    }

    /** cpplib collect_args, after the '('. */
    private List<Arg> collectArgs(Macro m, PpToken name) {
        List<Arg> args = new ArrayList<>();
        PpToken t;
        do {
            List<PpToken> tokens = new ArrayList<>();
            int depth = 0;
            while (true) {
                t = getToken();
                if (t.kind == Kind.PADDING) {
                    if (tokens.isEmpty()) {
                        continue;
                    }
                } else if (t.kind == Kind.OPEN_PAREN) {
                    depth++;
                } else if (t.kind == Kind.CLOSE_PAREN) {
                    if (depth-- == 0) {
                        break;
                    }
                } else if (t.kind == Kind.COMMA) {
                    if (depth == 0 && !(m.variadic() && args.size() + 1 == m.params().size())) {
                        break;
                    }
                } else if (t.kind == Kind.EOF || (t.kind == Kind.HASH && t.has(PpToken.BOL))) {
                    break;
                }
                tokens.add(t);
            }
            while (!tokens.isEmpty() && tokens.get(tokens.size() - 1).kind == Kind.PADDING) {
                tokens.remove(tokens.size() - 1);
            }
            args.add(new Arg(tokens));
        } while (t.kind != Kind.CLOSE_PAREN && t.kind != Kind.EOF);

        if (t.kind == Kind.EOF) {
            if (!contexts.isEmpty() || inDirective) {
                backUp(t);
            }
            throw macroError(t, "unterminated argument list invoking macro \"" + m.name() + "\"", m);
        }
        int argc = args.size();
        if (argc == 1 && m.params().isEmpty() && args.get(0).raw.isEmpty()) {
            argc = 0;
            args.clear();
        }
        int paramc = m.params().size();
        if (argc < paramc) {
            if (argc + 1 == paramc && m.variadic()) {
                Arg omitted = new Arg(List.of());
                omitted.omitted = true;
                args.add(omitted);
            } else {
                throw macroError(t, "macro \"" + m.name() + "\" requires " + paramc
                        + " arguments, but only " + argc + " given", m);
            }
        } else if (argc > paramc) {
            throw macroError(t, "macro \"" + m.name() + "\" passed " + argc
                    + " arguments, but takes just " + paramc, m);
        }
        // GNU: with a single variadic parameter, an empty argument also swallows ", ##".
        if (m.variadic() && argc == 1 && args.get(0).raw.isEmpty()) {
            args.get(paramc - 1).omitted = true;
        }
        return args;
    }

    /** cpplib replace_args: the body with arguments substituted, with cpplib's padding. */
    private List<PpToken> replaceArgs(Macro m, List<Arg> args) {
        List<PpToken> body = m.body();
        List<PpToken> out = new ArrayList<>();
        for (int i = 0; i < body.size(); i++) {
            PpToken src = body.get(i);
            if (src.kind != Kind.MACRO_ARG) {
                out.add(src);
                continue;
            }
            boolean afterPaste = i > 0 && body.get(i - 1).has(PpToken.PASTE_LEFT);
            Arg arg = args.get(src.argIndex);
            List<PpToken> from;
            int pasteFlagAt = -1;
            if (src.has(PpToken.STRINGIFY_ARG)) {
                if (arg.stringified == null) {
                    arg.stringified = stringify(arg.raw, src);
                }
                from = List.of(arg.stringified);
            } else if (src.has(PpToken.PASTE_LEFT)) {
                from = arg.raw;
            } else if (afterPaste) {
                from = arg.raw;
                if (!out.isEmpty()) {
                    int last = out.size() - 1;
                    if (out.get(last).kind == Kind.COMMA && m.variadic()
                            && src.argIndex == m.params().size() - 1) {
                        if (arg.omitted) {
                            out.remove(last);
                        } else {
                            pasteFlagAt = last;
                        }
                    } else if (from.isEmpty()) {
                        pasteFlagAt = last;
                    }
                }
            } else {
                if (arg.expanded == null) {
                    arg.expanded = expandArg(arg);
                }
                from = arg.expanded;
            }
            if (!inDirective && i > 0 && !afterPaste) {
                out.add(PpToken.padding(src));
            }
            if (!from.isEmpty()) {
                out.addAll(from);
                if (src.has(PpToken.PASTE_LEFT)) {
                    pasteFlagAt = out.size() - 1;
                }
            }
            if (!inDirective && !src.has(PpToken.PASTE_LEFT)) {
                out.add(AVOID_PASTE);
            }
            if (pasteFlagAt >= 0) {
                PpToken p = out.get(pasteFlagAt);
                int flags = src.has(PpToken.PASTE_LEFT)
                        ? p.flags | PpToken.PASTE_LEFT : p.flags & ~PpToken.PASTE_LEFT;
                out.set(pasteFlagAt, p.withFlags(flags));
            }
        }
        return out;
    }

    /** cpplib expand_arg: the argument fully macro-expanded, as its own context. */
    private List<PpToken> expandArg(Arg arg) {
        List<PpToken> tokens = new ArrayList<>(arg.raw);
        tokens.add(argEnd);
        contexts.push(new Context(tokens, null));
        List<PpToken> out = new ArrayList<>();
        while (true) {
            PpToken t = getToken();
            if (t == argEnd) {
                break;
            }
            out.add(t);
        }
        contexts.pop();
        return out;
    }

    /** cpplib stringify_arg. */
    private static PpToken stringify(List<PpToken> tokens, PpToken at) {
        StringBuilder s = new StringBuilder("\"");
        PpToken source = null;
        int backslashes = 0;
        for (PpToken t : tokens) {
            if (t.kind == Kind.PADDING) {
                if (source == null || (!source.has(PpToken.PREV_WHITE) && t.source == null)) {
                    source = t.source;
                }
                continue;
            }
            if (s.length() > 1) {
                PpToken sp = source == null ? t : source;
                if (sp.has(PpToken.PREV_WHITE)) {
                    s.append(' ');
                }
            }
            source = null;
            s.append(t.kind == Kind.STRING || t.kind == Kind.CHAR ? PpOutput.quote(t.text) : t.text);
            backslashes = t.kind == Kind.OTHER && t.text.startsWith("\\") ? backslashes + 1 : 0;
        }
        if (backslashes % 2 == 1) {
            s.setLength(s.length() - 1);
        }
        s.append('"');
        return new PpToken(Kind.STRING, s.toString(), at.flags & PpToken.PREV_WHITE, at.file,
                at.line, at.column, at.displayColumn);
    }

    /** cpplib paste_all_tokens: lhs ## rhs [## ...], the result in a context of its own. */
    private void pasteAll(PpToken lhs) {
        Context ctx = contexts.peek();
        PpToken result = lhs;
        PpToken rhs;
        do {
            if (ctx.index >= ctx.tokens.size()) {
                break;
            }
            rhs = ctx.tokens.get(ctx.index++);
            if (rhs.kind == Kind.PADDING) {
                break;
            }
            String spelling = result.text
                    + (result.kind == Kind.DIV && rhs.kind != Kind.EQ ? " " : "") + rhs.text;
            PpToken pasted = PpLexer.lexSingle(spelling, result);
            if (pasted == null) {
                // Assembler: no error, the two tokens stay apart (cpplib paste_tokens).
                ctx.index--;
                break;
            }
            result = pasted;
        } while (rhs.has(PpToken.PASTE_LEFT));
        contexts.push(new Context(List.of(result.withFlags(result.flags & ~PpToken.PASTE_LEFT)), null));
    }

    private PpToken builtinToken(Macro m, PpToken name, PpToken point) {
        String text = switch (m.builtin()) {
            case "__FILE__" -> "\"" + PpOutput.quote(point.file) + "\"";
            case "__BASE_FILE__" -> "\"" + PpOutput.quote(mainFile) + "\"";
            case "__LINE__" -> Integer.toString(point.line);
            case "__COUNTER__" -> Integer.toString(counter++);
            case "__INCLUDE_LEVEL__" -> Integer.toString(fileStack.size() - 1);
            default -> throw new IllegalStateException("unknown builtin " + m.builtin());
        };
        Kind kind = text.startsWith("\"") ? Kind.STRING : Kind.NUMBER;
        return new PpToken(kind, text, 0, name.file, name.line, name.column, name.displayColumn);
    }

    // ---- directives ----

    /** cpplib _cpp_handle_directive; false when the '#' line is assembler text, not a directive. */
    private boolean handleDirective(PpToken hash) {
        SourceFile f = fileStack.peek();
        PpLexer lexer = f.lexer;
        lexer.inDirective = true;
        inDirective = true;
        IncludeRequest include = null;
        try {
            PpToken name = lexer.next();
            if (name.kind == Kind.EOF) {
                return true;
            }
            String d = name.kind == Kind.NAME ? name.text : "";
            boolean known = CONDITIONALS.contains(d) || UNSUPPORTED.contains(d)
                    || Set.of("define", "undef", "include", "error", "warning", "pragma").contains(d);
            if (!known) {
                if (skipping) {
                    lexer.skipRestOfLine();
                    return true;
                }
                lexer.pushedBack.push(name);
                return false;
            }
            if (!d.startsWith("if")) {
                f.miValid = false;
            }
            if (skipping && !CONDITIONALS.contains(d)) {
                lexer.skipRestOfLine();
                return true;
            }
            switch (d) {
                case "define" -> doDefine();
                case "undef" -> doUndef();
                case "include" -> include = parseInclude(name);
                case "if" -> doIf(name, f);
                case "ifdef", "ifndef" -> doIfdef(name, f);
                case "elif" -> doElif(name, f);
                case "else" -> doElse(name, f);
                case "endif" -> doEndif(name, f);
                case "error" -> throw new FdtException(name.where() + ": error: #error"
                        + restOfLine(true));
                case "warning" -> warnings.add(name.where() + ": warning: #warning" + restOfLine(true));
                case "pragma" -> doPragma(name, f);
                default -> throw new FdtException(name.where()
                        + ": error: duoboot's preprocessor does not support #" + d);
            }
            lexer.skipRestOfLine();
            return true;
        } finally {
            lexer.inDirective = false;
            lexer.angledHeaders = false;
            inDirective = false;
            if (include != null) {
                pushInclude(hash, include, f);
            }
        }
    }

    private PpToken raw() {
        return fileStack.peek().lexer.next();
    }

    /** The rest of a directive line as GCC echoes it (tokens, single spaces where there were any). */
    private String restOfLine(boolean leadingSpace) {
        StringBuilder b = new StringBuilder();
        for (PpToken t = raw(); t.kind != Kind.EOF; t = raw()) {
            if (t.has(PpToken.PREV_WHITE) && (b.length() > 0 || leadingSpace)) {
                b.append(' ');
            }
            b.append(t.text);
        }
        return b.toString();
    }

    private PpToken macroName(String directive) {
        PpToken name = raw();
        if (name.kind == Kind.EOF) {
            throw new FdtException(name.where() + ": error: no macro name given in #" + directive
                    + " directive");
        }
        if (name.kind != Kind.NAME) {
            throw new FdtException(name.where() + ": error: macro names must be identifiers");
        }
        if (name.text.equals("defined")) {
            throw new FdtException(name.where() + ": error: \"defined\" cannot be used as a macro name");
        }
        return name;
    }

    /** cpplib create_iso_definition. */
    private void doDefine() {
        PpToken name = macroName("define");
        PpToken t = raw();
        List<String> params = new ArrayList<>();
        boolean functionLike = false;
        boolean variadic = false;
        if (t.kind == Kind.OPEN_PAREN && !t.has(PpToken.PREV_WHITE)) {
            functionLike = true;
            variadic = parseParams(params);
            t = raw();
        }
        List<PpToken> body = new ArrayList<>();
        for (; t.kind != Kind.EOF; t = raw()) {
            if (functionLike && t.kind == Kind.NAME && params.contains(t.text)) {
                t = t.asMacroArg(params.indexOf(t.text));
            }
            if (t.kind == Kind.PASTE) {
                if (body.isEmpty()) {
                    throw new FdtException(t.where()
                            + ": error: '##' cannot appear at either end of a macro expansion");
                }
                PpToken last = body.get(body.size() - 1);
                body.set(body.size() - 1, last.withFlags(last.flags | PpToken.PASTE_LEFT));
                continue;
            }
            if (functionLike && !body.isEmpty() && t.kind == Kind.MACRO_ARG
                    && body.get(body.size() - 1).kind == Kind.HASH
                    && !body.get(body.size() - 1).has(PpToken.PASTE_LEFT)) {
                PpToken hash = body.remove(body.size() - 1);
                t = t.withFlags((t.flags & ~PpToken.PREV_WHITE) | PpToken.STRINGIFY_ARG
                        | (hash.flags & PpToken.PREV_WHITE));
            }
            body.add(t);
        }
        if (!body.isEmpty() && body.get(body.size() - 1).has(PpToken.PASTE_LEFT)) {
            throw new FdtException(t.where()
                    + ": error: '##' cannot appear at either end of a macro expansion");
        }
        if (!body.isEmpty()) {
            body.set(0, body.get(0).withFlags(body.get(0).flags & ~PpToken.PREV_WHITE));
        }
        Macro m = new Macro(name.text, functionLike, List.copyOf(params), variadic, List.copyOf(body),
                name.file + ":" + name.line, null);
        Macro old = macros.get(name.text);
        if (old != null && (old.isBuiltin() || !old.sameDefinitionAs(m))) {
            warnings.add(name.where() + ": warning: \"" + name.text + "\" redefined (previous definition at "
                    + old.definedAt() + ")");
        }
        macros.put(name.text, m);
    }

    /** cpplib parse_params; returns whether the macro is variadic. */
    private boolean parseParams(List<String> params) {
        while (true) {
            PpToken t = raw();
            if (t.kind == Kind.CLOSE_PAREN && params.isEmpty()) {
                return false;
            }
            if (t.kind == Kind.ELLIPSIS) {
                params.add("__VA_ARGS__");
                expectCloseAfterEllipsis();
                return true;
            }
            if (t.kind == Kind.EOF) {
                throw new FdtException(t.where() + ": error: expected parameter name before end of line");
            }
            if (t.kind != Kind.NAME) {
                throw new FdtException(t.where() + ": error: expected parameter name, found \"" + t.text + "\"");
            }
            if (params.contains(t.text)) {
                throw new FdtException(t.where() + ": error: duplicate macro parameter \"" + t.text + "\"");
            }
            params.add(t.text);
            PpToken sep = raw();
            if (sep.kind == Kind.ELLIPSIS) {
                expectCloseAfterEllipsis();
                return true;
            }
            if (sep.kind == Kind.CLOSE_PAREN) {
                return false;
            }
            if (sep.kind == Kind.EOF) {
                throw new FdtException(sep.where() + ": error: expected ')' before end of line");
            }
            if (sep.kind != Kind.COMMA) {
                throw new FdtException(sep.where() + ": error: expected ',' or ')', found \"" + sep.text + "\"");
            }
        }
    }

    private void expectCloseAfterEllipsis() {
        PpToken t = raw();
        if (t.kind != Kind.CLOSE_PAREN) {
            throw new FdtException(t.where() + ": error: expected ')' after \"...\"");
        }
    }

    private void doUndef() {
        PpToken name = macroName("undef");
        Macro old = macros.remove(name.text);
        if (old != null && old.isBuiltin()) {
            warnings.add(name.where() + ": warning: undefining \"" + name.text + "\"");
        }
    }

    /** An #include's file name, whether it was <angled>, and its token (for error places). */
    private record IncludeRequest(String name, boolean angled, PpToken token) {}

    /** cpplib parse_include. */
    private IncludeRequest parseInclude(PpToken directive) {
        fileStack.peek().lexer.angledHeaders = true;
        PpToken t = getToken();
        while (t.kind == Kind.PADDING) {
            t = getToken();
        }
        String name;
        boolean angled = t.kind == Kind.HEADER_NAME;
        if (t.kind == Kind.LESS) {
            // <...> out of a macro: the spellings up to '>', a space where there was whitespace.
            angled = true;
            StringBuilder b = new StringBuilder();
            for (PpToken p = getToken(); p.kind != Kind.GREATER; p = getToken()) {
                if (p.kind == Kind.EOF) {
                    throw new FdtException(t.where() + ": error: missing terminating > character");
                }
                if (p.kind != Kind.PADDING) {
                    b.append(p.has(PpToken.PREV_WHITE) ? " " : "").append(p.text);
                }
            }
            name = b.toString();
        } else if (t.kind == Kind.STRING || t.kind == Kind.HEADER_NAME) {
            name = t.text.substring(1, t.text.length() - 1);
        } else {
            throw new FdtException(t.where() + ": error: #include expects \"FILENAME\" or <FILENAME>");
        }
        if (name.isEmpty()) {
            throw new FdtException(t.where() + ": error: empty filename in #include");
        }
        PpToken extra = raw();
        if (extra.kind != Kind.EOF) {
            warnings.add(extra.where() + ": warning: extra tokens at end of #include directive");
        }
        return new IncludeRequest(name, angled, t);
    }

    private void pushInclude(PpToken hash, IncludeRequest include, SourceFile includer) {
        String name = include.name();
        if (fileStack.size() >= MAX_INCLUDE_DEPTH) {
            throw new FdtException(include.token().where() + ": error: #include nested depth "
                    + MAX_INCLUDE_DEPTH + " exceeds maximum of " + MAX_INCLUDE_DEPTH
                    + " (use -fmax-include-depth=DEPTH to increase the maximum)");
        }
        List<String> dirs = new ArrayList<>();
        if (!include.angled()) {
            dirs.add(includer.dir());
        }
        dirs.addAll(includeDirs);
        if (name.startsWith("/")) {
            dirs = List.of("");
        }
        for (String dir : dirs) {
            String path = dir.isEmpty() || dir.endsWith("/") ? dir + name : dir + "/" + name;
            Optional<byte[]> content = files.read(path);
            if (content.isEmpty()) {
                continue;
            }
            String guard = guards.get(path);
            if (onceOnly.contains(path) || (guard != null && macros.containsKey(guard))) {
                return;
            }
            SourceFile f = new SourceFile(path, new String(content.get(), StandardCharsets.ISO_8859_1),
                    includer.lexer.line() + 1);
            output.enterFile(hash.line, includer.path, path);
            fileStack.push(f);
            return;
        }
        throw new FdtException(include.token().where() + ": fatal error: " + name
                + ": No such file or directory");
    }

    private void doIf(PpToken directive, SourceFile f) {
        Conditional c = new Conditional(directive, skipping);
        if (!skipping) {
            IfTokens it = ifTokens();
            boolean value = PpExpression.evaluate(it.tokens, directive, it.end);
            c.guardMacro = it.notDefinedMacro;
            enter(c, value, f);
        } else {
            enter(c, false, f);
        }
    }

    private void doIfdef(PpToken directive, SourceFile f) {
        Conditional c = new Conditional(directive, skipping);
        boolean value = false;
        if (!skipping) {
            PpToken name = macroName(directive.text);
            boolean defined = macros.containsKey(name.text);
            value = directive.text.equals("ifdef") == defined;
            if (directive.text.equals("ifndef")) {
                c.guardMacro = name.text;
            }
        }
        enter(c, value, f);
    }

    /** cpplib push_conditional. */
    private void enter(Conditional c, boolean value, SourceFile f) {
        if (!(f.miValid && f.miGuard == null)) {
            c.guardMacro = null;
        }
        c.branchTaken = skipping || value;
        skipping = skipping || !value;
        f.conditionals.push(c);
    }

    private void doElif(PpToken directive, SourceFile f) {
        Conditional c = f.conditionals.peek();
        if (c == null) {
            throw new FdtException(directive.where() + ": error: #elif without #if");
        }
        if (c.sawElse) {
            throw new FdtException(directive.where() + ": error: #elif after #else");
        }
        c.guardMacro = null;
        if (c.wasSkipping || c.branchTaken) {
            skipping = true;
            return;
        }
        skipping = false;
        IfTokens it = ifTokens();
        boolean value = PpExpression.evaluate(it.tokens, directive, it.end);
        skipping = !value;
        c.branchTaken = value;
    }

    private void doElse(PpToken directive, SourceFile f) {
        Conditional c = f.conditionals.peek();
        if (c == null) {
            throw new FdtException(directive.where() + ": error: #else without #if");
        }
        if (c.sawElse) {
            throw new FdtException(directive.where() + ": error: #else after #else");
        }
        c.sawElse = true;
        c.guardMacro = null;
        skipping = c.wasSkipping || c.branchTaken;
        c.branchTaken = true;
    }

    private void doEndif(PpToken directive, SourceFile f) {
        Conditional c = f.conditionals.poll();
        if (c == null) {
            throw new FdtException(directive.where() + ": error: #endif without #if");
        }
        skipping = c.wasSkipping;
        if (f.conditionals.isEmpty() && c.guardMacro != null) {
            f.miValid = true;
            f.miGuard = c.guardMacro;
        }
    }

    private void doPragma(PpToken directive, SourceFile f) {
        PpToken t = raw();
        if (t.kind == Kind.NAME && t.text.equals("once")) {
            onceOnly.add(f.path);
            // GCC's -E output shows the pragma's line as the indentation of "once" (measured).
            output.lineChange(t, false);
            return;
        }
        throw new FdtException(directive.where() + ": error: duoboot's preprocessor does not support #pragma "
                + t.text + restOfLine(true));
    }

    /** The tokens of a #if line with {@code defined} resolved, and the X of a lone "!defined X". */
    private record IfTokens(List<PpToken> tokens, String notDefinedMacro, PpToken end) {}

    private IfTokens ifTokens() {
        List<PpToken> out = new ArrayList<>();
        String definedName = null;
        int definedCount = 0;
        PpToken end;
        while (true) {
            PpToken t = getToken();
            if (t.kind == Kind.EOF) {
                end = t;
                break;
            }
            if (t.kind == Kind.PADDING) {
                continue;
            }
            if (t.kind == Kind.NAME && t.text.equals("defined")) {
                preventExpansion++;
                try {
                    PpToken n = getToken();
                    boolean paren = n.kind == Kind.OPEN_PAREN;
                    if (paren) {
                        n = getToken();
                    }
                    if (n.kind != Kind.NAME) {
                        throw new FdtException(n.where()
                                + ": error: operator \"defined\" requires an identifier");
                    }
                    if (paren) {
                        PpToken close = getToken();
                        if (close.kind != Kind.CLOSE_PAREN) {
                            throw new FdtException(close.where()
                                    + ": error: missing ')' after \"defined\"");
                        }
                    }
                    definedName = n.text;
                    definedCount++;
                    out.add(new PpToken(Kind.NUMBER, macros.containsKey(n.text) ? "1" : "0", 0,
                            t.file, t.line, t.column, t.displayColumn));
                } finally {
                    preventExpansion--;
                }
                continue;
            }
            out.add(t);
        }
        boolean loneNotDefined = out.size() == 2 && out.get(0).kind == Kind.NOT && definedCount == 1
                && out.get(1).kind == Kind.NUMBER;
        return new IfTokens(out, loneNotDefined ? definedName : null, end);
    }

    private static FdtException macroError(PpToken at, String message, Macro m) {
        return new FdtException(at.where() + ": error: " + message + " (macro \"" + m.name()
                + "\" defined at " + m.definedAt() + ")");
    }
}
