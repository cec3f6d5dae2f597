package dev.duoboot.boot;

import dev.duoboot.fdt.DeviceTree;
import dev.duoboot.fdt.FdtBlob;
import dev.duoboot.scenario.ResolvedInputs;
import java.util.Optional;

/**
 * The state of a static boot as it passes from stage to stage: the inputs, the memory the stages
 * place things in (and the kernel model later writes), the device tree the next stage receives,
 * and the kernel's DTB once U-Boot has placed it.
 */
public final class StaticBoot {

    private final ResolvedInputs in;
    private final StaticSoc dram;
    private DeviceTree controlDt;
    private FdtBlob kernelDt;
    private long kernelDtAddr;

    StaticBoot(ResolvedInputs in) {
        this.in = in;
        this.dram = new StaticSoc(in.board());
        this.controlDt = in.ubootTree();
    }

    public ResolvedInputs inputs() {
        return in;
    }

    StaticSoc dram() {
        return dram;
    }

    /** The DT the next stage is given (U-Boot's control DT after OpenSBI). */
    DeviceTree controlDt() {
        return controlDt;
    }

    void passControlDt(DeviceTree t) {
        controlDt = t;
    }

    void placeKernelDt(FdtBlob dt, long addr) {
        kernelDt = dt;
        kernelDtAddr = addr;
        dram.write(addr, dt.blob());
    }

    Optional<FdtBlob> kernelDt() {
        return Optional.ofNullable(kernelDt);
    }

    long kernelDtAddr() {
        return kernelDtAddr;
    }
}
