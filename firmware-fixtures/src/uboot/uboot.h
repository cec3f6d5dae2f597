/* The U-Boot fixture's internal interfaces (see board.c for the flow). */
#ifndef DUOBOOT_UBOOT_H
#define DUOBOOT_UBOOT_H

#include <stdint.h>

#include "uboot_config.h"

typedef unsigned long ulong;

/* what bootm needs from the board: U-Boot's gd fields and environment */
struct bootm_env {
	const struct duoboot_uboot_config *cfg;
	const void *control_fdt; /* gd->fdt_blob: the DT received from OpenSBI in a1 */
	ulong ram_base;          /* gd->ram_base, gd->ram_size: the control DT's /memory */
	ulong ram_size;
	ulong sp;                /* the stack pointer, for arch_lmb_reserve() */
	ulong boot_hart;         /* gd->arch.boot_hart */
};

/* bootm.c: "bootm <uImage_addr>#<config>"; returns only if the boot fails */
int do_bootm(const struct bootm_env *env);
/* boot_jump_linux(): enter the kernel; board.c (or the host tests) provide it */
void board_jump_kernel(ulong entry, ulong hart, void *fdt);

/* fit.c: common/image-fit.c fit_image_load() for a kernel or an fdt subimage */
#define FIT_LOAD_IGNORED 0
#define FIT_LOAD_OPTIONAL 1
struct fit_loaded {
	const char *config;  /* configuration used (fit_uname_cfg) */
	int node;            /* subimage node */
	ulong data, len;     /* the image data inside the FIT (or at its load address) */
	ulong load;          /* where it was placed: the load address, or data */
};
int fit_image_load(const void *fit, ulong addr, const char *config, const char *prop_name,
		   const char *image_type, int load_op, struct fit_loaded *out);
int fit_get_address(const void *fit, int node, const char *name, ulong *addr);
int fit_comp_id(const void *fit, int node); /* IH_COMP_*, -1 if absent or unknown */
const char *fit_type_name(const char *type);
/* common/image.c image_decomp(); only "none" is implemented here */
#define IH_COMP_NONE 0
int image_decomp(int comp, ulong load, ulong image_start, const char *type_name, ulong image_len,
		 ulong unc_len, ulong *load_end);

/* image_fdt.c: common/image-fdt.c image_setup_linux() and the lmb it allocates from */
#define LMB_MAX_REGIONS 16
struct lmb {
	ulong mem_base, mem_size;
	int cnt;
	struct { ulong base, size; } region[LMB_MAX_REGIONS];
};
void lmb_init(struct lmb *lmb, ulong base, ulong size);
long lmb_reserve(struct lmb *lmb, ulong base, ulong size);
int image_setup_linux(const struct bootm_env *env, struct lmb *lmb, void **fdt);

#endif
