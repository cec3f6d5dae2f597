/*
 * fixture-host: runs the fixtures' C code on the build machine for the host tests
 * (run-host-tests drives it and checks the results with dtc/fdtget/fdtput, sha256sum, zlib).
 *
 *   roundtrip IN OUT                open into a larger buffer, pack, write
 *   edit IN OUT OP...               OP = node:PATH:NAME | str:PATH:PROP:VALUE |
 *                                   u32:PATH:PROP:VALUE | cells:PATH:PROP:V,V,... |
 *                                   empty:PATH:PROP; then pack
 *   check IN                        full structure check (exit 1 if bad)
 *   next-phandle IN                 fdt_generate_phandle()
 *   region BASE SIZE                OpenSBI's firmware region for a footprint: "base order"
 *   opensbi-fixup IN OUT BASE SIZE HAS_PMP
 *                                   the monitor's generic_final_init() fix-ups, blob kept unpacked
 *   sha256 FILE | crc32 FILE        the U-Boot fixture's hashes
 *   bootm KEY=VALUE...              the U-Boot fixture's bootm on a DRAM image mapped at its
 *                                   real address; keys: ram_base ram_size fit fit_addr fw_dtb
 *                                   fw_dtb_addr sp config bootargs mapsize pad copy out_dtb
 *                                   out_kernel kernel_size
 *   fatload IMAGE DEV[:PART] FILE OUT [MS [ALIGN]]
 *                                   the U-Boot fixture's "fatload mmc DEV[:PART] <addr> FILE"
 *                                   (partition choice, FAT12/16/32 lookup and read) on a card
 *                                   image; the file goes to OUT; the load takes MS milliseconds
 *                                   of the fake timer (default 0); ALIGN = the buffer's offset from
 *                                   a 64-byte boundary (default 0: aligned)
 */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "fdt.h"
#include "hash.h"
#include "monitor.h"
#include "uboot.h"

static void *read_file(const char *path, size_t *len, size_t extra)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf;

	if (!f) {
		perror(path);
		exit(2);
	}
	fseek(f, 0, SEEK_END);
	*len = (size_t)ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = calloc(1, *len + extra);
	if (fread(buf, 1, *len, f) != *len) {
		perror(path);
		exit(2);
	}
	fclose(f);
	return buf;
}

static void write_file(const char *path, const void *buf, size_t len)
{
	FILE *f = fopen(path, "wb");

	if (!f || fwrite(buf, 1, len, f) != len) {
		perror(path);
		exit(2);
	}
	fclose(f);
}

static int fail(const char *what, int err)
{
	fprintf(stderr, "%s: %s\n", what, fdt_strerror(err));
	return 1;
}

static int cmd_edit(char **argv, int argc)
{
	size_t len;
	uint8_t *fdt = read_file(argv[0], &len, 65536);
	int err = fdt_open_into(fdt, fdt, (int)len + 65536);

	if (err)
		return fail("open", err);
	for (int i = 2; i < argc; i++) {
		char *op = strdup(argv[i]), *kind = strtok(op, ":"), *path = strtok(NULL, ":");
		char *name = strtok(NULL, ":"), *value = strtok(NULL, "");
		int node = fdt_path_offset(fdt, path);

		if (node < 0)
			return fail(path, node);
		if (!strcmp(kind, "node"))
			err = fdt_add_subnode(fdt, node, name);
		else if (!strcmp(kind, "str"))
			err = fdt_setprop_string(fdt, node, name, value);
		else if (!strcmp(kind, "u32"))
			err = fdt_setprop_u32(fdt, node, name, (uint32_t)strtoul(value, NULL, 0));
		else if (!strcmp(kind, "cells")) {
			uint8_t cells[64];
			int n = 0;

			for (char *v = strtok(value, ","); v && n < 16; v = strtok(NULL, ","))
				fdt_put_be32(cells + 4 * n++, (uint32_t)strtoul(v, NULL, 0));
			err = fdt_setprop(fdt, node, name, cells, 4 * n);
		}
		else
			err = fdt_setprop(fdt, node, name, NULL, 0);
		if (err < 0)
			return fail(argv[i], err);
		free(op);
	}
	err = fdt_pack(fdt);
	if (err)
		return fail("pack", err);
	write_file(argv[1], fdt, fdt_totalsize(fdt));
	return 0;
}

/* the card image as a block device: 512-byte sectors, reads past its end fail as mmc_bread's do */
static FILE *card;

static unsigned long card_read(struct blk_desc *dev, uint64_t start, unsigned long blkcnt, void *dst)
{
	if (start + blkcnt > dev->lba) {
		printf("MMC: block number 0x%lx exceeds max(0x%lx)\n", (unsigned long)(start + blkcnt), (unsigned long)dev->lba);
		return 0;
	}
	if (fseek(card, (long)(start * 512), SEEK_SET) || fread(dst, 512, blkcnt, card) != blkcnt)
		return 0;
	return blkcnt;
}

/* lib/time.c stand-ins: get_timer(0) starts at 0, each later call is fake_ms further on */
static ulong fake_now, fake_ms;

ulong get_timer(ulong base)
{
	ulong t = fake_now;

	fake_now += fake_ms;
	return t - base;
}

void udelay(ulong usec)
{
	(void)usec;
}

static int cmd_fatload(int argc, char **argv)
{
	struct blk_desc dev = { .if_name = "mmc", .devnum = 0, .blksz = 512, .read = card_read };
	size_t align = argc > 5 ? (size_t)strtoul(argv[5], NULL, 0) : 0;
	uint8_t *buf;
	int64_t len;
	int ret;

	if (argc < 4)
		return 2;
	card = fopen(argv[0], "rb");
	if (!card) {
		perror(argv[0]);
		return 2;
	}
	fseek(card, 0, SEEK_END);
	dev.lba = (uint64_t)ftell(card) / 512;
	fake_ms = argc > 4 ? strtoul(argv[4], NULL, 0) : 0;
	buf = aligned_alloc(64, 64 << 20);
	ret = do_fatload(&dev, "mmc", argv[1], (ulong)(buf + align), argv[2], &len);
	if (!ret)
		write_file(argv[3], buf + align, (size_t)len);
	free(buf);
	fclose(card);
	return ret;
}

static unsigned long num(const char *s)
{
	return strtoul(s, NULL, 0);
}

/* bootm options: the last key=value given for a key wins */
static const char *opt(int argc, char **argv, const char *key, const char *dflt)
{
	size_t n = strlen(key);

	for (int i = argc - 1; i >= 0; i--)
		if (!strncmp(argv[i], key, n) && argv[i][n] == '=')
			return argv[i] + n + 1;
	return dflt;
}

static const char *out_dtb, *out_kernel;
static unsigned long kernel_size;

void board_jump_kernel(ulong entry, ulong hart, void *fdt)
{
	printf("[host] kernel entry 0x%lx a0=0x%lx a1=0x%lx\n", entry, hart, (ulong)fdt);
	write_file(out_dtb, fdt, fdt_totalsize(fdt));
	if (out_kernel)
		write_file(out_kernel, (void *)entry, kernel_size);
	fflush(stdout);
	exit(0);
}

/* bootm: a DRAM image at its real address, the FIT and the firmware DT placed as on the board */
static int cmd_bootm(int argc, char **argv)
{
	static struct duoboot_uboot_config cfg;
	struct bootm_env env;
	unsigned long ram_base = num(opt(argc, argv, "ram_base", "0x80000000"));
	unsigned long ram_size = num(opt(argc, argv, "ram_size", "0x10000000"));
	size_t len;
	void *dram, *blob;

	dram = mmap((void *)ram_base, ram_size, PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
	if (dram != (void *)ram_base) {
		perror("mmap DRAM");
		return 2;
	}
	cfg.uimage_addr = num(opt(argc, argv, "fit_addr", "0x81800000"));
	cfg.bootm_mapsize = num(opt(argc, argv, "mapsize", "0xfe00000"));
	cfg.fdt_pad = num(opt(argc, argv, "pad", "0x3000"));
	cfg.copy_resv_mem = (uint32_t)num(opt(argc, argv, "copy", "1"));
	strncpy(cfg.fit_config, opt(argc, argv, "config", ""), sizeof(cfg.fit_config) - 1);
	strncpy(cfg.bootargs, opt(argc, argv, "bootargs", ""), sizeof(cfg.bootargs) - 1);
	out_dtb = opt(argc, argv, "out_dtb", "/dev/null");
	out_kernel = opt(argc, argv, "out_kernel", NULL);
	kernel_size = num(opt(argc, argv, "kernel_size", "0"));

	blob = read_file(opt(argc, argv, "fit", ""), &len, 0);
	memcpy((void *)cfg.uimage_addr, blob, len);
	blob = read_file(opt(argc, argv, "fw_dtb", ""), &len, 0);
	env.control_fdt = (void *)num(opt(argc, argv, "fw_dtb_addr", "0x80080000"));
	memcpy((void *)env.control_fdt, blob, len);

	env.cfg = &cfg;
	env.ram_base = ram_base;
	env.ram_size = num(opt(argc, argv, "mem_size", opt(argc, argv, "ram_size", "0x10000000")));
	env.sp = num(opt(argc, argv, "sp", "0"));
	env.boot_hart = 0;
	do_bootm(&env);
	printf("[host] bootm returned\n");
	return 3;
}

int main(int argc, char **argv)
{
	size_t len;
	uint8_t *fdt;
	int err;

	if (argc < 2)
		return 2;
	if (!strcmp(argv[1], "roundtrip") && argc == 4) {
		fdt = read_file(argv[2], &len, 8192);
		err = fdt_open_into(fdt, fdt, (int)len + 8192);
		if (!err)
			err = fdt_pack(fdt);
		if (err)
			return fail("roundtrip", err);
		write_file(argv[3], fdt, fdt_totalsize(fdt));
		return 0;
	}
	if (!strcmp(argv[1], "edit") && argc >= 4)
		return cmd_edit(argv + 2, argc - 2);
	if (!strcmp(argv[1], "check") && argc == 3) {
		fdt = read_file(argv[2], &len, 0);
		err = len < FDT_HEADER_SIZE ? -FDT_ERR_TRUNCATED : fdt_check_structure(fdt);
		return err ? fail("check", err) : 0;
	}
	if (!strcmp(argv[1], "next-phandle") && argc == 3) {
		uint32_t phandle;

		fdt = read_file(argv[2], &len, 0);
		err = fdt_generate_phandle(fdt, &phandle);
		if (err)
			return fail("phandle", err);
		printf("%u\n", phandle);
		return 0;
	}
	if (!strcmp(argv[1], "region") && argc == 4) {
		unsigned long base, order = monitor_region_order(num(argv[2]), num(argv[3]), &base);

		printf("0x%lx %lu\n", base, order);
		return 0;
	}
	if (!strcmp(argv[1], "opensbi-fixup") && argc == 7) {
		fdt = read_file(argv[2], &len, 4096);
		err = monitor_fdt_fixups(fdt, num(argv[4]), num(argv[5]), (int)num(argv[6]));
		if (err)
			return fail("fixup", err);
		write_file(argv[3], fdt, fdt_totalsize(fdt));
		return 0;
	}
	if (!strcmp(argv[1], "sha256") && argc == 3) {
		uint8_t sum[SHA256_SUM_LEN];

		fdt = read_file(argv[2], &len, 0);
		sha256(fdt, len, sum);
		for (int i = 0; i < SHA256_SUM_LEN; i++)
			printf("%02x", sum[i]);
		printf("\n");
		return 0;
	}
	if (!strcmp(argv[1], "crc32") && argc == 3) {
		fdt = read_file(argv[2], &len, 0);
		printf("%u\n", crc32(0, fdt, len));
		return 0;
	}
	if (!strcmp(argv[1], "bootm"))
		return cmd_bootm(argc - 2, argv + 2);
	if (!strcmp(argv[1], "fatload"))
		return cmd_fatload(argc - 2, argv + 2);
	fprintf(stderr, "fixture-host: bad command\n");
	return 2;
}
