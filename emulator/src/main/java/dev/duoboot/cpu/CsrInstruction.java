package dev.duoboot.cpu;

/**
 * A decoded Zicsr instruction ({@code csrrw/csrrs/csrrc} and their immediate forms, SYSTEM opcode
 * 0x73), with the access rules of the privileged spec §2.1: bits 9:8 of the CSR number give the
 * lowest privilege allowed, bits 11:10 = 11 mark it read-only; {@code csrrs/csrrc} with {@code
 * x0}/zero do not write, {@code csrrw} with {@code rd = x0} does not read.
 */
record CsrInstruction(int csr, int rd, int rs1, int funct3) {

    static final int TIME = 0xc01;

    /** The instruction as a CSR access, or null if it is not one. */
    static CsrInstruction decode(int insn) {
        int funct3 = (insn >>> 12) & 7;
        if ((insn & 0x7f) != 0x73 || funct3 == 0 || funct3 == 4) {
            return null;
        }
        return new CsrInstruction(insn >>> 20, (insn >>> 7) & 31, (insn >>> 15) & 31, funct3);
    }

    boolean immediate() {
        return funct3 >= 5;
    }

    boolean writes() {
        int op = funct3 & 3;
        return op == 1 || rs1 != 0;
    }

    boolean reads() {
        return (funct3 & 3) != 1 || rd != 0;
    }

    boolean readOnly() {
        return (csr >>> 10) == 3;
    }

    /** Whether {@code priv} may perform this access at all. */
    boolean permittedAt(Privilege priv) {
        return priv.code() >= ((csr >>> 8) & 3) && !(readOnly() && writes());
    }

    /** The value written, from the old value and the source ({@code x[rs1]} or the immediate). */
    long newValue(long old, long source) {
        return switch (funct3 & 3) {
            case 1 -> source;
            case 2 -> old | source;
            default -> old & ~source;
        };
    }
}
