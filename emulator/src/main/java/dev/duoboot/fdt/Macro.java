package dev.duoboot.fdt;

import java.util.List;

/**
 * A preprocessor macro. {@code body} holds the replacement tokens with parameters turned into
 * {@link PpToken.Kind#MACRO_ARG} tokens; {@code definedAt} is GCC's "file:line" for the
 * "macro defined here" note. Built-in macros ({@code __FILE__}, {@code __LINE__}, ...) have a
 * {@code builtin} name and no body.
 */
record Macro(
        String name,
        boolean functionLike,
        List<String> params,
        boolean variadic,
        List<PpToken> body,
        String definedAt,
        String builtin) {

    static Macro builtin(String name) {
        return new Macro(name, false, List.of(), false, List.of(), "<built-in>", name);
    }

    boolean isBuiltin() {
        return builtin != null;
    }

    /** GCC's "same definition" test (cpplib warn_of_redefinition): params, spelling and spacing. */
    boolean sameDefinitionAs(Macro other) {
        if (functionLike != other.functionLike || variadic != other.variadic
                || !params.equals(other.params) || body.size() != other.body.size()) {
            return false;
        }
        for (int i = 0; i < body.size(); i++) {
            PpToken a = body.get(i);
            PpToken b = other.body.get(i);
            int spacing = PpToken.PREV_WHITE | PpToken.PASTE_LEFT | PpToken.STRINGIFY_ARG;
            if (a.kind != b.kind || !a.text.equals(b.text)
                    || (a.flags & spacing) != (b.flags & spacing)) {
                return false;
            }
        }
        return true;
    }
}
