package dev.duoboot.scenario;

import java.util.regex.Pattern;

/**
 * Edits a kernel .config the way {@code scripts/config --set-val} would: the symbol's line
 * ({@code CONFIG_X=...} or {@code # CONFIG_X is not set}) is replaced, or the line is appended.
 */
final class ConfigText {

    private ConfigText() {}

    /** {@code text} with {@code symbol} set to {@code value} ({@code n} writes the "is not set" comment). */
    static String set(String text, String symbol, String value) {
        String line = value.equals("n") ? "# " + symbol + " is not set" : symbol + "=" + value;
        Pattern p = Pattern.compile("^(" + Pattern.quote(symbol) + "=.*|# " + Pattern.quote(symbol) + " is not set)$");
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (p.matcher(lines[i].strip()).matches()) {
                lines[i] = line;
                return String.join("\n", lines);
            }
        }
        return text + (text.isEmpty() || text.endsWith("\n") ? "" : "\n") + line + "\n";
    }
}
