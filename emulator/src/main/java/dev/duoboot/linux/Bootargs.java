package dev.duoboot.linux;

import dev.duoboot.DuobootException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The kernel command line parameters the model acts on. {@code mem=} and {@code riscv.fwsz=} are
 * parsed with {@code memparse()} rules (0x hex, leading-0 octal, K/M/G/T/P/E suffixes);
 * {@code reserved_mem_size=} with the SDK's {@code early_reserved_size()} syntax:
 * {@code name=hexsize} entries separated by ':'. {@code cma=} keeps only its size (the part before '@').
 * {@code clk_ignore_unused} (drivers/clk/clk.c) keeps clk_disable_unused() from gating anything.
 */
public record Bootargs(String commandLine, OptionalLong mem, OptionalLong riscvFwsz,
        List<SizeOverride> reservedMemSize, Optional<String> earlycon, OptionalLong cma, boolean clkIgnoreUnused) {

    /** One {@code reserved_mem_size} entry. */
    public record SizeOverride(String name, long size) {}

    public static Bootargs parse(String commandLine, String place) {
        OptionalLong mem = OptionalLong.empty();
        OptionalLong fwsz = OptionalLong.empty();
        List<SizeOverride> sizes = new ArrayList<>();
        Optional<String> earlycon = Optional.empty();
        OptionalLong cma = OptionalLong.empty();
        boolean clkIgnoreUnused = false;
        for (String word : commandLine.trim().split("\\s+")) {
            if (word.isEmpty()) {
                continue;
            }
            int eq = word.indexOf('=');
            String key = eq < 0 ? word : word.substring(0, eq);
            String val = eq < 0 ? "" : word.substring(eq + 1);
            switch (key) {
                case "mem" -> mem = OptionalLong.of(memparse(val, place, word));
                case "riscv.fwsz" -> fwsz = OptionalLong.of(memparse(val, place, word));
                case "earlycon" -> earlycon = Optional.of(val);
                case "clk_ignore_unused" -> clkIgnoreUnused = true;
                case "cma" -> cma = OptionalLong.of(memparse(val.split("@")[0], place, word));
                case "reserved_mem_size" -> {
                    for (String entry : val.split(":")) {
                        int e = entry.indexOf('=');
                        if (e <= 0) {
                            throw new DuobootException(place + ": '" + word + "': expected reserved_mem_size=name=hexsize[:name=hexsize...]");
                        }
                        sizes.add(new SizeOverride(entry.substring(0, e), parseHex(entry.substring(e + 1), place, word)));
                    }
                }
                default -> { }
            }
        }
        return new Bootargs(commandLine, mem, fwsz, List.copyOf(sizes), earlycon, cma, clkIgnoreUnused);
    }

    /** {@code memparse()}: a C number (base 0) followed by an optional size suffix. */
    static long memparse(String s, String place, String word) {
        int i = 0;
        int base = 10;
        if (s.startsWith("0x") || s.startsWith("0X")) {
            base = 16;
            i = 2;
        } else if (s.startsWith("0") && s.length() > 1) {
            base = 8;
            i = 1;
        }
        int start = i;
        while (i < s.length() && Character.digit(s.charAt(i), base) >= 0) {
            i++;
        }
        if (i == start && base != 8) {
            throw new DuobootException(place + ": '" + word + "': expected a size such as 64M or 0x4000000");
        }
        long v = i == start ? 0 : Long.parseUnsignedLong(s.substring(start, i), base);
        if (i < s.length()) {
            int shift = switch (Character.toUpperCase(s.charAt(i))) {
                case 'K' -> 10;
                case 'M' -> 20;
                case 'G' -> 30;
                case 'T' -> 40;
                case 'P' -> 50;
                case 'E' -> 60;
                default -> 0;
            };
            v <<= shift;
        }
        return v;
    }

    private static long parseHex(String s, String place, String word) {
        String digits = s.startsWith("0x") || s.startsWith("0X") ? s.substring(2) : s;
        try {
            return Long.parseUnsignedLong(digits, 16);
        } catch (NumberFormatException e) {
            throw new DuobootException(place + ": '" + word + "': expected a hexadecimal size after '='");
        }
    }
}
