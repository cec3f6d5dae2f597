package dev.duoboot.boot;

import dev.duoboot.fdt.FdtBlob;
import dev.duoboot.linux.Explanation;
import dev.duoboot.linux.KernelReport;
import java.util.List;
import java.util.Optional;

/**
 * The kernel's part of a boot: the model's state and log, the verdict, and the explanations the
 * kernel model gave while the user's start ran (the first of them decided a failure).
 *
 * @param dtb the DTB the kernel received, as it lay in memory
 * @param dtbAddr where it lay ({@code a1} at the kernel's entry)
 * @param rprocNode the remoteproc node's path, if the DT has one
 * @param firmwareName the file remoteproc loads ({@code firmware-name}), if any
 * @param rtosCmdquNode the node behind {@code /dev/cvi-rtos-cmdqu}, if this kernel has that device
 */
public record KernelOutcome(KernelReport report, Verdict verdict, List<Explanation> decisive, FdtBlob dtb, long dtbAddr,
        Optional<String> rprocNode, Optional<String> firmwareName, Optional<String> rtosCmdquNode) {

    public KernelOutcome {
        decisive = List.copyOf(decisive);
    }
}
