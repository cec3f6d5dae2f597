package dev.duoboot.boot;

import dev.duoboot.linux.PhysicalMemory;
import java.util.HashMap;
import java.util.Map;

/**
 * Physical memory for the static chain: 4 KiB pages created on first write, zero elsewhere.
 * Holds what the stages place (DTBs, images) and what the kernel model writes (firmware
 * segments, the C906L reset and vector registers). One per run.
 */
final class SparseDram implements PhysicalMemory {

    private static final int PAGE = 4096;
    private final Map<Long, byte[]> pages = new HashMap<>();

    @Override
    public byte[] read(long addr, int len) {
        byte[] out = new byte[len];
        for (int i = 0; i < len; ) {
            long a = addr + i;
            int off = (int) (a & (PAGE - 1));
            int n = Math.min(len - i, PAGE - off);
            byte[] page = pages.get(a & -PAGE);
            if (page != null) {
                System.arraycopy(page, off, out, i, n);
            }
            i += n;
        }
        return out;
    }

    @Override
    public void write(long addr, byte[] bytes) {
        for (int i = 0; i < bytes.length; ) {
            long a = addr + i;
            int off = (int) (a & (PAGE - 1));
            int n = Math.min(bytes.length - i, PAGE - off);
            System.arraycopy(bytes, i, pages.computeIfAbsent(a & -PAGE, k -> new byte[PAGE]), off, n);
            i += n;
        }
    }
}
