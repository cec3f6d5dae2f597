package dev.duoboot.cli;

import dev.duoboot.DuobootException;
import dev.duoboot.sdk.MemmapEvaluator;
import dev.duoboot.sdk.MemmapPreset;
import dev.duoboot.sdk.MemoryMap;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;
import picocli.CommandLine.Option;

/** {@code --memmap FILE} or {@code --preset NAME}: where a command takes its memory layout from. */
final class MemmapSource {

    @Option(names = "--memmap", paramLabel = "FILE", description = "a memmap.py for run addresses and the DRAM range")
    Path memmap;

    @Option(names = "--preset", paramLabel = "NAME",
            description = "a built-in layout instead of --memmap: ${COMPLETION-CANDIDATES}",
            completionCandidates = PresetNames.class)
    String preset;

    /** The layout asked for, if any. */
    Optional<MemoryMap> load() {
        if (memmap != null && preset != null) {
            throw new DuobootException("give --memmap or --preset, not both");
        }
        if (memmap != null) {
            return Optional.of(MemmapEvaluator.evaluate(memmap));
        }
        if (preset != null) {
            return Optional.of(presetNamed(preset).memoryMap());
        }
        return Optional.empty();
    }

    static MemmapPreset presetNamed(String name) {
        return MemmapPreset.byId(name).orElseThrow(() -> new DuobootException("--preset: no layout '" + name
                + "' (have: " + Arrays.stream(MemmapPreset.values()).map(MemmapPreset::id).collect(Collectors.joining(", "))
                + ")"));
    }

    static final class PresetNames implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return Arrays.stream(MemmapPreset.values()).map(MemmapPreset::id).iterator();
        }
    }
}
