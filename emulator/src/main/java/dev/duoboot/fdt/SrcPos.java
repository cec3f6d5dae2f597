package dev.duoboot.fdt;

/**
 * A span in DTS source as dtc's srcpos.c keeps it: 1-based lines, 1-based columns with the last
 * column exclusive, and the file a cpp linemarker last named. {@code textLine} is the 0-based
 * line of the span's start in the compiled text (the preprocessor's output), -1 inside an
 * /include/d file; it finds the macro a token came from and is not printed.
 */
record SrcPos(String file, int firstLine, int firstColumn, int lastLine, int lastColumn, int textLine) {

    /** The span from the start of {@code first} to the end of {@code last} (YYLLOC_DEFAULT). */
    static SrcPos span(SrcPos first, SrcPos last) {
        return new SrcPos(last.file, first.firstLine, first.firstColumn, last.lastLine, last.lastColumn,
                first.textLine);
    }

    /** dtc srcpos_string: FILE:L.C, FILE:L.C-C or FILE:L.C-L.C. */
    @Override
    public String toString() {
        if (firstLine != lastLine) {
            return file + ":" + firstLine + "." + firstColumn + "-" + lastLine + "." + lastColumn;
        }
        if (firstColumn != lastColumn) {
            return file + ":" + firstLine + "." + firstColumn + "-" + lastColumn;
        }
        return file + ":" + firstLine + "." + firstColumn;
    }
}
