/* The duoboot monitor fixture: an OpenSBI v0.9 fw_dynamic stand-in (see monitor.c). */
#ifndef DUOBOOT_MONITOR_H
#define DUOBOOT_MONITOR_H

/* 32-byte image header (start.S); the FIP packer appends the board DTB at fdt_slot_offset */
#define MONITOR_MAGIC "DBSM"
/* FDT_SLOT_SIZE and HART_STACK_SIZE come from the Makefile (shared with the linker script) */

#ifndef __ASSEMBLER__
#include <stdint.h>

#include "fdt.h"

/* OpenSBI include/sbi/fw_dynamic.h */
#define FW_DYNAMIC_INFO_MAGIC 0x4942534fUL /* "OSBI" */
#define FW_DYNAMIC_INFO_VERSION_MAX 2

struct fw_dynamic_info {
	unsigned long magic;
	unsigned long version;
	unsigned long next_addr;
	unsigned long next_mode;
	unsigned long options;
	unsigned long boot_hart;
};

#define PRV_U 0
#define PRV_S 1
#define PRV_M 3

#define csr_read(csr) ({ unsigned long v_; asm volatile("csrr %0, " #csr : "=r"(v_)); v_; })
#define csr_write(csr, v) asm volatile("csrw " #csr ", %0" : : "r"((unsigned long)(v)))
#define csr_set(csr, v) asm volatile("csrs " #csr ", %0" : : "r"((unsigned long)(v)))
#define csr_clear(csr, v) asm volatile("csrc " #csr ", %0" : : "r"((unsigned long)(v)))

/* fdt_fixup.c: the device-tree edits of OpenSBI's generic platform (host-testable) */
int monitor_fdt_fixups(void *fdt, unsigned long fw_base, unsigned long fw_size, int has_pmp);
/* sbi_domain_memregion_init(): the smallest aligned power of two covering [base, base+size) */
unsigned long monitor_region_order(unsigned long base, unsigned long size, unsigned long *region_base);
#endif

#endif
