package dev.duoboot.linux;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/** A plain sparse byte store that also records every 32-bit register write, in order. */
final class SparseMemory implements PhysicalMemory {

    record RegWrite(long addr, long value) {}

    private final TreeMap<Long, Byte> bytes = new TreeMap<>();
    final List<RegWrite> regWrites = new ArrayList<>();

    @Override
    public byte[] read(long addr, int len) {
        byte[] out = new byte[len];
        for (int i = 0; i < len; i++) {
            out[i] = bytes.getOrDefault(addr + i, (byte) 0);
        }
        return out;
    }

    @Override
    public void write(long addr, byte[] data) {
        for (int i = 0; i < data.length; i++) {
            bytes.put(addr + i, data[i]);
        }
    }

    @Override
    public void write32(long addr, long value) {
        regWrites.add(new RegWrite(addr, value & 0xffffffffL));
        PhysicalMemory.super.write32(addr, value);
    }
}
