package dev.duoboot.boot;

import dev.duoboot.linux.Rule;

/** What stops the SDK's build before anything boots. */
public enum BuildRule implements Rule {
    /**
     * mmap_conv.py imports memmap.py, which runs the body of {@code class MemoryMap} top to bottom; an
     * assert that does not hold raises {@code AssertionError} there, the script exits 1 and the
     * build's {@code memory-map} target fails (build/scripts/mmap.mk), before FSBL, U-Boot or the
     * kernel are built.
     */
    MEMMAP_ASSERT("build/scripts/mmap_conv.py main(): spec.loader.exec_module() runs memmap.py's class MemoryMap, "
            + "whose failed assert ends the build (build/scripts/mmap.mk memory-map)");

    private final String source;

    BuildRule(String source) {
        this.source = source;
    }

    @Override
    public String id() {
        return name();
    }

    @Override
    public String source() {
        return source;
    }
}
