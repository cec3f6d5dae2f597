package dev.duoboot.unicorn;

/**
 * Register ids of {@code uc_riscv_reg} ({@code /usr/include/unicorn/riscv.h}, 2.0.1).
 * {@code uc_reg_read} reports success for ids it does not know, so {@link Unicorn} checks ids
 * against {@link #ENDING} itself.
 */
public final class RiscvRegister {
    public static final int INVALID = 0;
    /** {@code x0}; {@code x<n>} is {@code X0 + n}. */
    public static final int X0 = 1;
    public static final int USTATUS = 33;
    public static final int UIE = 34;
    public static final int UTVEC = 35;
    public static final int USCRATCH = 36;
    public static final int UEPC = 37;
    public static final int UCAUSE = 38;
    public static final int UTVAL = 39;
    public static final int UIP = 40;
    public static final int FFLAGS = 41;
    public static final int FRM = 42;
    public static final int FCSR = 43;
    public static final int CYCLE = 44;
    public static final int TIME = 45;
    public static final int INSTRET = 46;
    public static final int HPMCOUNTER3 = 47;
    public static final int HPMCOUNTER4 = 48;
    public static final int HPMCOUNTER5 = 49;
    public static final int HPMCOUNTER6 = 50;
    public static final int HPMCOUNTER7 = 51;
    public static final int HPMCOUNTER8 = 52;
    public static final int HPMCOUNTER9 = 53;
    public static final int HPMCOUNTER10 = 54;
    public static final int HPMCOUNTER11 = 55;
    public static final int HPMCOUNTER12 = 56;
    public static final int HPMCOUNTER13 = 57;
    public static final int HPMCOUNTER14 = 58;
    public static final int HPMCOUNTER15 = 59;
    public static final int HPMCOUNTER16 = 60;
    public static final int HPMCOUNTER17 = 61;
    public static final int HPMCOUNTER18 = 62;
    public static final int HPMCOUNTER19 = 63;
    public static final int HPMCOUNTER20 = 64;
    public static final int HPMCOUNTER21 = 65;
    public static final int HPMCOUNTER22 = 66;
    public static final int HPMCOUNTER23 = 67;
    public static final int HPMCOUNTER24 = 68;
    public static final int HPMCOUNTER25 = 69;
    public static final int HPMCOUNTER26 = 70;
    public static final int HPMCOUNTER27 = 71;
    public static final int HPMCOUNTER28 = 72;
    public static final int HPMCOUNTER29 = 73;
    public static final int HPMCOUNTER30 = 74;
    public static final int HPMCOUNTER31 = 75;
    public static final int CYCLEH = 76;
    public static final int TIMEH = 77;
    public static final int INSTRETH = 78;
    public static final int HPMCOUNTER3H = 79;
    public static final int HPMCOUNTER4H = 80;
    public static final int HPMCOUNTER5H = 81;
    public static final int HPMCOUNTER6H = 82;
    public static final int HPMCOUNTER7H = 83;
    public static final int HPMCOUNTER8H = 84;
    public static final int HPMCOUNTER9H = 85;
    public static final int HPMCOUNTER10H = 86;
    public static final int HPMCOUNTER11H = 87;
    public static final int HPMCOUNTER12H = 88;
    public static final int HPMCOUNTER13H = 89;
    public static final int HPMCOUNTER14H = 90;
    public static final int HPMCOUNTER15H = 91;
    public static final int HPMCOUNTER16H = 92;
    public static final int HPMCOUNTER17H = 93;
    public static final int HPMCOUNTER18H = 94;
    public static final int HPMCOUNTER19H = 95;
    public static final int HPMCOUNTER20H = 96;
    public static final int HPMCOUNTER21H = 97;
    public static final int HPMCOUNTER22H = 98;
    public static final int HPMCOUNTER23H = 99;
    public static final int HPMCOUNTER24H = 100;
    public static final int HPMCOUNTER25H = 101;
    public static final int HPMCOUNTER26H = 102;
    public static final int HPMCOUNTER27H = 103;
    public static final int HPMCOUNTER28H = 104;
    public static final int HPMCOUNTER29H = 105;
    public static final int HPMCOUNTER30H = 106;
    public static final int HPMCOUNTER31H = 107;
    public static final int MCYCLE = 108;
    public static final int MINSTRET = 109;
    public static final int MCYCLEH = 110;
    public static final int MINSTRETH = 111;
    public static final int MVENDORID = 112;
    public static final int MARCHID = 113;
    public static final int MIMPID = 114;
    public static final int MHARTID = 115;
    public static final int MSTATUS = 116;
    public static final int MISA = 117;
    public static final int MEDELEG = 118;
    public static final int MIDELEG = 119;
    public static final int MIE = 120;
    public static final int MTVEC = 121;
    public static final int MCOUNTEREN = 122;
    public static final int MSTATUSH = 123;
    public static final int MUCOUNTEREN = 124;
    public static final int MSCOUNTEREN = 125;
    public static final int MHCOUNTEREN = 126;
    public static final int MSCRATCH = 127;
    public static final int MEPC = 128;
    public static final int MCAUSE = 129;
    public static final int MTVAL = 130;
    public static final int MIP = 131;
    public static final int MBADADDR = 132;
    public static final int SSTATUS = 133;
    public static final int SEDELEG = 134;
    public static final int SIDELEG = 135;
    public static final int SIE = 136;
    public static final int STVEC = 137;
    public static final int SCOUNTEREN = 138;
    public static final int SSCRATCH = 139;
    public static final int SEPC = 140;
    public static final int SCAUSE = 141;
    public static final int STVAL = 142;
    public static final int SIP = 143;
    public static final int SBADADDR = 144;
    public static final int SPTBR = 145;
    public static final int SATP = 146;
    public static final int HSTATUS = 147;
    public static final int HEDELEG = 148;
    public static final int HIDELEG = 149;
    public static final int HIE = 150;
    public static final int HCOUNTEREN = 151;
    public static final int HTVAL = 152;
    public static final int HIP = 153;
    public static final int HTINST = 154;
    public static final int HGATP = 155;
    public static final int HTIMEDELTA = 156;
    public static final int HTIMEDELTAH = 157;
    /** {@code f0}; {@code f<n>} is {@code F0 + n}, read and written as raw 64-bit values. */
    public static final int F0 = 158;
    public static final int PC = 190;
    public static final int ENDING = 191;

    // ABI names the project uses
    public static final int RA = X0 + 1;
    public static final int SP = X0 + 2;
    public static final int A0 = X0 + 10;
    public static final int A1 = X0 + 11;
    public static final int A2 = X0 + 12;

    private RiscvRegister() {}

    /** The id of integer register {@code x<n>}. */
    public static int x(int n) {
        if (n < 0 || n > 31) {
            throw new IllegalArgumentException("no register x" + n);
        }
        return X0 + n;
    }
}
