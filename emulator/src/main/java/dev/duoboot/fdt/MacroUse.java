package dev.duoboot.fdt;

/**
 * Where in the preprocessed text a macro's expansion landed: output line (0-based), columns
 * [{@code startColumn}, {@code endColumn}) 1-based like dtc's, and the macro's definition.
 * Used to say, in a DTS error, which macro a bad token came from.
 */
record MacroUse(int outputLine, int startColumn, int endColumn, String macro, String definedAt) {}
