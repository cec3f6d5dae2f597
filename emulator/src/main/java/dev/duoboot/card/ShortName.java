package dev.duoboot.card;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * A FAT 8.3 directory-entry name: 11 bytes (base padded to 8, extension to 3, no dot) and the
 * case bits Windows NT and Linux's vfat use to show an all-lower-case base (0x08) or extension
 * (0x10) without a long-name entry (mtools writes {@code fip.bin} that way, with 0x18).
 *
 * @param bytes     the 11 name bytes as stored
 * @param caseFlags byte 12 of the entry: 0x08 lower-case base, 0x10 lower-case extension
 */
record ShortName(byte[] bytes, int caseFlags) {

    static final int LOWER_BASE = 0x08;
    static final int LOWER_EXT = 0x10;
    private static final String SHORT_SPECIALS = "!#$%&'()-@^_`{}~";

    ShortName {
        if (bytes.length != 11) {
            throw new IllegalArgumentException("short name of " + bytes.length + " bytes");
        }
        bytes = bytes.clone();
    }

    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    /** The name as a reader shows it: "FIP.BIN", or "fip.bin" with both case bits. */
    String display() {
        String base = new String(bytes, 0, 8, StandardCharsets.ISO_8859_1).stripTrailing();
        String ext = new String(bytes, 8, 3, StandardCharsets.ISO_8859_1).stripTrailing();
        if (!base.isEmpty() && base.charAt(0) == 0x05) {
            base = (char) 0xe5 + base.substring(1); // 0x05 stands for a leading 0xe5 byte
        }
        if ((caseFlags & LOWER_BASE) != 0) {
            base = base.toLowerCase(Locale.ROOT);
        }
        if ((caseFlags & LOWER_EXT) != 0) {
            ext = ext.toLowerCase(Locale.ROOT);
        }
        return ext.isEmpty() ? base : base + "." + ext;
    }

    /** The checksum a long-name entry carries of the short name it belongs to. */
    int checksum() {
        int sum = 0;
        for (byte b : bytes) {
            sum = (((sum & 1) << 7) + (sum >> 1) + (b & 0xff)) & 0xff;
        }
        return sum;
    }

    String key() {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    /**
     * The short name of {@code name} when it needs no long-name entry: an 8.3 name of short-name
     * characters whose base and extension are each all upper or all lower case.
     */
    static Optional<ShortName> exact(String name) {
        int dot = name.lastIndexOf('.');
        String base = dot < 0 ? name : name.substring(0, dot);
        String ext = dot < 0 ? "" : name.substring(dot + 1);
        if (base.isEmpty() || base.length() > 8 || ext.length() > 3 || (dot >= 0 && ext.isEmpty())
                || !shortChars(base) || !shortChars(ext)) {
            return Optional.empty();
        }
        int flags = 0;
        if (mixed(base) || mixed(ext)) {
            return Optional.empty();
        }
        if (!base.equals(base.toUpperCase(Locale.ROOT))) {
            flags |= LOWER_BASE;
        }
        if (!ext.equals(ext.toUpperCase(Locale.ROOT))) {
            flags |= LOWER_EXT;
        }
        return Optional.of(new ShortName(pad(base.toUpperCase(Locale.ROOT), ext.toUpperCase(Locale.ROOT)), flags));
    }

    /**
     * A short name for a name that needs long-name entries: the Windows way (upper case, spaces
     * and extra dots dropped, other characters that may not appear in a short name made '_',
     * the base cut to leave room for "~N"), with the smallest N not in {@code taken}.
     */
    static ShortName generated(String name, Set<String> taken) {
        String upper = name.toUpperCase(Locale.ROOT);
        int dot = upper.lastIndexOf('.');
        String base = strip(dot <= 0 ? upper : upper.substring(0, dot));
        String ext = dot <= 0 ? "" : strip(upper.substring(dot + 1));
        if (ext.length() > 3) {
            ext = ext.substring(0, 3);
        }
        if (base.isEmpty()) {
            base = "_";
        }
        for (int n = 1; n < 1_000_000; n++) {
            String tail = "~" + n;
            String b = base.substring(0, Math.min(base.length(), 8 - tail.length())) + tail;
            ShortName s = new ShortName(pad(b, ext), 0);
            if (!taken.contains(s.key())) {
                return s;
            }
        }
        throw new IllegalStateException("no free short name for " + name);
    }

    private static String strip(String s) {
        StringBuilder b = new StringBuilder();
        for (char c : s.toCharArray()) {
            if (c == ' ' || c == '.') {
                continue;
            }
            b.append(c < 0x80 && (Character.isLetterOrDigit(c) || SHORT_SPECIALS.indexOf(c) >= 0) ? c : '_');
        }
        return b.toString();
    }

    private static boolean shortChars(String s) {
        for (char c : s.toCharArray()) {
            boolean ok = c < 0x80 && (c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || SHORT_SPECIALS.indexOf(c) >= 0);
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static boolean mixed(String s) {
        return !s.equals(s.toUpperCase(Locale.ROOT)) && !s.equals(s.toLowerCase(Locale.ROOT));
    }

    private static byte[] pad(String base, String ext) {
        byte[] b = new byte[11];
        Arrays.fill(b, (byte) ' ');
        byte[] bb = base.getBytes(StandardCharsets.US_ASCII);
        byte[] eb = ext.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(bb, 0, b, 0, bb.length);
        System.arraycopy(eb, 0, b, 8, eb.length);
        return b;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ShortName s && Arrays.equals(bytes, s.bytes) && caseFlags == s.caseFlags;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes) * 31 + caseFlags;
    }

    @Override
    public String toString() {
        return "ShortName[" + key() + ", 0x" + Integer.toHexString(caseFlags) + "]";
    }
}
