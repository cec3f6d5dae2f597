/*
 * FSBL fixture entry. The mask ROM loads BL2 to its SRAM base and enters it at +32
 * (BL2_ENTRY_OFFSET), so the first 32 bytes are a header: duoboot reads the magic and the
 * offset of the memmap config block (the values the SDK compiles in from cvi_board_memmap.h,
 * patched into this image when a FIP is packed).
 */
	.file "start.S"
#include "fsbl_config.h"

	.section .head, "ax"
	.globl _head
_head:
	.option push
	.option norvc
	j	_start			/* +0  */
	.option pop
	.ascii	"DBFS"			/* +4  duoboot FSBL fixture */
	.word	fsbl_config - _head	/* +8  offset of struct duoboot_fsbl_config */
	.word	FSBL_CONFIG_SIZE	/* +12 */
	.word	0, 0, 0, 0		/* +16 .. +31 */

	.globl _start
_start:					/* +32 */
	csrw	mie, zero
	csrci	mstatus, 8
	la	t0, trap_entry
	csrw	mtvec, t0
	la	sp, __stack_end
	la	t0, __bss_start
	la	t1, __bss_end
1:	bgeu	t0, t1, 2f
	sd	zero, 0(t0)
	addi	t0, t0, 8
	j	1b
2:	call	bl2_main
	j	fsbl_halt

	.balign	4
trap_entry:
	la	sp, __stack_end
	csrr	a0, mcause
	csrr	a1, mepc
	csrr	a2, mtval
	call	fsbl_trap
	j	fsbl_halt
