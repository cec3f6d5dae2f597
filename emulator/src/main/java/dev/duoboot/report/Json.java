package dev.duoboot.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * duoboot's one JSON writer: values are maps built in a fixed key order (LinkedHashMaps), lists,
 * strings, numbers and booleans, pretty-printed the same way everywhere.
 */
public final class Json {

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private Json() {}

    /** The value as indented JSON, without a final newline. */
    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("JSON output failed", e);
        }
    }

    /** Addresses and sizes in JSON are hex strings. */
    public static String hex(long v) {
        return "0x" + Long.toHexString(v);
    }
}
