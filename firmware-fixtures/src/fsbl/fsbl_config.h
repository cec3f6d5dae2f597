/*
 * The memmap values the SDK compiles into FSBL from cvi_board_memmap.h. duoboot patches them
 * into the image (located through the 32-byte header) when it packs a fip.bin, so one prebuilt
 * FSBL serves every memmap.py a user gives.
 */
#ifndef DUOBOOT_FSBL_CONFIG_H
#define DUOBOOT_FSBL_CONFIG_H

#define FSBL_CONFIG_SIZE 40

#ifndef __ASSEMBLER__
#include <stdint.h>

struct duoboot_fsbl_config {
	char magic[8];             /* "DBFSCFG1" */
	uint64_t dram_base;        /* CVIMMAP_DRAM_BASE */
	uint64_t dram_size;        /* CVIMMAP_DRAM_SIZE */
	uint64_t opensbi_fdt_addr; /* CVIMMAP_OPENSBI_FDT_ADDR: a1 for the monitor */
	uint64_t uart_base;        /* console UART */
};

_Static_assert(sizeof(struct duoboot_fsbl_config) == FSBL_CONFIG_SIZE, "config block size");
#endif
#endif
