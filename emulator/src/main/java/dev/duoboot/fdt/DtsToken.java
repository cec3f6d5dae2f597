package dev.duoboot.fdt;

/**
 * A token of dtc's lexer (dtc-lexer.l). {@code text} is the name, label, reference or single
 * character; {@code value} the integer of a literal, character literal or byte; {@code bytes}
 * the contents of a string (escapes decoded, NUL-terminated).
 */
record DtsToken(Type type, String text, long value, byte[] bytes, SrcPos pos) {

    enum Type {
        V1, PLUGIN, MEMRESERVE, BITS, DEL_PROP, DEL_NODE, OMIT_NO_REF,
        PROPNODENAME, LITERAL, CHAR_LITERAL, BYTE, STRING, LABEL, LABEL_REF, PATH_REF, INCBIN,
        LSHIFT, RSHIFT, LE, GE, EQ, NE, AND, OR,
        /** Any other single character, in {@code text}. */
        CHAR,
        EOF
    }

    boolean isChar(char c) {
        return type == Type.CHAR && text.charAt(0) == c;
    }
}
