package dev.duoboot.analysis;

import java.util.List;

/**
 * One static layout check and what it found: memmap.py against the DTS, the firmware's link
 * address against its carve-out, overlaps, the reserved_mem table's capacity. A conflict names
 * the address ranges involved, which the memory map marks.
 */
public record Finding(LayoutCheck check, Status status, String text, List<Range> ranges) {

    public enum Status {
        OK("ok"),
        WARNING("warning"),
        CONFLICT("conflict");

        private final String word;

        Status(String word) {
            this.word = word;
        }

        public String word() {
            return word;
        }
    }

    /** An address range a finding is about. */
    public record Range(long base, long size) {}

    public Finding {
        ranges = List.copyOf(ranges);
    }

    static Finding ok(LayoutCheck check, String text) {
        return new Finding(check, Status.OK, text, List.of());
    }
}
