/*
 * The kernel DTB's way from the FIT to the kernel, as U-Boot 2021.10 takes it on RISC-V:
 * common/image-fdt.c image_setup_linux() = boot_fdt_add_mem_rsv_regions(), boot_relocate_fdt(),
 * image_setup_libfdt() = fdt_root(), fdt_chosen() (common/fdt_support.c), arch_fixup_fdt()
 * (arch/riscv/lib/fdt_fixup.c riscv_fdt_copy_resv_mem_node() with lib/fdtdec.c
 * fdtdec_add_reserved_memory()), fdt_shrink_to_minimum(). With the SDK's configuration there is
 * no fdt_high, no initrd, no EFI loader (no boot-hartid), no board fixups, and nothing edits
 * /memory (fdt_fixup_memory_banks() has no caller on RISC-V).
 */
#include "console.h"
#include "fdt.h"
#include "strfmt.h"
#include "string.h"
#include "uboot.h"

/* ---- lib/lmb.c: the allocator bootm places the DTB with ---- */

void lmb_init(struct lmb *lmb, ulong base, ulong size)
{
	lmb->mem_base = base;
	lmb->mem_size = size;
	lmb->cnt = 0;
}

/* lmb_add_region_flags(): an exact duplicate is fine, an overlap fails; kept sorted by base */
long lmb_reserve(struct lmb *lmb, ulong base, ulong size)
{
	int i;

	for (i = 0; i < lmb->cnt; i++) {
		if (lmb->region[i].base == base && lmb->region[i].size == size)
			return 0;
		if (base <= lmb->region[i].base + lmb->region[i].size - 1 &&
		    lmb->region[i].base <= base + size - 1)
			return -1;
	}
	if (lmb->cnt == LMB_MAX_REGIONS)
		return -1;
	for (i = lmb->cnt; i > 0 && lmb->region[i - 1].base > base; i--)
		lmb->region[i] = lmb->region[i - 1];
	lmb->region[i].base = base;
	lmb->region[i].size = size;
	lmb->cnt++;
	return 0;
}

/* __lmb_alloc_base(): the highest aligned free range below max_addr, stepping below reservations */
static ulong lmb_alloc_base(struct lmb *lmb, ulong size, ulong align, ulong max_addr)
{
	ulong top = lmb->mem_base + lmb->mem_size, base;

	if (lmb->mem_size >= size && lmb->mem_base < max_addr) {
		base = ((top < max_addr ? top : max_addr) - size) & ~(align - 1);
		while (base && lmb->mem_base <= base) {
			int i;

			for (i = 0; i < lmb->cnt; i++)
				if (base <= lmb->region[i].base + lmb->region[i].size - 1 &&
				    lmb->region[i].base <= base + size - 1)
					break;
			if (i == lmb->cnt) {
				lmb_reserve(lmb, base, size);
				return base;
			}
			if (lmb->region[i].base < size)
				break;
			base = (lmb->region[i].base - size) & ~(align - 1);
		}
	}
	con_printf("ERROR: Failed to allocate 0x%lx bytes below 0x%lx.\n", size, max_addr);
	return 0;
}

/* fdt_get_resource(): entry 0 of a node's reg, in its parent's cells */
static int get_resource(const void *fdt, int parent, int node, ulong *start, ulong *size)
{
	int na = fdt_address_cells(fdt, parent), ns = fdt_size_cells(fdt, parent), len;
	const uint8_t *reg = fdt_getprop(fdt, node, "reg", &len);

	if (!reg)
		return len;
	if (na < 1 || na > 2 || ns < 0 || ns > 2 || len < 4 * (na + ns))
		return -FDT_ERR_NOTFOUND;
	*start = (ulong)fdt_read_number(reg, na);
	*size = (ulong)fdt_read_number(reg + 4 * na, ns);
	return 0;
}

/* fdtdec_get_is_enabled() */
static int is_enabled(const void *fdt, int node)
{
	const char *status = fdt_getprop(fdt, node, "status", NULL);

	return !status || !strcmp(status, "okay") || !strcmp(status, "ok");
}

/* boot_fdt_add_mem_rsv_regions(): keep the DTB off /memreserve/ and /reserved-memory ranges */
static void add_mem_rsv_regions(struct lmb *lmb, const void *fdt)
{
	int parent, node, i;
	ulong base, size;

	for (i = 0; i < fdt_num_mem_rsv(fdt); i++) {
		uint64_t a, s;

		fdt_get_mem_rsv(fdt, i, &a, &s);
		if (lmb_reserve(lmb, (ulong)a, (ulong)s) < 0)
			con_printf("ERROR: reserving fdt memory region failed (addr=%lx size=%lx flags=%x)\n",
				   (ulong)a, (ulong)s, 0);
	}
	parent = fdt_subnode_offset(fdt, 0, "reserved-memory");
	if (parent < 0)
		return;
	for (node = fdt_first_subnode(fdt, parent); node >= 0; node = fdt_next_subnode(fdt, node)) {
		if (get_resource(fdt, parent, node, &base, &size) || !is_enabled(fdt, node))
			continue;
		if (lmb_reserve(lmb, base, size) < 0)
			con_printf("ERROR: reserving fdt memory region failed (addr=%lx size=%lx flags=%x)\n",
				   base, size, fdt_getprop(fdt, node, "no-map", NULL) ? 1 : 0);
	}
}

/* fdt_error() */
static void fdt_error(const char *msg)
{
	con_printf("ERROR: %s - must RESET the board to recover.\n", msg);
}

/*
 * boot_relocate_fdt(): a copy, grown by CONFIG_SYS_FDT_PAD, at the highest free 4 KiB-aligned
 * place below bootm_low + bootm_mapsize (fdt_high is unset in the SDK's environment)
 */
static int relocate_fdt(const struct bootm_env *env, struct lmb *lmb, void **fdt, ulong *of_size)
{
	ulong of_len = *of_size + env->cfg->fdt_pad, of_start;

	if (fdt_check_header(*fdt)) {
		fdt_error("image is not a fdt");
		return 1;
	}
	of_start = lmb_alloc_base(lmb, of_len, 0x1000, env->ram_base + env->cfg->bootm_mapsize);
	if (!of_start) {
		con_printf("device tree - allocation error\n");
		return 1;
	}
	/* %p: 16 hex digits on rv64 */
	con_printf("   Loading Device Tree to %016lx, end %016lx ... ", of_start, of_start + of_len - 1);
	if (fdt_open_into(*fdt, (void *)of_start, (int)of_len)) {
		fdt_error("fdt move failed");
		return 1;
	}
	con_printf("OK\n");
	*fdt = (void *)of_start;
	*of_size = of_len;
	return 0;
}

/*
 * fdt_chosen(): /chosen/bootargs from the environment, /chosen created when missing
 * (fdt_find_or_add_subnode()); the header was checked by boot_relocate_fdt()
 */
static int fdt_chosen(void *fdt, const char *bootargs)
{
	int err, chosen = fdt_subnode_offset(fdt, 0, "chosen");

	if (chosen == -FDT_ERR_NOTFOUND)
		chosen = fdt_add_subnode(fdt, 0, "chosen");
	if (chosen < 0) {
		con_printf("fdt_find_or_add_subnode: chosen: %s\n", fdt_strerror(chosen));
		return chosen;
	}
	if (bootargs[0]) {
		err = fdt_setprop_string(fdt, chosen, "bootargs", bootargs);
		if (err < 0) {
			con_printf("WARNING: could not set bootargs %s.\n", fdt_strerror(err));
			return err;
		}
	}
	return 0;
}

/*
 * fdtdec_add_reserved_memory(): find a child with the same start and end (its reg read as two
 * address and two size cells, fdt_addr_t and fdt_size_t on rv64) and hand back its phandle;
 * otherwise add "<basename>@<start>" with a fresh phandle (phandle first, then reg, each set
 * property landing first in the node). /reserved-memory is created with the root's cells.
 */
static int add_reserved_memory(void *fdt, const char *basename, ulong start, ulong end, uint32_t *phandle)
{
	int parent, node, na, ns, err, n = 0;
	ulong size = end - start + 1;
	uint8_t cells[16];
	char name[64], *p;

	parent = fdt_path_offset(fdt, "/reserved-memory");
	if (parent < 0) {
		/* fdtdec_init_reserved_memory() */
		na = fdt_address_cells(fdt, 0);
		ns = fdt_size_cells(fdt, 0);
		parent = fdt_add_subnode(fdt, 0, "reserved-memory");
		if (parent < 0)
			return parent;
		if ((err = fdt_setprop(fdt, parent, "ranges", NULL, 0)) < 0 ||
		    (err = fdt_setprop_u32(fdt, parent, "#size-cells", (uint32_t)ns)) < 0 ||
		    (err = fdt_setprop_u32(fdt, parent, "#address-cells", (uint32_t)na)) < 0)
			return err;
	}
	na = fdt_address_cells(fdt, parent);
	ns = fdt_size_cells(fdt, parent);
	if (na < 1 || na > 2 || ns < 1 || ns > 2)
		return -FDT_ERR_BADNCELLS;

	for (node = fdt_first_subnode(fdt, parent); node >= 0; node = fdt_next_subnode(fdt, node)) {
		int len;
		const uint8_t *reg = fdt_getprop(fdt, node, "reg", &len);

		if (!reg || len < 16)
			continue;
		if (fdt_be64(reg) == start && fdt_be64(reg) + fdt_be64(reg + 8) - 1 == end) {
			*phandle = fdt_get_phandle(fdt, node);
			return -FDT_ERR_EXISTS;
		}
	}

	p = strfmt_str(strfmt_str(name, basename), "@");
	if (na > 1 && start >> 32)
		p = strfmt_str(strfmt_hex(p, start >> 32), ",");
	else if (start >> 32)
		return -FDT_ERR_BADNCELLS;
	strfmt_hex(p, (uint32_t)start);

	node = fdt_add_subnode(fdt, parent, name);
	if (node < 0)
		return node;
	err = fdt_generate_phandle(fdt, phandle);
	if (err < 0)
		return err;
	err = fdt_setprop_u32(fdt, node, "phandle", *phandle);
	if (err < 0)
		return err;
	if (na > 1)
		fdt_put_be32(cells + 4 * n++, (uint32_t)(start >> 32));
	fdt_put_be32(cells + 4 * n++, (uint32_t)start);
	if (ns > 1)
		fdt_put_be32(cells + 4 * n++, (uint32_t)(size >> 32));
	fdt_put_be32(cells + 4 * n++, (uint32_t)size);
	return fdt_setprop(fdt, node, "reg", cells, 4 * n);
}

/*
 * riscv_fdt_copy_resv_mem_node(): every /reserved-memory child of the firmware's DT that has a
 * reg goes into the kernel DTB under its base name; no-map is copied until the first source
 * node without it, after which no further node gets it (the flag is sticky).
 */
static int copy_resv_mem_node(const void *src, void *dst)
{
	int offset, node, err, nomap = 1;
	uint32_t phandle = 0;

	offset = fdt_path_offset(src, "/reserved-memory");
	if (offset < 0)
		return 0;
	err = fdt_open_into(dst, dst, (int)fdt_totalsize(dst) + 1024);
	if (err < 0) {
		con_printf("Device Tree can't be expanded to accommodate new node");
		return err;
	}
	for (node = fdt_first_subnode(src, offset); node >= 0; node = fdt_next_subnode(src, node)) {
		const char *name = fdt_get_name(src, node);
		char basename[32];
		ulong addr, size;
		int i;

		if (get_resource(src, offset, node, &addr, &size))
			continue;
		for (i = 0; i < 31 && name[i] && name[i] != '@'; i++)
			basename[i] = name[i];
		basename[i] = '\0';
		err = add_reserved_memory(dst, basename, addr, addr + size - 1, &phandle);
		if (err < 0 && err != -FDT_ERR_EXISTS) {
			con_printf("failed to add reserved memory: %d\n", err);
			return err;
		}
		if (!fdt_getprop(src, node, "no-map", NULL))
			nomap = 0;
		if (nomap)
			fdt_setprop(dst, fdt_node_offset_by_phandle(dst, phandle), "no-map", NULL, 0);
	}
	return 0;
}

/* fdt_shrink_to_minimum(blob, 0): totalsize = used size + 5 reserve entries, to a page end */
static void shrink_to_minimum(void *fdt)
{
	ulong in_page = (ulong)fdt & 0xfff;
	ulong size = fdt_off_dt_strings(fdt) + fdt_size_dt_strings(fdt) + 5 * FDT_RSV_ENTRY_SIZE;

	size = ((size + in_page + 0xfff) & ~0xfffUL) - in_page;
	fdt_set_totalsize(fdt, (uint32_t)size);
}

int image_setup_linux(const struct bootm_env *env, struct lmb *lmb, void **fdt)
{
	ulong of_size = fdt_totalsize(*fdt);

	add_mem_rsv_regions(lmb, *fdt);
	if (relocate_fdt(env, lmb, fdt, &of_size))
		return 1;
	/* image_setup_libfdt(); fdt_root() has nothing to do without a serial# */
	if (fdt_chosen(*fdt, env->cfg->bootargs) < 0) {
		con_printf("ERROR: /chosen node create failed\n");
		goto err;
	}
	if (env->cfg->copy_resv_mem && copy_resv_mem_node(env->control_fdt, *fdt) < 0) {
		con_printf("ERROR: arch-specific fdt fixup failed\n");
		goto err;
	}
	shrink_to_minimum(*fdt);
	return 0;
err:
	con_printf(" - must RESET the board to recover.\n\n");
	return 1;
}
