#!/bin/sh
# Rebuilds rtos_rsc.elf (ELF64) and rtos_rsc32.elf (ELF32) from rtos_rsc.c with the riscv64-unknown-elf toolchain.
set -e
cd "$(dirname "$0")"
riscv64-unknown-elf-gcc -march=rv64imac_zicsr -mabi=lp64 -mcmodel=medany -O2 -nostdlib -nostartfiles \
    -ffreestanding -fno-asynchronous-unwind-tables -Wl,--build-id=none,--no-warn-rwx-segments -T rtos.ld -o rtos_rsc.elf rtos_rsc.c
riscv64-unknown-elf-gcc -march=rv32imac_zicsr -mabi=ilp32 -O2 -nostdlib -nostartfiles \
    -ffreestanding -fno-asynchronous-unwind-tables -Wl,--build-id=none,--no-warn-rwx-segments -T rtos.ld -o rtos_rsc32.elf rtos_rsc.c
