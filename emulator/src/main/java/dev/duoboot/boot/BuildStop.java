package dev.duoboot.boot;

import dev.duoboot.fdt.FdtBlob;
import dev.duoboot.linux.KernelReport;
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

    /** The record of a build that stopped at {@code failed}: no stages, no consoles, a kernel that never ran. */
    static BootRecord record(BootChain.Kind chain, ResolvedInputs in, MemmapAssertion failed) {
        String values = String.join(", ", failed.names().stream().map(n -> n.name() + " = " + n.value()).toList());
        Verdict v = new Verdict.MemmapAssertFailed(failed.file(), failed.line(), failed.condition(), values,
                MmapConv.assertFailureOutput(failed));
        KernelReport none = new KernelReport(in.profile().name(), List.of(), List.of(), List.of(), List.of(), Optional.empty(),
                List.of(), List.of(), Optional.empty(), List.of());
        KernelOutcome kernel = new KernelOutcome(none, v, List.of(), FdtBlob.read(in.kernelDtb(), "the board DT (not booted)"), 0,
                Optional.empty(), Optional.empty());
        return new BootRecord(chain, List.of(), List.of(), kernel, Optional.empty(), v);
    }
}
