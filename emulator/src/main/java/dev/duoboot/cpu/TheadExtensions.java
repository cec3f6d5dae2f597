package dev.duoboot.cpu;

import java.util.Map;
import java.util.TreeMap;

/**
 * The T-Head C906 additions that Unicorn 2.0.1 does not know (they reach the hart as illegal
 * instructions, facts §1): the XTheadCmo cache and XTheadSync instructions (custom-0 opcode 0x0b,
 * encodings of the T-Head ISA extension specification, e.g. {@code th.dcache.call} 0x0010000b,
 * {@code th.sync} 0x0180000b), which execute as counted no-ops because the emulator has no caches,
 * and the vendor CSRs, which read and write with their reset values. Anything else stays illegal, so
 * firmware that probes CSRs sees what real hardware shows.
 *
 * <p>Register numbers follow XuanTie's {@code csi_rv_encoding.h} (mxstatus 0x7c0, mhcr 0x7c1, ...);
 * QEMU's own C906 model ({@code target/riscv/th_csr.c}) reads them as constants, this one keeps the
 * value written.
 */
final class TheadExtensions {

    private static final long MXSTATUS_PM = 3L << 30;

    /** A vendor CSR: its name, reset value and which bits software may change. */
    private record VendorCsr(String name, long reset, long writable) {}

    private final Map<Integer, VendorCsr> csrs = new TreeMap<>();
    private final Map<Integer, Long> values = new TreeMap<>();
    private final Map<String, Long> opCounts = new TreeMap<>();
    private int cpuidIndex;

    /**
     * @param resetVector the hart's reset address, which {@code mrvbr} reports
     * @param peripheralBase the PLIC/CLINT base, which {@code mapbaddr} reports
     */
    TheadExtensions(long resetVector, long peripheralBase) {
        csr(0x7c0, "mxstatus", 0, ~MXSTATUS_PM);
        csr(0x7c1, "mhcr", 0, -1L);
        csr(0x7c2, "mcor", 0, 0); // cache operation triggers; they complete at once and read back 0
        csr(0x7c3, "mccr2", 0, -1L);
        csr(0x7c5, "mhint", 0, -1L);
        csr(0x7c6, "mrmr", 0, -1L);
        csr(0x7c7, "mrvbr", resetVector, 0);
        csr(0x7c9, "mcounterwen", 0, -1L);
        csr(0x7ca, "mcounterinten", 0, -1L);
        csr(0x7cb, "mcounterof", 0, -1L);
        csr(0x7cc, "mhint2", 0, -1L);
        csr(0xfc0, "mcpuid", 0, 0);
        csr(0xfc1, "mapbaddr", peripheralBase, 0);
        csr(0x5c0, "sxstatus", 0, 0); // an S-mode view of mxstatus
        csr(0x5c1, "shcr", 0, 0); // an S-mode view of mhcr
        csr(0x5c2, "scer2", 0, -1L);
        csr(0x5c3, "scer", 0, -1L);
        csr(0x5c4, "scounterinten", 0, -1L);
        csr(0x5c5, "scounterof", 0, -1L);
        csr(0x9c0, "smir", 0, -1L);
        csr(0x9c1, "smel", 0, -1L);
        csr(0x9c2, "smeh", 0, -1L);
        csr(0x9c3, "smcir", 0, -1L);
    }

    private void csr(int number, String name, long reset, long writable) {
        csrs.put(number, new VendorCsr(name, reset, writable));
        values.put(number, reset);
    }

    /** Back to the reset values, as after a core reset. */
    void reset() {
        csrs.forEach((number, c) -> values.put(number, c.reset()));
        cpuidIndex = 0;
        opCounts.clear();
    }

    boolean hasCsr(int number) {
        return csrs.containsKey(number);
    }

    /** The value a read returns at privilege {@code priv}. */
    long read(int number, Privilege priv) {
        return switch (number) {
            case 0x7c0 -> values.get(number) | ((long) priv.code() << 30);
            case 0x5c0 -> (values.get(0x7c0) & ~MXSTATUS_PM) | ((long) priv.code() << 30);
            case 0x5c1 -> values.get(0x7c1);
            // mcpuid returns a sequence of words; XuanTie's zero_stage_boot (main.c setup_features)
            // decodes the CPU type from bits 21:18 of the first (4 = C906) and the version from the
            // second; the index sits in bits 31:28
            case 0xfc0 -> (cpuidIndex++ & 1) == 0 ? 4L << 18 : (1L << 28) | (0x1002L << 12);
            default -> values.get(number);
        };
    }

    void write(int number, long value) {
        VendorCsr c = csrs.get(number);
        values.put(number, (values.get(number) & ~c.writable()) | (value & c.writable()));
    }

    /**
     * The mnemonic of a T-Head cache or sync instruction, or null. Layout: funct7 in bits 31:25
     * (0: whole-cache and sync operations, {@code rs1 = x0}; 1: by address in {@code rs1}; 2:
     * {@code th.sfence.vmas}), the operation in bits 24:20, funct3 = 0 and rd = 0.
     */
    static String cacheOrSyncOp(int insn) {
        if ((insn & 0x7fff) != 0x000b) {
            return null;
        }
        int funct7 = insn >>> 25;
        int op = (insn >>> 20) & 31;
        int rs1 = (insn >>> 15) & 31;
        if (funct7 == 0 && rs1 == 0) {
            return switch (op) {
                case 0b00001 -> "th.dcache.call";
                case 0b00010 -> "th.dcache.iall";
                case 0b00011 -> "th.dcache.ciall";
                case 0b10000 -> "th.icache.iall";
                case 0b10001 -> "th.icache.ialls";
                case 0b10101 -> "th.l2cache.call";
                case 0b10110 -> "th.l2cache.iall";
                case 0b10111 -> "th.l2cache.ciall";
                case 0b11000 -> "th.sync";
                case 0b11001 -> "th.sync.s";
                case 0b11010 -> "th.sync.i";
                case 0b11011 -> "th.sync.is";
                default -> null;
            };
        }
        if (funct7 == 1) {
            return switch (op) {
                case 0b00001 -> "th.dcache.csw";
                case 0b00010 -> "th.dcache.isw";
                case 0b00011 -> "th.dcache.cisw";
                case 0b00100 -> "th.dcache.cval1";
                case 0b00101 -> "th.dcache.cva";
                case 0b00110 -> "th.dcache.iva";
                case 0b00111 -> "th.dcache.civa";
                case 0b01000 -> "th.dcache.cpal1";
                case 0b01001 -> "th.dcache.cpa";
                case 0b01010 -> "th.dcache.ipa";
                case 0b01011 -> "th.dcache.cipa";
                case 0b10000 -> "th.icache.iva";
                case 0b11000 -> "th.icache.ipa";
                default -> null;
            };
        }
        return funct7 == 2 ? "th.sfence.vmas" : null;
    }

    /**
     * Whether the operation may run at {@code priv}: the sync instructions everywhere, the by-address
     * data-cache and instruction-cache operations in U only when {@code mxstatus.UCME} (bit 16) is
     * set, everything else in M and S.
     */
    boolean permitted(String op, Privilege priv) {
        if (priv != Privilege.USER || op.startsWith("th.sync")) {
            return true;
        }
        boolean byAddress = op.endsWith("va") || op.equals("th.dcache.cval1");
        return byAddress && (values.get(0x7c0) & (1L << 16)) != 0;
    }

    void count(String op) {
        opCounts.merge(op, 1L, Long::sum);
    }

    /** How often each cache/sync operation ran, by mnemonic. */
    Map<String, Long> opCounts() {
        return Map.copyOf(opCounts);
    }
}
