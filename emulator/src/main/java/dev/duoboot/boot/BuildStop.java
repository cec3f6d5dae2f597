package dev.duoboot.boot;

import dev.duoboot.scenario.ResolvedInputs;
import dev.duoboot.sdk.MemmapAssertion;
import dev.duoboot.sdk.MmapConv;
import java.util.List;
import java.util.Optional;

/**
 * A boot that never starts because the SDK's build stopped first: importing memmap.py failed an
 * assert, so mmap_conv.py wrote no cvi_board_memmap.h and nothing after it was built
 * (build/scripts/mmap.mk runs it before FSBL, U-Boot and the kernel). Either chain ends here.
 */
final class BuildStop {

    private BuildStop() {}

    /** The record of a build that stopped at {@code failed}: no stages, no consoles, no kernel. */
    static BootRecord record(BootChain.Kind chain, ResolvedInputs in, MemmapAssertion failed) {
        String values = String.join(", ", failed.names().stream().map(n -> n.name() + " = " + n.value()).toList());
        Verdict v = new Verdict.MemmapAssertFailed(failed.file(), failed.line(), failed.condition(), values,
                MmapConv.assertFailureOutput(failed));
        return new BootRecord(chain, List.of(), List.of(), Optional.empty(), Optional.empty(), v);
    }
}
