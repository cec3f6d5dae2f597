package dev.duoboot.fdt;

/** A DTS error at a place in the compiled text, so the compiler can say which macro put it there. */
final class DtsError extends FdtException {
    private final SrcPos pos;

    DtsError(String message, SrcPos pos) {
        super(message);
        this.pos = pos;
    }

    SrcPos pos() {
        return pos;
    }
}
