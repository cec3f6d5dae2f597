package dev.duoboot.cpu;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ContextLayoutTest {

    @Test
    void selfTestFindsTheFieldsWhere2_0_1KeepsThem() {
        ContextLayout layout = ContextLayout.probe();
        // facts/unicorn-riscv.md §2.6 gives the data offsets; the blob has a 16-byte header
        assertThat(layout).isEqualTo(new ContextLayout(16 + 512, 16 + 592, 16 + 616, 16 + 632, 16 + 544, 16 + 520));
        assertThat(ContextLayout.get()).isEqualTo(layout);
    }
}
