package dev.duoboot.unicorn;

/** {@code uc_cpu_riscv64}: the models Unicorn 2.0.1 offers (none is a T-Head C906). */
public enum RiscvCpuModel {
    /** RV64IMAFDC U, no S mode. */
    ANY,
    /** RV64IMAFDC S U. */
    BASE64,
    /** RV64IMAC U. */
    SIFIVE_E51,
    /** RV64IMAFDC S U, the default; the closest to a C906 (which adds XThead and V 0.7.1). */
    SIFIVE_U54
}
