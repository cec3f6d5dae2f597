/*
 * What the SDK's U-Boot takes from its environment and config header (include/configs/
 * cv18{0,1}x-asic.h, cvi_board_memmap.h, the "sdboot" command). duoboot's FIP packer patches
 * the block (found through the header at +0x20) so one prebuilt image serves every memmap.py.
 */
#ifndef DUOBOOT_UBOOT_CONFIG_H
#define DUOBOOT_UBOOT_CONFIG_H

#define UBOOT_CONFIG_SIZE 624

#ifndef __ASSEMBLER__
#include <stdint.h>

struct duoboot_uboot_config {
	char magic[8];          /* "DBUBCFG1" */
	uint64_t uimage_addr;   /* env uImage_addr = CVIMMAP_UIMAG_ADDR: where boot.sd (a FIT) lies */
	uint64_t bootm_mapsize; /* CONFIG_SYS_BOOTMAPSZ = CVIMMAP_KERNEL_MEMORY_SIZE */
	uint64_t fdt_pad;       /* CONFIG_SYS_FDT_PAD, 0x3000 */
	uint64_t uart_base;     /* console UART */
	/* 1: arch_fixup_fdt() copies the firmware's /reserved-memory into the kernel DTB (mainline,
	 * milkv duo-buildroot-sdk v1/v2 u-boot-2021.10); 0: the call is commented out (sophgo
	 * u-boot-2021.10 sg200x-dev, arch/riscv/lib/fdt_fixup.c) */
	uint32_t copy_resv_mem;
	/* 0: boot.sd is at uimage_addr already (duoboot placed it); 1: "run sdboot" reads it from the
	 * SD card first ("mmc dev 0 && fatload mmc 0 ${uImage_addr} boot.sd"), and a failure ends at
	 * the prompt */
	uint32_t boot_from_card;
	char fit_config[64];    /* "config-<chip>_<board>" of "bootm ${uImage_addr}#config-..."; "" = default */
	char bootargs[512];     /* env bootargs as "sdboot" sets it */
};

_Static_assert(sizeof(struct duoboot_uboot_config) == UBOOT_CONFIG_SIZE, "config block size");
#endif
#endif
