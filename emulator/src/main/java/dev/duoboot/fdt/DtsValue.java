package dev.duoboot.fdt;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * A property value while a DTS is compiled (dtc's struct data): the bytes so far and markers at
 * byte offsets saying where a phandle or path reference must be filled in, where a label sits,
 * and what type each piece was written as.
 */
final class DtsValue {

    enum MarkerType { TYPE_UINT8, TYPE_UINT16, TYPE_UINT32, TYPE_UINT64, TYPE_STRING, REF_PHANDLE, REF_PATH, LABEL }

    /** A marker at {@code offset}; {@code ref} is the label or path for references and labels. */
    record Marker(MarkerType type, int offset, String ref) {}

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final List<Marker> markers = new ArrayList<>();

    int length() {
        return bytes.size();
    }

    byte[] bytes() {
        return bytes.toByteArray();
    }

    List<Marker> markers() {
        return markers;
    }

    DtsValue addMarker(MarkerType type, String ref) {
        markers.add(new Marker(type, bytes.size(), ref));
        return this;
    }

    DtsValue append(byte[] data) {
        bytes.writeBytes(data);
        return this;
    }

    /** data_append_integer: big-endian, {@code bits} wide. */
    DtsValue appendInteger(long value, int bits) {
        for (int shift = bits - 8; shift >= 0; shift -= 8) {
            bytes.write((int) (value >>> shift));
        }
        return this;
    }

    /** data_merge: {@code other}'s bytes and markers after ours. */
    DtsValue merge(DtsValue other) {
        int base = bytes.size();
        for (Marker m : other.markers) {
            markers.add(new Marker(m.type(), base + m.offset(), m.ref()));
        }
        bytes.writeBytes(other.bytes());
        return this;
    }

    /** Overwrites 4 bytes at {@code offset} (a phandle fix-up). */
    void setCell(int offset, long cell) {
        byte[] b = bytes();
        for (int i = 0; i < 4; i++) {
            b[offset + i] = (byte) (cell >>> (24 - 8 * i));
        }
        bytes.reset();
        bytes.writeBytes(b);
    }

    /** data_insert_at_marker: {@code data} goes in at marker {@code index}; later markers move along. */
    void insertAt(int index, byte[] data) {
        int offset = markers.get(index).offset();
        byte[] b = bytes();
        bytes.reset();
        bytes.write(b, 0, offset);
        bytes.writeBytes(data);
        bytes.write(b, offset, b.length - offset);
        for (int i = index + 1; i < markers.size(); i++) {
            Marker m = markers.get(i);
            markers.set(i, new Marker(m.type(), m.offset() + data.length, m.ref()));
        }
    }
}
