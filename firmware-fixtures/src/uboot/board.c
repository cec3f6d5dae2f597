/*
 * The U-Boot fixture: the part of U-Boot 2021.10 (S-mode, the SDK's "sdboot") that decides what
 * the kernel gets. start.S relocates the image to the top of RAM; here the board comes up
 * (gd->ram_base/ram_size from the DT OpenSBI passed in a1, which in the SDK is U-Boot's own DT
 * embedded in OpenSBI: arch/riscv/cpu/generic/dram.c -> fdtdec_setup_mem_size_base()), then
 * boot.sd, a FIT, is booted from uImage_addr. With boot_from_card 0 duoboot has placed it there
 * before U-Boot runs; with 1 the fixture runs the SDK's "sdboot" itself (include/configs/
 * cv18{0,1}x-asic.h SD_BOOTM_COMMAND): "echo Boot from SD ...; mmc dev 0 && fatload mmc 0
 * ${uImage_addr} boot.sd; if test $? -eq 0; then bootm ${uImage_addr}#config-...; fi", and when
 * that fails, as "bootcmd=run sdboot" ends, it stops at its prompt.
 */
#include "console.h"
#include "fdt.h"
#include "mmio.h"
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
	.boot_from_card = 0,
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

void board_jump_kernel(ulong entry, ulong hart, void *fdt)
{
	/* announce_and_cleanup() -> cleanup_before_linux() -> cache_flush(): the kernel was just
	 * copied into place, so its code reaches instruction fetch only after fence.i */
	asm volatile("fence.i" ::: "memory");
	((void (*)(ulong, void *))entry)(hart, fdt);
}

/* the time CSR counts at the boot hart's timebase-frequency (drivers/cpu/riscv_cpu.c binds the timer with it) */
static ulong timebase_hz = 25000000; /* facts §9; used when the control DT has none */

static void timebase_from(const void *fdt, ulong hartid)
{
	int cpus = fdt_path_offset(fdt, "/cpus"), len;
	const uint8_t *v = NULL;

	if (cpus < 0)
		return;
	for (int cpu = fdt_first_subnode(fdt, cpus); cpu >= 0 && !v; cpu = fdt_next_subnode(fdt, cpu)) {
		const uint8_t *reg = fdt_getprop(fdt, cpu, "reg", &len);
		if (reg && len == 4 && fdt_be32(reg) == hartid)
			v = fdt_getprop(fdt, cpu, "timebase-frequency", &len);
	}
	if (!v)
		v = fdt_getprop(fdt, cpus, "timebase-frequency", &len);
	if (v && len == 4 && fdt_be32(v))
		timebase_hz = fdt_be32(v);
}

static uint64_t rdtime(void)
{
	uint64_t t;

	asm volatile("rdtime %0" : "=r"(t));
	return t;
}

/* lib/time.c get_timer(): milliseconds (CONFIG_SYS_HZ 1000) since base */
ulong get_timer(ulong base)
{
	return (ulong)(rdtime() * 1000 / timebase_hz) - base;
}

/* lib/time.c __udelay(): until the time has passed the tick it waits for */
void udelay(ulong usec)
{
	uint64_t end = rdtime() + (uint64_t)usec * timebase_hz / 1000000;

	while (rdtime() < end + 1)
		;
}

/* "run sdboot" up to its bootm: 0 when boot.sd lies at uImage_addr */
static int sdboot_load(const struct duoboot_uboot_config *cfg)
{
	int64_t len;

	con_printf("Boot from SD ...\n");
	if (do_mmc_dev0())
		return 1;
	return do_fatload(mmc_dev0(), "mmc", "0", cfg->uimage_addr, "boot.sd", &len);
}

/*
 * The command line after "bootcmd" has ended: U-Boot's prompt (CONFIG_SYS_PROMPT, the default
 * "=> ") and the console polled for input, which this stand-in has no commands for and drops.
 * U-Boot's getc() polls without pause; here each pair of polls (what an emulator needs to see a
 * guest waiting for input) is followed by wfi, so a run that goes on past the prompt costs no
 * instructions.
 */
static void __attribute__((noreturn)) prompt(const struct duoboot_uboot_config *cfg)
{
	con_printf("=> ");
	for (;;) {
		for (int i = 0; i < 2; i++)
			if (mmio_read_32(cfg->uart_base + 0x14) & 1) /* LSR data ready */
				(void)mmio_read_32(cfg->uart_base);
		asm volatile("wfi");
	}
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

	timebase_from(fdt, hartid);
	console_init(cfg->uart_base);
	con_printf("\n\nU-Boot 2021.10-duoboot (a stand-in for the SDK's U-Boot, not U-Boot)\n\n");
	model = fdt_getprop(fdt, 0, "model", NULL);
	if (model)
		con_printf("Model: %s\n", model);
	con_printf("DRAM:  ");
	print_size(env.ram_size, "\n");
	if (cfg->boot_from_card) {
		mmc_initialize();
		if (!sdboot_load(cfg))
			do_bootm(&env);
		prompt(cfg);
	}
	con_printf("duoboot: bootm 0x%lx%s%s\n", cfg->uimage_addr, cfg->fit_config[0] ? "#" : "",
		   (const char *)cfg->fit_config);
	do_bootm(&env);
	con_printf("duoboot: bootm failed; U-Boot would return to its prompt. Halting.\n");
	for (;;)
		asm volatile("wfi");
}
