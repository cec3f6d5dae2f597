package dev.duoboot.linux;

import java.util.ArrayList;
import java.util.List;

/**
 * The kernel log. Messages are the kernel's own format strings, filled in by the caller with the
 * helpers below ({@link #pa} for {@code %pa}, {@link #llx} for {@code %llx}). Time is virtual:
 * everything printed before timekeeping starts carries 0 (as on real hardware, where
 * {@code setup_arch()} runs before the scheduler clock); later lines take the time the caller
 * sets, never the wall clock.
 */
public final class Printk {

    private final List<LogLine> lines = new ArrayList<>();
    private long nowNanos;

    public long now() {
        return nowNanos;
    }

    /** Moves virtual time forward (never backwards). */
    public void advanceTo(long nanos) {
        nowNanos = Math.max(nowNanos, nanos);
    }

    /**
     * Prints one record. A record holding {@code \n} in the middle becomes several console lines,
     * each with the timestamp; only the first carries the subsystem prefix (it is part of the
     * format string, as {@code pr_fmt} makes it).
     */
    public void print(LogLevel level, String prefix, String message) {
        String body = message.endsWith("\n") ? message.substring(0, message.length() - 1) : message;
        String[] parts = body.split("\n", -1);
        for (int i = 0; i < parts.length; i++) {
            lines.add(new LogLine(level, nowNanos, (i == 0 ? prefix : "") + parts[i]));
        }
    }

    /** Every line, DEBUG included. */
    public List<LogLine> lines() {
        return List.copyOf(lines);
    }

    /** The lines a console at {@code maxLevel} shows (DEBUG hidden unless asked for). */
    public List<LogLine> visible(LogLevel maxLevel) {
        return lines.stream().filter(l -> l.level().ordinal() <= maxLevel.ordinal()).toList();
    }

    /** {@code %pa} on a 64-bit kernel: 0x and 16 zero-padded hex digits. */
    public static String pa(long addr) {
        return String.format("0x%016x", addr);
    }

    /** {@code %llx}: unpadded lower-case hex (the caller writes any 0x). */
    public static String llx(long v) {
        return Long.toHexString(v);
    }

    /** {@code %pe} of an error pointer with CONFIG_SYMBOLIC_ERRNAME (lib/errname.c): the name, else the number. */
    public static String errname(int err) {
        return switch (err) {
            case -2 -> "-ENOENT";
            case -6 -> "-ENXIO";
            case -12 -> "-ENOMEM";
            case -19 -> "-ENODEV";
            case -22 -> "-EINVAL";
            case -517 -> "-EPROBE_DEFER";
            default -> Integer.toString(err);
        };
    }

    /** {@code %lu} of an unsigned value. */
    public static String lu(long v) {
        return Long.toUnsignedString(v);
    }
}
