package dev.duoboot.soc;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * When a {@link Machine#run} ends at the latest: once the machine has executed {@code
 * maxInstructions} (all harts together, counted from the machine's creation, so a boot run in
 * several steps has one budget: a runaway guest), at {@code maxVirtualNanos} of virtual time
 * (also absolute), or when the console shows {@code until} (looked for after the last scripted
 * input line).
 */
public record RunLimits(long maxInstructions, long maxVirtualNanos, Optional<Pattern> until) {

    public static final long DEFAULT_MAX_INSTRUCTIONS = 4_000_000_000L;
    public static final long DEFAULT_MAX_VIRTUAL_NANOS = 60_000_000_000L;

    public static RunLimits defaults() {
        return new RunLimits(DEFAULT_MAX_INSTRUCTIONS, DEFAULT_MAX_VIRTUAL_NANOS, Optional.empty());
    }

    public RunLimits withUntil(Pattern pattern) {
        return new RunLimits(maxInstructions, maxVirtualNanos, Optional.of(pattern));
    }

    public RunLimits withMaxInstructions(long n) {
        return new RunLimits(n, maxVirtualNanos, until);
    }

    public RunLimits withMaxVirtualNanos(long nanos) {
        return new RunLimits(maxInstructions, nanos, until);
    }
}
