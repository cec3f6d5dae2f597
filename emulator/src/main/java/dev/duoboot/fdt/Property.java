package dev.duoboot.fdt;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * A property: a name and its raw big-endian value bytes, plus the labels the DTS gave it.
 * The typed accessors interpret the bytes the way the kernel and libfdt do.
 */
public final class Property {
    private final String name;
    private final byte[] value;
    private final List<String> labels;

    public Property(String name, byte[] value) {
        this(name, value, List.of());
    }

    public Property(String name, byte[] value, List<String> labels) {
        this.name = name;
        this.value = value.clone();
        this.labels = List.copyOf(labels);
    }

    public String name() {
        return name;
    }

    /** A copy of the raw value. */
    public byte[] value() {
        return value.clone();
    }

    public int length() {
        return value.length;
    }

    public boolean isEmpty() {
        return value.length == 0;
    }

    public List<String> labels() {
        return labels;
    }

    /** The 32-bit big-endian cell at {@code index}; the value must hold it. */
    public long u32(int index) {
        int off = index * 4;
        if (off < 0 || off + 4 > value.length) {
            throw new IndexOutOfBoundsException("property '" + name + "' has no cell " + index);
        }
        return ((value[off] & 0xffL) << 24) | ((value[off + 1] & 0xffL) << 16)
                | ((value[off + 2] & 0xffL) << 8) | (value[off + 3] & 0xffL);
    }

    /** Number of whole 32-bit cells in the value. */
    public int cellCount() {
        return value.length / 4;
    }

    /** Reads {@code cells} cells starting at cell {@code index} as one number (like {@code of_read_number}). */
    public long number(int index, int cells) {
        long v = 0;
        for (int i = 0; i < cells; i++) {
            v = (v << 32) | u32(index + i);
        }
        return v;
    }

    /** The value as a NUL-terminated string, if it is one (printable, ends in NUL). */
    public Optional<String> asString() {
        if (value.length == 0 || value[value.length - 1] != 0) {
            return Optional.empty();
        }
        int end = 0;
        while (value[end] != 0) {
            end++;
        }
        return Optional.of(new String(value, 0, end, StandardCharsets.UTF_8));
    }

    /** The value as a list of NUL-terminated strings (empty if it does not end in NUL). */
    public List<String> asStringList() {
        List<String> out = new ArrayList<>();
        if (value.length == 0 || value[value.length - 1] != 0) {
            return out;
        }
        int start = 0;
        for (int i = 0; i < value.length; i++) {
            if (value[i] == 0) {
                out.add(new String(value, start, i - start, StandardCharsets.UTF_8));
                start = i + 1;
            }
        }
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Property p && p.name.equals(name) && Arrays.equals(p.value, value);
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + Arrays.hashCode(value);
    }

    @Override
    public String toString() {
        return name + "[" + value.length + " bytes]";
    }
}
