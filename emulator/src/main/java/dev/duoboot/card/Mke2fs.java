package dev.duoboot.card;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The card's ext4 root file system, made by Debian's {@code mke2fs -d} (package e2fsprogs) with
 * the options genimage v14 passes for the v2 SDK's {@code use-mke2fs = true} rootfs (seen running
 * the SDK's genimage: {@code mke2fs -t ext4 -I 256 -E root_owner=0:0,lazy_itable_init=0,
 * lazy_journal_init=0 -O ^large_file -O ^huge_file -d ROOT -L rootfs}), and made deterministic: a pinned mke2fs.conf (Debian 12's ext4 choices, so the host's
 * /etc/mke2fs.conf does not matter), a fixed UUID and directory hash seed, the root owned by 0:0,
 * {@code E2FSPROGS_FAKE_TIME} and {@code SOURCE_DATE_EPOCH} for the superblock's times, and
 * {@code LC_ALL=C} (mke2fs sorts each directory with {@code scandir(..., alphasort)}, which
 * follows the locale). mke2fs copies each inode's ctime from the source tree, which no one can
 * set, so a second pass with Debian's {@code debugfs -w} sets every inode in the tree to owner
 * 0:0 (as the SDK's rootfs, built under fakeroot, is) and to the one fixed time. The same files
 * with the same modes then give the same bytes (checked by a test) with the same e2fsprogs.
 */
public final class Mke2fs {

    /** Debian 12's mke2fs.conf choices for ext4, written out so the result does not depend on the host's file. */
    static final String CONFIG = """
            [defaults]
            \tbase_features = sparse_super,large_file,filetype,resize_inode,dir_index,ext_attr
            \tdefault_mntopts = acl,user_xattr
            \tenable_periodic_fsck = 0
            \tblocksize = 4096
            \tinode_size = 256
            \tinode_ratio = 16384

            [fs_types]
            \text4 = {
            \t\tfeatures = has_journal,extent,huge_file,flex_bg,metadata_csum,64bit,dir_nlink,extra_isize
            \t}
            \tsmall = {
            \t\tblocksize = 1024
            \t\tinode_ratio = 4096
            \t}
            \tfloppy = {
            \t\tblocksize = 1024
            \t\tinode_ratio = 8192
            \t}
            """;

    private final Path mke2fs;
    private final Path debugfs;

    private Mke2fs(Path mke2fs, Path debugfs) {
        this.mke2fs = mke2fs;
        this.debugfs = debugfs;
    }

    /** Where mke2fs and debugfs are looked for: PATH, then /usr/sbin and /sbin (not on a user's PATH on Debian). */
    public static List<Path> defaultSearchPath() {
        List<Path> dirs = new ArrayList<>();
        String path = System.getenv("PATH");
        if (path != null) {
            for (String p : path.split(":")) {
                if (!p.isEmpty()) {
                    dirs.add(Path.of(p));
                }
            }
        }
        dirs.add(Path.of("/usr/sbin"));
        dirs.add(Path.of("/sbin"));
        return dirs;
    }

    /** mke2fs and debugfs from {@link #defaultSearchPath()}, if both are there. */
    public static Optional<Mke2fs> find() {
        return find(defaultSearchPath());
    }

    public static Optional<Mke2fs> find(List<Path> dirs) {
        Optional<Path> m = which("mke2fs", dirs);
        Optional<Path> d = which("debugfs", dirs);
        return m.isPresent() && d.isPresent() ? Optional.of(new Mke2fs(m.get(), d.get())) : Optional.empty();
    }

    /** As {@link #find(List)}, or the one-line error that names the package. */
    public static Mke2fs require(List<Path> dirs) {
        return find(dirs).orElseThrow(() -> new CardImageException(
                "card: building the rootfs partition needs mke2fs and debugfs from Debian's e2fsprogs (apt-get install e2fsprogs); not found in "
                        + (dirs.size() > 6 ? "PATH, /usr/sbin or /sbin" : dirs.toString())));
    }

    private static Optional<Path> which(String tool, List<Path> dirs) {
        return dirs.stream().map(d -> d.resolve(tool)).filter(Files::isExecutable).findFirst();
    }

    /**
     * An ext4 volume of {@code sizeBytes} holding {@code content}.
     *
     * @param label       the volume label ("rootfs", as the SDK's genimage.cfg)
     * @param uuid        the file system UUID, also the directory hash seed
     * @param epochSecond every time in the volume
     */
    public SparseImage build(RootfsContent content, long sizeBytes, String label, UUID uuid, long epochSecond) {
        Path work = null;
        try {
            work = Files.createTempDirectory("duoboot-rootfs");
            Path source = switch (content) {
                case RootfsContent.Directory d -> {
                    if (!Files.isDirectory(d.dir())) {
                        throw new CardImageException(d.dir() + ": the rootfs directory does not exist");
                    }
                    yield d.dir();
                }
                case RootfsContent.Files f -> materialize(f, work.resolve("tree"));
            };
            Path config = work.resolve("mke2fs.conf");
            Files.writeString(config, CONFIG);
            Path image = work.resolve("rootfs.ext4");
            String stamp = Long.toString(epochSecond);
            Map<String, String> env = Map.of("LC_ALL", "C", "MKE2FS_CONFIG", config.toString(),
                    "E2FSPROGS_FAKE_TIME", stamp, "SOURCE_DATE_EPOCH", stamp);
            // genimage's ext4 with use-mke2fs (the v2 SDK's rootfs): -t ext4 -I 256, no large_file
            // or huge_file, inode tables and journal written out; plus what makes it reproducible
            run(List.of(mke2fs.toString(), "-q", "-F", "-t", "ext4", "-I", "256", "-O", "^large_file", "-O", "^huge_file",
                    "-L", label, "-U", uuid.toString(),
                    "-E", "root_owner=0:0,lazy_itable_init=0,lazy_journal_init=0,hash_seed=" + uuid,
                    "-d", source.toString(), image.toString(), (sizeBytes / 1024) + "k"), env, "mke2fs");

            Ext4Volume volume = Ext4Volume.open(ImageBytes.MappedFile.open(image));
            StringBuilder cmds = new StringBuilder();
            for (long ino : volume.inodesInTree()) {
                for (String field : List.of("uid 0", "gid 0", "atime @" + stamp, "mtime @" + stamp, "ctime @" + stamp, "crtime @" + stamp,
                        "atime_extra 0", "mtime_extra 0", "ctime_extra 0", "crtime_extra 0")) {
                    cmds.append("sif <").append(ino).append("> ").append(field).append('\n');
                }
            }
            Path cmdFile = work.resolve("debugfs.cmds");
            Files.writeString(cmdFile, cmds);
            String out = run(List.of(debugfs.toString(), "-w", "-f", cmdFile.toString(), image.toString()), env, "debugfs");
            for (String line : out.split("\n")) {
                // debugfs echoes each command as "debugfs: ..." and reports failures on other lines
                if (!line.isBlank() && !line.startsWith("debugfs ") && !line.startsWith("debugfs: ")) {
                    throw new CardImageException("card: debugfs could not fix the rootfs's owners and times: " + line.strip());
                }
            }
            return new SparseImage.Builder("rootfs.ext4", sizeBytes).copy(0, ImageBytes.MappedFile.open(image)).build();
        } catch (IOException e) {
            throw new CardImageException("card: cannot build the rootfs partition: " + e.getMessage(), e);
        } finally {
            if (work != null) {
                deleteTree(work);
            }
        }
    }

    private static Path materialize(RootfsContent.Files files, Path root) throws IOException {
        Files.createDirectories(root);
        for (Map.Entry<String, byte[]> e : files.files().entrySet()) {
            String rel = e.getKey().replaceFirst("^/+", "");
            Path target = root.resolve(rel).normalize();
            if (rel.isEmpty() || !target.startsWith(root) || target.equals(root)) {
                throw new CardImageException("card: rootfs path '" + e.getKey() + "' is not a file path inside the rootfs");
            }
            Files.createDirectories(target.getParent());
            Files.write(target, e.getValue());
        }
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.toList()) {
                Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(Files.isDirectory(p) ? "rwxr-xr-x" : "rw-r--r--"));
            }
        }
        return root;
    }

    private static String run(List<String> command, Map<String, String> env, String tool) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int rc;
        try {
            rc = p.waitFor();
        } catch (InterruptedException e) {
            p.destroy();
            Thread.currentThread().interrupt();
            throw new CardImageException("card: interrupted while " + tool + " ran");
        }
        if (rc != 0) {
            String last = out.lines().filter(l -> !l.isBlank()).reduce((a, b) -> b).orElse("no output").strip();
            throw new CardImageException("card: " + tool + " failed (exit " + rc + ") building the rootfs partition: " + last);
        }
        return out;
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
