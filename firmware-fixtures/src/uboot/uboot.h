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

/* display_options.c: lib/display_options.c print_size() */
void print_size(uint64_t size, const char *s);

/*
 * The SDK's "sdboot" before bootm (include/configs/cv18{0,1}x-asic.h SD_BOOTM_COMMAND):
 * "mmc dev 0 && fatload mmc 0 ${uImage_addr} boot.sd". The block layer below is U-Boot's
 * (include/blk.h, include/part.h), reduced to one device.
 */
#define PART_TYPE_UNKNOWN 0x00
#define PART_TYPE_DOS 0x02
struct blk_desc {
	const char *if_name;   /* "mmc" */
	int devnum;
	unsigned long blksz;
	uint64_t lba;          /* blocks on the device */
	int part_type;         /* part_init(): PART_TYPE_DOS or PART_TYPE_UNKNOWN */
	/* blk_dread(): blocks read, 0 on an error (the driver prints what U-Boot's prints) */
	unsigned long (*read)(struct blk_desc *dev, uint64_t start, unsigned long blkcnt, void *dst);
};
struct disk_partition {
	uint64_t start, size;  /* in blocks */
	unsigned long blksz;
	int bootable;
};
static inline unsigned long blk_dread(struct blk_desc *dev, uint64_t start, unsigned long blkcnt, void *dst)
{
	return blkcnt ? dev->read(dev, start, blkcnt, dst) : 0;
}

/* part.c: disk/part.c and part_dos.c */
void part_init(struct blk_desc *dev);
int blk_get_device_part_str(struct blk_desc *dev, const char *ifname, const char *dev_part_str,
			    struct disk_partition *info, int allow_whole_dev);

/* fat.c: fs/fat/fat.c */
int fat_set_blk_dev(struct blk_desc *dev, const struct disk_partition *info);
int fat_read_file(const char *filename, void *buf, int64_t offset, int64_t len, int64_t *actread);

/* fs.c: fs/fs.c do_load() for "fatload <ifname> <dev[:part]> <addr> <filename>"; 0 on success */
int do_fatload(struct blk_desc *dev, const char *ifname, const char *dev_part_str, ulong addr,
	       const char *filename, int64_t *len_read);

/* mmc.c: drivers/mmc/mmc.c, sdhci.c and cvitek's sdhci-cv181x.c for the SD slot, mmc 0 */
void mmc_initialize(void); /* the controller's probe at start-up (board_r.c initr_mmc()) */
struct blk_desc *mmc_dev0(void);
int do_mmc_dev0(void); /* cmd/mmc.c do_mmc_dev() for "mmc dev 0"; 0 on success */

/* board.c (the host tests provide their own): lib/time.c on the timebase of the control DT */
ulong get_timer(ulong base);
void udelay(ulong usec);

#endif
