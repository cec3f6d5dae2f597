package dev.duoboot.unicorn;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Opening and closing engines must not leak native memory. */
class EngineLifecycleTest {

    /** One engine used the way the machine uses it: memory, a hook, a context, a short run. */
    private static void useOnce() {
        try (Unicorn uc = Unicorn.openRiscv64()) {
            uc.map(0x80000000L, 0x1000, Unicorn.PROT_ALL);
            uc.writeInt(0x80000000L, 0x00000073); // ecall
            uc.onInterrupt((u, intno) -> {});
            uc.onBlock(1, 0, (u, address, size) -> {});
            try (Context c = uc.newContext()) {
                uc.save(c);
            }
            uc.start(0x80000000L, 0x80000004L, 0, 0);
        }
    }

    /** RSS after a GC, so Java garbage does not count as native growth. */
    private static long settledRssKiB() throws Exception {
        System.gc();
        Thread.sleep(100);
        return ResidentMemory.rssKiB();
    }

    @Test
    void closingTenThousandEnginesDoesNotGrowNativeMemory() throws Exception {
        for (int i = 0; i < 500; i++) {
            useOnce(); // warm up the allocator and the JIT
        }
        // two batches: heap growth and allocator noise settle in the first, while a leak grows
        // the same in both (10 000 leaked engines would be well over 100 MiB: their QEMU state alone)
        for (int i = 0; i < 10_000; i++) {
            useOnce();
        }
        long afterFirst = settledRssKiB();
        for (int i = 0; i < 10_000; i++) {
            useOnce();
        }
        long grownKiB = settledRssKiB() - afterFirst;
        // in the full suite the JVM's own heap may still be growing here (measured up to 19 MiB);
        // a leak of the engines would be five times this bound
        assertThat(grownKiB).isLessThan(48 * 1024);
    }
}
