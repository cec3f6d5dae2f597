package dev.duoboot.platform;

import dev.duoboot.ClasspathDirectory;
import dev.duoboot.DuobootException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The boards duoboot knows: every {@code *.yaml} under {@code resources/dev/duoboot/platforms/},
 * read once. Adding a board is adding its file there (and its presets).
 */
public final class Platforms {

    private static final String DIR = "dev/duoboot/platforms";

    private Platforms() {}

    /** Loaded on first use; immutable afterwards. */
    private static final class Holder {
        static final List<Platform> ALL = load();
    }

    private static List<Platform> load() {
        ClasspathDirectory dir = new ClasspathDirectory(DIR);
        List<Platform> out = new ArrayList<>();
        for (String name : dir.entries()) {
            if (!name.endsWith(".yaml")) {
                continue;
            }
            String text = new String(dir.read(name).orElseThrow(), StandardCharsets.UTF_8);
            out.add(PlatformFile.read("platforms/" + name, text));
        }
        long defaults = out.stream().filter(Platform::isDefault).count();
        if (out.isEmpty() || defaults != 1) {
            throw new IllegalStateException(DIR + ": expected boards with exactly one default, found " + out.size()
                    + " boards and " + defaults + " defaults");
        }
        return List.copyOf(out);
    }

    /** Every board, by id. */
    public static List<Platform> all() {
        return Holder.ALL;
    }

    public static Optional<Platform> byId(String id) {
        return all().stream().filter(p -> p.id().equals(id)).findFirst();
    }

    /** The board with this id, or a one-line error naming {@code place} and the ids there are. */
    public static Platform require(String id, String place) {
        return byId(id).orElseThrow(() -> new DuobootException(place + ": unknown board '" + id + "', expected one of " + ids()));
    }

    /** The board a command describes when it names none. */
    public static Platform defaultPlatform() {
        return all().stream().filter(Platform::isDefault).findFirst().orElseThrow();
    }

    /** The boards with {@code size} bytes of DRAM. */
    public static List<Platform> withDramSize(long size) {
        return all().stream().filter(p -> p.dram().sizeBytes() == size).toList();
    }

    /** "duo, duo256m, ...". */
    public static String ids() {
        return String.join(", ", all().stream().map(Platform::id).toList());
    }
}
