package dev.duoboot.sdk;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A kernel (or U-Boot, or buildroot) {@code .config} file as Kconfig writes it: {@code CONFIG_X=y},
 * {@code =m}, {@code =n}, {@code # CONFIG_X is not set}, quoted strings and decimal or hex numbers.
 *
 * <p>Read like {@code scripts/kconfig/confdata.c conf_read_simple()}: other comment lines are
 * ignored, a later assignment to the same symbol wins, strings take the {@code \"} and {@code \\}
 * escapes. Unlike Kconfig we have no symbol types, so a value must be one of the forms above.
 */
public final class KernelConfig {

    /** A bool/tristate symbol's state. */
    public enum Tristate { YES, MODULE, NO }

    /** What a symbol was set to. */
    public sealed interface Value {}

    /** {@code =y}, {@code =m}, {@code =n}, or {@code # ... is not set} ({@code notSetComment}). */
    public record TristateValue(Tristate state, boolean notSetComment) implements Value {}

    /** A quoted string, unescaped. */
    public record StringValue(String value) implements Value {}

    /** A decimal or {@code 0x} hex number, with its text as written. */
    public record NumberValue(String text, BigInteger value) implements Value {}

    /** One symbol: its full name ({@code CONFIG_...}), value and the line that last set it. */
    public record Entry(String name, Value value, int line) {}

    private static final Pattern NOT_SET = Pattern.compile("# (CONFIG_[A-Za-z0-9_]+) is not set");
    private static final Pattern ASSIGN = Pattern.compile("(CONFIG_[A-Za-z0-9_]+)=(.*)");
    private static final Pattern DECIMAL = Pattern.compile("-?[0-9]+");
    private static final Pattern HEX = Pattern.compile("0[xX][0-9a-fA-F]+");

    private final String fileName;
    private final Map<String, Entry> entries;

    private KernelConfig(String fileName, Map<String, Entry> entries) {
        this.fileName = fileName;
        this.entries = entries;
    }

    public static KernelConfig read(Path path) {
        try {
            return parse(path.toString(), Files.readString(path, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new SdkFileException(path + ": cannot read: " + e.getMessage(), e);
        }
    }

    public static KernelConfig parse(String fileName, String text) {
        Map<String, Entry> entries = new LinkedHashMap<>();
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            int lineNo = i + 1;
            String line = lines[i].strip();
            Matcher notSet = NOT_SET.matcher(line);
            if (notSet.matches()) {
                put(entries, new Entry(notSet.group(1), new TristateValue(Tristate.NO, true), lineNo));
                continue;
            }
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            Matcher assign = ASSIGN.matcher(line);
            if (!assign.matches()) {
                throw new SdkFileException(fileName + ":" + lineNo
                        + ": expected CONFIG_NAME=value or '# CONFIG_NAME is not set', found '" + line + "'");
            }
            Value value = value(fileName, lineNo, assign.group(1), assign.group(2));
            put(entries, new Entry(assign.group(1), value, lineNo));
        }
        return new KernelConfig(fileName, entries);
    }

    /** Later assignments win, as in Kconfig; the symbol keeps its first position. */
    private static void put(Map<String, Entry> entries, Entry e) {
        entries.put(e.name(), e);
    }

    private static Value value(String fileName, int lineNo, String name, String raw) {
        switch (raw) {
            case "y" -> {
                return new TristateValue(Tristate.YES, false);
            }
            case "m" -> {
                return new TristateValue(Tristate.MODULE, false);
            }
            case "n" -> {
                return new TristateValue(Tristate.NO, false);
            }
            default -> {
                // handled below
            }
        }
        if (raw.startsWith("\"")) {
            return new StringValue(unquote(fileName, lineNo, name, raw));
        }
        if (DECIMAL.matcher(raw).matches()) {
            return new NumberValue(raw, new BigInteger(raw));
        }
        if (HEX.matcher(raw).matches()) {
            return new NumberValue(raw, new BigInteger(raw.substring(2), 16));
        }
        throw new SdkFileException(fileName + ":" + lineNo + ": " + name
                + ": expected y, m, n, a decimal or 0x number, or a quoted string, found '" + raw + "'");
    }

    /** confdata.c: a string runs to the next unescaped quote; {@code \x} stands for x. */
    private static String unquote(String fileName, int lineNo, String name, String raw) {
        StringBuilder sb = new StringBuilder();
        int i = 1;
        while (i < raw.length()) {
            char c = raw.charAt(i);
            if (c == '"') {
                if (i != raw.length() - 1) {
                    throw new SdkFileException(fileName + ":" + lineNo + ": " + name
                            + ": unexpected text after the closing quote");
                }
                return sb.toString();
            }
            if (c == '\\' && i + 1 < raw.length()) {
                i++;
                c = raw.charAt(i);
            }
            sb.append(c);
            i++;
        }
        throw new SdkFileException(fileName + ":" + lineNo + ": " + name + ": string has no closing quote");
    }

    public String fileName() {
        return fileName;
    }

    /** Every symbol set in the file, in order of first appearance, with its final value. */
    public List<Entry> entries() {
        return new ArrayList<>(entries.values());
    }

    public Optional<Value> value(String name) {
        return Optional.ofNullable(entries.get(name)).map(Entry::value);
    }

    /** The state of a bool/tristate symbol; absent, not-set and non-tristate symbols are NO. */
    public Tristate tristate(String name) {
        Entry e = entries.get(name);
        return e != null && e.value() instanceof TristateValue t ? t.state() : Tristate.NO;
    }

    public Optional<String> string(String name) {
        return value(name).filter(StringValue.class::isInstance).map(v -> ((StringValue) v).value());
    }

    public Optional<BigInteger> number(String name) {
        return value(name).filter(NumberValue.class::isInstance).map(v -> ((NumberValue) v).value());
    }

    /**
     * Whether the generated {@code autoconf.h} defines {@code macro}: {@code CONFIG_X=y} defines
     * {@code CONFIG_X}, {@code CONFIG_X=m} defines only {@code CONFIG_X_MODULE}
     * ({@code include/linux/kconfig.h}), strings and numbers define {@code CONFIG_X}, and n or
     * not-set define nothing. This is what {@code #if defined(CONFIG_CVITEK_REMOTEPROC)} sees.
     */
    public boolean definesMacro(String macro) {
        Value direct = entries.containsKey(macro) ? entries.get(macro).value() : null;
        if (direct instanceof TristateValue t) {
            if (t.state() == Tristate.YES) {
                return true;
            }
        } else if (direct != null) {
            return true;
        }
        if (macro.endsWith("_MODULE")) {
            String base = macro.substring(0, macro.length() - "_MODULE".length());
            return tristate(base) == Tristate.MODULE;
        }
        return false;
    }
}
