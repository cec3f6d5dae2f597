package dev.duoboot.card;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/** Debian's dosfstools, mtools and e2fsprogs as the tests use them to make and check images. */
final class DebianTools {

    private DebianTools() {}

    /** The tool in PATH, /usr/sbin or /sbin. */
    static Optional<Path> find(String tool) {
        return Mke2fs.defaultSearchPath().stream().map(d -> d.resolve(tool)).filter(Files::isExecutable).findFirst();
    }

    static boolean have(String... tools) {
        for (String t : tools) {
            if (find(t).isEmpty()) {
                return false;
            }
        }
        return true;
    }

    /** Runs the tool; its output, or an AssertionError with it when it fails. */
    static String run(Path workDir, Map<String, String> env, String tool, String... args) {
        try {
            List<String> cmd = new java.util.ArrayList<>();
            cmd.add(find(tool).orElseThrow().toString());
            cmd.addAll(List.of(args));
            ProcessBuilder pb = new ProcessBuilder(cmd).directory(workDir.toFile()).redirectErrorStream(true);
            pb.environment().putAll(env);
            pb.environment().put("MTOOLS_SKIP_CHECK", "1");
            pb.environment().put("LC_ALL", "C");
            Process p = pb.start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int rc = p.waitFor();
            if (rc != 0) {
                throw new AssertionError(tool + " " + String.join(" ", args) + " failed (" + rc + "): " + out);
            }
            return out;
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    static String run(Path workDir, String tool, String... args) {
        return run(workDir, Map.of(), tool, args);
    }

    static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }
}
