package dev.duoboot.linux;

import dev.duoboot.fdt.DeviceTree;

/** The spec's trees, for tests outside this package. */
public final class DuoTrees {
    private DuoTrees() {}

    public static DeviceTree duo64() {
        return Dt.duo64();
    }
}
