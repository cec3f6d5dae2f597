/*
 * Little-core start code in the shape of the SDK's FreeRTOS start.S
 * (freertos/cvitek/arch/riscv64/src/start.S): only the primary hart runs, registers are
 * cleared, T-Head cache CSRs enabled, FP on, bss cleared, then main. All addressing is
 * PC-relative, so the image can be rebased to any FREERTOS_ADDR.
 */
#define PRIM_HART 0

	.file "start.S"
	.section .vectors, "ax"
	.globl _start
_start:
	csrr	a0, mhartid
	li	a1, PRIM_HART
	bne	a0, a1, secondary

	li	x1, 0
	li	x3, 0
	li	x4, 0
	li	x5, 0
	li	x6, 0
	li	x7, 0
	li	x8, 0
	li	x9, 0
	li	x11, 0
	li	x12, 0
	li	x13, 0
	li	x14, 0
	li	x15, 0
	li	x16, 0
	li	x17, 0
	li	x18, 0
	li	x19, 0
	li	x20, 0
	li	x21, 0
	li	x22, 0
	li	x23, 0
	li	x24, 0
	li	x25, 0
	li	x26, 0
	li	x27, 0
	li	x28, 0
	li	x29, 0
	li	x30, 0
	li	x31, 0

	la	t0, trap_entry
	csrw	mtvec, t0
	/* C906 vendor CSRs: invalidate BTB/BHT/caches (mcor), enable caches (mhcr), prefetch (mhint) */
	li	t0, 0x30013
	csrs	0x7c2, t0
	li	t0, 0x7f
	csrs	0x7c1, t0
	li	t0, 0x610c
	csrs	0x7c5, t0
	li	t0, 1 << 13
	csrs	mstatus, t0

	la	sp, _stack_top
	la	t0, _bss
	la	t1, _ebss
1:	bgeu	t0, t1, 2f
	sd	zero, 0(t0)
	addi	t0, t0, 8
	j	1b
2:	mv	a0, zero
	call	main
3:	wfi
	j	3b

secondary:
	wfi
	j	secondary

	.balign	4
trap_entry:
	addi	sp, sp, -128
	sd	ra, 0(sp)
	sd	t0, 8(sp)
	sd	t1, 16(sp)
	sd	t2, 24(sp)
	sd	a0, 32(sp)
	sd	a1, 40(sp)
	sd	a2, 48(sp)
	sd	a3, 56(sp)
	sd	a4, 64(sp)
	sd	a5, 72(sp)
	sd	a6, 80(sp)
	sd	a7, 88(sp)
	sd	t3, 96(sp)
	sd	t4, 104(sp)
	sd	t5, 112(sp)
	sd	t6, 120(sp)
	csrr	a0, mcause
	csrr	a1, mepc
	csrr	a2, mtval
	call	trap_handler
	ld	ra, 0(sp)
	ld	t0, 8(sp)
	ld	t1, 16(sp)
	ld	t2, 24(sp)
	ld	a0, 32(sp)
	ld	a1, 40(sp)
	ld	a2, 48(sp)
	ld	a3, 56(sp)
	ld	a4, 64(sp)
	ld	a5, 72(sp)
	ld	a6, 80(sp)
	ld	a7, 88(sp)
	ld	t3, 96(sp)
	ld	t4, 104(sp)
	ld	t5, 112(sp)
	ld	t6, 120(sp)
	addi	sp, sp, 128
	mret
