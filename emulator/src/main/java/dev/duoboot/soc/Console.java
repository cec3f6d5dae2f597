package dev.duoboot.soc;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the UARTs printed, and the scripted input they receive. Every byte is attributed to the hart
 * that wrote it; lines are kept per UART and hart, so two harts printing at once do not mix.
 *
 * <p>Input is expect-style: each scripted line is offered to the guest only when it waits for input
 * (polls an empty receiver without printing) and the output since the previous line ends with the
 * prompt. Typed-ahead input would be
 * lost anyway: U-Boot's {@code NS16550_init} resets the receive FIFO. The stop pattern ({@link
 * #until}) is looked for in the output after the last scripted line, at each line end and whenever
 * the guest waits for input, so a pattern does not match half a line still being printed.
 */
public final class Console {

    /** One complete line: which UART, which hart, and the text without its line ending. */
    public record Line(int uart, int hart, String text) {}

    /** U-Boot's "=> ", a shell's "# " or "$ ". */
    public static final Pattern DEFAULT_PROMPT = Pattern.compile("(?:=> |# |\\$ )$");

    private final ByteArrayOutputStream transcript = new ByteArrayOutputStream();
    private final StringBuilder text = new StringBuilder();
    private final List<Line> lines = new ArrayList<>();
    private final Map<Integer, StringBuilder> partial = new HashMap<>();
    private final Map<Integer, Deque<Integer>> received = new HashMap<>();
    private final Map<Integer, Deque<String>> script = new HashMap<>();
    private Pattern prompt = DEFAULT_PROMPT;
    private int outputSinceInput;
    private Pattern until;
    private int untilCheckedAt = -1;
    private int pollsSinceOutput;
    private String matched;
    private Runnable onMatch = () -> {};

    /** Queues {@code input} for {@code uart}, one line (with its line ending) after each prompt. */
    public void script(int uart, String input) {
        Deque<String> q = script.computeIfAbsent(uart, u -> new ArrayDeque<>());
        int start = 0;
        for (int i = 0; i < input.length(); i++) {
            if (input.charAt(i) == '\n') {
                q.add(input.substring(start, i + 1));
                start = i + 1;
            }
        }
        if (start < input.length()) {
            q.add(input.substring(start));
        }
    }

    public void setPrompt(Pattern prompt) {
        this.prompt = prompt;
    }

    /** Looks for {@code pattern} in the output after the last scripted line; calls {@code onMatch} once. */
    public void until(Pattern pattern, Runnable onMatch) {
        this.until = pattern;
        this.onMatch = onMatch;
        this.matched = null;
        this.untilCheckedAt = -1;
    }

    /** The text that matched the stop pattern, once it has. */
    public Optional<String> matched() {
        return Optional.ofNullable(matched);
    }

    /** Scripted input not yet offered to the guest. */
    public int pendingInputLines() {
        return script.values().stream().mapToInt(Deque::size).sum();
    }

    /**
     * Text printed by code the emulator serves itself on {@code hart} (the modelled mask ROM),
     * which would reach {@code uart} on the chip.
     */
    public void print(int uart, int hart, String output) {
        for (byte b : output.getBytes(StandardCharsets.ISO_8859_1)) {
            write(uart, hart, b & 0xff);
        }
    }

    // ---- what the UARTs call ------------------------------------------------------------------

    void write(int uart, int hart, int b) {
        pollsSinceOutput = 0;
        transcript.write(b);
        char c = (char) (b & 0xff);
        text.append(c);
        StringBuilder line = partial.computeIfAbsent(uart * 64 + hart, k -> new StringBuilder());
        if (c == '\n') {
            int end = line.length();
            if (end > 0 && line.charAt(end - 1) == '\r') {
                end--;
            }
            lines.add(new Line(uart, hart, line.substring(0, end)));
            line.setLength(0);
            checkUntil();
        } else {
            line.append(c);
        }
    }

    /**
     * Whether a byte waits in {@code uart}'s receiver. The transmitter is always ready, so a guest
     * that sends polls once per byte; a second poll with no output in between means it waits for
     * input: only then is the next scripted line released, or the stop pattern looked for.
     */
    boolean receiverReady(int uart) {
        Deque<Integer> rx = received.computeIfAbsent(uart, u -> new ArrayDeque<>());
        if (rx.isEmpty() && ++pollsSinceOutput >= 2) {
            Deque<String> q = script.get(uart);
            if (q != null && !q.isEmpty() && prompt.matcher(text).region(outputSinceInput, text.length()).find()) {
                for (byte b : q.poll().getBytes(StandardCharsets.ISO_8859_1)) {
                    rx.add(b & 0xff);
                }
                outputSinceInput = text.length();
            } else {
                checkUntil();
            }
        }
        return !rx.isEmpty();
    }

    int receive(int uart) {
        Integer b = received.computeIfAbsent(uart, u -> new ArrayDeque<>()).poll();
        return b == null ? 0 : b;
    }

    /** FCR "receiver FIFO reset". */
    void resetReceiver(int uart) {
        received.computeIfAbsent(uart, u -> new ArrayDeque<>()).clear();
    }

    private void checkUntil() {
        if (until == null || matched != null || pendingInputLines() > 0 || untilCheckedAt == text.length()) {
            return;
        }
        untilCheckedAt = text.length();
        Matcher m = until.matcher(text).region(outputSinceInput, text.length());
        if (m.find()) {
            matched = m.group();
            onMatch.run();
        }
    }

    // ---- results ------------------------------------------------------------------------------

    /** Every byte every UART sent, in order. */
    public byte[] transcript() {
        return transcript.toByteArray();
    }

    /** Complete lines, in the order they ended. */
    public List<Line> lines() {
        return List.copyOf(lines);
    }

    /** The lines hart {@code hart} wrote. */
    public List<String> linesOf(int hart) {
        return lines.stream().filter(l -> l.hart() == hart).map(Line::text).toList();
    }
}
