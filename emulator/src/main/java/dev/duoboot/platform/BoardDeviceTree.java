package dev.duoboot.platform;

import java.util.List;

/**
 * The device tree of the big core's view of a board, as {@code duoboot run --dtb board} hands it
 * to firmware: the C906B hart, the whole DRAM, the PLIC, the CLINT and the UARTs, written from the
 * platform's regions and interrupts (the addresses of docs/facts/sdk-boot-flow.md §9). The C906L is
 * not listed: it is a remote processor, not a hart of this system. No /reserved-memory: carve-outs
 * are SDK policy, added by the boot flow. The CLINT also claims "riscv,clint0": Debian's OpenSBI
 * 1.1 does not know "thead,c900-clint".
 */
final class BoardDeviceTree {

    private BoardDeviceTree() {}

    /** The DTS text for {@code p}; {@code model} and {@code compatible} are its root's. */
    static String source(Platform p, String model, List<String> compatible) {
        Region dram = p.dram();
        Region plic = p.only(Region.Kind.PLIC);
        Region clint = p.only(Region.Kind.CLINT);
        List<Region> uarts = p.uarts();
        int ndev = Math.max(p.mailbox().c906bIrq(), uarts.stream().mapToInt(u -> u.irq().orElseThrow()).max().orElse(0));
        StringBuilder s = new StringBuilder();
        s.append("// SPDX-License-Identifier: MIT\n");
        s.append("// ").append(p.name()).append(" (").append(p.soc()).append(") as duoboot models it: written from platforms/")
                .append(p.id()).append(".yaml.\n");
        s.append("/dts-v1/;\n\n/ {\n");
        s.append("\t#address-cells = <2>;\n\t#size-cells = <2>;\n");
        s.append("\tcompatible = ").append(String.join(", ", compatible.stream().map(c -> "\"" + c + "\"").toList())).append(";\n");
        s.append("\tmodel = \"").append(model).append("\";\n\n");
        s.append("\tchosen {\n\t\tstdout-path = \"serial0:115200n8\";\n\t};\n\n");
        s.append("\taliases {\n");
        for (int i = 0; i < uarts.size(); i++) {
            s.append("\t\tserial").append(i).append(" = &uart").append(i).append(";\n");
        }
        s.append("\t};\n\n");
        s.append("""
                \tcpus {
                \t\t#address-cells = <1>;
                \t\t#size-cells = <0>;
                \t\ttimebase-frequency = <25000000>;

                \t\tcpu0: cpu@0 {
                \t\t\tdevice_type = "cpu";
                \t\t\treg = <0>;
                \t\t\tcompatible = "thead,c906", "riscv";
                \t\t\triscv,isa = "rv64imafdc";
                \t\t\tmmu-type = "riscv,sv39";
                \t\t\tstatus = "okay";

                \t\t\tcpu0_intc: interrupt-controller {
                \t\t\t\tcompatible = "riscv,cpu-intc";
                \t\t\t\t#address-cells = <0>;
                \t\t\t\t#interrupt-cells = <1>;
                \t\t\t\tinterrupt-controller;
                \t\t\t};
                \t\t};
                \t};

                """);
        s.append(String.format("\tmemory@%x {\n\t\tdevice_type = \"memory\";\n\t\treg = <%s>;\n\t};\n\n", dram.base(), reg(dram, dram.sizeBytes())));
        s.append("\tsoc {\n\t\tcompatible = \"simple-bus\";\n\t\t#address-cells = <2>;\n\t\t#size-cells = <2>;\n\t\tranges;\n\n");
        s.append(String.format("""
                \t\tplic: interrupt-controller@%x {
                \t\t\tcompatible = "sophgo,cv1800b-plic", "thead,c900-plic";
                \t\t\treg = <%s>;
                \t\t\tinterrupts-extended = <&cpu0_intc 11>, <&cpu0_intc 9>;
                \t\t\tinterrupt-controller;
                \t\t\t#address-cells = <0>;
                \t\t\t#interrupt-cells = <2>;
                \t\t\triscv,ndev = <%d>;
                \t\t};

                """, plic.base(), reg(plic, plic.sizeBytes()), ndev));
        s.append(String.format("""
                \t\tclint: timer@%x {
                \t\t\tcompatible = "sophgo,cv1800b-clint", "thead,c900-clint", "riscv,clint0";
                \t\t\treg = <%s>;
                \t\t\tinterrupts-extended = <&cpu0_intc 3>, <&cpu0_intc 7>;
                \t\t};
                """, clint.base(), reg(clint, clint.sizeBytes())));
        for (int i = 0; i < uarts.size(); i++) {
            Region u = uarts.get(i);
            s.append(String.format("""

                    \t\tuart%d: serial@%x {
                    \t\t\tcompatible = "snps,dw-apb-uart";
                    \t\t\treg = <%s>;
                    \t\t\treg-shift = <2>;
                    \t\t\treg-io-width = <4>;
                    \t\t\tclock-frequency = <25000000>;
                    \t\t\tinterrupts-extended = <&plic %d 4>;
                    \t\t\tstatus = "%s";
                    \t\t};
                    """, i, u.base(), reg(u, 0x100), u.irq().orElseThrow(), i == 0 ? "okay" : "disabled"));
        }
        s.append("\t};\n};\n");
        return s.toString();
    }

    /** Two address cells and two size cells. */
    private static String reg(Region r, long size) {
        return String.format("0x%x 0x%08x 0x%x 0x%08x", r.base() >>> 32, r.base() & 0xffffffffL, size >>> 32, size & 0xffffffffL);
    }
}
