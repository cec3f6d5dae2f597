package dev.duoboot.card;

/**
 * A file or directory in a FAT directory.
 *
 * @param name         the long name when there is one, else the short name as shown (case bits applied)
 * @param shortName    the 8.3 name as stored ("FIP.BIN", "LONGFI~1.TXT")
 * @param directory    whether it is a directory
 * @param size         the file's size in bytes (0 for a directory)
 * @param firstCluster its first cluster (0 for an empty file)
 */
public record FatEntry(String name, String shortName, boolean directory, long size, long firstCluster) {}
