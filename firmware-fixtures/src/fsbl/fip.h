/*
 * fip.bin structures as FSBL sees them (milkv-duo SDK: plat/cv18xx/include/platform_def.h
 * struct fip_param1, bl2.h struct fip_param2, loader_2nd_header). Layout per
 * duoboot's facts sheet sdk-boot-flow.md section 5.3; all fields little-endian.
 */
#ifndef DUOBOOT_FIP_H
#define DUOBOOT_FIP_H

#include <stdint.h>

#define FIP_PARAM1_MAGIC1 0x000A31304C425643ULL /* "CVBL01\n\0" */
#define FIP_PARAM2_MAGIC1 0x000A3230444C5643ULL /* "CVLD02\n\0" */
#define PARAM2_SIZE 0x1000
#define BLOCK_SIZE 512

#define LOADER_2ND_MAGIC_ORIG 0x33334C42 /* "BL33" */
#define LOADER_2ND_MAGIC_LZMA 0x414D3342 /* "B3MA" */
#define LOADER_2ND_MAGIC_LZ4 0x345A3342  /* "B3Z4" */

struct fip_param1 {
	uint64_t magic1;
	uint32_t magic2;
	uint32_t param_cksum;
	uint8_t nand_info[128];
	uint8_t nor_info[36];
	uint64_t fip_flags;
	uint32_t chip_conf_size;
	uint32_t blcp_img_cksum;
	uint32_t blcp_img_size;
	uint32_t blcp_img_runaddr;
	uint32_t blcp_param_loadaddr;
	uint32_t blcp_param_size;
	uint32_t bl2_img_cksum;
	uint32_t bl2_img_size;
	uint32_t bld_img_size;
	uint32_t param2_loadaddr;
	uint32_t reserved1;
	/* chip_conf, keys and signatures follow; FSBL does not read them here */
} __attribute__((packed));

struct fip_param2 {
	uint64_t magic1;
	uint32_t param2_cksum;
	uint32_t reserved1;
	uint32_t ddr_param_cksum;
	uint32_t ddr_param_loadaddr;
	uint32_t ddr_param_size;
	uint32_t ddr_param_reserved;
	uint32_t blcp_2nd_cksum;
	uint32_t blcp_2nd_loadaddr;
	uint32_t blcp_2nd_size;
	uint32_t blcp_2nd_runaddr;
	uint32_t monitor_cksum;
	uint32_t monitor_loadaddr;
	uint32_t monitor_size;
	uint32_t monitor_runaddr;
	uint32_t loader_2nd_reserved0;
	uint32_t loader_2nd_loadaddr;
	uint32_t loader_2nd_reserved1;
	uint32_t loader_2nd_reserved2;
	uint32_t alios_boot_size;
	uint8_t reserved_last[PARAM2_SIZE - 0x54];
} __attribute__((packed));

struct loader_2nd_header {
	uint32_t jump0;
	uint32_t magic;
	uint32_t cksum;
	uint32_t size;
	uint64_t runaddr;
	uint32_t reserved1;
	uint32_t reserved2;
} __attribute__((packed));

_Static_assert(sizeof(struct fip_param2) == PARAM2_SIZE, "param2 is one 4 KiB block");
_Static_assert(sizeof(struct loader_2nd_header) == 32, "loader_2nd header is 32 bytes");

#endif
