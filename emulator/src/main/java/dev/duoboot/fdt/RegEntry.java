package dev.duoboot.fdt;

/** One (address, size) pair of a {@code reg} property. */
public record RegEntry(long address, long size) {}
