package dev.duoboot;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Optional;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * A directory of duoboot's own resources, whether the classes run from {@code target/classes} or
 * from a jar: what lies in it and what a file holds. Boards and presets are found this way, so
 * adding one is adding its files.
 */
public final class ClasspathDirectory {

    private final String dir;

    /** {@code dir} without leading or trailing slash ({@code dev/duoboot/platforms}). */
    public ClasspathDirectory(String dir) {
        this.dir = dir;
    }

    /** The names (not paths) of the entries directly in the directory, sorted. */
    public List<String> entries() {
        URL url = ClasspathDirectory.class.getClassLoader().getResource(dir);
        if (url == null) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        try {
            switch (url.getProtocol()) {
                case "file" -> {
                    try (Stream<Path> s = Files.list(Path.of(url.toURI()))) {
                        s.forEach(p -> out.add(p.getFileName().toString()));
                    }
                }
                case "jar" -> {
                    JarURLConnection c = (JarURLConnection) url.openConnection();
                    c.setUseCaches(false);
                    try (JarFile jar = c.getJarFile()) {
                        String prefix = dir + "/";
                        for (Enumeration<JarEntry> e = jar.entries(); e.hasMoreElements(); ) {
                            String name = e.nextElement().getName();
                            if (name.startsWith(prefix) && name.length() > prefix.length()) {
                                String rest = name.substring(prefix.length());
                                int slash = rest.indexOf('/');
                                String entry = slash < 0 ? rest : rest.substring(0, slash);
                                if (!out.contains(entry)) {
                                    out.add(entry);
                                }
                            }
                        }
                    }
                }
                default -> throw new IllegalStateException("resources under " + url + " cannot be listed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        Collections.sort(out);
        return out;
    }

    /** The bytes of {@code relative} in this directory, if it exists. */
    public Optional<byte[]> read(String relative) {
        try (InputStream in = ClasspathDirectory.class.getClassLoader().getResourceAsStream(dir + "/" + relative)) {
            return in == null ? Optional.empty() : Optional.of(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
