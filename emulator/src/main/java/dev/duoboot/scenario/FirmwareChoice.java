package dev.duoboot.scenario;

import dev.duoboot.firmware.LittleCoreImage;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The little-core ELF remoteproc loads: duoboot's fixture linked at FREERTOS_ADDR, or the user's file. */
public sealed interface FirmwareChoice {

    /** {@code fixture:cvirtos}, {@code fixture:arduino}, {@code fixture:vdev}, {@code fixture:sophgo}. */
    record Fixture(LittleCoreImage.Variant variant) implements FirmwareChoice {
        @Override
        public String describe() {
            return "fixture:" + variant.name().toLowerCase(Locale.ROOT);
        }
    }

    /** A user's ELF, used exactly as given. */
    record File(String path) implements FirmwareChoice {
        @Override
        public String describe() {
            return path;
        }
    }

    /** As written in a scenario or on the command line. */
    String describe();

    /** {@code fixture:NAME} or a path; empty for an unknown fixture name. */
    static Optional<FirmwareChoice> parse(String text) {
        if (!text.startsWith("fixture:")) {
            return Optional.of(new File(text));
        }
        String v = text.substring("fixture:".length()).toUpperCase(Locale.ROOT);
        return Arrays.stream(LittleCoreImage.Variant.values()).filter(x -> x.name().equals(v)).findFirst().map(Fixture::new);
    }

    /** "fixture:cvirtos, fixture:arduino or fixture:vdev". */
    static String fixtureNames() {
        String[] names = Arrays.stream(LittleCoreImage.Variant.values()).map(v -> new Fixture(v).describe()).toArray(String[]::new);
        return String.join(", ", Arrays.copyOf(names, names.length - 1)) + " or " + names[names.length - 1];
    }
}
