/*
 * "bootm <uImage_addr>#<config>" as U-Boot 2021.10 runs it for a FIT on RISC-V (common/bootm.c
 * do_bootm_states(): bootm_start(), bootm_find_os(), bootm_find_images(), bootm_load_os();
 * arch/riscv/lib/bootm.c do_bootm_linux(): boot_prep_linux(), boot_jump_linux()).
 */
#include "console.h"
#include "fdt.h"
#include "string.h"
#include "uboot.h"

#define CONFIG_SYS_BOOTM_LEN 0x4000000 /* cv18{0,1}x-asic.h: 64 MiB */
#define ENOSYS 38

/* image_info_t: what bootm_find_os() learns of the kernel */
struct os_image {
	ulong start, end;       /* the FIT */
	ulong image_start, image_len;
	ulong load, ep;
	int comp;
	int noload;
};

/* arch_lmb_reserve_generic(): keep U-Boot's own top of RAM, from 4 KiB below the stack up */
static void arch_lmb_reserve(struct lmb *lmb, const struct bootm_env *env)
{
	ulong sp = env->sp - 4096, ram_top = env->ram_base + env->ram_size;

	if (sp >= env->ram_base && sp < ram_top)
		lmb_reserve(lmb, sp, ram_top - sp);
}

/* bootm_find_os(): the kernel subimage and its parameters */
static int find_os(const struct bootm_env *env, const void *fit, struct os_image *os, const char **config)
{
	ulong addr = env->cfg->uimage_addr;
	struct fit_loaded k;
	const char *type;
	int node;

	if (fdt_check_header(fit)) {
		/* boot_get_kernel(): genimg_get_format() knows only FIT here (no legacy images) */
		con_printf("Wrong Image Format for %s command\n", "bootm");
		con_printf("ERROR: can't get kernel image!\n");
		return 1;
	}
	node = fit_image_load(fit, addr, *config, "kernel", "kernel", FIT_LOAD_IGNORED, &k);
	if (node < 0) {
		con_printf("ERROR: can't get kernel image!\n");
		return 1;
	}
	*config = k.config;
	os->start = addr;
	os->end = addr + fdt_totalsize(fit);
	os->image_start = k.data;
	os->image_len = k.len;
	type = fdt_getprop(fit, node, "type", NULL);
	os->noload = !strcmp(type, "kernel_noload");
	os->comp = fit_comp_id(fit, node);
	if (!fdt_getprop(fit, node, "compression", NULL)) {
		con_printf("Can't get image compression!\n");
		return 1;
	}
	if (fit_get_address(fit, node, "load", &os->load)) {
		con_printf("Can't get image load address!\n");
		return 1;
	}
	if (fit_get_address(fit, node, "entry", &os->ep)) {
		con_printf("Can't get entry point property!\n");
		return 1;
	}
	if (os->noload) {
		/* IH_TYPE_KERNEL_NOLOAD: runs where it lies, entry relative to it */
		os->load = os->image_start;
		os->ep += os->image_start;
	}
	return 0;
}

/* bootm_find_images() -> boot_get_fdt(): the configuration's fdt subimage */
static int find_fdt(const struct bootm_env *env, const void *fit, const char *config, void **fdt)
{
	struct fit_loaded f;

	if (fit_image_load(fit, env->cfg->uimage_addr, config, "fdt", "flat_dt", FIT_LOAD_OPTIONAL, &f) < 0) {
		con_printf("Could not find a valid device tree\n");
		return 1;
	}
	con_printf("   Booting using the fdt blob at 0x%08lx\n", f.load);
	*fdt = (void *)f.load;
	return 0;
}

/* bootm_load_os(): copy the kernel to its load address; it must not land on the FIT */
static int load_os(struct lmb *lmb, const struct os_image *os)
{
	ulong load_end;
	int err;

	err = image_decomp(os->comp, os->load, os->image_start, "Kernel Image", os->image_len,
			   CONFIG_SYS_BOOTM_LEN, &load_end);
	if (err) {
		/* handle_decomp_error(): an unimplemented type ends bootm quietly */
		if (err == -ENOSYS)
			return 1;
		if (load_end - os->load >= CONFIG_SYS_BOOTM_LEN)
			con_printf("Image too large: increase CONFIG_SYS_BOOTM_LEN\n");
		else
			con_printf("%s: uncompress error %d\n", "uncompressed", err);
		con_printf("Must RESET board to recover\n");
		return 1;
	}
	if (!(os->comp == IH_COMP_NONE && os->load == os->image_start) && os->load < os->end &&
	    load_end > os->start) {
		con_printf("ERROR: new format image overwritten - must RESET the board to recover\n");
		return 1;
	}
	lmb_reserve(lmb, os->load, load_end - os->load);
	return 0;
}

int do_bootm(const struct bootm_env *env)
{
	const void *fit = (const void *)env->cfg->uimage_addr;
	const char *config = env->cfg->fit_config[0] ? env->cfg->fit_config : NULL;
	struct os_image os;
	struct lmb lmb;
	void *fdt;

	/* bootm_start() -> boot_start_lmb(): RAM from bootm_low, less U-Boot's area */
	lmb_init(&lmb, env->ram_base, env->ram_size);
	arch_lmb_reserve(&lmb, env);
	if (find_os(env, fit, &os, &config) || find_fdt(env, fit, config, &fdt) || load_os(&lmb, &os))
		return 1;
	/* boot_prep_linux() */
	if (image_setup_linux(env, &lmb, &fdt)) {
		con_printf("FDT creation failed! hanging...");
		return 1;
	}
	/* boot_jump_linux(): announce_and_cleanup(), then kernel(gd->arch.boot_hart, images->ft_addr) */
	con_printf("\nStarting kernel ...%s\n\n", "");
	board_jump_kernel(os.ep, env->boot_hart, fdt);
	return 1;
}
