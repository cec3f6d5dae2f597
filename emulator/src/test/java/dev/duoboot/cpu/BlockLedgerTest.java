package dev.duoboot.cpu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.duoboot.DuobootException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Finding and loading the native block hook library (its counting is tested through C906Hart). */
class BlockLedgerTest {

    @TempDir
    Path dir;

    @Test
    void theBuiltLibraryLoadsAndMatchesTheLayout() {
        URL url = BlockLedger.class.getResource(BlockLedger.LIBRARY_RESOURCE);
        assertThat(url).as("the build puts the library beside the classes").isNotNull();
        assertThat(BlockLedger.load(url).address()).isNotZero();
    }

    @Test
    void insideAJarTheLibraryIsCopiedToAFile() throws IOException {
        URL url = BlockLedger.class.getResource(BlockLedger.LIBRARY_RESOURCE);
        byte[] library = url.openStream().readAllBytes();
        Path jar = dir.resolve("duoboot.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            out.putNextEntry(new JarEntry(BlockLedger.LIBRARY_RESOURCE.substring(1)));
            out.write(library);
        }
        URL inJar = URI.create("jar:" + jar.toUri() + "!" + BlockLedger.LIBRARY_RESOURCE).toURL();
        Path file = BlockLedger.libraryFile(inJar);
        assertThat(file).isNotEqualTo(jar);
        assertThat(Files.readAllBytes(file)).isEqualTo(library);
        assertThat(BlockLedger.load(inJar).address()).isNotZero();
    }

    @Test
    void aMissingLibrarySaysHowToBuildIt() {
        assertThatThrownBy(() -> BlockLedger.libraryFile(null))
                .isInstanceOf(DuobootException.class)
                .hasMessage("duoboot's native block hook /dev/duoboot/cpu/libduoboot-blockhook.so is missing from the"
                        + " classpath: build with scripts/setup (the build compiles src/main/c with gcc)");
    }

    @Test
    void aFileThatIsNotALibraryIsReportedInOneLine() throws IOException {
        Path bogus = dir.resolve("libduoboot-blockhook.so");
        try (OutputStream out = Files.newOutputStream(bogus)) {
            out.write("not an ELF file\n".getBytes());
        }
        assertThatThrownBy(() -> BlockLedger.load(bogus.toUri().toURL()))
                .isInstanceOf(DuobootException.class)
                .hasMessageStartingWith("cannot load duoboot's native block hook " + bogus.toUri().toURL() + ": ")
                .hasMessageNotContaining("\n");
    }
}
