package dev.duoboot.fdt;

/**
 * Backslash escapes in DTS strings and character literals, as dtc's util.c
 * {@code get_escape_char} reads them: \a \b \t \n \v \f \r, up to three octal digits, \x with
 * up to two hex digits; any other character stands for itself.
 */
final class Escapes {
    private Escapes() {}

    /**
     * Decodes the escape whose first character (after the backslash) is at {@code at[0]} in
     * {@code s}, advancing {@code at[0]} past it. Returns the byte value (0..255).
     */
    static int decode(String s, int[] at) {
        int i = at[0];
        char c = s.charAt(i);
        int value;
        switch (c) {
            case 'a' -> { value = 7; i++; }
            case 'b' -> { value = 8; i++; }
            case 't' -> { value = 9; i++; }
            case 'n' -> { value = 10; i++; }
            case 'v' -> { value = 11; i++; }
            case 'f' -> { value = 12; i++; }
            case 'r' -> { value = 13; i++; }
            case 'x' -> {
                i++;
                int end = i;
                while (end < s.length() && end < i + 2 && Character.digit(s.charAt(end), 16) >= 0) {
                    end++;
                }
                if (end == i) {
                    throw new FdtException("\\x used with no following hex digits");
                }
                value = Integer.parseInt(s.substring(i, end), 16);
                i = end;
            }
            default -> {
                if (c >= '0' && c <= '7') {
                    int end = i;
                    while (end < s.length() && end < i + 3 && s.charAt(end) >= '0' && s.charAt(end) <= '7') {
                        end++;
                    }
                    value = Integer.parseInt(s.substring(i, end), 8) & 0xff;
                    i = end;
                } else {
                    value = c & 0xff;
                    i++;
                }
            }
        }
        at[0] = i;
        return value;
    }
}
