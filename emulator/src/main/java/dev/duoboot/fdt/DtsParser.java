package dev.duoboot.fdt;

import dev.duoboot.fdt.DtsToken.Type;
import dev.duoboot.fdt.DtsValue.MarkerType;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * dtc's grammar (dtc-parser.y, dtc 1.6.1) as a recursive-descent parser: header, /memreserve/
 * entries, the root node and later top-level merges by path or label ({@code &uart0 { ... };}),
 * top-level /delete-node/ and /omit-if-no-ref/, property values with strings, cell arrays,
 * /bits/, byte strings, references and /incbin/, and dtc's integer expressions (unsigned 64-bit).
 *
 * <p>Source spans follow bison's YYLLOC_DEFAULT (first token's start to last token's end, the
 * file of the last token), so node and property positions print as dtc prints them. The first
 * error ends the parse with dtc's message: "Error: FILE:SPAN text" (or "Lexical error: ...").
 *
 * <p>The parser also keeps count of how many symbols bison's stack would hold at each shift, so
 * deeply nested nodes or parentheses fail where dtc's parser fails ("memory exhausted" at
 * YYMAXDEPTH, 10000) instead of overflowing the Java stack. The count follows the grammar's
 * recursion: a nested node adds its name, '{' and property list; earlier sibling subnodes stay
 * on the stack (subnodes is right-recursive); an open parenthesis or a pending operator adds one.
 */
final class DtsParser {

    /** What the parser builds (dtc struct dt_info before checks). */
    record Parsed(List<MemReserve> memReserves, DtsNode root, long bootCpuid) {}

    /** bison's YYMAXDEPTH. */
    private static final int MAX_STACK = 10000;

    private final DtsLexer lexer;
    private DtsToken tok;
    private DtsToken prev;

    DtsParser(DtsLexer lexer) {
        this.lexer = lexer;
    }

    Parsed parse() {
        tok = lexer.next();
        do {
            header();
        } while (tok.type() == Type.V1);
        List<MemReserve> reserves = new ArrayList<>();
        while (tok.type() == Type.LABEL || tok.type() == Type.MEMRESERVE) {
            while (tok.type() == Type.LABEL) {
                advance();
            }
            expect(Type.MEMRESERVE);
            long address = integerPrim(3 + reserves.size() + 1).value;
            long size = integerPrim(3 + reserves.size() + 2).value;
            expectChar(';');
            reserves.add(new MemReserve(address, size));
        }
        DtsNode root = devicetree();
        if (tok.type() != Type.EOF) {
            throw syntaxError();
        }
        return new Parsed(reserves, root, guessBootCpuid(root));
    }

    /** DT_V1 ';' — a /plugin/ header (an overlay for fdtoverlay) is not something duoboot builds. */
    private void header() {
        expect(Type.V1);
        expectChar(';');
        if (tok.type() == Type.PLUGIN) {
            throw error(tok.pos(), "/plugin/ overlays are not supported by duoboot");
        }
    }

    private DtsNode devicetree() {
        DtsNode root;
        // On the stack: the initial state, headers, memreserves.
        if (tok.isChar('/')) {
            advance();
            root = nodedef(4);
            root.name = "";
        } else if (tok.type() == Type.LABEL_REF || tok.type() == Type.PATH_REF) {
            DtsToken ref = advance();
            DtsNode n = nodedef(4);
            throw error(n.pos(), "Label or path " + ref.text() + " not found");
        } else {
            throw syntaxError();
        }
        while (tok.type() != Type.EOF) {
            // Now also the devicetree so far.
            if (tok.isChar('/')) {
                advance();
                root.merge(nodedef(5));
            } else if (tok.type() == Type.LABEL) {
                DtsToken label = advance();
                DtsToken ref = expectRef();
                DtsNode n = nodedef(6);
                DtsNode target = NodeRefs.byRef(root, ref.text());
                if (target == null) {
                    throw error(ref.pos(), "Label or path " + ref.text() + " not found");
                }
                DtsLabel.add(target.labels, label.text());
                target.merge(n);
            } else if (tok.type() == Type.LABEL_REF || tok.type() == Type.PATH_REF) {
                DtsToken ref = advance();
                DtsNode n = nodedef(5);
                DtsNode target = NodeRefs.byRef(root, ref.text());
                if (target == null) {
                    throw error(ref.pos(), "Label or path " + ref.text() + " not found");
                }
                target.merge(n);
            } else if (tok.type() == Type.DEL_NODE || tok.type() == Type.OMIT_NO_REF) {
                boolean delete = advance().type() == Type.DEL_NODE;
                DtsToken ref = expectRef();
                expectChar(';');
                DtsNode target = NodeRefs.byRef(root, ref.text());
                if (target == null) {
                    throw error(ref.pos(), "Label or path " + ref.text() + " not found");
                }
                if (delete) {
                    target.delete();
                } else {
                    target.omitIfNoRef = true;
                }
            } else {
                throw syntaxError();
            }
        }
        return root;
    }

    /** '{' proplist subnodes '}' ';' with {@code stack} symbols below the '{'. */
    private DtsNode nodedef(int stack) {
        push(stack + 1);
        DtsToken open = expectChar('{');
        push(stack + 2);
        List<DtsProperty> properties = new ArrayList<>();
        List<DtsNode> children = new ArrayList<>();
        while (!tok.isChar('}')) {
            SrcPos itemStart = tok.pos();
            Object item = propdefOrSubnode(stack + 2 + children.size());
            if (item instanceof DtsProperty p) {
                if (!children.isEmpty()) {
                    throw error(SrcPos.span(itemStart, prev.pos()), "Properties must precede subnodes");
                }
                properties.add(p);
            } else {
                children.add((DtsNode) item);
            }
        }
        push(stack + 3 + children.size());
        advance();
        expectChar(';');
        DtsNode node = new DtsNode(SrcPos.span(open.pos(), prev.pos()));
        node.properties.addAll(properties);
        for (DtsNode c : children) {
            node.addChild(c);
        }
        return node;
    }

    /** A propdef or a subnode, with the labels before it; {@code stack} symbols below it. */
    private Object propdefOrSubnode(int stack) {
        List<String> labels = new ArrayList<>();
        while (tok.type() == Type.LABEL) {
            push(stack + labels.size() + 1);
            labels.add(advance().text());
        }
        stack += labels.size();
        if (tok.type() == Type.OMIT_NO_REF || tok.type() == Type.DEL_NODE) {
            return labelled(subnode(stack), labels);
        }
        if (tok.type() == Type.DEL_PROP) {
            advance();
            DtsToken name = expect(Type.PROPNODENAME);
            expectChar(';');
            DtsProperty p = DtsProperty.deletion(name.text());
            labels.reversed().forEach(l -> DtsLabel.add(p.labels, l));
            return p;
        }
        push(stack + 1);
        DtsToken name = expect(Type.PROPNODENAME);
        if (tok.isChar('{')) {
            DtsNode n = nodedef(stack + 1);
            n.name = name.text();
            return labelled(n, labels);
        }
        DtsValue value;
        if (tok.isChar('=')) {
            advance();
            value = propdata(stack + 3);
        } else if (tok.isChar(';')) {
            value = new DtsValue();
        } else {
            throw syntaxError();
        }
        expectChar(';');
        DtsProperty p = new DtsProperty(name.text(), value, SrcPos.span(name.pos(), prev.pos()));
        labels.reversed().forEach(l -> DtsLabel.add(p.labels, l));
        return p;
    }

    /**
     * subnode: DT_PROPNODENAME nodedef | DT_DEL_NODE DT_PROPNODENAME ';'
     * | DT_OMIT_NO_REF subnode | DT_LABEL subnode.
     */
    private DtsNode subnode(int stack) {
        List<String> labels = new ArrayList<>();
        while (tok.type() == Type.LABEL) {
            push(stack + labels.size() + 1);
            labels.add(advance().text());
        }
        stack += labels.size();
        if (tok.type() == Type.OMIT_NO_REF) {
            push(stack + 1);
            advance();
            DtsNode n = subnode(stack + 1);
            n.omitIfNoRef = true;
            return labelled(n, labels);
        }
        if (tok.type() == Type.DEL_NODE) {
            DtsToken del = advance();
            DtsToken name = expect(Type.PROPNODENAME);
            expectChar(';');
            DtsNode n = new DtsNode(SrcPos.span(del.pos(), prev.pos()));
            n.deleted = true;
            n.name = name.text();
            return labelled(n, labels);
        }
        push(stack + 1);
        DtsToken name = expect(Type.PROPNODENAME);
        if (!tok.isChar('{')) {
            throw syntaxError();
        }
        DtsNode n = nodedef(stack + 1);
        n.name = name.text();
        return labelled(n, labels);
    }

    /** DT_LABEL subnode, innermost label added first (so the first label ends up in front). */
    private static DtsNode labelled(DtsNode n, List<String> labels) {
        labels.reversed().forEach(l -> DtsLabel.add(n.labels, l));
        return n;
    }

    /** propdata: pieces separated by ',' with labels anywhere between them; {@code stack} with the prefix. */
    private DtsValue propdata(int stack) {
        DtsValue d = new DtsValue();
        while (true) {
            while (tok.type() == Type.LABEL) {
                d.addMarker(MarkerType.LABEL, advance().text());
            }
            switch (tok.type()) {
                case STRING -> {
                    DtsToken s = advance();
                    d.merge(new DtsValue().addMarker(MarkerType.TYPE_STRING, null).append(s.bytes()));
                }
                case BITS -> d.merge(array(stack));
                case LABEL_REF, PATH_REF -> {
                    DtsToken ref = advance();
                    d.addMarker(MarkerType.TYPE_STRING, ref.text());
                    d.addMarker(MarkerType.REF_PATH, ref.text());
                }
                case INCBIN -> d.merge(incbin(stack));
                default -> {
                    if (tok.isChar('<')) {
                        d.merge(array(stack));
                    } else if (tok.isChar('[')) {
                        d.merge(bytestring());
                    } else {
                        throw syntaxError();
                    }
                }
            }
            while (tok.type() == Type.LABEL) {
                d.addMarker(MarkerType.LABEL, advance().text());
            }
            if (!tok.isChar(',')) {
                return d;
            }
            advance();
        }
    }

    /** arrayprefix ... '>' with /bits/ sizes, range checks and phandle references. */
    private DtsValue array(int stack) {
        int bits = 32;
        if (tok.type() == Type.BITS) {
            advance();
            DtsToken size = expect(Type.LITERAL);
            if (size.value() == 8 || size.value() == 16 || size.value() == 32 || size.value() == 64) {
                bits = (int) size.value();
            } else {
                throw error(size.pos(), "Array elements must be 8, 16, 32 or 64-bits");
            }
        }
        expectChar('<');
        MarkerType type = switch (bits) {
            case 8 -> MarkerType.TYPE_UINT8;
            case 16 -> MarkerType.TYPE_UINT16;
            case 64 -> MarkerType.TYPE_UINT64;
            default -> MarkerType.TYPE_UINT32;
        };
        DtsValue a = new DtsValue().addMarker(type, null);
        while (!tok.isChar('>')) {
            if (tok.type() == Type.LABEL) {
                a.addMarker(MarkerType.LABEL, advance().text());
            } else if (tok.type() == Type.LABEL_REF || tok.type() == Type.PATH_REF) {
                DtsToken ref = advance();
                if (bits != 32) {
                    throw error(ref.pos(), "References are only allowed in arrays with 32-bit elements.");
                }
                a.addMarker(MarkerType.REF_PHANDLE, ref.text());
                a.appendInteger(0xffffffffL, 32);
            } else {
                Value v = integerPrim(stack + 1);
                if (bits < 64) {
                    long mask = (1L << bits) - 1;
                    if (Long.compareUnsigned(v.value, mask) > 0 && (v.value | mask) != -1L) {
                        throw error(v.pos, "Value out of range for " + bits + "-bit array element");
                    }
                }
                a.appendInteger(v.value, bits);
            }
        }
        advance();
        return a;
    }

    /** '[' (DT_BYTE | DT_LABEL)* ']' */
    private DtsValue bytestring() {
        expectChar('[');
        DtsValue b = new DtsValue().addMarker(MarkerType.TYPE_UINT8, null);
        while (!tok.isChar(']')) {
            if (tok.type() == Type.LABEL) {
                b.addMarker(MarkerType.LABEL, advance().text());
            } else {
                b.append(new byte[] {(byte) expect(Type.BYTE).value()});
            }
        }
        advance();
        return b;
    }

    /** DT_INCBIN '(' DT_STRING [',' offset ',' length] ')' */
    private DtsValue incbin(int stack) {
        advance();
        expectChar('(');
        byte[] nameBytes = expect(Type.STRING).bytes();
        String name = new String(nameBytes, 0, nameBytes.length - 1, StandardCharsets.ISO_8859_1);
        long offset = 0;
        long length = -1;
        if (tok.isChar(',')) {
            advance();
            offset = integerPrim(stack + 4).value;
            expectChar(',');
            length = integerPrim(stack + 6).value;
        }
        expectChar(')');
        byte[] content = lexer.find(name).content();
        if (offset > content.length) {
            throw new FdtException("FATAL ERROR: Couldn't seek to offset " + Long.toUnsignedString(offset)
                    + " in \"" + name + "\": Invalid argument");
        }
        long end = length < 0 ? content.length : Math.min(content.length, offset + length);
        return new DtsValue().append(Arrays.copyOfRange(content, (int) offset, (int) end));
    }

    // ---- integer expressions (unsigned 64-bit, as dtc's uint64_t) ----

    /** A value and the span it came from (for "Division by zero" and range errors). */
    private record Value(long value, SrcPos pos) {}

    /** integer_prim with {@code stack} symbols below it. */
    private Value integerPrim(int stack) {
        push(stack + 1);
        if (tok.type() == Type.LITERAL || tok.type() == Type.CHAR_LITERAL) {
            DtsToken t = advance();
            return new Value(t.value(), t.pos());
        }
        DtsToken open = expectChar('(');
        Value v = expr(stack + 1);
        push(stack + 3);
        expectChar(')');
        return new Value(v.value, SrcPos.span(open.pos(), prev.pos()));
    }

    private Value expr(int stack) {
        Value c = logicalOr(stack);
        if (!tok.isChar('?')) {
            return c;
        }
        push(stack + 2);
        advance();
        Value a = expr(stack + 2);
        push(stack + 4);
        expectChar(':');
        Value b = expr(stack + 4);
        return new Value(c.value != 0 ? a.value : b.value, SrcPos.span(c.pos, b.pos));
    }

    private Value logicalOr(int stack) {
        Value v = logicalAnd(stack);
        while (tok.type() == Type.OR) {
            push(stack + 2);
            advance();
            Value r = logicalAnd(stack + 2);
            v = new Value(v.value != 0 || r.value != 0 ? 1 : 0, SrcPos.span(v.pos, r.pos));
        }
        return v;
    }

    private Value logicalAnd(int stack) {
        Value v = bitOr(stack);
        while (tok.type() == Type.AND) {
            push(stack + 2);
            advance();
            Value r = bitOr(stack + 2);
            v = new Value(v.value != 0 && r.value != 0 ? 1 : 0, SrcPos.span(v.pos, r.pos));
        }
        return v;
    }

    private Value bitOr(int stack) {
        Value v = bitXor(stack);
        while (tok.isChar('|')) {
            push(stack + 2);
            advance();
            Value r = bitXor(stack + 2);
            v = new Value(v.value | r.value, SrcPos.span(v.pos, r.pos));
        }
        return v;
    }

    private Value bitXor(int stack) {
        Value v = bitAnd(stack);
        while (tok.isChar('^')) {
            push(stack + 2);
            advance();
            Value r = bitAnd(stack + 2);
            v = new Value(v.value ^ r.value, SrcPos.span(v.pos, r.pos));
        }
        return v;
    }

    private Value bitAnd(int stack) {
        Value v = equality(stack);
        while (tok.isChar('&')) {
            push(stack + 2);
            advance();
            Value r = equality(stack + 2);
            v = new Value(v.value & r.value, SrcPos.span(v.pos, r.pos));
        }
        return v;
    }

    private Value equality(int stack) {
        Value v = relational(stack);
        while (tok.type() == Type.EQ || tok.type() == Type.NE) {
            push(stack + 2);
            boolean eq = advance().type() == Type.EQ;
            Value r = relational(stack + 2);
            v = new Value((v.value == r.value) == eq ? 1 : 0, SrcPos.span(v.pos, r.pos));
        }
        return v;
    }

    private Value relational(int stack) {
        Value v = shift(stack);
        while (tok.isChar('<') || tok.isChar('>') || tok.type() == Type.LE || tok.type() == Type.GE) {
            push(stack + 2);
            DtsToken op = advance();
            Value r = shift(stack + 2);
            int c = Long.compareUnsigned(v.value, r.value);
            boolean result = switch (op.type()) {
                case LE -> c <= 0;
                case GE -> c >= 0;
                default -> op.isChar('<') ? c < 0 : c > 0;
            };
            v = new Value(result ? 1 : 0, SrcPos.span(v.pos, r.pos));
        }
        return v;
    }

    private Value shift(int stack) {
        Value v = additive(stack);
        while (tok.type() == Type.LSHIFT || tok.type() == Type.RSHIFT) {
            push(stack + 2);
            boolean left = advance().type() == Type.LSHIFT;
            Value r = additive(stack + 2);
            long result = Long.compareUnsigned(r.value, 64) >= 0 ? 0
                    : left ? v.value << r.value : v.value >>> r.value;
            v = new Value(result, SrcPos.span(v.pos, r.pos));
        }
        return v;
    }

    private Value additive(int stack) {
        Value v = multiplicative(stack);
        while (tok.isChar('+') || tok.isChar('-')) {
            push(stack + 2);
            boolean plus = advance().isChar('+');
            Value r = multiplicative(stack + 2);
            v = new Value(plus ? v.value + r.value : v.value - r.value, SrcPos.span(v.pos, r.pos));
        }
        return v;
    }

    private Value multiplicative(int stack) {
        Value v = unary(stack);
        while (tok.isChar('*') || tok.isChar('/') || tok.isChar('%')) {
            push(stack + 2);
            DtsToken op = advance();
            Value r = unary(stack + 2);
            SrcPos span = SrcPos.span(v.pos, r.pos);
            long result;
            if (op.isChar('*')) {
                result = v.value * r.value;
            } else if (r.value == 0) {
                throw error(span, "Division by zero");
            } else {
                result = op.isChar('/') ? Long.divideUnsigned(v.value, r.value)
                        : Long.remainderUnsigned(v.value, r.value);
            }
            v = new Value(result, span);
        }
        return v;
    }

    private Value unary(int stack) {
        if (tok.isChar('-') || tok.isChar('~') || tok.isChar('!')) {
            push(stack + 1);
            DtsToken op = advance();
            Value v = unary(stack + 1);
            long r = op.isChar('-') ? -v.value : op.isChar('~') ? ~v.value : (v.value == 0 ? 1 : 0);
            return new Value(r, SrcPos.span(op.pos(), v.pos));
        }
        return integerPrim(stack);
    }

    // ---- token helpers ----

    /** Bison shifting the lookahead onto a stack that would then hold {@code height} symbols. */
    private void push(int height) {
        if (height >= MAX_STACK) {
            throw error(tok.pos(), "memory exhausted");
        }
    }

    private DtsToken advance() {
        prev = tok;
        tok = lexer.next();
        return prev;
    }

    private DtsToken expect(Type type) {
        if (tok.type() != type) {
            throw syntaxError();
        }
        return advance();
    }

    private DtsToken expectChar(char c) {
        if (!tok.isChar(c)) {
            throw syntaxError();
        }
        return advance();
    }

    private DtsToken expectRef() {
        if (tok.type() != Type.LABEL_REF && tok.type() != Type.PATH_REF) {
            throw syntaxError();
        }
        return advance();
    }

    private FdtException syntaxError() {
        return error(tok.pos(), "syntax error");
    }

    private static FdtException error(SrcPos pos, String message) {
        return new DtsError("Error: " + pos + " " + message, pos);
    }

    /** dtc guess_boot_cpuid: the 'reg' of the first child of /cpus, if it is one cell. */
    private static long guessBootCpuid(DtsNode root) {
        DtsNode cpus = NodeRefs.byPath(root, "/cpus");
        if (cpus == null || cpus.children.isEmpty()) {
            return 0;
        }
        DtsProperty reg = cpus.children.get(0).property("reg");
        if (reg == null || reg.value.length() != 4) {
            return 0;
        }
        byte[] b = reg.value.bytes();
        return ((b[0] & 0xffL) << 24) | ((b[1] & 0xffL) << 16) | ((b[2] & 0xffL) << 8) | (b[3] & 0xffL);
    }
}
