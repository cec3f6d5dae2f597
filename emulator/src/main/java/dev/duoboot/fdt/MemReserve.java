package dev.duoboot.fdt;

/** One entry of the FDT memory reservation block ({@code /memreserve/ address size;}). */
public record MemReserve(long address, long size) {}
