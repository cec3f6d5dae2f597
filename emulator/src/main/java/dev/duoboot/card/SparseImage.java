package dev.duoboot.card;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * A built disk image that is mostly zeros: the SDK's card is 128 MiB of FAT and 768 MiB of ext4
 * around a few MiB of files. Only 64 KiB pages holding a non-zero byte are stored; the rest reads
 * as zeros and is left as a hole when written to a file. Immutable; made by {@link Builder}.
 */
public final class SparseImage implements ImageBytes {

    static final int PAGE = 64 * 1024;

    private final String name;
    private final long length;
    private final TreeMap<Long, byte[]> pages;

    private SparseImage(String name, long length, TreeMap<Long, byte[]> pages) {
        this.name = name;
        this.length = length;
        this.pages = pages;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public long length() {
        return length;
    }

    @Override
    public void read(long offset, byte[] into, int at, int len) {
        if (offset < 0 || offset + len > length) {
            throw new IndexOutOfBoundsException("read [" + offset + ", +" + len + ") outside " + name + " (" + length + " bytes)");
        }
        while (len > 0) {
            long page = offset / PAGE;
            int in = (int) (offset % PAGE);
            int n = Math.min(len, PAGE - in);
            byte[] p = pages.get(page);
            if (p == null) {
                Arrays.fill(into, at, at + n, (byte) 0);
            } else {
                System.arraycopy(p, in, into, at, n);
            }
            offset += n;
            at += n;
            len -= n;
        }
    }

    /** The whole image as one array; a one-line error when it is too large for one. */
    public byte[] toByteArray() {
        if (length > Integer.MAX_VALUE - 8) {
            throw new CardImageException(name + ": the image is " + length + " bytes, too large to hold in memory; write it to a file");
        }
        byte[] out = new byte[(int) length];
        read(0, out, 0, out.length);
        return out;
    }

    /** Writes the image to {@code file} (replacing it), leaving the zero pages as holes. */
    public void writeTo(Path file) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            for (Map.Entry<Long, byte[]> e : pages.entrySet()) {
                long off = e.getKey() * PAGE;
                int n = (int) Math.min(PAGE, length - off);
                ByteBuffer buf = ByteBuffer.wrap(e.getValue(), 0, n);
                while (buf.hasRemaining()) {
                    ch.write(buf, off + buf.position());
                }
            }
            // the file's length is the image's even when its last pages are holes
            if (ch.size() < length) {
                ch.write(ByteBuffer.allocate(1), length - 1);
            }
        } catch (IOException e) {
            throw new CardImageException(file + ": cannot write the image: " + e.getMessage(), e);
        }
    }

    /** Pages actually stored (the rest is zeros): for tests and for sizing. */
    int storedPages() {
        return pages.size();
    }

    /** Collects writes into pages; later writes win where they overlap. */
    public static final class Builder {
        private final String name;
        private final long length;
        private final TreeMap<Long, byte[]> pages = new TreeMap<>();

        public Builder(String name, long length) {
            if (length < 0) {
                throw new IllegalArgumentException("length " + length);
            }
            this.name = name;
            this.length = length;
        }

        public long length() {
            return length;
        }

        public Builder write(long offset, byte[] data) {
            return write(offset, data, 0, data.length);
        }

        public Builder write(long offset, byte[] data, int from, int len) {
            if (offset < 0 || offset + len > length) {
                throw new IndexOutOfBoundsException("write [" + offset + ", +" + len + ") outside " + name + " (" + length + " bytes)");
            }
            while (len > 0) {
                long page = offset / PAGE;
                int in = (int) (offset % PAGE);
                int n = Math.min(len, PAGE - in);
                byte[] p = pages.get(page);
                if (p == null) {
                    if (isZero(data, from, n)) {
                        offset += n;
                        from += n;
                        len -= n;
                        continue;
                    }
                    p = new byte[PAGE];
                    pages.put(page, p);
                }
                System.arraycopy(data, from, p, in, n);
                offset += n;
                from += n;
                len -= n;
            }
            return this;
        }

        /** Copies all of {@code source} to {@code offset}, skipping its zero pages. */
        public Builder copy(long offset, ImageBytes source) {
            byte[] buf = new byte[PAGE];
            for (long off = 0; off < source.length(); off += PAGE) {
                int n = (int) Math.min(PAGE, source.length() - off);
                source.read(off, buf, 0, n);
                write(offset + off, buf, 0, n);
            }
            return this;
        }

        public SparseImage build() {
            TreeMap<Long, byte[]> copy = new TreeMap<>();
            pages.forEach((k, v) -> copy.put(k, v.clone()));
            return new SparseImage(name, length, copy);
        }

        private static boolean isZero(byte[] b, int from, int len) {
            for (int i = from; i < from + len; i++) {
                if (b[i] != 0) {
                    return false;
                }
            }
            return true;
        }
    }
}
