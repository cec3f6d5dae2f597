package dev.duoboot.linux;

import dev.duoboot.sdk.ElfFile;

/**
 * The mainline C906L driver: drivers/remoteproc/sophgo_cv1800b_c906l.c of the series "remoteproc:
 * cv1800b: Add initial support for C906L processor" (Junhui Liu, v2 2025-07-28; carried by
 * sophgo/linux's 7.0 tree and Armbian), compatible {@code sophgo,cv1800b-c906l}, driver name
 * {@code cv1800b-c906l} (docs/facts/failures.md §9).
 *
 * <p>Probe: {@code firmware-name} (dev_err_probe "No firmware filename given"), the SEC_SYS regmap
 * from {@code sophgo,syscon} (silent), the reset line from {@code resets} (dev_err_probe "failed
 * to get reset control handle"). Prepare: the {@code memory-region} carve-outs (a failed lookup is
 * a bare -EINVAL, so only the core's "can't prepare rproc" shows), then SEC_SYS + 0x04 bit 13 set
 * with regmap_update_bits(). Start: the ELF entry written to SEC_SYS + 0x20/+0x24, then the reset
 * deasserted. Stop: the reset asserted. Unlike the vendor driver it programs the boot address.
 *
 * <p>The offsets are the driver's own (CV1800B_SYS_C906L_CTRL_REG, _CTRL_EN, _BOOTADDR_REG); the
 * addresses come from the device tree (the syscon's and the reset controller's {@code reg}), as the
 * kernel gets them. No SoC address is written here: on the modelled SoC they reach the devices the
 * platform file places.
 *
 * <p>The driver's failure users meet (sophgo/linux#11): FSBL leaves the C906L running, so its reset
 * is already deasserted when Linux boots; the first start's deassert is no edge and the core is not
 * restarted. {@link Variant#RESET_IN_PROBE} is the fix proposed there (Armbian's
 * 0037-drivers-remoteproc-fix-C906L-probe-function.patch): assert the reset in probe.
 *
 * <p>One instance per probed device: the regmap and the reset line it got are its {@code priv}.
 */
public final class SophgoC906lRproc implements RprocDriver {

    public enum Variant {
        /** The v2 series as posted (and in the 7.0 tree of sophgo/linux#11). */
        V2,
        /** With {@code reset_control_assert(priv->reset)} after getting the reset in probe (the sophgo/linux#11 fix). */
        RESET_IN_PROBE
    }

    /** The driver's of_match_table entry. */
    public static final String COMPATIBLE = "sophgo,cv1800b-c906l";
    private static final long CTRL_REG = 0x04;
    private static final long CTRL_EN = 1L << 13;
    private static final long BOOTADDR_REG = 0x20;
    private static final int EINVAL = -22;

    private final Variant variant;
    private Syscon syscon;
    private ResetLine reset;

    public SophgoC906lRproc(Variant variant) {
        this.variant = variant;
    }

    public Variant variant() {
        return variant;
    }

    @Override
    public String driverName() {
        return "cv1800b-c906l";
    }

    @Override
    public String compatible() {
        return COMPATIBLE;
    }

    @Override
    public int probe(Remoteproc r, boolean hasFirmwareName) {
        if (!hasFirmwareName) {
            r.errProbe(EINVAL, "No firmware filename given\n");
            return fail(r, EINVAL, DriverRule.RPROC_C906L_FIRMWARE_NAME,
                    "rproc_of_parse_firmware() finds no firmware-name, so the probe fails with -EINVAL",
                    "add firmware-name = \"cvirtos.elf\";");
        }
        switch (Syscon.lookup(r.run(), r.node(), "sophgo,syscon")) {
            case Syscon.Lookup.Failed f -> {
                return fail(r, f.errno(), DriverRule.RPROC_C906L_SYSCON, "syscon_regmap_lookup_by_phandle(np, \"sophgo,syscon\") fails with "
                        + f.errno() + ": " + f.why() + "; the probe returns it"
                        + (f.errno() == Syscon.ENODEV || f.errno() == Syscon.EPROBE_DEFER ? " without a word" : ""),
                        "sophgo,syscon = <&sec_sys>; pointing at a \"syscon\" node for SEC_SYS");
            }
            case Syscon.Lookup.Found f -> syscon = f.syscon();
        }
        switch (ResetLine.lookup(r.run(), r.node())) {
            case ResetLine.Lookup.Failed f -> {
                f.kernelLine().ifPresent(line -> r.err("", line));
                r.errProbe(f.errno(), "failed to get reset control handle\n");
                return fail(r, f.errno(), DriverRule.RPROC_C906L_RESET, "devm_reset_control_get_exclusive() fails with " + f.errno() + ": "
                        + f.why(), "resets = <&rst 294>; (the C906L's reset line)");
            }
            case ResetLine.Lookup.Found f -> reset = f.line();
        }
        if (variant == Variant.RESET_IN_PROBE) {
            reset.assertLine(r.memory());
        }
        return 0;
    }

    private static int fail(Remoteproc r, int errno, DriverRule rule, String text, String fix) {
        r.explain(Explanation.driver(rule, r.node().path(), text, fix));
        r.probeFailed(errno);
        return errno;
    }

    @Override
    public int prepare(Remoteproc r) {
        int ret = r.registerMemoryRegions(Remoteproc.RegionWalk.SOPHGO);
        if (ret != 0) {
            return ret;
        }
        // the bit must be set to enable the C906L; clearing it does not stop a running core
        syscon.updateBits(r.run(), r.memory(), CTRL_REG, CTRL_EN, CTRL_EN);
        return 0;
    }

    @Override
    public int parseFw(Remoteproc r, ElfFile fw) {
        if (r.loadRscTable(fw) != 0) {
            r.info(r.rprocDev(), "No resource table in elf\n");
        }
        return 0;
    }

    @Override
    public int start(Remoteproc r) {
        syscon.write(r.run(), r.memory(), BOOTADDR_REG, r.bootAddr() & 0xffffffffL);
        syscon.write(r.run(), r.memory(), BOOTADDR_REG + 4, r.bootAddr() >>> 32);
        reset.deassert(r.memory());
        return 0;
    }

    @Override
    public int stop(Remoteproc r) {
        reset.assertLine(r.memory());
        return 0;
    }
}
