package dev.duoboot.card;

import java.nio.file.Path;
import java.util.Collections;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/** What goes into the card's ext4 root file system. */
public sealed interface RootfsContent permits RootfsContent.Directory, RootfsContent.Files {

    /** A directory tree, copied as {@code mke2fs -d} copies it (modes, symbolic links, hard links). */
    record Directory(Path dir) implements RootfsContent {
        public Directory {
            Objects.requireNonNull(dir);
        }
    }

    /**
     * Files by absolute path ("/lib/firmware/cvirtos.elf"), mode 0644 in directories of mode 0755.
     */
    record Files(SortedMap<String, byte[]> files) implements RootfsContent {
        public Files {
            files = Collections.unmodifiableSortedMap(new TreeMap<>(files));
        }
    }
}
