/*
 * The FSBL fixture: the boot steps of the SDK's FSBL (sophgo/fsbl plat/cv18{0,1}x/bl2/bl2_opt.c,
 * bl2_main.c, lib/cpu/riscv/bl2_helper.c, plat/.../platform.c), in duoboot's own code, with the
 * SDK's console markers so a log reads like the board's. It enables the RTC's requests and walks
 * the DDR bring-up's handshakes as the SDK's FSBL does (chip_init.c), without programming any
 * timing; PLLs, secure boot and compressed images are outside it: images are verified by checksum
 * only, and an LZMA/LZ4 loader_2nd is refused with a message.
 */
#include <stddef.h>
#include <stdint.h>

#include "chip_init.h"
#include "console.h"
#include "fip.h"
#include "fsbl_config.h"
#include "mmio.h"
#include "rom_api.h"
#include "string.h"

/* SDK debug.h prints NOTICE as is, ERROR with " E:" and WARN with " W:" */
#define NOTICE(...) con_printf(__VA_ARGS__)
#define ERROR(...) con_printf(" E:" __VA_ARGS__)
#define WARN(...) con_printf(" W:" __VA_ARGS__)

#define SEC_SYS_BASE 0x020B0000UL
#define C906L_RESET_REG 0x03003024UL

#define IN_RANGE(addr, base, size) ((addr) >= (base) && (addr) < (base) + (size))
#define ROUND_UP(x, y) (((x) + (y) - 1) / (y) * (y))

__attribute__((used, section(".data.config"))) volatile const struct duoboot_fsbl_config fsbl_config = {
	.magic = "DBFSCFG1",
	/* Duo256M defaults; overwritten by duoboot's FIP packer from the user's memmap.py */
	.dram_base = 0x80000000,
	.dram_size = 0x10000000,
	.opensbi_fdt_addr = 0x80080000,
	.uart_base = UART0_BASE,
};

#define DRAM_BASE (fsbl_config.dram_base)
#define DRAM_SIZE (fsbl_config.dram_size)

static struct fip_param1 *const fip_param1 = (struct fip_param1 *)PARAM1_BASE;
static struct fip_param2 fip_param2 __attribute__((aligned(BLOCK_SIZE)));
static union {
	uint8_t ddr_param[0x2000];
	struct loader_2nd_header loader_2nd_header;
	uint8_t buf[BLOCK_SIZE];
} sram_union_buf __attribute__((aligned(BLOCK_SIZE)));

void fsbl_halt(void) __attribute__((noreturn));
void fsbl_trap(unsigned long cause, unsigned long epc, unsigned long tval);
void bl2_main(void);

void fsbl_halt(void)
{
	for (;;)
		asm volatile("wfi");
}

void fsbl_trap(unsigned long cause, unsigned long epc, unsigned long tval)
{
	ERROR("FSBL trap mcause=0x%lx mepc=0x%lx mtval=0x%lx\n", cause, epc, tval);
}

static void panic_handler(void) __attribute__((noreturn));
static void panic_handler(void)
{
	ERROR("FSBL panic, halting.\n");
	fsbl_halt();
}

/* T-Head C906 th.dcache.cva (clean D-cache line by VA), as the SDK's flush_dcache_range does. */
static void flush_dcache_range(uintptr_t start, size_t size)
{
	for (uintptr_t a = start & ~63UL; a < start + size; a += 64)
		asm volatile("mv a0, %0\n\t.word 0x0255000b" : : "r"(a) : "a0", "memory");
	asm volatile(".word 0x0180000b" ::: "memory"); /* th.sync */
}

/* plat/cv18{0,1}x/platform.c reset_c906l(): hold, program the vector, release. */
static void reset_c906l(uintptr_t reset_address)
{
	NOTICE("RSC.\n");
	mmio_clrbits_32(C906L_RESET_REG, 1 << 6);
	mmio_setbits_32(SEC_SYS_BASE + 0x04, 1 << 13);
	mmio_write_32(SEC_SYS_BASE + 0x20, (uint32_t)reset_address);
	mmio_write_32(SEC_SYS_BASE + 0x24, (uint32_t)((uint64_t)reset_address >> 32));
	mmio_setbits_32(C906L_RESET_REG, 1 << 6);
}

static int load_param2(int retry)
{
	uint32_t crc;
	int ret;

	NOTICE("P2S/0x%lx/%p.\n", (unsigned long)sizeof(fip_param2), (void *)&fip_param2);
	ret = p_rom_api_load_image(&fip_param2, fip_param1->param2_loadaddr, PARAM2_SIZE, retry);
	if (ret < 0)
		return ret;
	if (fip_param2.magic1 != FIP_PARAM2_MAGIC1) {
		WARN("LP2_NOMAGIC\n");
		return -1;
	}
	crc = p_rom_api_image_crc(&fip_param2.reserved1, sizeof(fip_param2) - 12);
	if (crc != fip_param2.param2_cksum) {
		ERROR("param2_cksum (0x%x/0x%x)\n", crc, fip_param2.param2_cksum);
		return -1;
	}
	NOTICE("P2E.\n");
	return 0;
}

static int load_ddr_param(int retry)
{
	uint32_t crc;
	int ret;

	NOTICE("DPS/0x%x/0x%x.\n", fip_param2.ddr_param_loadaddr, fip_param2.ddr_param_size);
	if (fip_param2.ddr_param_size >= sizeof(sram_union_buf.ddr_param))
		fip_param2.ddr_param_size = sizeof(sram_union_buf.ddr_param);
	ret = p_rom_api_load_image(sram_union_buf.ddr_param, fip_param2.ddr_param_loadaddr,
				   fip_param2.ddr_param_size, retry);
	if (ret < 0)
		return ret;
	crc = p_rom_api_image_crc(sram_union_buf.ddr_param, fip_param2.ddr_param_size);
	if (crc != fip_param2.ddr_param_cksum) {
		ERROR("ddr_param_cksum (0x%x/0x%x)\n", crc, fip_param2.ddr_param_cksum);
		return -1;
	}
	NOTICE("DPE.\n");
	return 0;
}

/* The retry policy of bl2_opt.c: an external source falls back to flash, flash panics. */
static void retries_exhausted(const char *what, int retry, int *from_flash)
{
	switch (p_rom_api_get_boot_src()) {
	case BOOT_SRC_UART:
	case BOOT_SRC_SD:
	case BOOT_SRC_USB:
		WARN("DL cancelled. Load flash. (%d).\n", retry);
		p_rom_api_flash_init();
		*from_flash = 1;
		return;
	default:
		ERROR("Failed to load %s (%d).\n", what, retry);
		panic_handler();
	}
}

static void load_ddr(void)
{
	int retry, again;

	do {
		again = 0;
		for (retry = 0; retry < p_rom_api_get_number_of_retries(); retry++) {
			if (load_param2(retry) < 0)
				continue;
			if (load_ddr_param(retry) < 0)
				continue;
			break;
		}
		if (retry >= p_rom_api_get_number_of_retries())
			retries_exhausted("DDR param", retry, &again);
	} while (again);
	NOTICE("DDR init.\n");
	if (ddr_init(DRAM_SIZE) < 0)
		panic_handler();
}

static int load_blcp_2nd(int retry)
{
	uint32_t crc;
	int ret;

	NOTICE("C2S/0x%x/0x%x/0x%x.\n", fip_param2.blcp_2nd_loadaddr, fip_param2.blcp_2nd_runaddr,
	       fip_param2.blcp_2nd_size);
	if (!fip_param2.blcp_2nd_runaddr) {
		NOTICE("No C906L image.\n");
		return 0;
	}
	if (!IN_RANGE(fip_param2.blcp_2nd_runaddr, DRAM_BASE, DRAM_SIZE)) {
		ERROR("blcp_2nd_runaddr (0x%x) is not in DRAM.\n", fip_param2.blcp_2nd_runaddr);
		panic_handler();
	}
	if (!IN_RANGE(fip_param2.blcp_2nd_runaddr + fip_param2.blcp_2nd_size, DRAM_BASE, DRAM_SIZE)) {
		ERROR("blcp_2nd_size (0x%x) is not in DRAM.\n", fip_param2.blcp_2nd_size);
		panic_handler();
	}
	ret = p_rom_api_load_image((void *)(uintptr_t)fip_param2.blcp_2nd_runaddr,
				   fip_param2.blcp_2nd_loadaddr, fip_param2.blcp_2nd_size, retry);
	if (ret < 0)
		return ret;
	crc = p_rom_api_image_crc((void *)(uintptr_t)fip_param2.blcp_2nd_runaddr, fip_param2.blcp_2nd_size);
	if (crc != fip_param2.blcp_2nd_cksum) {
		ERROR("blcp_2nd_cksum (0x%x/0x%x)\n", crc, fip_param2.blcp_2nd_cksum);
		return -1;
	}
	flush_dcache_range(fip_param2.blcp_2nd_runaddr, fip_param2.blcp_2nd_size);
	reset_c906l(fip_param2.blcp_2nd_runaddr);
	NOTICE("C2E.\n");
	return 0;
}

static int load_monitor(int retry, uint64_t *monitor_entry)
{
	uint32_t crc;
	int ret;

	NOTICE("MS/0x%x/0x%x/0x%x.\n", fip_param2.monitor_loadaddr, fip_param2.monitor_runaddr,
	       fip_param2.monitor_size);
	if (!fip_param2.monitor_runaddr) {
		NOTICE("No monitor.\n");
		return 0;
	}
	if (!IN_RANGE(fip_param2.monitor_runaddr, DRAM_BASE, DRAM_SIZE)) {
		ERROR("monitor_runaddr (0x%x) is not in DRAM.\n", fip_param2.monitor_runaddr);
		panic_handler();
	}
	if (!IN_RANGE(fip_param2.monitor_runaddr + fip_param2.monitor_size, DRAM_BASE, DRAM_SIZE)) {
		ERROR("monitor_size (0x%x) is not in DRAM.\n", fip_param2.monitor_size);
		panic_handler();
	}
	ret = p_rom_api_load_image((void *)(uintptr_t)fip_param2.monitor_runaddr,
				   fip_param2.monitor_loadaddr, fip_param2.monitor_size, retry);
	if (ret < 0)
		return ret;
	crc = p_rom_api_image_crc((void *)(uintptr_t)fip_param2.monitor_runaddr, fip_param2.monitor_size);
	if (crc != fip_param2.monitor_cksum) {
		ERROR("monitor_cksum (0x%x/0x%x)\n", crc, fip_param2.monitor_cksum);
		return -1;
	}
	flush_dcache_range(fip_param2.monitor_runaddr, fip_param2.monitor_size);
	NOTICE("ME.\n");
	*monitor_entry = fip_param2.monitor_runaddr;
	return 0;
}

static int load_loader_2nd(int retry, uint64_t *loader_2nd_entry)
{
	struct loader_2nd_header *hdr = &sram_union_buf.loader_2nd_header;
	const int cksum_offset = offsetof(struct loader_2nd_header, cksum) + sizeof(hdr->cksum);
	uint8_t *image_buf;
	uint32_t crc, reading_size;
	int ret;

	NOTICE("L2/0x%x.\n", fip_param2.loader_2nd_loadaddr);
	ret = p_rom_api_load_image(hdr, fip_param2.loader_2nd_loadaddr, BLOCK_SIZE, retry);
	if (ret < 0)
		return -1;
	reading_size = ROUND_UP(hdr->size, BLOCK_SIZE);
	NOTICE("L2/0x%x/0x%x/0x%lx/0x%x/0x%x\n", hdr->magic, hdr->cksum, (unsigned long)hdr->runaddr,
	       hdr->size, reading_size);
	if (hdr->magic == LOADER_2ND_MAGIC_LZMA || hdr->magic == LOADER_2ND_MAGIC_LZ4) {
		ERROR("compressed loader_2nd (0x%x) is not supported by the duoboot FSBL fixture; pack it raw (BL33)\n",
		      hdr->magic);
		return -1;
	}
	if (!IN_RANGE(hdr->runaddr, DRAM_BASE, DRAM_SIZE) ||
	    !IN_RANGE(hdr->runaddr + reading_size - 1, DRAM_BASE, DRAM_SIZE)) {
		ERROR("loader_2nd runaddr (0x%lx) is not in DRAM.\n", (unsigned long)hdr->runaddr);
		return -1;
	}
	image_buf = (uint8_t *)(uintptr_t)hdr->runaddr;
	ret = p_rom_api_load_image(image_buf, fip_param2.loader_2nd_loadaddr, reading_size, retry);
	if (ret < 0)
		return -1;
	crc = p_rom_api_image_crc(image_buf + cksum_offset, hdr->size - cksum_offset);
	if (crc != hdr->cksum) {
		ERROR("loader_2nd_cksum (0x%x/0x%x)\n", crc, hdr->cksum);
		return -1;
	}
	flush_dcache_range(hdr->runaddr, reading_size);
	NOTICE("Loader_2nd loaded.\n");
	*loader_2nd_entry = hdr->runaddr + sizeof(struct loader_2nd_header);
	return 0;
}

/* OpenSBI's struct fw_dynamic_info (include/sbi/fw_dynamic.h); FSBL leaves version at 0. */
struct fw_dynamic_info {
	unsigned long magic;
	unsigned long version;
	unsigned long next_addr;
	unsigned long next_mode;
	unsigned long options;
	unsigned long boot_hart;
};

static struct fw_dynamic_info fw_dynamic_info;

/* lib/cpu/riscv/bl2_helper.c jump_to_monitor() */
static void jump_to_monitor(uintptr_t monitor_entry, uintptr_t next_addr)
{
	void (*entry)(unsigned long, unsigned long, struct fw_dynamic_info *) = (void *)monitor_entry;
	unsigned long arg0 = 0, arg1 = fsbl_config.opensbi_fdt_addr;

	fw_dynamic_info.magic = 0x4942534f; /* "OSBI" */
	fw_dynamic_info.next_addr = next_addr;
	fw_dynamic_info.next_mode = 1; /* S */
	fw_dynamic_info.boot_hart = -1UL;
	NOTICE("OPENSBI: next_addr=0x%lx arg1=0x%lx", (unsigned long)next_addr, arg1);
	flush_dcache_range((uintptr_t)&fw_dynamic_info, sizeof(fw_dynamic_info));
	entry(arg0, arg1, &fw_dynamic_info);
}

static void load_rest(void)
{
	uint64_t monitor_entry = 0, loader_2nd_entry = 0;
	int retry, again;

	do {
		again = 0;
		for (retry = 0; retry < p_rom_api_get_number_of_retries(); retry++) {
			if (load_blcp_2nd(retry) < 0)
				continue;
			if (load_monitor(retry, &monitor_entry) < 0)
				continue;
			if (load_loader_2nd(retry, &loader_2nd_entry) < 0)
				continue;
			break;
		}
		if (retry >= p_rom_api_get_number_of_retries())
			retries_exhausted("rest", retry, &again);
	} while (again);

	if (monitor_entry) {
		NOTICE("Jump to monitor at 0x%lx.\n", (unsigned long)monitor_entry);
		jump_to_monitor(monitor_entry, loader_2nd_entry);
	} else {
		NOTICE("Jump to loader_2nd at 0x%lx.\n", (unsigned long)loader_2nd_entry);
		((void (*)(void))(uintptr_t)loader_2nd_entry)();
	}
}

void bl2_main(void)
{
	console_init(fsbl_config.uart_base);
	NOTICE("\nFSBL %s:%s\n", "duoboot-fixture", CHIP_NAME);
	if (set_rtc_en_registers() < 0)
		panic_handler();
	load_ddr();
	load_rest();
	NOTICE("BL2 end.\n");
}
