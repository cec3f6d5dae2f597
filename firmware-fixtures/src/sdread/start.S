/* sdread entry: M-mode, interrupts masked (sdread.c waits for its interrupt with wfi), a stack. */
	.file "start.S"
	.section .text.start, "ax"
	.globl _start
_start:
	csrw	mie, zero
	csrci	mstatus, 8
	la	t0, trap
	csrw	mtvec, t0
	la	sp, __stack_top
	la	t0, __bss_start
	la	t1, __bss_end
1:	bgeu	t0, t1, 2f
	sd	zero, 0(t0)
	addi	t0, t0, 8
	j	1b
2:	call	main
3:	wfi
	j	3b

	.balign 4
trap:	/* no trap is expected: report it and stop */
	csrr	a0, mcause
	csrr	a1, mepc
	call	unexpected_trap
4:	wfi
	j	4b
