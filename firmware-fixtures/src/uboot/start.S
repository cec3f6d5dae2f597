/*
 * U-Boot fixture entry. The image starts with the 32-byte loader_2nd header U-Boot's
 * arch/riscv/include/asm/boot0.h emits (FSBL reads it, duoboot's packer fills cksum and size),
 * then, at the entry point runaddr + 0x20, a jump over duoboot's own header: magic and the
 * offset of the patchable config block. Position independent: after finding the top of RAM it
 * copies itself there and runs from the copy, as U-Boot's relocate_code() does, so the kernel can
 * be loaded at CONFIG_SYS_TEXT_BASE where this image was loaded.
 */
	.file "start.S"
#include "uboot_config.h"

	.section .head, "ax"
	.globl _start
_start:
	.option push
	.option norvc
	j	_entry			/* +0  jump0 */
	.word	0x33334c42		/* +4  magic "BL33" */
	.word	0xdeadbeea		/* +8  cksum, filled by the packer */
	.word	0xdeadbeeb		/* +12 size, filled by the packer */
	.dword	0x80200000		/* +16 runaddr = CONFIG_SYS_TEXT_BASE */
	.word	0xdeadbeec		/* +24 reserved1 */
	j	_entry			/* +28 reserved2: the second jump */
_entry:					/* +32 = runaddr + 0x20, FSBL's and OpenSBI's entry */
	j	_main
	.option pop
	.ascii	"DBUB"			/* +36 duoboot U-Boot fixture */
	.word	uboot_config - _start	/* +40 offset of struct duoboot_uboot_config */
	.word	UBOOT_CONFIG_SIZE	/* +44 */

_main:					/* a0 = hart id, a1 = the firmware's FDT (OpenSBI next_arg1) */
	mv	s0, a0
	mv	s1, a1
	la	sp, _early_stack_top
	mv	a0, s1
	call	uboot_ram_top
	beqz	a0, 3f
	/* board_f.c reserve_uboot(): relocaddr = (ram_top - mon_len) & ~(4K - 1) */
	la	t0, _start
	la	t1, _end
	sub	t1, t1, t0
	sub	a0, a0, t1
	li	t1, -4096
	and	a0, a0, t1
	mv	s2, a0
	la	a1, _start
	la	a2, _image_end
	sub	a2, a2, a1
	call	memmove
	fence.i
	la	t0, 1f
	la	t1, _start
	sub	t0, t0, t1
	add	t0, t0, s2
	jr	t0
1:	/* running from the copy; the stack grows down below it (board_f.c reserve_stacks) */
	la	t0, __bss_start
	la	t1, __bss_end
2:	bgeu	t0, t1, 4f
	sd	zero, 0(t0)
	addi	t0, t0, 8
	j	2b
4:	mv	sp, s2
	mv	a0, s0
	mv	a1, s1
	call	uboot_main
3:	mv	a0, s1
	call	uboot_no_dram
5:	wfi
	j	5b
