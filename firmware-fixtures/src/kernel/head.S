/*
 * A RISC-V Linux "Image" that is not a kernel: the real header (Documentation/riscv/boot-image-
 * header.rst: code0/code1, text_offset, image_size, flags, version, magic "RISCV", magic2 "RSC\x05")
 * followed by a hand-off to duoboot's Linux model. After the model, the C906B side of the SDK's
 * rtos_cmdqu test can run here, in S-mode, on the real emulated mailbox.
 */
	.file "head.S"
#include "hypercall.h"

	.section .head, "ax"
	.globl _start
_start:
	.option push
	.option norvc
	j	_entry			/* code0 */
	.word	0			/* code1 */
	.option pop
	.dword	0x200000		/* text_offset: 2 MiB on rv64 */
	.dword	_end - _start		/* image_size */
	.dword	0			/* flags: little-endian */
	.word	0x2			/* version 0.2 */
	.word	0			/* res1 */
	.dword	0			/* res2 */
	.ascii	"RISCV\0\0\0"		/* magic (deprecated) */
	.ascii	"RSC\x05"		/* magic2 */
	.word	0			/* res3 */

_entry:					/* +0x40: a0 = hart id, a1 = DTB (boot_jump_linux) */
	.word	HC_KERNEL_ENTRY
	la	sp, _stack_top
	call	after_kernel
	.option push
	.option norvc
	nop				/* a decodable instruction for the emulator to hook: the return lands here */
	.option pop
	.word	HC_KERNEL_DONE
1:	j	1b
