package dev.duoboot.card;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.StringJoiner;
import java.util.UUID;

/**
 * An ext2/3/4 file system, read-only and small: the superblock, the group descriptors (32 or 64
 * bytes), inodes with extent trees or with the classic direct and indirect block maps, and linear
 * directories (hashed directories are read linearly: their index blocks look like empty entries).
 * Both mappings matter: {@code mke2fs -d} writes extents, while the SDK's genimage builds its
 * rootfs with {@code genext2fs} and then only turns the {@code extents} feature on with
 * {@code tune2fs}, so the files on the SDK's own cards use block maps. Layout from the kernel's
 * {@code fs/ext4/ext4.h} and {@code ext4_extents.h} (structures {@code ext4_super_block},
 * {@code ext4_group_desc}, {@code ext4_inode}, {@code ext4_extent_header}, {@code ext4_dir_entry_2}).
 *
 * <p>Not read: {@code meta_bg} descriptor placement, inline data longer than the inode's 60
 * bytes, encrypted names, and the journal (a card not cleanly unmounted is read as it is on disk).
 * Checksums are not verified. Every error is one line naming the volume and the place.
 */
public final class Ext4Volume {

    static final int SUPERBLOCK_AT = 1024;
    static final int MAGIC = 0xef53;
    static final long ROOT_INODE = 2;
    private static final int INCOMPAT_FILETYPE = 0x2;
    private static final int INCOMPAT_RECOVER = 0x4;
    private static final int INCOMPAT_EXTENTS = 0x40;
    private static final int INCOMPAT_64BIT = 0x80;
    private static final int INCOMPAT_MMP = 0x100;
    private static final int INCOMPAT_FLEX_BG = 0x200;
    private static final int INCOMPAT_EA_INODE = 0x400;
    private static final int INCOMPAT_CSUM_SEED = 0x2000;
    private static final int INCOMPAT_LARGEDIR = 0x4000;
    private static final int INCOMPAT_INLINE_DATA = 0x8000;
    private static final int INCOMPAT_CASEFOLD = 0x20000;
    private static final int READABLE_INCOMPAT = INCOMPAT_FILETYPE | INCOMPAT_RECOVER | INCOMPAT_EXTENTS | INCOMPAT_64BIT
            | INCOMPAT_MMP | INCOMPAT_FLEX_BG | INCOMPAT_EA_INODE | INCOMPAT_CSUM_SEED | INCOMPAT_LARGEDIR
            | INCOMPAT_INLINE_DATA | INCOMPAT_CASEFOLD;
    private static final int FLAG_EXTENTS = 0x80000;
    private static final int FLAG_INLINE_DATA = 0x10000000;
    private static final int EXTENT_MAGIC = 0xf30a;
    private static final int MAX_SYMLINKS = 40;

    private final ImageBytes bytes;
    private final int blockSize;
    private final long blocksCount;
    private final long inodesCount;
    private final long inodesPerGroup;
    private final int inodeSize;
    private final int descSize;
    private final long firstDataBlock;
    private final boolean fileTypeInDirents;
    private final String label;
    private final UUID uuid;

    private Ext4Volume(ImageBytes bytes) {
        this.bytes = bytes;
        if (bytes.length() < SUPERBLOCK_AT + 1024) {
            throw new CardImageException(String.format("%s: %d bytes, too short for an ext4 superblock (1024 bytes at byte 0x400)", bytes.name(), bytes.length()));
        }
        ByteBuffer s = ByteBuffer.wrap(bytes.read(SUPERBLOCK_AT, 1024)).order(ByteOrder.LITTLE_ENDIAN);
        int magic = s.getShort(0x38) & 0xffff;
        if (magic != MAGIC) {
            throw bad("no ext2/3/4 magic at byte 0x438 (found 0x%04x, expected 0xef53)", magic);
        }
        long log = s.getInt(0x18) & 0xffffffffL;
        if (log > 6) {
            throw bad("block size 1024 << %d at byte 0x418 (expected 1 KiB to 64 KiB)", log);
        }
        blockSize = 1024 << log;
        int incompat = s.getInt(0x60);
        int unreadable = incompat & ~READABLE_INCOMPAT;
        if (unreadable != 0) {
            throw bad("incompatible features 0x%x at byte 0x460 that this reader does not know (%s)", unreadable, incompatNames(unreadable));
        }
        boolean is64 = (incompat & INCOMPAT_64BIT) != 0;
        fileTypeInDirents = (incompat & INCOMPAT_FILETYPE) != 0;
        inodesCount = s.getInt(0x00) & 0xffffffffL;
        blocksCount = (s.getInt(0x04) & 0xffffffffL) | (is64 ? (s.getInt(0x150) & 0xffffffffL) << 32 : 0);
        firstDataBlock = s.getInt(0x14) & 0xffffffffL;
        inodesPerGroup = s.getInt(0x28) & 0xffffffffL;
        if (inodesPerGroup == 0) {
            throw bad("inodes per group 0 at byte 0x428");
        }
        long rev = s.getInt(0x4c) & 0xffffffffL;
        inodeSize = rev == 0 ? 128 : s.getShort(0x58) & 0xffff;
        if (inodeSize < 128 || Integer.bitCount(inodeSize) != 1 || inodeSize > blockSize) {
            throw bad("inode size %d at byte 0x458 (expected a power of two from 128 to the block size)", inodeSize);
        }
        descSize = is64 ? Math.max(32, s.getShort(0xfe) & 0xffff) : 32;
        if (is64 && (descSize < 64 || Integer.bitCount(descSize) != 1)) {
            throw bad("group descriptor size %d at byte 0x4fe (expected 64 or a larger power of two with the 64bit feature)", descSize);
        }
        if (blocksCount * blockSize > bytes.length()) {
            throw new CardImageException(String.format(
                    "%s: the ext4 volume claims %d bytes (%d blocks of %d) but only %d are there (truncated image?)",
                    bytes.name(), blocksCount * blockSize, blocksCount, blockSize, bytes.length()));
        }
        byte[] name = new byte[16];
        s.get(0x78, name);
        int n = 0;
        while (n < 16 && name[n] != 0) {
            n++;
        }
        label = new String(name, 0, n, StandardCharsets.UTF_8);
        uuid = new UUID(ByteBuffer.wrap(bytes.read(SUPERBLOCK_AT + 0x68, 16)).getLong(),
                ByteBuffer.wrap(bytes.read(SUPERBLOCK_AT + 0x70, 8)).getLong());
    }

    /** Reads the superblock of {@code bytes}; one-line {@link CardImageException} when it is no ext2/3/4 volume. */
    public static Ext4Volume open(ImageBytes bytes) {
        return new Ext4Volume(bytes);
    }

    public String label() {
        return label;
    }

    public UUID uuid() {
        return uuid;
    }

    public int blockSize() {
        return blockSize;
    }

    /** The entries of the directory at {@code path} (without "." and ".."), in directory order. */
    public List<Ext4Entry> list(String path) {
        Inode dir = resolve(path, true);
        if (!dir.isDirectory()) {
            throw new CardImageException(String.format("%s: '%s' is not a directory", bytes.name(), path));
        }
        List<Ext4Entry> out = new ArrayList<>();
        for (Dirent d : dirents(dir, path)) {
            if (!d.name().equals(".") && !d.name().equals("..")) {
                out.add(entry(d));
            }
        }
        return out;
    }

    /** The entry at {@code path}, its directories' symbolic links followed but not its own. */
    public Optional<Ext4Entry> find(String path) {
        List<String> parts = parts(path);
        if (parts.isEmpty()) {
            Inode root = inode(ROOT_INODE, "/");
            return Optional.of(new Ext4Entry("/", ROOT_INODE, root.kind(), root.size(), root.mode() & 07777, root.uid(), root.gid()));
        }
        String parent = "/" + String.join("/", parts.subList(0, parts.size() - 1));
        Optional<Inode> dir = tryResolve(parent, true);
        if (dir.isEmpty() || !dir.get().isDirectory()) {
            return Optional.empty();
        }
        return dirents(dir.get(), parent).stream().filter(d -> d.name().equals(parts.getLast())).findFirst().map(this::entry);
    }

    /** The contents of the regular file at {@code path} (symbolic links followed). */
    public byte[] read(String path) {
        Inode f = resolve(path, true);
        if (f.kind() != Ext4Entry.Kind.FILE) {
            throw new CardImageException(String.format("%s: '%s' is a %s, not a regular file", bytes.name(), path, f.kind().name().toLowerCase(Locale.ROOT)));
        }
        return contents(f, path);
    }

    /** The target of the symbolic link at {@code path}. */
    public String readLink(String path) {
        Inode l = resolve(path, false);
        if (l.kind() != Ext4Entry.Kind.SYMLINK) {
            throw new CardImageException(String.format("%s: '%s' is not a symbolic link", bytes.name(), path));
        }
        return linkTarget(l, path);
    }

    /** Every inode reachable from the root directory, the root first, each once. */
    public Set<Long> inodesInTree() {
        Set<Long> seen = new LinkedHashSet<>();
        seen.add(ROOT_INODE);
        walk(inode(ROOT_INODE, "/"), "/", seen);
        return seen;
    }

    private void walk(Inode dir, String path, Set<Long> seen) {
        for (Dirent d : dirents(dir, path)) {
            if (d.name().equals(".") || d.name().equals("..") || !seen.add(d.inode())) {
                continue;
            }
            Inode child = inode(d.inode(), path + d.name());
            if (child.isDirectory()) {
                walk(child, path + d.name() + "/", seen);
            }
        }
    }

    private Ext4Entry entry(Dirent d) {
        Inode i = inode(d.inode(), d.name());
        return new Ext4Entry(d.name(), d.inode(), i.kind(), i.size(), i.mode() & 07777, i.uid(), i.gid());
    }

    // ---- path resolution

    private Inode resolve(String path, boolean followLast) {
        return tryResolve(path, followLast).orElseThrow(() -> new CardImageException(missing(path)));
    }

    private String missing(String path) {
        List<String> parts = parts(path);
        String parent = "/" + String.join("/", parts.subList(0, Math.max(0, parts.size() - 1)));
        Optional<Inode> dir = parts.isEmpty() ? Optional.empty() : tryResolve(parent, true);
        if (dir.isEmpty() || !dir.get().isDirectory()) {
            return String.format("%s: no file '%s' (no directory %s)", bytes.name(), path, parent);
        }
        Optional<Dirent> last = dirents(dir.get(), parent).stream().filter(d -> d.name().equals(parts.getLast())).findFirst();
        if (last.isPresent()) {
            Inode link = inode(last.get().inode(), path);
            if (link.kind() == Ext4Entry.Kind.SYMLINK) {
                return String.format("%s: no file '%s' (a symbolic link to '%s', which leads nowhere)", bytes.name(), path, linkTarget(link, path));
            }
        }
        StringJoiner names = new StringJoiner(", ");
        int shown = 0;
        int total = 0;
        for (Dirent d : dirents(dir.get(), parent)) {
            if (d.name().equals(".") || d.name().equals("..")) {
                continue;
            }
            total++;
            if (shown < 8) {
                names.add(d.name());
                shown++;
            }
        }
        return String.format("%s: no file '%s' (%s: %s%s)", bytes.name(), path, parent,
                total == 0 ? "it is empty" : "it holds " + names, total > shown ? ", ..." : "");
    }

    private Optional<Inode> tryResolve(String path, boolean followLast) {
        List<String> todo = new ArrayList<>(parts(path));
        List<Long> stack = new ArrayList<>(List.of(ROOT_INODE)); // the directories walked, for ".."
        int links = 0;
        while (!todo.isEmpty()) {
            String part = todo.removeFirst();
            Inode dir = inode(stack.getLast(), path);
            if (!dir.isDirectory()) {
                return Optional.empty();
            }
            if (part.equals("..")) {
                if (stack.size() > 1) {
                    stack.removeLast();
                }
                continue;
            }
            Optional<Dirent> d = dirents(dir, path).stream().filter(e -> e.name().equals(part)).findFirst();
            if (d.isEmpty()) {
                return Optional.empty();
            }
            Inode next = inode(d.get().inode(), path);
            if (next.kind() == Ext4Entry.Kind.SYMLINK && (followLast || !todo.isEmpty())) {
                if (++links > MAX_SYMLINKS) {
                    throw new CardImageException(String.format("%s: '%s': more than %d symbolic links (a loop?)", bytes.name(), path, MAX_SYMLINKS));
                }
                String target = linkTarget(next, path);
                List<String> expanded = new ArrayList<>(parts(target));
                expanded.addAll(todo);
                todo = expanded;
                if (target.startsWith("/")) {
                    stack = new ArrayList<>(List.of(ROOT_INODE));
                }
                continue;
            }
            stack.add(d.get().inode());
        }
        return Optional.of(inode(stack.getLast(), path));
    }

    private static List<String> parts(String path) {
        List<String> out = new ArrayList<>();
        for (String p : path.split("/")) {
            if (!p.isEmpty() && !p.equals(".")) {
                out.add(p);
            }
        }
        return out;
    }

    // ---- inodes

    private record Inode(long number, byte[] raw, long size, int flags) {
        int mode() {
            return (raw[0] & 0xff) | (raw[1] & 0xff) << 8;
        }

        Ext4Entry.Kind kind() {
            return switch (mode() & 0xf000) {
                case 0x8000 -> Ext4Entry.Kind.FILE;
                case 0x4000 -> Ext4Entry.Kind.DIRECTORY;
                case 0xa000 -> Ext4Entry.Kind.SYMLINK;
                default -> Ext4Entry.Kind.OTHER;
            };
        }

        boolean isDirectory() {
            return kind() == Ext4Entry.Kind.DIRECTORY;
        }

        int uid() {
            return ((raw[2] & 0xff) | (raw[3] & 0xff) << 8) | ((raw[0x78] & 0xff) | (raw[0x79] & 0xff) << 8) << 16;
        }

        int gid() {
            return ((raw[0x18] & 0xff) | (raw[0x19] & 0xff) << 8) | ((raw[0x7a] & 0xff) | (raw[0x7b] & 0xff) << 8) << 16;
        }

        ByteBuffer blockArea() {
            return ByteBuffer.wrap(raw, 0x28, 60).slice().order(ByteOrder.LITTLE_ENDIAN);
        }
    }

    private Inode inode(long number, String path) {
        if (number < 1 || number > inodesCount) {
            throw new CardImageException(String.format("%s: '%s': inode %d outside 1..%d (corrupt directory)", bytes.name(), path, number, inodesCount));
        }
        long group = (number - 1) / inodesPerGroup;
        long index = (number - 1) % inodesPerGroup;
        long gdBlock = firstDataBlock + 1;
        long gdAt = gdBlock * blockSize + group * descSize;
        ByteBuffer gd = ByteBuffer.wrap(readBytes(gdAt, descSize, path)).order(ByteOrder.LITTLE_ENDIAN);
        long table = (gd.getInt(0x08) & 0xffffffffL) | (descSize >= 64 ? (gd.getInt(0x28) & 0xffffffffL) << 32 : 0);
        byte[] raw = readBytes(table * blockSize + index * inodeSize, 128, path);
        ByteBuffer b = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
        long size = (b.getInt(0x04) & 0xffffffffL) | (b.getInt(0x6c) & 0xffffffffL) << 32;
        return new Inode(number, raw, size, b.getInt(0x20));
    }

    private byte[] readBytes(long at, int len, String path) {
        if (at < 0 || at + len > bytes.length()) {
            throw new CardImageException(String.format("%s: '%s': %d bytes at byte 0x%x are past the end of the volume (truncated image?)",
                    bytes.name(), path, len, at));
        }
        return bytes.read(at, len);
    }

    // ---- contents

    private byte[] contents(Inode f, String path) {
        if (f.size() > Integer.MAX_VALUE - 8) {
            throw new CardImageException(String.format("%s: '%s' is %d bytes, too large to read into memory", bytes.name(), path, f.size()));
        }
        int size = (int) f.size();
        byte[] out = new byte[size];
        if ((f.flags() & FLAG_INLINE_DATA) != 0) {
            if (size > 60) {
                throw new CardImageException(String.format("%s: '%s': inline data of %d bytes continues in an extended attribute, which this reader does not read",
                        bytes.name(), path, size));
            }
            f.blockArea().get(0, out, 0, size);
            return out;
        }
        long blocks = (size + (long) blockSize - 1) / blockSize;
        if ((f.flags() & FLAG_EXTENTS) != 0) {
            readExtents(f.blockArea(), out, blocks, path, 0);
        } else {
            ByteBuffer area = f.blockArea();
            long logical = 0;
            for (int i = 0; i < 12 && logical < blocks; i++, logical++) {
                copyBlock(area.getInt(i * 4) & 0xffffffffL, logical, out, path);
            }
            long perBlock = blockSize / 4;
            for (int level = 1; level <= 3 && logical < blocks; level++) {
                logical = readIndirect(area.getInt((11 + level) * 4) & 0xffffffffL, level, logical, blocks, perBlock, out, path);
            }
        }
        return out;
    }

    /** Walks one indirect block tree of {@code level} levels; returns the next logical block. */
    private long readIndirect(long block, int level, long logical, long blocks, long perBlock, byte[] out, String path) {
        long span = 1;
        for (int i = 1; i < level; i++) {
            span *= perBlock;
        }
        if (block == 0) {
            return Math.min(blocks, logical + span * perBlock); // a hole: zeros already
        }
        ByteBuffer ptrs = ByteBuffer.wrap(readBytes(block * blockSize, blockSize, path)).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < perBlock && logical < blocks; i++) {
            long b = ptrs.getInt(i * 4) & 0xffffffffL;
            if (level == 1) {
                copyBlock(b, logical, out, path);
                logical++;
            } else {
                logical = readIndirect(b, level - 1, logical, blocks, perBlock, out, path);
            }
        }
        return logical;
    }

    private void readExtents(ByteBuffer node, byte[] out, long blocks, String path, int depthSeen) {
        int magic = node.getShort(0) & 0xffff;
        int entries = node.getShort(2) & 0xffff;
        int depth = node.getShort(6) & 0xffff;
        if (magic != EXTENT_MAGIC || depthSeen > 5 || 12 + entries * 12 > node.capacity()) {
            throw new CardImageException(String.format("%s: '%s': bad extent header (magic 0x%04x, %d entries, depth %d; expected magic 0xf30a)",
                    bytes.name(), path, magic, entries, depth));
        }
        for (int i = 0; i < entries; i++) {
            int at = 12 + i * 12;
            long first = node.getInt(at) & 0xffffffffL;
            if (depth == 0) {
                int len = node.getShort(at + 4) & 0xffff;
                boolean unwritten = len > 32768;
                if (unwritten) {
                    continue; // preallocated, reads as zeros
                }
                long start = (node.getShort(at + 6) & 0xffffL) << 32 | (node.getInt(at + 8) & 0xffffffffL);
                for (int k = 0; k < len && first + k < blocks; k++) {
                    copyBlock(start + k, first + k, out, path);
                }
            } else {
                long leaf = (node.getInt(at + 4) & 0xffffffffL) | (node.getShort(at + 8) & 0xffffL) << 32;
                ByteBuffer child = ByteBuffer.wrap(readBytes(leaf * blockSize, blockSize, path)).order(ByteOrder.LITTLE_ENDIAN);
                readExtents(child, out, blocks, path, depthSeen + 1);
            }
        }
    }

    private void copyBlock(long physical, long logical, byte[] out, String path) {
        if (physical == 0) {
            return; // a hole
        }
        if (physical >= blocksCount) {
            throw new CardImageException(String.format("%s: '%s': block %d outside the volume's %d blocks (corrupt inode)", bytes.name(), path, physical, blocksCount));
        }
        long at = logical * blockSize;
        int n = (int) Math.min(blockSize, out.length - at);
        if (n > 0) {
            byte[] b = readBytes(physical * blockSize, n, path);
            System.arraycopy(b, 0, out, (int) at, n);
        }
    }

    private String linkTarget(Inode l, String path) {
        // a fast symlink (e2fsprogs' ext2fs_is_fast_symlink: shorter than the 60-byte block
        // area) keeps its target there; a longer one, or one mapped by extents, has data blocks
        boolean fast = l.size() < 60 && (l.flags() & (FLAG_EXTENTS | FLAG_INLINE_DATA)) == 0;
        byte[] target = new byte[(int) Math.min(l.size(), 60)];
        if (fast) {
            l.blockArea().get(0, target, 0, target.length);
        } else {
            target = contents(l, path);
        }
        return new String(target, StandardCharsets.UTF_8);
    }

    // ---- directories

    private record Dirent(long inode, String name) {}

    private List<Dirent> dirents(Inode dir, String path) {
        byte[] data = contents(dir, path);
        List<Dirent> out = new ArrayList<>();
        ByteBuffer e = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
        for (int block = 0; block < data.length; block += blockSize) {
            int at = block;
            int end = Math.min(data.length, block + blockSize);
            while (at + 8 <= end) {
                long ino = e.getInt(at) & 0xffffffffL;
                int recLen = e.getShort(at + 4) & 0xffff;
                int nameLen = fileTypeInDirents ? data[at + 6] & 0xff : e.getShort(at + 6) & 0xffff;
                if (recLen == 0 && blockSize == 65536) {
                    recLen = 65536; // ext4's encoding of a 64 KiB record
                }
                if (recLen < 8 || at + recLen > end || 8 + nameLen > recLen) {
                    throw new CardImageException(String.format("%s: directory '%s': entry at byte 0x%x of block %d has record length %d (corrupt directory)",
                            bytes.name(), path, at - block, block / blockSize, recLen));
                }
                if (ino != 0 && nameLen > 0) {
                    out.add(new Dirent(ino, new String(data, at + 8, nameLen, StandardCharsets.UTF_8)));
                }
                at += recLen;
            }
        }
        return out;
    }

    private static String incompatNames(int bits) {
        StringJoiner j = new StringJoiner(", ");
        if ((bits & 0x1) != 0) {
            j.add("compression");
        }
        if ((bits & 0x8) != 0) {
            j.add("journal_dev");
        }
        if ((bits & 0x10) != 0) {
            j.add("meta_bg");
        }
        if ((bits & 0x1000) != 0) {
            j.add("dirdata");
        }
        if ((bits & 0x10000) != 0) {
            j.add("encrypt");
        }
        int rest = bits & ~(0x1 | 0x8 | 0x10 | 0x1000 | 0x10000);
        if (rest != 0) {
            j.add(String.format("0x%x", rest));
        }
        return j.toString();
    }

    private CardImageException bad(String format, Object... args) {
        return new CardImageException(bytes.name() + ": ext4 superblock: " + String.format(Locale.ROOT, format, args));
    }
}
