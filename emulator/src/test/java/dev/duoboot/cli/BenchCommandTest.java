package dev.duoboot.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The bench command runs and reports every figure; the figures themselves are not asserted. */
class BenchCommandTest {

    @Test
    void smallBenchPrintsEveryLine() {
        MainTest.Result r = MainTest.run("bench", "--rounds", "20", "--iterations", "2000", "--repeat", "1");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("Unicorn 2.0.1")
                .contains("compute loop (CRC-32, insertion sort, copy): ")
                .contains("tight loop (lw, addi, bnez: 3 instructions a block, no store): ")
                .contains("raw Unicorn through the binding, no hooks")
                .contains("full machine (duo256m)")
                .contains("machine layer: ")
                .contains("one MMIO read")
                .contains("one trap")
                .contains("one emulated instruction")
                .contains("machine creation")
                .containsAnyOf("OpenSBI 1.1 + U-Boot 2023.01 to the prompt", "OpenSBI + U-Boot: skipped");
    }

    @Test
    void nonPositiveSizesAreBadInput() {
        MainTest.Result r = MainTest.run("bench", "--repeat", "0");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("duoboot: bench: --rounds, --iterations and --repeat must be positive\n");
    }
}
