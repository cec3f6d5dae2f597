package dev.duoboot.sdk;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

/** Runs a python3 snippet for reference values in tests; tests assume python3 is there. */
final class PythonCheck {

    private PythonCheck() {}

    static boolean available() {
        try {
            Process p = new ProcessBuilder("python3", "-c", "pass").start();
            return p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Runs {@code script} with {@code stdin}, returns stdout; fails on a non-zero exit. */
    static byte[] run(String script, byte[] stdin) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("python3", "-c", script).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        p.getOutputStream().write(stdin);
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("python3 failed: " + script);
        }
        return out;
    }
}
