package dev.duoboot.asm;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A tiny RV64 assembler for tests: the encodings of the RISC-V unprivileged and privileged specs for
 * the handful of instructions the tests need, with labels for branches and jumps.
 */
public final class Asm {
    public static final int ZERO = 0, RA = 1, SP = 2, T0 = 5, T1 = 6, T2 = 7, S0 = 8, S1 = 9;
    public static final int A0 = 10, A1 = 11, A2 = 12, A3 = 13, A4 = 14, A5 = 15, A6 = 16, A7 = 17;

    private final long base;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final Map<String, Long> labels = new HashMap<>();
    private final List<Fixup> fixups = new ArrayList<>();

    private record Fixup(int offset, String label, char kind, int word) {}

    public Asm(long base) {
        this.base = base;
    }

    public long here() {
        return base + out.size();
    }

    public Asm label(String name) {
        labels.put(name, here());
        return this;
    }

    public long address(String label) {
        return labels.get(label);
    }

    public Asm word(int w) {
        out.write(w);
        out.write(w >>> 8);
        out.write(w >>> 16);
        out.write(w >>> 24);
        return this;
    }

    public Asm half(int h) {
        out.write(h);
        out.write(h >>> 8);
        return this;
    }

    public Asm dword(long v) {
        word((int) v);
        return word((int) (v >>> 32));
    }

    private static int r(int opcode, int rd, int f3, int rs1, int rs2, int f7) {
        return opcode | rd << 7 | f3 << 12 | rs1 << 15 | rs2 << 20 | f7 << 25;
    }

    private static int i(int opcode, int rd, int f3, int rs1, int imm) {
        return opcode | rd << 7 | f3 << 12 | rs1 << 15 | (imm & 0xfff) << 20;
    }

    private static int s(int opcode, int f3, int rs1, int rs2, int imm) {
        return opcode | (imm & 0x1f) << 7 | f3 << 12 | rs1 << 15 | rs2 << 20 | ((imm >> 5) & 0x7f) << 25;
    }

    private static int b(int f3, int rs1, int rs2, int imm) {
        return 0x63 | ((imm >> 11) & 1) << 7 | ((imm >> 1) & 0xf) << 8 | f3 << 12 | rs1 << 15 | rs2 << 20
                | ((imm >> 5) & 0x3f) << 25 | ((imm >> 12) & 1) << 31;
    }

    private static int j(int rd, int imm) {
        return 0x6f | rd << 7 | ((imm >> 12) & 0xff) << 12 | ((imm >> 11) & 1) << 20 | ((imm >> 1) & 0x3ff) << 21
                | ((imm >> 20) & 1) << 31;
    }

    public Asm lui(int rd, int imm20) {
        return word(0x37 | rd << 7 | imm20 << 12);
    }

    public Asm addi(int rd, int rs1, int imm) {
        return word(i(0x13, rd, 0, rs1, imm));
    }

    public Asm addiw(int rd, int rs1, int imm) {
        return word(i(0x1b, rd, 0, rs1, imm));
    }

    public Asm slli(int rd, int rs1, int shamt) {
        return word(i(0x13, rd, 1, rs1, shamt));
    }

    public Asm add(int rd, int rs1, int rs2) {
        return word(r(0x33, rd, 0, rs1, rs2, 0));
    }

    public Asm and(int rd, int rs1, int rs2) {
        return word(r(0x33, rd, 7, rs1, rs2, 0));
    }

    public Asm or(int rd, int rs1, int rs2) {
        return word(r(0x33, rd, 6, rs1, rs2, 0));
    }

    /** Loads any 64-bit constant (lui/addiw, then shifts and adds 11 bits at a time). */
    public Asm li(int rd, long value) {
        if (value >= -2048 && value < 2048) {
            return addi(rd, ZERO, (int) value);
        }
        if (value == (int) value) {
            int lo = (int) (value << 52 >> 52);
            int hi = (int) ((value - lo) >>> 12) & 0xfffff;
            lui(rd, hi);
            return lo == 0 ? this : addiw(rd, rd, lo);
        }
        long lo = value << 52 >> 52;
        li(rd, (value - lo) >> 12);
        slli(rd, rd, 12);
        return lo == 0 ? this : addi(rd, rd, (int) lo);
    }

    public Asm lw(int rd, int rs1, int imm) {
        return word(i(0x03, rd, 2, rs1, imm));
    }

    public Asm lwu(int rd, int rs1, int imm) {
        return word(i(0x03, rd, 6, rs1, imm));
    }

    public Asm ld(int rd, int rs1, int imm) {
        return word(i(0x03, rd, 3, rs1, imm));
    }

    public Asm lbu(int rd, int rs1, int imm) {
        return word(i(0x03, rd, 4, rs1, imm));
    }

    public Asm sb(int rs2, int rs1, int imm) {
        return word(s(0x23, 0, rs1, rs2, imm));
    }

    public Asm sw(int rs2, int rs1, int imm) {
        return word(s(0x23, 2, rs1, rs2, imm));
    }

    public Asm sd(int rs2, int rs1, int imm) {
        return word(s(0x23, 3, rs1, rs2, imm));
    }

    public Asm jalr(int rd, int rs1, int imm) {
        return word(i(0x67, rd, 0, rs1, imm));
    }

    public Asm ret() {
        return jalr(ZERO, RA, 0);
    }

    public Asm jal(int rd, String label) {
        fixups.add(new Fixup(out.size(), label, 'j', j(rd, 0)));
        return word(0);
    }

    public Asm j(String label) {
        return jal(ZERO, label);
    }

    private Asm branch(int f3, int rs1, int rs2, String label) {
        fixups.add(new Fixup(out.size(), label, 'b', b(f3, rs1, rs2, 0)));
        return word(0);
    }

    public Asm beq(int rs1, int rs2, String label) {
        return branch(0, rs1, rs2, label);
    }

    public Asm bne(int rs1, int rs2, String label) {
        return branch(1, rs1, rs2, label);
    }

    public Asm bltu(int rs1, int rs2, String label) {
        return branch(6, rs1, rs2, label);
    }

    public Asm csrrw(int rd, int csr, int rs1) {
        return word(i(0x73, rd, 1, rs1, csr));
    }

    public Asm csrrs(int rd, int csr, int rs1) {
        return word(i(0x73, rd, 2, rs1, csr));
    }

    public Asm csrr(int rd, int csr) {
        return csrrs(rd, csr, ZERO);
    }

    public Asm csrw(int csr, int rs1) {
        return csrrw(ZERO, csr, rs1);
    }

    public Asm csrrsi(int rd, int csr, int uimm) {
        return word(i(0x73, rd, 6, uimm, csr));
    }

    public Asm ecall() {
        return word(0x00000073);
    }

    public Asm ebreak() {
        return word(0x00100073);
    }

    public Asm mret() {
        return word(0x30200073);
    }

    public Asm sret() {
        return word(0x10200073);
    }

    public Asm wfi() {
        return word(0x10500073);
    }

    public Asm fenceI() {
        return word(0x0000100f);
    }

    public Asm rdtime(int rd) {
        return csrr(rd, 0xc01);
    }

    public Asm lrD(int rd, int rs1) {
        return word(r(0x2f, rd, 3, rs1, 0, 0b0001000));
    }

    public Asm amoaddW(int rd, int rs1, int rs2) {
        return word(r(0x2f, rd, 2, rs1, rs2, 0));
    }

    /** {@code c.nop}, a 2-byte instruction. */
    public Asm cNop() {
        return half(0x0001);
    }

    /** {@code c.unimp} (all zeros): an illegal 2-byte instruction. */
    public Asm cUnimp() {
        return half(0x0000);
    }

    public byte[] bytes() {
        byte[] code = out.toByteArray();
        for (Fixup f : fixups) {
            Long target = labels.get(f.label());
            if (target == null) {
                throw new IllegalStateException("undefined label " + f.label());
            }
            int rel = (int) (target - (base + f.offset()));
            int w = f.kind() == 'j' ? f.word() | j(0, rel) : f.word() | b(0, 0, 0, rel);
            code[f.offset()] = (byte) w;
            code[f.offset() + 1] = (byte) (w >>> 8);
            code[f.offset() + 2] = (byte) (w >>> 16);
            code[f.offset() + 3] = (byte) (w >>> 24);
        }
        return code;
    }
}
