# Shared build rules for the duoboot firmware fixtures (included by each fixture's Makefile).
# Reproducible: no debug info, no build ids, paths mapped, fixed flags.
CROSS    ?= riscv64-unknown-elf-
CC       := $(CROSS)gcc
OBJCOPY  := $(CROSS)objcopy
COMMON   := $(abspath $(dir $(lastword $(MAKEFILE_LIST))))
SRCROOT  := $(abspath $(COMMON)/..)
ARCH     ?= rv64imac_zicsr_zifencei
CFLAGS   := -march=$(ARCH) -mabi=lp64 -mcmodel=medany -O2 -std=gnu11 \
            -ffreestanding -fno-builtin -nostdlib -nostartfiles -fno-pic -fno-common \
            -fno-asynchronous-unwind-tables -fno-stack-protector \
            -Wall -Wextra -Werror -Wno-unused-parameter \
            -ffile-prefix-map=$(SRCROOT)=. -I$(COMMON)
LDFLAGS  := -Wl,--build-id=none -Wl,--no-relax -Wl,--no-warn-rwx-segments -static
OUT      ?= out
