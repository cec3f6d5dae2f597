/*
 * duoboot hypercalls: instructions in the RISC-V custom-1 opcode space (0x2b), illegal on a real
 * C906, that the emulator recognises and serves itself. Bits 31:20 select the call.
 */
#ifndef DUOBOOT_HYPERCALL_H
#define DUOBOOT_HYPERCALL_H

/* kernel entry: a0 = hart id, a1 = DTB. The emulator runs its Linux model, then resumes the hart
 * at the next instruction with a0 = what to do next (KERNEL_NEXT_*), a1 = timeout in timer ticks */
#define HC_KERNEL_ENTRY 0x0010002b
/* the post-kernel work is done: a0 = status (0 ok, else an error code) */
#define HC_KERNEL_DONE 0x0020002b

#define KERNEL_NEXT_STOP 0
#define KERNEL_NEXT_MAILBOX_TEST 1
#define KERNEL_NEXT_IDLE 2 /* let the machine run for a1 timer ticks */

#endif
