/*
 * The monitor fixture: what OpenSBI v0.9's generic fw_dynamic does on the CV18xx big core, in
 * duoboot's own small code, for a boot chain without Debian's opensbi package.
 *
 *  - fw_dynamic.S: check struct fw_dynamic_info, save next_addr/next_mode/options and a1;
 *  - fw_base.S: with FW_FDT_PATH the embedded DTB replaces a1 and _fdt_reloc copies it to the
 *    saved a1 (OPENSBI_FDT_ADDR); without one the FDT at a1 is used where it is;
 *  - sbi_init.c / sbi_domain.c / sbi_hart.c: root domain with the firmware region (no access for
 *    S/U) and an allow-all region, trap delegation, counters, PMP, the boot prints;
 *  - generic_final_init(): the FDT fix-ups (fdt_fixup.c), among them mmode_resv0@<fw base>;
 *  - sbi_hart_switch_mode(): mret to next_addr with a0 = hart id, a1 = FDT;
 *  - at run time: the SBI calls a kernel makes early (base, legacy console putchar, timer).
 */
#include <stdint.h>

#include "console.h"
#include "fdt.h"
#include "mmio.h"
#include "monitor.h"
#include "string.h"

#define CLINT_MTIMECMP 0x74004000UL /* CV18xx CLINT 0x74000000 + 0x4000 */

#define MIP_SSIP (1UL << 1)
#define MIP_STIP (1UL << 5)
#define MIP_MTIP (1UL << 7)
#define MIP_SEIP (1UL << 9)
#define MSTATUS_MPP_SHIFT 11
#define MSTATUS_MPIE (1UL << 7)
#define CAUSE_MISALIGNED_FETCH 0
#define CAUSE_BREAKPOINT 3
#define CAUSE_USER_ECALL 8
#define CAUSE_SUPERVISOR_ECALL 9
#define CAUSE_FETCH_PAGE_FAULT 12
#define CAUSE_LOAD_PAGE_FAULT 13
#define CAUSE_STORE_PAGE_FAULT 15
#define IRQ_M_TIMER 7
#define PMP_R 0x01
#define PMP_W 0x02
#define PMP_X 0x04
#define PMP_A_NAPOT 0x18

/* SBI v0.2 as OpenSBI v0.9 implements it (include/sbi/sbi_ecall_interface.h) */
#define SBI_EXT_0_1_SET_TIMER 0x0
#define SBI_EXT_0_1_CONSOLE_PUTCHAR 0x1
#define SBI_EXT_BASE 0x10
#define SBI_EXT_TIME 0x54494D45
#define SBI_EXT_BASE_GET_SPEC_VERSION 0
#define SBI_EXT_BASE_GET_IMP_ID 1
#define SBI_EXT_BASE_GET_IMP_VERSION 2
#define SBI_EXT_BASE_PROBE_EXT 3
#define SBI_EXT_BASE_GET_MVENDORID 4
#define SBI_EXT_BASE_GET_MARCHID 5
#define SBI_EXT_BASE_GET_MIMPID 6
#define SBI_ERR_NOT_SUPPORTED (-2L)
#define SBI_SPEC_VERSION 0x2      /* 0.2 */
#define SBI_IMPL_ID_OPENSBI 1     /* the implementation the SDK's kernel sees */
#define SBI_IMPL_VERSION 0x9      /* OpenSBI v0.9 */
#define SBI_SCRATCH_NO_BOOT_PRINTS 1

struct trap_regs {
	unsigned long x[32];
};
#define REG_A0 10
#define REG_A1 11
#define REG_A6 16
#define REG_A7 17

extern const uint32_t embedded_fdt_size;
extern uint8_t fdt_slot[], _fw_start[], _fw_end[], _stack_top[];
extern void trap_vector(void);

void monitor_main(unsigned long hartid_arg, unsigned long arg1, const struct fw_dynamic_info *info);
void monitor_trap(struct trap_regs *regs);
void monitor_unexpected_trap(unsigned long cause, unsigned long epc, unsigned long tval);
void monitor_halt(void) __attribute__((noreturn));

void monitor_halt(void)
{
	csr_clear(mstatus, 8);
	csr_write(mie, 0);
	for (;;)
		asm volatile("wfi");
}

void monitor_unexpected_trap(unsigned long cause, unsigned long epc, unsigned long tval)
{
	con_printf("duoboot monitor: unexpected trap mcause=0x%lx mepc=0x%lx mtval=0x%lx, halting\n",
		   cause, epc, tval);
}

/* lib/utils/timer/clint.c clint_timer_event_start(): "clint,has-no-64bit-mmio", two words */
static void set_timer(uint64_t when)
{
	uintptr_t cmp = CLINT_MTIMECMP + 8 * csr_read(mhartid);

	mmio_write_32(cmp, (uint32_t)when);
	mmio_write_32(cmp + 4, (uint32_t)(when >> 32));
	/* sbi_timer.c sbi_timer_event_start(): a new deadline retracts the pending S timer */
	csr_clear(mip, MIP_STIP);
	csr_set(mie, MIP_MTIP);
}

static int extension_present(unsigned long eid)
{
	return eid == SBI_EXT_0_1_SET_TIMER || eid == SBI_EXT_0_1_CONSOLE_PUTCHAR ||
	       eid == SBI_EXT_BASE || eid == SBI_EXT_TIME;
}

/* lib/sbi/sbi_ecall.c sbi_ecall_handler(): legacy calls return a0 only, v0.2 calls a0 and a1 */
static void sbi_ecall(struct trap_regs *regs)
{
	unsigned long eid = regs->x[REG_A7], fid = regs->x[REG_A6], a0 = regs->x[REG_A0];
	long error = 0;
	unsigned long value = 0;

	switch (eid) {
	case SBI_EXT_0_1_SET_TIMER:
		set_timer(a0);
		regs->x[REG_A0] = 0;
		return;
	case SBI_EXT_0_1_CONSOLE_PUTCHAR:
		console_putc((int)a0);
		regs->x[REG_A0] = 0;
		return;
	case SBI_EXT_BASE:
		switch (fid) {
		case SBI_EXT_BASE_GET_SPEC_VERSION: value = SBI_SPEC_VERSION; break;
		case SBI_EXT_BASE_GET_IMP_ID: value = SBI_IMPL_ID_OPENSBI; break;
		case SBI_EXT_BASE_GET_IMP_VERSION: value = SBI_IMPL_VERSION; break;
		case SBI_EXT_BASE_PROBE_EXT: value = (unsigned long)extension_present(a0); break;
		case SBI_EXT_BASE_GET_MVENDORID: value = csr_read(mvendorid); break;
		case SBI_EXT_BASE_GET_MARCHID: value = csr_read(marchid); break;
		case SBI_EXT_BASE_GET_MIMPID: value = csr_read(mimpid); break;
		default: error = SBI_ERR_NOT_SUPPORTED; break;
		}
		break;
	case SBI_EXT_TIME:
		if (fid == 0)
			set_timer(a0);
		else
			error = SBI_ERR_NOT_SUPPORTED;
		break;
	default:
		if (eid <= 0xf) { /* other v0.1 calls */
			regs->x[REG_A0] = (unsigned long)SBI_ERR_NOT_SUPPORTED;
			return;
		}
		error = SBI_ERR_NOT_SUPPORTED;
		break;
	}
	regs->x[REG_A0] = (unsigned long)error;
	regs->x[REG_A1] = value;
}

void monitor_trap(struct trap_regs *regs)
{
	unsigned long cause = csr_read(mcause), epc = csr_read(mepc);

	if (cause == (1UL << 63 | IRQ_M_TIMER)) {
		/* sbi_timer_process(): pass the timer on to S-mode */
		csr_clear(mie, MIP_MTIP);
		csr_set(mip, MIP_STIP);
		return;
	}
	if (cause == CAUSE_SUPERVISOR_ECALL) {
		sbi_ecall(regs);
		csr_write(mepc, epc + 4);
		return;
	}
	monitor_unexpected_trap(cause, epc, csr_read(mtval));
	monitor_halt();
}

static int misa_has(char ext)
{
	return (csr_read(misa) >> (ext - 'A')) & 1;
}

/* sbi_hart.c delegate_traps() (the C906 has no H extension; OpenSBI delegates page faults too) */
static void delegate_traps(void)
{
	csr_write(mideleg, MIP_SSIP | MIP_STIP | MIP_SEIP);
	csr_write(medeleg, 1UL << CAUSE_MISALIGNED_FETCH | 1UL << CAUSE_BREAKPOINT | 1UL << CAUSE_USER_ECALL |
			   1UL << CAUSE_FETCH_PAGE_FAULT | 1UL << CAUSE_LOAD_PAGE_FAULT |
			   1UL << CAUSE_STORE_PAGE_FAULT);
}

/*
 * sbi_hart.c sbi_hart_pmp_configure(), one entry per root-domain region: the firmware region
 * NAPOT with no permission (S/U may not touch it), then everything else NAPOT R/W/X.
 */
static void configure_pmp(unsigned long fw_base, unsigned long order)
{
	unsigned long mask = (1UL << (order - 2)) - 1;

	csr_write(pmpaddr0, ((fw_base >> 2) & ~mask) | (mask >> 1));
	csr_write(pmpaddr1, -1UL);
	csr_write(pmpcfg0, (unsigned long)PMP_A_NAPOT | (unsigned long)(PMP_A_NAPOT | PMP_R | PMP_W | PMP_X) << 8);
}

static const char *mode_name(unsigned long mode)
{
	return mode == PRV_S ? "S-mode" : mode == PRV_U ? "U-mode" : mode == PRV_M ? "M-mode" : "Unknown";
}

/* fw_base.S _fdt_reloc: copy the FDT in whole double words up to its totalsize */
static void fdt_reloc(const void *src, void *dst)
{
	uint32_t size = fdt_be32((const uint8_t *)src + 4);

	memmove(dst, src, (size + 7) & ~7u);
}

void monitor_main(unsigned long hartid_arg, unsigned long arg1, const struct fw_dynamic_info *info)
{
	unsigned long hartid = csr_read(mhartid), fw_base = (unsigned long)_fw_start;
	unsigned long fw_size = (unsigned long)(_fw_end - _fw_start), region_base, order;
	unsigned long next_addr, next_mode, next_arg1 = arg1, mstatus;
	const void *fdt_src;
	void *fdt;
	const char *model;
	int prints, len;

	console_init(UART0_BASE);
	/* fw_dynamic.S fw_boot_hart: OpenSBI hangs without a word on a bad info block */
	if (info->magic != FW_DYNAMIC_INFO_MAGIC || info->version > FW_DYNAMIC_INFO_VERSION_MAX) {
		con_printf("duoboot monitor: bad fw_dynamic_info at %p (magic 0x%lx, version %lu); "
			   "OpenSBI hangs here silently\n", info, info->magic, info->version);
		monitor_halt();
	}
	next_addr = info->next_addr;
	next_mode = info->next_mode;
	prints = !(info->options & SBI_SCRATCH_NO_BOOT_PRINTS);

	fdt_src = embedded_fdt_size ? (const void *)fdt_slot : (const void *)arg1;
	if (fdt_src && next_arg1 && (unsigned long)fdt_src != next_arg1)
		fdt_reloc(fdt_src, (void *)next_arg1);
	fdt = (void *)next_arg1;
	/* generic fw_platform_init() needs a valid FDT and otherwise spins in wfi */
	if (!fdt || fdt_check_header(fdt)) {
		con_printf("duoboot monitor: no valid FDT at 0x%lx (a1 0x%lx, embedded %u bytes); "
			   "OpenSBI's generic platform hangs here\n", next_arg1, arg1, embedded_fdt_size);
		monitor_halt();
	}

	/* sbi_init(): only a next mode the hart has; sanitize_domain(): only S or U */
	if (!((next_mode == PRV_S && misa_has('S')) || (next_mode == PRV_U && misa_has('U')))) {
		con_printf("duoboot monitor: sanitize_domain: root invalid next booting stage mode 0x%lx "
			   "(OpenSBI v0.9 hangs here before its console is up)\n", next_mode);
		monitor_halt();
	}
	order = monitor_region_order(fw_base, fw_size, &region_base);
	if (next_addr >= region_base && next_addr - region_base < 1UL << order) {
		con_printf("duoboot monitor: sanitize_domain: root next booting stage addres 0x%lx can't execute "
			   "(OpenSBI v0.9 hangs here before its console is up)\n", next_addr);
		monitor_halt();
	}

	model = fdt_getprop(fdt, 0, "model", &len);
	if (prints) {
		/* sbi_init.c sbi_boot_print_banner(), sbi_boot_print_general() */
		con_printf("\nduoboot monitor: a stand-in for OpenSBI v0.9 (fw_dynamic), not OpenSBI\n\n");
		con_printf("Platform Name             : %s\n", model ? model : "Generic");
		con_printf("Firmware Base             : 0x%lx\n", fw_base);
		con_printf("Firmware Size             : %u KB\n", (unsigned)(fw_size / 1024));
		con_printf("Runtime SBI Version       : %u.%u\n\n", SBI_SPEC_VERSION >> 24, SBI_SPEC_VERSION & 0xffffff);
	}

	/* sbi_hart.c mstatus_init(): counters readable from S and U */
	csr_write(mcounteren, -1UL);
	csr_write(scounteren, -1UL);
	delegate_traps();
	configure_pmp(region_base, order);

	monitor_fdt_fixups(fdt, fw_base, fw_size, 1);

	if (prints) {
		/* sbi_domain.c sbi_domain_dump() with suffix "      ", sbi_init.c sbi_boot_print_hart() */
		con_printf("Domain0 Name              : root\n");
		con_printf("Domain0 Boot HART         : %lu\n", hartid);
		con_printf("Domain0 HARTs             : %lu*\n", hartid);
		con_printf("Domain0 Region00          : 0x%016lx-0x%016lx ()\n",
			   region_base, region_base + (1UL << order) - 1);
		con_printf("Domain0 Region01          : 0x%016lx-0x%016lx (R,W,X)\n", 0UL, -1UL);
		con_printf("Domain0 Next Address      : 0x%016lx\n", next_addr);
		con_printf("Domain0 Next Arg1         : 0x%016lx\n", next_arg1);
		con_printf("Domain0 Next Mode         : %s\n\n", mode_name(next_mode));
		con_printf("Boot HART ID              : %lu\n", hartid);
		con_printf("Boot HART Domain          : root\n");
		con_printf("Boot HART MIDELEG         : 0x%016lx\n", csr_read(mideleg));
		con_printf("Boot HART MEDELEG         : 0x%016lx\n", csr_read(medeleg));
	}

	/* sbi_hart_switch_mode() */
	csr_write(mscratch, (unsigned long)_stack_top);
	csr_write(mtvec, (unsigned long)trap_vector);
	mstatus = csr_read(mstatus);
	mstatus = (mstatus & ~(3UL << MSTATUS_MPP_SHIFT | MSTATUS_MPIE)) | next_mode << MSTATUS_MPP_SHIFT;
	csr_write(mstatus, mstatus);
	csr_write(mepc, next_addr);
	if (next_mode == PRV_S) {
		csr_write(stvec, next_addr);
		csr_write(sscratch, 0);
		csr_write(sie, 0);
		csr_write(satp, 0);
	}
	{
		register unsigned long a0 asm("a0") = hartid;
		register unsigned long a1 asm("a1") = next_arg1;

		asm volatile("mret" : : "r"(a0), "r"(a1));
	}
	monitor_halt();
}
