package dev.duoboot.cli;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Converts an option such as {@code 0x80200000} or {@code 2097152} to an unsigned 64-bit value. */
final class HexNumber implements ITypeConverter<Long> {
    @Override
    public Long convert(String s) {
        try {
            return s.startsWith("0x") || s.startsWith("0X") ? Long.parseUnsignedLong(s.substring(2), 16)
                    : Long.parseUnsignedLong(s);
        } catch (NumberFormatException e) {
            throw new TypeConversionException("expected an address or size such as 0x80200000, got '" + s + "'");
        }
    }
}
