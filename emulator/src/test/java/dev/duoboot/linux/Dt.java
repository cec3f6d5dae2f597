package dev.duoboot.linux;

import dev.duoboot.fdt.DeviceTree;
import dev.duoboot.fdt.MemReserve;
import dev.duoboot.fdt.Node;
import dev.duoboot.fdt.Property;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Small builders for trees in tests (the DTB reader gives the same shapes). */
final class Dt {
    private Dt() {}

    static Property cells(String name, long... cells) {
        byte[] b = new byte[cells.length * 4];
        for (int i = 0; i < cells.length; i++) {
            b[4 * i] = (byte) (cells[i] >>> 24);
            b[4 * i + 1] = (byte) (cells[i] >>> 16);
            b[4 * i + 2] = (byte) (cells[i] >>> 8);
            b[4 * i + 3] = (byte) cells[i];
        }
        return new Property(name, b);
    }

    /** A 2-cell (address or size) list from 64-bit numbers. */
    static Property cells64(String name, long... values) {
        long[] c = new long[values.length * 2];
        for (int i = 0; i < values.length; i++) {
            c[2 * i] = values[i] >>> 32;
            c[2 * i + 1] = values[i] & 0xffffffffL;
        }
        return cells(name, c);
    }

    static Property str(String name, String... values) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (String v : values) {
            b.writeBytes(v.getBytes(StandardCharsets.UTF_8));
            b.write(0);
        }
        return new Property(name, b.toByteArray());
    }

    static Property empty(String name) {
        return new Property(name, new byte[0]);
    }

    static Node node(Node parent, String name, Property... props) {
        Node n = new Node(name);
        for (Property p : props) {
            n.setProperty(p);
        }
        parent.addChild(n);
        return n;
    }

    /** Root 2/2 with memory@80000000 of {@code memSize}, /chosen with bootargs, an empty /reserved-memory. */
    static DeviceTree base(long memBase, long memSize, String bootargs) {
        DeviceTree t = new DeviceTree();
        Node root = t.root();
        root.setProperty(cells("#address-cells", 2));
        root.setProperty(cells("#size-cells", 2));
        root.setProperty(str("compatible", "cvitek,cv180x"));
        root.setProperty(str("model", "Milk-V Duo"));
        node(root, "chosen", str("bootargs", bootargs));
        node(root, "memory@" + Long.toHexString(memBase), str("device_type", "memory"), cells64("reg", memBase, memSize));
        node(root, "reserved-memory", cells("#address-cells", 2), cells("#size-cells", 2), empty("ranges"));
        return t;
    }

    /**
     * The Duo 64 MiB tree of the spec's worked example: memory [0x80000000, 0x83f40000), ion
     * (dynamic, 16 MiB), rtos_dram@83f40000 no-map, c906l_rproc@0 pointing at it.
     */
    static DeviceTree duo64() {
        DeviceTree t = base(0x80000000L, 0x3f40000L, "console=ttyS0,115200 earlycon=sbi riscv.fwsz=0x80000 root=/dev/mmcblk0p2");
        t.memReserves().add(new MemReserve(0x80000000L, 0x80000));
        Node rmem = t.node("/reserved-memory").orElseThrow();
        Node ion = node(rmem, "ion", str("compatible", "ion-region"), cells64("size", 0x1000000));
        ion.setStructureOffset(0x2f8);
        Node rtos = node(rmem, "rtos_dram@83f40000", cells64("reg", 0x83f40000L, 0xc0000), empty("no-map"), cells("phandle", 1));
        rtos.addLabel("c906l");
        rtos.setStructureOffset(0x354);
        node(t.root(), "c906l_rproc@0", str("compatible", "cvitek,cv18xx-c906l-rproc"), cells("memory-region", 1),
                str("firmware-name", "cvirtos.elf"));
        return t;
    }
}
