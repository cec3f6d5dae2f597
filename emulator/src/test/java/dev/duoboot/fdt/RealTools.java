package dev.duoboot.fdt;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs Debian's real {@code cpp} and {@code dtc} (package device-tree-compiler) so tests can
 * compare bytes. When a tool is missing the calling test is skipped with a message saying so.
 */
final class RealTools {
    /** The cpp invocation the kernel's and the SDK's DTS builds use. */
    static final List<String> CPP = List.of("cpp", "-nostdinc", "-undef", "-x", "assembler-with-cpp");

    record Result(int exitCode, byte[] stdout, String stderr) {
        String out() {
            return new String(stdout, StandardCharsets.ISO_8859_1);
        }
    }

    private RealTools() {}

    static void assumeInstalled(String tool) {
        assumeTrue(installed(tool), tool + " is not installed (apt-get install "
                + (tool.equals("dtc") ? "device-tree-compiler" : "cpp") + "); comparison skipped");
    }

    static boolean installed(String tool) {
        try {
            Process p = new ProcessBuilder(tool, "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Runs {@code command} in {@code dir}, feeding {@code stdin}. */
    static Result run(Path dir, List<String> command, byte[] stdin) {
        try {
            ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile());
            // C locale: plain quotes in GCC's messages; bytes read back one char each.
            pb.environment().put("LC_ALL", "C");
            Process p = pb.start();
            // stdin is fed on its own thread: a tool that stops reading early (dtc after an
            // error) must not fail the write.
            Thread feeder = Thread.ofVirtual().start(() -> {
                try (var in = p.getOutputStream()) {
                    in.write(stdin);
                } catch (IOException ignored) {
                    // broken pipe: the tool has stopped reading
                }
            });
            byte[] out;
            byte[] err;
            try (InputStream o = p.getInputStream(); InputStream e = p.getErrorStream()) {
                // stderr is drained on its own thread so a chatty tool cannot block on a full pipe.
                byte[][] errBox = new byte[1][];
                Thread errReader = Thread.ofVirtual().start(() -> {
                    try {
                        errBox[0] = e.readAllBytes();
                    } catch (IOException ex) {
                        errBox[0] = new byte[0];
                    }
                });
                out = o.readAllBytes();
                errReader.join();
                err = errBox[0];
            }
            feeder.join();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError(command + " did not finish");
            }
            return new Result(p.exitValue(), out, new String(err, StandardCharsets.ISO_8859_1));
        } catch (IOException e) {
            throw new AssertionError("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    static Result cpp(Path dir, String file, List<String> extraArgs) {
        List<String> cmd = new ArrayList<>(CPP);
        cmd.addAll(extraArgs);
        cmd.add(file);
        return run(dir, cmd, new byte[0]);
    }

    /** dtc -I dts -O dtb on text given on stdin (as the kernel build feeds it cpp's output). */
    static Result dtc(Path dir, byte[] dts, String... extraArgs) {
        List<String> cmd = new ArrayList<>(List.of("dtc", "-I", "dts", "-O", "dtb"));
        cmd.addAll(List.of(extraArgs));
        cmd.add("-");
        return run(dir, cmd, dts);
    }

    /** The corpus directory on disk (test resources are copied to target/test-classes). */
    static Path corpus() {
        try {
            return Path.of(RealTools.class.getResource("corpus").toURI());
        } catch (URISyntaxException e) {
            throw new AssertionError(e);
        }
    }

    /** The .dts files of a corpus directory ("" or e.g. "pp"), as paths relative to the corpus. */
    static List<String> corpusFiles(String subdir) {
        try (var s = Files.list(corpus().resolve(subdir))) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".dts")).sorted()
                    .map(n -> subdir.isEmpty() ? n : subdir + "/" + n).toList();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
