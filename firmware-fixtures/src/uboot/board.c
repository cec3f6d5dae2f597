/*
 * The U-Boot fixture: the part of U-Boot 2021.10 (S-mode, the SDK's "sdboot") that decides what
 * the kernel gets. start.S relocates the image to the top of RAM; here the board comes up
 * (gd->ram_base/ram_size from the DT OpenSBI passed in a1, which in the SDK is U-Boot's own DT
 * embedded in OpenSBI: arch/riscv/cpu/generic/dram.c -> fdtdec_setup_mem_size_base()), and the
 * FIT that "fatload mmc 0 ${uImage_addr} boot.sd" would have read (duoboot places it) is booted.
 */
#include "console.h"
#include "fdt.h"
#include "string.h"
#include "uboot.h"

__attribute__((used, section(".data.config"))) volatile const struct duoboot_uboot_config uboot_config = {
	.magic = "DBUBCFG1",
	/* Duo256M defaults (memmap.py); duoboot's packer overwrites them */
	.uimage_addr = 0x81800000,
	.bootm_mapsize = 0xfe00000,
	.fdt_pad = 0x3000,
	.uart_base = UART0_BASE,
	.copy_resv_mem = 1,
	.fit_config = "config-cv1812cp_milkv_duo256m_sd",
	.bootargs = "root=/dev/mmcblk0p2 rootwait rw console=ttyS0,115200 earlycon=sbi riscv.fwsz=0x80000",
};

ulong uboot_ram_top(const void *fdt);
void uboot_no_dram(const void *fdt);
void uboot_main(ulong hartid, const void *fdt);

/* fdtdec_setup_mem_size_base(): the first /memory bank; 0 if there is none */
static int ram_bank(const void *fdt, ulong *base, ulong *size)
{
	int mem, len, na, ns;
	const uint8_t *reg;

	if (fdt_check_header(fdt))
		return -1;
	mem = fdt_path_offset(fdt, "/memory");
	if (mem < 0)
		return -1;
	na = fdt_address_cells(fdt, 0);
	ns = fdt_size_cells(fdt, 0);
	reg = fdt_getprop(fdt, mem, "reg", &len);
	if (!reg || na < 1 || na > 2 || ns < 1 || ns > 2 || len < 4 * (na + ns))
		return -1;
	*base = (ulong)fdt_read_number(reg, na);
	*size = (ulong)fdt_read_number(reg + 4 * na, ns);
	return 0;
}

/* board_get_usable_ram_top(): RAM top, kept below 4 GiB */
ulong uboot_ram_top(const void *fdt)
{
	ulong base, size;

	if (ram_bank(fdt, &base, &size))
		return 0;
	return base + size > 0x100000000UL ? 0x100000000UL : base + size;
}

void uboot_no_dram(const void *fdt)
{
	console_init(uboot_config.uart_base);
	/* fails in board_init_f(), which U-Boot reports and then hangs */
	/* U-Boot's dram_init() fails in board_init_f() and the board hangs */
	con_printf("\nduoboot U-Boot: no usable /memory in the DT at %p; halting\n", fdt);
}

/* lib/display_options.c print_size(): "254 MiB", one decimal when not whole, rounded */
static void print_size(uint64_t size, const char *s)
{
	static const char names[] = { 'E', 'P', 'T', 'G', 'M', 'K' };
	unsigned d = 60, i;
	uint64_t n, m = 0, f;

	for (i = 0; i < sizeof(names); i++, d -= 10)
		if (size >> d)
			break;
	if (i == sizeof(names)) {
		con_printf("%u Bytes%s", (unsigned)size, s);
		return;
	}
	n = size >> d;
	f = size & ((1ULL << d) - 1);
	if (f) {
		m = (10ULL * f + (1ULL << (d - 1))) >> d;
		if (m >= 10) {
			m -= 10;
			n += 1;
		}
	}
	con_printf("%lu", (unsigned long)n);
	if (m)
		con_printf(".%lu", (unsigned long)m);
	con_printf(" %ciB%s", names[i], s);
}

void board_jump_kernel(ulong entry, ulong hart, void *fdt)
{
	/* announce_and_cleanup() -> cleanup_before_linux() -> cache_flush(): the kernel was just
	 * copied into place, so its code reaches instruction fetch only after fence.i */
	asm volatile("fence.i" ::: "memory");
	((void (*)(ulong, void *))entry)(hart, fdt);
}

void uboot_main(ulong hartid, const void *fdt)
{
	const struct duoboot_uboot_config *cfg = (const struct duoboot_uboot_config *)&uboot_config;
	struct bootm_env env = { .cfg = cfg, .control_fdt = fdt, .boot_hart = hartid };
	const char *model;
	ulong sp;

	asm volatile("mv %0, sp" : "=r"(sp));
	env.sp = sp;
	ram_bank(fdt, &env.ram_base, &env.ram_size);
	env.ram_size = uboot_ram_top(fdt) - env.ram_base;

	console_init(cfg->uart_base);
	con_printf("\n\nU-Boot 2021.10-duoboot (a stand-in for the SDK's U-Boot, not U-Boot)\n\n");
	model = fdt_getprop(fdt, 0, "model", NULL);
	if (model)
		con_printf("Model: %s\n", model);
	con_printf("DRAM:  ");
	print_size(env.ram_size, "\n");
	con_printf("duoboot: bootm 0x%lx%s%s\n", cfg->uimage_addr, cfg->fit_config[0] ? "#" : "",
		   (const char *)cfg->fit_config);
	do_bootm(&env);
	con_printf("duoboot: bootm failed; U-Boot would return to its prompt. Halting.\n");
	for (;;)
		asm volatile("wfi");
}
