/*
 * The device-tree edits OpenSBI v0.9's generic platform makes on the FDT it passes on
 * (platform/generic/platform.c generic_final_init(): fdt_cpu_fixup(), fdt_fixups() =
 * fdt_plic_fixup() + fdt_reserved_memory_fixup(), all in lib/utils/fdt/fdt_fixup.c).
 * fdt_domain_fixup() is left out: it only deletes /chosen/opensbi-domains, which these boards
 * do not have. No MMIO here, so the host tests run this file as is.
 */
#include "monitor.h"
#include "strfmt.h"
#include "string.h"

#define IRQ_M_EXT 11
#define SBI_HARTMASK_MAX_BITS 128

/* lib/sbi/sbi_math.c log2roundup() */
static unsigned long log2roundup(unsigned long x)
{
	unsigned long order = 0;

	while (order < 64 && x > 1UL << order)
		order++;
	return order;
}

unsigned long monitor_region_order(unsigned long addr, unsigned long size, unsigned long *region_base)
{
	unsigned long order, base = 0, last = addr + size - 1;

	for (order = log2roundup(size); order < 64; order++) {
		base = addr & ~((1UL << order) - 1);
		if (base <= addr && last < base + (1UL << order))
			break;
	}
	*region_base = order < 64 ? base : 0;
	return order;
}

/* lib/utils/fdt/fdt_helper.c fdt_parse_hart_id() */
static int parse_hart_id(const void *fdt, int cpu, uint32_t *hartid)
{
	int len;
	const char *type = fdt_getprop(fdt, cpu, "device_type", &len);
	const uint8_t *reg;

	if (!type || !len || strncmp(type, "cpu", 3))
		return -1;
	reg = fdt_getprop(fdt, cpu, "reg", &len);
	if (!reg || len < 4)
		return -1;
	*hartid = fdt_be32(len > 4 ? reg + 4 : reg);
	return 0;
}

/*
 * fdt_cpu_fixup(): disable a cpu node without an MMU or outside the root domain. The root
 * domain holds every hart the generic platform found under /cpus (fw_platform_init()), so only
 * hart ids past SBI_HARTMASK_MAX_BITS fall outside it.
 */
static void cpu_fixup(void *fdt)
{
	int cpus, cpu, len;
	uint32_t hartid;

	if (fdt_open_into(fdt, fdt, (int)fdt_totalsize(fdt) + 32) < 0)
		return;
	cpus = fdt_path_offset(fdt, "/cpus");
	if (cpus < 0)
		return;
	for (cpu = fdt_first_subnode(fdt, cpus); cpu >= 0; cpu = fdt_next_subnode(fdt, cpu)) {
		if (parse_hart_id(fdt, cpu, &hartid))
			continue;
		if (hartid >= SBI_HARTMASK_MAX_BITS || !fdt_getprop(fdt, cpu, "mmu-type", &len) || !len)
			fdt_setprop_string(fdt, cpu, "status", "disabled");
	}
}

/* fdt_plic_fixup(): hide the M-mode external interrupt contexts of the PLIC from the OS */
static void plic_fixup(void *fdt)
{
	int plic, len, i;
	uint8_t *cells;

	plic = fdt_node_offset_by_compatible(fdt, 0, "sifive,plic-1.0.0");
	if (plic < 0)
		plic = fdt_node_offset_by_compatible(fdt, 0, "riscv,plic0");
	if (plic < 0)
		return;
	cells = (uint8_t *)fdt_getprop(fdt, plic, "interrupts-extended", &len);
	if (!cells)
		return;
	for (i = 0; i < len / 8; i++)
		if (fdt_be32(cells + 8 * i + 4) == IRQ_M_EXT)
			fdt_put_be32(cells + 8 * i + 4, 0xffffffff);
}

/* fdt_resv_memory_update_node(): "mmode_resv<i>@<addr>" with the region as its reg */
static int add_resv_node(void *fdt, int parent, int index, unsigned long addr, unsigned long size, int no_map)
{
	int na = fdt_address_cells(fdt, 0), ns = fdt_size_cells(fdt, 0), node, n = 0, err;
	uint32_t addr_high = (uint32_t)(addr >> 32), size_high = (uint32_t)(size >> 32);
	uint8_t reg[16];
	char name[32], *p;

	p = strfmt_dec(strfmt_str(name, "mmode_resv"), (uint64_t)index);
	p = strfmt_str(p, "@");
	if (na > 1 && addr_high)
		p = strfmt_str(strfmt_hex(p, addr_high), ",");
	strfmt_hex(p, (uint32_t)addr);

	node = fdt_add_subnode(fdt, parent, name);
	if (node < 0)
		return node;
	if (no_map) {
		err = fdt_setprop(fdt, node, "no-map", NULL, 0);
		if (err < 0)
			return err;
	}
	if (na > 1)
		fdt_put_be32(reg + 4 * n++, addr_high);
	fdt_put_be32(reg + 4 * n++, (uint32_t)addr);
	if (ns > 1)
		fdt_put_be32(reg + 4 * n++, size_high);
	fdt_put_be32(reg + 4 * n++, (uint32_t)size);
	return fdt_setprop(fdt, node, "reg", reg, 4 * n);
}

/*
 * fdt_reserved_memory_fixup(): make room (64 bytes for each of 16 PMP regions), create
 * /reserved-memory with the root's cells and an empty ranges if missing, then add a child for
 * every root-domain region S-mode may not touch: here the firmware region only (the other
 * root region allows R/W/X). no-map only when the hart has no PMP to protect it.
 */
static int reserved_memory_fixup(void *fdt, unsigned long fw_base, unsigned long fw_size, int has_pmp)
{
	int na = fdt_address_cells(fdt, 0), ns = fdt_size_cells(fdt, 0), parent, err;
	unsigned long base, order;

	err = fdt_open_into(fdt, fdt, (int)fdt_totalsize(fdt) + 1024);
	if (err < 0)
		return err;
	parent = fdt_path_offset(fdt, "/reserved-memory");
	if (parent < 0) {
		parent = fdt_add_subnode(fdt, 0, "reserved-memory");
		if (parent < 0)
			return parent;
		/* set in this order so that libfdt's insert-first leaves #address-cells first */
		err = fdt_setprop(fdt, parent, "ranges", NULL, 0);
		if (err < 0)
			return err;
		err = fdt_setprop_u32(fdt, parent, "#size-cells", (uint32_t)ns);
		if (err < 0)
			return err;
		err = fdt_setprop_u32(fdt, parent, "#address-cells", (uint32_t)na);
		if (err < 0)
			return err;
	}
	order = monitor_region_order(fw_base, fw_size, &base);
	/* OpenSBI ignores the result of each node update */
	add_resv_node(fdt, parent, 0, base, 1UL << order, !has_pmp);
	return 0;
}

int monitor_fdt_fixups(void *fdt, unsigned long fw_base, unsigned long fw_size, int has_pmp)
{
	cpu_fixup(fdt);
	plic_fixup(fdt);
	return reserved_memory_fixup(fdt, fw_base, fw_size, has_pmp);
}
