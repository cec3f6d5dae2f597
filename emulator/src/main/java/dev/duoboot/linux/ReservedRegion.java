package dev.duoboot.linux;

import java.util.Optional;

/**
 * One entry of the kernel's {@code reserved_mem[]} table, in table order. {@code name} is the
 * node name the kernel was given; {@code storedName} is what {@code strcmp} actually compares
 * against (differs from {@code name} for the SDK's {@code char name[8]} copy), and
 * {@code storedNameBytes} the 8 copied bytes followed by the little-endian {@code fdt_node}, for
 * name[8] entries only.
 */
public record ReservedRegion(String name, String storedName, Optional<byte[]> storedNameBytes, String nodePath,
        long base, long size, int fdtNode) {}
