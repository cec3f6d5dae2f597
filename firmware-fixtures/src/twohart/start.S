/* Entry points of both harts: a stack each, then C. */
    .section .text.start, "ax"
    .globl _start
_start:
    la sp, __stack0_top
    call hart0_main
1:  wfi
    j 1b

    .section .hart1.start, "ax"
    .globl hart1_start
hart1_start:
    la sp, hart1_stack_top
    call hart1_main
2:  wfi
    j 2b

    .section .hart1.data, "aw"
    .balign 16
    .space 2048
hart1_stack_top:
