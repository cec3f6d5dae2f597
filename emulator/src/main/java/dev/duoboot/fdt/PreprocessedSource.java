package dev.duoboot.fdt;

import java.util.List;

/**
 * What {@code cpp -nostdinc -undef -x assembler-with-cpp} would write for a DTS, plus where macro
 * expansions landed in it (for error notes) and cpp's warnings, one line each.
 */
record PreprocessedSource(String text, List<MacroUse> macroUses, List<String> warnings) {}
