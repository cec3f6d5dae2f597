package dev.duoboot.linux;

import java.io.IOException;
import java.io.InputStream;

/** The project's prebuilt little-core firmware images (firmware-fixtures module). */
final class Fixtures {
    private Fixtures() {}

    static byte[] littlecore(String name) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/dev/duoboot/fixtures/littlecore/duo/" + name)) {
            if (in == null) {
                throw new IllegalStateException("fixture missing: " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
