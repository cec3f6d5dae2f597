package dev.duoboot.linux;

import dev.duoboot.fdt.DeviceTree;
import dev.duoboot.fdt.Dtb;
import dev.duoboot.fdt.DtbHeader;
import dev.duoboot.fdt.FdtBlob;
import dev.duoboot.sdk.KernelConfig;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Everything the kernel model starts from. {@code config} maps Kconfig symbols
 * ({@code CONFIG_CVITEK_REMOTEPROC}) to their values ({@code y}, {@code m}); an absent symbol is
 * "not set". {@code bootargs}, when present, replaces {@code /chosen/bootargs} (as QEMU's
 * {@code -append} does). {@code structBlockOffset} is the DTB header's {@code off_dt_struct}: a
 * saved name pointer is {@code DTB + off_dt_struct + node offset + 4}.
 */
public record KernelInputs(DeviceTree tree, long dtbAddr, long dtbSize, long structBlockOffset,
        KernelProfile profile, Map<String, String> config, Optional<String> bootargs, long loadAddr, long kernelSize) {

    /**
     * Where the kernel is loaded unless told: the SDK's FIT load and entry address
     * (CONFIG_KERNEL_ENTRY_HACK_ADDR), which a boot passes in its own value.
     */
    public static final long DEFAULT_LOAD_ADDR = 0x80200000L;
    /** A typical {@code _end - _start} of a small RISC-V kernel; a real run passes the image's own size. */
    public static final long DEFAULT_KERNEL_SIZE = 0x1000000L;

    public KernelInputs {
        config = Map.copyOf(new TreeMap<>(config));
    }

    /**
     * Inputs with the defaults: kernel at 0x80200000, 16 MiB image, the DTB placed as QEMU and
     * U-Boot usually leave it (2 MiB-aligned below the end of the first memory node, or right after
     * the kernel if there is none), {@code off_dt_struct} as dtc lays it out.
     */
    public static KernelInputs of(DeviceTree tree, long dtbSize, KernelProfile profile) {
        long structOff = 0x28 + 16L * (tree.memReserves().size() + 1);
        return new KernelInputs(tree, defaultDtbAddr(tree, dtbSize), dtbSize, structOff, profile, Map.of(),
                Optional.empty(), DEFAULT_LOAD_ADDR, DEFAULT_KERNEL_SIZE);
    }

    /**
     * Inputs from the DTB bytes the kernel receives (as in emulated DRAM at {@code a1}): the tree,
     * its totalsize and {@code off_dt_struct} come from the blob; {@code dtbAddr} is where it lies.
     */
    public static KernelInputs fromDtb(byte[] blob, long dtbAddr, String sourceName, KernelProfile profile) {
        DeviceTree tree = Dtb.read(blob, sourceName);
        DtbHeader header = Dtb.header(blob, sourceName);
        return of(tree, header.totalSize(), profile).withStructBlockOffset(header.offDtStruct()).withDtbAddr(dtbAddr);
    }

    /** As {@link #fromDtb(byte[], long, String, KernelProfile)}, from a DTB already read. */
    public static KernelInputs fromDtb(FdtBlob dtb, long dtbAddr, String sourceName, KernelProfile profile) {
        DtbHeader header = Dtb.header(dtb.blob(), sourceName);
        return of(dtb.tree(), header.totalSize(), profile).withStructBlockOffset(header.offDtStruct()).withDtbAddr(dtbAddr);
    }

    /** As {@link #fromDtb(byte[], long, String, KernelProfile)} with the DTB at its default address. */
    public static KernelInputs fromDtb(byte[] blob, String sourceName, KernelProfile profile) {
        DeviceTree tree = Dtb.read(blob, sourceName);
        DtbHeader header = Dtb.header(blob, sourceName);
        return of(tree, header.totalSize(), profile).withStructBlockOffset(header.offDtStruct());
    }

    static long defaultDtbAddr(DeviceTree tree, long dtbSize) {
        return EarlyScan.firstMemoryEnd(tree)
                .map(end -> (end - dtbSize) & -0x200000L)
                .orElse(DEFAULT_LOAD_ADDR + DEFAULT_KERNEL_SIZE);
    }

    public KernelInputs withProfile(KernelProfile p) {
        return new KernelInputs(tree, dtbAddr, dtbSize, structBlockOffset, p, config, bootargs, loadAddr, kernelSize);
    }

    public KernelInputs withConfig(Map<String, String> c) {
        return new KernelInputs(tree, dtbAddr, dtbSize, structBlockOffset, profile, c, bootargs, loadAddr, kernelSize);
    }

    /** The symbols of a kernel .config as the model reads them: y, m, or the value's text; unset ones are left out. */
    public KernelInputs withConfig(KernelConfig c) {
        Map<String, String> out = new TreeMap<>();
        for (KernelConfig.Entry e : c.entries()) {
            switch (e.value()) {
                case KernelConfig.TristateValue t when t.state() == KernelConfig.Tristate.YES -> out.put(e.name(), "y");
                case KernelConfig.TristateValue t when t.state() == KernelConfig.Tristate.MODULE -> out.put(e.name(), "m");
                case KernelConfig.TristateValue t -> { }
                case KernelConfig.StringValue sv -> out.put(e.name(), sv.value());
                case KernelConfig.NumberValue n -> out.put(e.name(), n.text());
            }
        }
        return withConfig(out);
    }

    public KernelInputs withBootargs(String b) {
        return new KernelInputs(tree, dtbAddr, dtbSize, structBlockOffset, profile, config, Optional.of(b), loadAddr, kernelSize);
    }

    public KernelInputs withLoadAddr(long a) {
        return new KernelInputs(tree, dtbAddr, dtbSize, structBlockOffset, profile, config, bootargs, a, kernelSize);
    }

    public KernelInputs withKernelSize(long s) {
        return new KernelInputs(tree, dtbAddr, dtbSize, structBlockOffset, profile, config, bootargs, loadAddr, s);
    }

    public KernelInputs withDtbAddr(long a) {
        return new KernelInputs(tree, a, dtbSize, structBlockOffset, profile, config, bootargs, loadAddr, kernelSize);
    }

    public KernelInputs withStructBlockOffset(long o) {
        return new KernelInputs(tree, dtbAddr, dtbSize, o, profile, config, bootargs, loadAddr, kernelSize);
    }

    /** The Kconfig value, empty when "not set". */
    public Optional<String> configValue(String symbol) {
        return Optional.ofNullable(config.get(symbol));
    }
}
