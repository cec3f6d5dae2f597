/*
 * a0 = workload, a1 = iterations (rounds for the compute loop):
 *   0 compute loop (bench.c)        3 ecall loop (a trap to M and mret each time)
 *   1 MMIO load loop (TOP CHIPID)   4 rdtime loop (an instruction the hart emulates)
 *   2 RAM load loop                 5 the same loop with a nop: the baseline of 3 and 4
 */
    .section .text.start, "ax"
    .globl _start
_start:
    la sp, __stack_top
    la t0, trap
    csrw mtvec, t0
    beqz a0, compute
    li t0, 1
    beq a0, t0, mmio
    li t0, 2
    beq a0, t0, ram
    li t0, 3
    beq a0, t0, ecalls
    li t0, 4
    beq a0, t0, rdtimes
    j nops

compute:
    mv a0, a1
    call bench
    j done

mmio:
    li t1, 0x03000000
1:  lw t2, 0(t1)
    addi a1, a1, -1
    bnez a1, 1b
    j done

ram:
    la t1, __stack_top
    addi t1, t1, -8
1:  lw t2, 0(t1)
    addi a1, a1, -1
    bnez a1, 1b
    j done

ecalls:
1:  ecall
    addi a1, a1, -1
    bnez a1, 1b
    j done

rdtimes:
1:  rdtime t2
    addi a1, a1, -1
    bnez a1, 1b
    j done

nops:
1:  nop
    addi a1, a1, -1
    bnez a1, 1b

done:
    wfi
    j done

    .balign 4
trap:
    csrr t0, mepc
    addi t0, t0, 4
    csrw mepc, t0
    mret
