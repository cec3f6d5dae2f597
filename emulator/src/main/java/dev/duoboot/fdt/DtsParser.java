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
 */
final class DtsParser {

    /** What the parser builds (dtc struct dt_info before checks). */
    record Parsed(List<MemReserve> memReserves, DtsNode root, long bootCpuid) {}

    private final DtsLexer lexer;
    private DtsToken tok;
    private DtsToken prev;

    DtsParser(DtsLexer lexer) {
        this.lexer = lexer;
    }

    Parsed parse() {
        tok = lexer.next();
        boolean plugin = header();
        while (tok.type() == Type.V1) {
            DtsToken first = tok;
            if (header() != plugin) {
                throw error(SrcPos.span(first.pos(), prev.pos()), "Header flags don't match earlier ones");
            }
        }
        List<MemReserve> reserves = new ArrayList<>();
        while (tok.type() == Type.LABEL || tok.type() == Type.MEMRESERVE) {
            while (tok.type() == Type.LABEL) {
                advance();
            }
            expect(Type.MEMRESERVE);
            long address = integerPrim().value;
            long size = integerPrim().value;
            expectChar(';');
            reserves.add(new MemReserve(address, size));
        }
        DtsNode root = devicetree();
        if (tok.type() != Type.EOF) {
            throw syntaxError();
        }
        return new Parsed(reserves, root, guessBootCpuid(root));
    }

    /** DT_V1 ';' [DT_PLUGIN ';']; true for a plugin (which duoboot does not compile). */
    private boolean header() {
        expect(Type.V1);
        expectChar(';');
        if (tok.type() == Type.PLUGIN) {
            throw new FdtException("Error: " + tok.pos()
                    + " /plugin/ overlays are not supported by duoboot (compile them with dtc -@)");
        }
        return false;
    }

    private DtsNode devicetree() {
        DtsNode root;
        if (tok.isChar('/')) {
            advance();
            root = nodedef();
            root.name = "";
        } else if (tok.type() == Type.LABEL_REF || tok.type() == Type.PATH_REF) {
            DtsToken ref = advance();
            DtsNode n = nodedef();
            throw error(n.pos(), "Label or path " + ref.text() + " not found");
        } else {
            throw syntaxError();
        }
        while (tok.type() != Type.EOF) {
            if (tok.isChar('/')) {
                advance();
                root.merge(nodedef());
            } else if (tok.type() == Type.LABEL) {
                DtsToken label = advance();
                DtsToken ref = expectRef();
                DtsNode n = nodedef();
                DtsNode target = NodeRefs.byRef(root, ref.text());
                if (target == null) {
                    throw error(ref.pos(), "Label or path " + ref.text() + " not found");
                }
                DtsLabel.add(target.labels, label.text());
                target.merge(n);
            } else if (tok.type() == Type.LABEL_REF || tok.type() == Type.PATH_REF) {
                DtsToken ref = advance();
                DtsNode n = nodedef();
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

    /** '{' proplist subnodes '}' ';' */
    private DtsNode nodedef() {
        DtsToken open = expectChar('{');
        List<DtsProperty> properties = new ArrayList<>();
        List<DtsNode> children = new ArrayList<>();
        while (!tok.isChar('}')) {
            SrcPos itemStart = tok.pos();
            Object item = propdefOrSubnode();
            if (item instanceof DtsProperty p) {
                if (!children.isEmpty()) {
                    throw error(SrcPos.span(itemStart, prev.pos()), "Properties must precede subnodes");
                }
                properties.add(p);
            } else {
                children.add((DtsNode) item);
            }
        }
        advance();
        expectChar(';');
        DtsNode node = new DtsNode(SrcPos.span(open.pos(), prev.pos()));
        node.properties.addAll(properties);
        for (DtsNode c : children) {
            node.addChild(c);
        }
        return node;
    }

    /** A propdef or a subnode, with the labels before it. */
    private Object propdefOrSubnode() {
        List<String> labels = new ArrayList<>();
        while (tok.type() == Type.LABEL) {
            labels.add(advance().text());
        }
        if (tok.type() == Type.OMIT_NO_REF || tok.type() == Type.DEL_NODE) {
            return labelled(subnode(), labels);
        }
        if (tok.type() == Type.DEL_PROP) {
            advance();
            DtsToken name = expect(Type.PROPNODENAME);
            expectChar(';');
            DtsProperty p = DtsProperty.deletion(name.text());
            labels.reversed().forEach(l -> DtsLabel.add(p.labels, l));
            return p;
        }
        DtsToken name = expect(Type.PROPNODENAME);
        if (tok.isChar('{')) {
            DtsNode n = nodedef();
            n.name = name.text();
            return labelled(n, labels);
        }
        DtsValue value;
        if (tok.isChar('=')) {
            advance();
            value = propdata();
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
    private DtsNode subnode() {
        List<String> labels = new ArrayList<>();
        while (tok.type() == Type.LABEL) {
            labels.add(advance().text());
        }
        if (tok.type() == Type.OMIT_NO_REF) {
            advance();
            DtsNode n = subnode();
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
        DtsToken name = expect(Type.PROPNODENAME);
        if (!tok.isChar('{')) {
            throw syntaxError();
        }
        DtsNode n = nodedef();
        n.name = name.text();
        return labelled(n, labels);
    }

    /** DT_LABEL subnode, innermost label added first (so the first label ends up in front). */
    private static DtsNode labelled(DtsNode n, List<String> labels) {
        labels.reversed().forEach(l -> DtsLabel.add(n.labels, l));
        return n;
    }

    /** propdata: pieces separated by ',' with labels anywhere between them. */
    private DtsValue propdata() {
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
                case BITS -> d.merge(array());
                case LABEL_REF, PATH_REF -> {
                    DtsToken ref = advance();
                    d.addMarker(MarkerType.TYPE_STRING, ref.text());
                    d.addMarker(MarkerType.REF_PATH, ref.text());
                }
                case INCBIN -> d.merge(incbin());
                default -> {
                    if (tok.isChar('<')) {
                        d.merge(array());
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
    private DtsValue array() {
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
                Value v = integerPrim();
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
    private DtsValue incbin() {
        advance();
        expectChar('(');
        byte[] nameBytes = expect(Type.STRING).bytes();
        String name = new String(nameBytes, 0, nameBytes.length - 1, StandardCharsets.ISO_8859_1);
        long offset = 0;
        long length = -1;
        if (tok.isChar(',')) {
            advance();
            offset = integerPrim().value;
            expectChar(',');
            length = integerPrim().value;
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

    private Value integerPrim() {
        if (tok.type() == Type.LITERAL || tok.type() == Type.CHAR_LITERAL) {
            DtsToken t = advance();
            return new Value(t.value(), t.pos());
        }
        DtsToken open = expectChar('(');
        Value v = expr();
        expectChar(')');
        return new Value(v.value, SrcPos.span(open.pos(), prev.pos()));
    }

    private Value expr() {
        Value c = logicalOr();
        if (!tok.isChar('?')) {
            return c;
        }
        advance();
        Value a = expr();
        expectChar(':');
        Value b = expr();
        return new Value(c.value != 0 ? a.value : b.value, SrcPos.span(c.pos, b.pos));
    }

    private Value logicalOr() {
        Value v = logicalAnd();
        while (tok.type() == Type.OR) {
            advance();
            Value r = logicalAnd();
            v = new Value(v.value != 0 || r.value != 0 ? 1 : 0, SrcPos.span(v.pos, r.pos));
        }
        return v;
    }

    private Value logicalAnd() {
        Value v = bitOr();
        while (tok.type() == Type.AND) {
            advance();
            Value r = bitOr();
            v = new Value(v.value != 0 && r.value != 0 ? 1 : 0, SrcPos.span(v.pos, r.pos));
        }
        return v;
    }

    private Value bitOr() {
        Value v = bitXor();
        while (tok.isChar('|')) {
            advance();
            Value r = bitXor();
            v = new Value(v.value | r.value, SrcPos.span(v.pos, r.pos));
        }
        return v;
    }

    private Value bitXor() {
        Value v = bitAnd();
        while (tok.isChar('^')) {
            advance();
            Value r = bitAnd();
            v = new Value(v.value ^ r.value, SrcPos.span(v.pos, r.pos));
        }
        return v;
    }

    private Value bitAnd() {
        Value v = equality();
        while (tok.isChar('&')) {
            advance();
            Value r = equality();
            v = new Value(v.value & r.value, SrcPos.span(v.pos, r.pos));
        }
        return v;
    }

    private Value equality() {
        Value v = relational();
        while (tok.type() == Type.EQ || tok.type() == Type.NE) {
            boolean eq = advance().type() == Type.EQ;
            Value r = relational();
            v = new Value((v.value == r.value) == eq ? 1 : 0, SrcPos.span(v.pos, r.pos));
        }
        return v;
    }

    private Value relational() {
        Value v = shift();
        while (tok.isChar('<') || tok.isChar('>') || tok.type() == Type.LE || tok.type() == Type.GE) {
            DtsToken op = advance();
            Value r = shift();
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

    private Value shift() {
        Value v = additive();
        while (tok.type() == Type.LSHIFT || tok.type() == Type.RSHIFT) {
            boolean left = advance().type() == Type.LSHIFT;
            Value r = additive();
            long result = Long.compareUnsigned(r.value, 64) >= 0 ? 0
                    : left ? v.value << r.value : v.value >>> r.value;
            v = new Value(result, SrcPos.span(v.pos, r.pos));
        }
        return v;
    }

    private Value additive() {
        Value v = multiplicative();
        while (tok.isChar('+') || tok.isChar('-')) {
            boolean plus = advance().isChar('+');
            Value r = multiplicative();
            v = new Value(plus ? v.value + r.value : v.value - r.value, SrcPos.span(v.pos, r.pos));
        }
        return v;
    }

    private Value multiplicative() {
        Value v = unary();
        while (tok.isChar('*') || tok.isChar('/') || tok.isChar('%')) {
            DtsToken op = advance();
            Value r = unary();
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

    private Value unary() {
        if (tok.isChar('-') || tok.isChar('~') || tok.isChar('!')) {
            DtsToken op = advance();
            Value v = unary();
            long r = op.isChar('-') ? -v.value : op.isChar('~') ? ~v.value : (v.value == 0 ? 1 : 0);
            return new Value(r, SrcPos.span(op.pos(), v.pos));
        }
        return integerPrim();
    }

    // ---- token helpers ----

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
