package dev.duoboot.cpu;

import dev.duoboot.unicorn.RiscvRegister;
import dev.duoboot.unicorn.Unicorn;

/**
 * Finds which instruction of the running block made a memory access. Inside MMIO callbacks Unicorn
 * 2.0.1 only knows the block's start (facts §3.2), but the registers are current, so the load or
 * store whose {@code rs1 + offset} covers the accessed address is the one. Decodes the RV64GC loads,
 * stores and AMOs (unprivileged spec chapters 2, 8 and 16).
 */
final class AccessLocator {

    private AccessLocator() {}

    /** The address of the access in [blockStart, blockEnd) that touched {@code address}, or -1. */
    static long locate(Unicorn uc, long blockStart, long blockEnd, long address) {
        long pc = blockStart;
        while (pc < blockEnd) {
            byte[] h = uc.read(pc, 2);
            int half = (h[0] & 0xff) | (h[1] & 0xff) << 8;
            boolean full = (half & 3) == 3;
            long ea = effectiveAddress(uc, full ? uc.readInt(pc) : half);
            if (ea != -1 && address >= ea && address < ea + 8) {
                return pc;
            }
            pc += full ? 4 : 2;
        }
        return -1;
    }

    private static long x(Unicorn uc, int reg) {
        return reg == 0 ? 0 : uc.readRegister(RiscvRegister.x(reg));
    }

    private static long effectiveAddress(Unicorn uc, int insn) {
        if ((insn & 3) == 3) {
            int opcode = insn & 0x7f;
            int rs1 = (insn >>> 15) & 31;
            return switch (opcode) {
                case 0x03, 0x07 -> x(uc, rs1) + (insn >> 20);
                case 0x23, 0x27 -> x(uc, rs1) + (((insn >> 25) << 5) | ((insn >>> 7) & 0x1f));
                case 0x2f -> x(uc, rs1);
                default -> -1;
            };
        }
        int quadrant = insn & 3;
        int funct3 = (insn >>> 13) & 7;
        if (quadrant == 0 && funct3 != 0 && funct3 != 4) {
            long base = x(uc, 8 + ((insn >>> 7) & 7));
            boolean word = funct3 == 2 || funct3 == 6; // c.lw, c.sw; the rest are doubleword
            long offset = ((insn >>> 10) & 7) << 3
                    | (word ? ((insn >>> 6) & 1) << 2 | ((insn >>> 5) & 1) << 6 : ((insn >>> 5) & 3) << 6);
            return base + offset;
        }
        if (quadrant == 2) {
            long sp = x(uc, 2);
            return switch (funct3) {
                case 2 -> sp + (((insn >>> 12) & 1) << 5 | ((insn >>> 4) & 7) << 2 | ((insn >>> 2) & 3) << 6); // c.lwsp
                case 1, 3 -> sp + (((insn >>> 12) & 1) << 5 | ((insn >>> 5) & 3) << 3 | ((insn >>> 2) & 7) << 6); // c.(f)ldsp
                case 6 -> sp + (((insn >>> 9) & 15) << 2 | ((insn >>> 7) & 3) << 6); // c.swsp
                case 5, 7 -> sp + (((insn >>> 10) & 7) << 3 | ((insn >>> 7) & 7) << 6); // c.(f)sdsp
                default -> -1;
            };
        }
        return -1;
    }
}
