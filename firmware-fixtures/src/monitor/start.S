/*
 * Monitor fixture entry, linked at MONITOR_ADDR (0x80000000). FSBL calls it like OpenSBI's
 * fw_dynamic: a0 = hart id, a1 = FDT address (OPENSBI_FDT_ADDR), a2 = struct fw_dynamic_info.
 * The first 32 bytes hold a jump and a header that tells duoboot's FIP packer where the
 * embedded-FDT slot is (OpenSBI built with FW_FDT_PATH carries the board DTB in its image).
 */
	.file "start.S"
#include "monitor.h"

	.section .head, "ax"
	.globl _start
_start:
	.option push
	.option norvc
	j	_entry			/* +0  */
	.option pop
	.ascii	MONITOR_MAGIC		/* +4  */
	.word	fdt_slot - _start	/* +8  offset of the embedded-FDT slot */
	.word	FDT_SLOT_SIZE		/* +12 its capacity */
	.globl	embedded_fdt_size
embedded_fdt_size:
	.word	0			/* +16 size of the DTB in the slot; the packer sets it, 0 = none */
	.word	0, 0, 0			/* +20 .. +31 */

_entry:
	csrw	mie, zero
	csrci	mstatus, 8
	la	t0, early_trap
	csrw	mtvec, t0
	la	sp, _stack_top
	la	t0, __bss_start
	la	t1, __bss_end
1:	bgeu	t0, t1, 2f
	sd	zero, 0(t0)
	addi	t0, t0, 8
	j	1b
2:	call	monitor_main
	j	monitor_halt

	/* traps before the hand-off: report and stop */
	.balign	4
early_trap:
	csrr	a0, mcause
	csrr	a1, mepc
	csrr	a2, mtval
	call	monitor_unexpected_trap
	j	monitor_halt

/*
 * Runtime trap vector (after mret to the next stage): mscratch holds the top of the M-mode
 * stack; all registers are saved in struct trap_regs (x[i] at 8*i, x[2] = the trapped sp).
 */
	.balign	4
	.globl	trap_vector
trap_vector:
	csrrw	sp, mscratch, sp
	addi	sp, sp, -256
	sd	x1, 8(sp)
	sd	x3, 24(sp)
	sd	x4, 32(sp)
	sd	x5, 40(sp)
	sd	x6, 48(sp)
	sd	x7, 56(sp)
	sd	x8, 64(sp)
	sd	x9, 72(sp)
	sd	x10, 80(sp)
	sd	x11, 88(sp)
	sd	x12, 96(sp)
	sd	x13, 104(sp)
	sd	x14, 112(sp)
	sd	x15, 120(sp)
	sd	x16, 128(sp)
	sd	x17, 136(sp)
	sd	x18, 144(sp)
	sd	x19, 152(sp)
	sd	x20, 160(sp)
	sd	x21, 168(sp)
	sd	x22, 176(sp)
	sd	x23, 184(sp)
	sd	x24, 192(sp)
	sd	x25, 200(sp)
	sd	x26, 208(sp)
	sd	x27, 216(sp)
	sd	x28, 224(sp)
	sd	x29, 232(sp)
	sd	x30, 240(sp)
	sd	x31, 248(sp)
	csrr	t0, mscratch
	sd	t0, 16(sp)
	mv	a0, sp
	call	monitor_trap
	ld	x1, 8(sp)
	ld	x3, 24(sp)
	ld	x4, 32(sp)
	ld	x5, 40(sp)
	ld	x6, 48(sp)
	ld	x7, 56(sp)
	ld	x8, 64(sp)
	ld	x9, 72(sp)
	ld	x10, 80(sp)
	ld	x11, 88(sp)
	ld	x12, 96(sp)
	ld	x13, 104(sp)
	ld	x14, 112(sp)
	ld	x15, 120(sp)
	ld	x16, 128(sp)
	ld	x17, 136(sp)
	ld	x18, 144(sp)
	ld	x19, 152(sp)
	ld	x20, 160(sp)
	ld	x21, 168(sp)
	ld	x22, 176(sp)
	ld	x23, 184(sp)
	ld	x24, 192(sp)
	ld	x25, 200(sp)
	ld	x26, 208(sp)
	ld	x27, 216(sp)
	ld	x28, 224(sp)
	ld	x29, 232(sp)
	ld	x30, 240(sp)
	ld	x31, 248(sp)
	addi	sp, sp, 256
	csrrw	sp, mscratch, sp
	mret
