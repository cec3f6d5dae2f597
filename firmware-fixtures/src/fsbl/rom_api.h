/*
 * The mask ROM's API table (FSBL include/riscv/rom_api_refer.h): fixed entry points at ROM_BASE
 * + offset. The ROM is not public; duoboot serves these entry points itself (high-level
 * emulation), so calling them here is calling the modelled ROM.
 */
#ifndef DUOBOOT_ROM_API_H
#define DUOBOOT_ROM_API_H

#include <stddef.h>
#include <stdint.h>

/* FSBL include/bl2/platform.h: "NO ZERO in boot_src" */
#define BOOT_SRC_TAG 0xCE00
enum boot_src {
	BOOT_SRC_SPI_NAND = 0x0 | BOOT_SRC_TAG,
	BOOT_SRC_SPI_NOR = 0x2 | BOOT_SRC_TAG,
	BOOT_SRC_EMMC = 0x3 | BOOT_SRC_TAG,
	BOOT_SRC_SD = 0xA0 | BOOT_SRC_TAG,
	BOOT_SRC_USB = 0xA3 | BOOT_SRC_TAG,
	BOOT_SRC_UART = 0xA5 | BOOT_SRC_TAG,
};

#define ROM_API(off, type) ((type)(uintptr_t)(ROM_BASE + (off)))

#define p_rom_api_get_boot_src ROM_API(0x20, int (*)(void))
#define p_rom_api_set_boot_src ROM_API(0x40, void (*)(int))
#define p_rom_api_load_image ROM_API(0x60, int (*)(void *, uint32_t, size_t, int))
#define p_rom_api_flash_init ROM_API(0x80, int (*)(void))
#define p_rom_api_image_crc ROM_API(0xA0, uint32_t (*)(const void *, int))
#define p_rom_api_get_number_of_retries ROM_API(0xC0, int (*)(void))

#endif
