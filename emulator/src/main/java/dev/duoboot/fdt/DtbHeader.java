package dev.duoboot.fdt;

/**
 * The fields of a DTB header ({@code struct fdt_header}). Offsets are from the start of the blob.
 * {@code sizeDtStruct} is 0 in a version 16 header, which lacks it.
 */
public record DtbHeader(
        long magic,
        long totalSize,
        long offDtStruct,
        long offDtStrings,
        long offMemRsvmap,
        long version,
        long lastCompVersion,
        long bootCpuidPhys,
        long sizeDtStrings,
        long sizeDtStruct) {}
