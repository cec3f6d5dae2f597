package dev.duoboot.card;

/**
 * A name in an ext4 directory and what its inode says.
 *
 * @param name  the directory entry's name
 * @param inode the inode number
 * @param kind  regular file, directory, symbolic link or other (device, fifo, socket)
 * @param size  the inode's size in bytes
 * @param mode  the permission bits (mode & 07777)
 * @param uid   the owner
 * @param gid   the group
 */
public record Ext4Entry(String name, long inode, Kind kind, long size, int mode, int uid, int gid) {

    public enum Kind {
        FILE, DIRECTORY, SYMLINK, OTHER
    }
}
