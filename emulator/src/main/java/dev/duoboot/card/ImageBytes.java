package dev.duoboot.card;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Objects;

/**
 * Read-only bytes of a disk image or of a part of one, with the name that error messages use for
 * it ("sdcard.img", "sdcard.img partition 1"). Readers ask only for ranges inside
 * {@link #length()}; they check the range against the length first and report a truncated image
 * in their own words.
 */
public sealed interface ImageBytes permits ImageBytes.InMemory, ImageBytes.MappedFile, ImageBytes.Slice, ImageBytes.ZeroExtended,
        SparseImage {

    /** What messages call these bytes. */
    String name();

    long length();

    /** Copies {@code len} bytes at {@code offset} into {@code into[at..]}; the range is inside. */
    void read(long offset, byte[] into, int at, int len);

    default byte[] read(long offset, int len) {
        byte[] b = new byte[len];
        read(offset, b, 0, len);
        return b;
    }

    /** The part {@code [offset, offset + length)} of these bytes, named {@code name}. */
    default ImageBytes slice(long offset, long length, String name) {
        if (offset < 0 || length < 0 || offset + length > length()) {
            throw new IllegalArgumentException("slice [" + offset + ", +" + length + ") outside " + length());
        }
        return new Slice(this, offset, length, name);
    }

    /** An image held in a byte array (a test's, or one read whole). */
    record InMemory(String name, byte[] bytes) implements ImageBytes {
        public InMemory {
            Objects.requireNonNull(name);
            Objects.requireNonNull(bytes);
        }

        @Override
        public long length() {
            return bytes.length;
        }

        @Override
        public void read(long offset, byte[] into, int at, int len) {
            System.arraycopy(bytes, Math.toIntExact(offset), into, at, len);
        }
    }

    /**
     * A user's image file, mapped read-only: cards are hundreds of MiB and the emulator reads a few
     * blocks of them. The mapping lives as long as this object is reachable; the file is never
     * written.
     */
    final class MappedFile implements ImageBytes {
        private final String name;
        private final MemorySegment segment;

        private MappedFile(String name, MemorySegment segment) {
            this.name = name;
            this.segment = segment;
        }

        /** Maps {@code file}; one-line {@link CardImageException} when it cannot be read. */
        public static MappedFile open(Path file) {
            String name = file.toString();
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
                long size = ch.size();
                MemorySegment seg = size == 0 ? MemorySegment.NULL : ch.map(FileChannel.MapMode.READ_ONLY, 0, size, Arena.ofAuto());
                return new MappedFile(name, seg);
            } catch (NoSuchFileException e) {
                throw new CardImageException(name + ": no such file");
            } catch (IOException e) {
                throw new CardImageException(name + ": cannot read the image: " + e.getMessage(), e);
            }
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public long length() {
            return segment.byteSize();
        }

        @Override
        public void read(long offset, byte[] into, int at, int len) {
            MemorySegment.copy(segment, ValueLayout.JAVA_BYTE, offset, into, at, len);
        }
    }

    /** A range of another image: a partition. */
    /**
     * {@code base} as a card it was written to reads: its bytes, then zeros up to {@code length} (an
     * image cut short, flashed onto a card of the size its partition table says).
     */
    record ZeroExtended(ImageBytes base, long length) implements ImageBytes {
        @Override
        public String name() {
            return base.name();
        }

        @Override
        public void read(long off, byte[] into, int at, int len) {
            if (off < 0 || off + len > length) {
                throw new IndexOutOfBoundsException("read [" + off + ", +" + len + ") outside " + name() + " (" + length + " bytes)");
            }
            long have = Math.max(0, Math.min(len, base.length() - off));
            if (have > 0) {
                base.read(off, into, at, (int) have);
            }
            java.util.Arrays.fill(into, at + (int) have, at + len, (byte) 0);
        }
    }

    record Slice(ImageBytes base, long offset, long length, String name) implements ImageBytes {
        @Override
        public void read(long off, byte[] into, int at, int len) {
            if (off < 0 || off + len > length) {
                throw new IndexOutOfBoundsException("read [" + off + ", +" + len + ") outside " + name + " (" + length + " bytes)");
            }
            base.read(offset + off, into, at, len);
        }
    }
}
