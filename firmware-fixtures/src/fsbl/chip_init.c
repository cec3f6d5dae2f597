/*
 * The chip set-up steps of the SDK's FSBL the fixture repeats (see chip_init.h). Every wait is
 * bounded: a device that never answers makes the fixture say which register it waited on,
 * where the SDK's FSBL would spin for ever.
 */
#include "chip_init.h"

#include "console.h"
#include "mmio.h"

#define NOTICE(...) con_printf(__VA_ARGS__)
#define ERROR(...) con_printf(" E:" __VA_ARGS__)

/* plat/cv18{0,1}x/include/rtc.h */
#define REG_RTC_CTRL_BASE 0x05025000UL
#define RTC_CTRL0_UNLOCKKEY 0x4
#define RTC_CTRL0 0x8
#define RTC_POR_RST_CTRL 0xAC
#define REG_RTC_BASE 0x05026000UL
#define RTC_EN_SHDN_REQ 0xC0
#define RTC_EN_PWR_CYC_REQ 0xC8
#define RTC_EN_WARM_RST_REQ 0xCC
#define RTC_EN_WDT_RST_REQ 0xE0
#define RTC_ST_ON_REASON 0xF8
#define RTC_ST_OFF_REASON 0xFC

/* plat/cv18{0,1}x/include/ddr/ddr_sys.h */
#define PHYD_BASE 0x08000000UL
#define DDRC_BASE 0x08004000UL /* cfg_base */
#define PHYD_APB 0x08006000UL  /* CV_DDR_PHYD_APB */
#define DDR_BIST_BASE 0x08010000UL

#define POLLS 100000

/* Waits until (reg & mask) == value; -1 with a message naming the register when it never is. */
static int wait_for(uintptr_t reg, uint32_t mask, uint32_t value, const char *what)
{
	for (int i = 0; i < POLLS; i++) {
		if ((mmio_read_32(reg) & mask) == value)
			return 0;
	}
	ERROR("%s: 0x%lx & 0x%x stayed 0x%x, expected 0x%x\n", what, (unsigned long)reg, mask,
	      mmio_read_32(reg) & mask, value);
	return -1;
}

/* Each request enable lives in the RTC's 32 kHz domain: write it, then wait until it reads back. */
static int rtc_enable(uint32_t offset, const char *what)
{
	mmio_write_32(REG_RTC_BASE + offset, 1);
	return wait_for(REG_RTC_BASE + offset, 0xffffffff, 1, what);
}

int set_rtc_en_registers(void)
{
	NOTICE("st_on_reason=%x\n", mmio_read_32(REG_RTC_BASE + RTC_ST_ON_REASON));
	NOTICE("st_off_reason=%x\n", mmio_read_32(REG_RTC_BASE + RTC_ST_OFF_REASON));
	if (rtc_enable(RTC_EN_SHDN_REQ, "RTC_EN_SHDN_REQ") || rtc_enable(RTC_EN_WARM_RST_REQ, "RTC_EN_WARM_RST_REQ") ||
	    rtc_enable(RTC_EN_PWR_CYC_REQ, "RTC_EN_PWR_CYC_REQ") || rtc_enable(RTC_EN_WDT_RST_REQ, "RTC_EN_WDT_RST_REQ"))
		return -1;
	mmio_setbits_32(REG_RTC_CTRL_BASE + RTC_POR_RST_CTRL, 1);
	/* RTC_CTRL0 takes writes after the unlock key, through the write mask in its upper half */
	mmio_write_32(REG_RTC_CTRL_BASE + RTC_CTRL0_UNLOCKKEY, 0xAB18);
	uint32_t ctrl0 = mmio_read_32(REG_RTC_CTRL_BASE + RTC_CTRL0);
	mmio_write_32(REG_RTC_CTRL_BASE + RTC_CTRL0, 0xffff0000 | ctrl0 | (1 << 11) | (1 << 6)); /* hw_wdg_rst_en */
	return wait_for(REG_RTC_CTRL_BASE + RTC_CTRL0, (1 << 11) | (1 << 6), (1 << 11) | (1 << 6), "RTC_CTRL0");
}

/* cvx16_bist_wr_prbs_init()-style queue: commands at +0x40, DRAM address (16-byte units) at +0x10. */
static void bist_queue(uint32_t address, uint32_t cmd0, uint32_t cmd1)
{
	mmio_write_32(DDR_BIST_BASE + 0x10, address);
	mmio_write_32(DDR_BIST_BASE + 0x40, cmd0);
	mmio_write_32(DDR_BIST_BASE + 0x44, cmd1);
	for (int i = 2; i < 6; i++)
		mmio_write_32(DDR_BIST_BASE + 0x40 + 4 * i, 0); /* NOP */
}

/* cvx16_bist_start_check(): start, wait for done (+0x80 bit 2), 0 when it failed (bit 3), 1 when it passed. */
static int bist_run(void)
{
	mmio_write_32(DDR_BIST_BASE + 0x0, 0x00030003);
	if (wait_for(DDR_BIST_BASE + 0x80, 1 << 2, 1 << 2, "BIST done"))
		return -1;
	int passed = !(mmio_read_32(DDR_BIST_BASE + 0x80) & (1 << 3));
	mmio_write_32(DDR_BIST_BASE + 0x0, 0x00050000);
	return passed;
}

#define BIST_WRITE(inv) ((1u << 30) | (3u << 12) | (5u << 9) | ((inv) << 8)) /* 16 UI of PRBS */
#define BIST_READ ((2u << 30) | (3u << 12) | (5u << 9))

/*
 * ctrl_init_detect_dram_size(): PRBS at 0, the inverted PRBS at 2^cap MiB, read 0 back; the first
 * cap at which 0 no longer holds the PRBS is where the address wraps: the DRAM's size.
 */
static int probe_dram_mib(void)
{
	int cap = 4;
	bist_queue(0, BIST_WRITE(0), 0);
	if (bist_run() < 0)
		return -1;
	int held;
	do {
		cap++;
		bist_queue(1u << (cap + 20 - 4), BIST_WRITE(1), 0);
		if (bist_run() < 0)
			return -1;
		bist_queue(0, BIST_READ, 0);
		held = bist_run();
		if (held < 0)
			return -1;
	} while (held && cap < 15);
	return 1 << cap;
}

int ddr_init(uint64_t dram_size)
{
	/* cvx16_pll_init(): release the DDR PLL's divider, wait for its lock */
	mmio_setbits_32(PHYD_APB + 0x0C, 1 << 7);
	if (wait_for(PHYD_APB + 0x10, 1 << 15, 1 << 15, "DDR PLL lock"))
		return -1;
	/* cvx16_set_dfi_init_start(), cvx16_polling_dfi_init_start() */
	mmio_write_32(DDRC_BASE + 0x320, 0);
	mmio_setbits_32(DDRC_BASE + 0x1B0, 1 << 5);
	mmio_write_32(DDRC_BASE + 0x320, 1);
	if (wait_for(PHYD_BASE + 0x3028, 1 << 8, 1 << 8, "dfi_init_start at the PHY"))
		return -1;
	/* cvx16_dll_cal(): enable calibration and update, wait for the DLL lock */
	mmio_setbits_32(PHYD_BASE + 0x40, (1 << 1) | (1 << 17));
	if (wait_for(PHYD_BASE + 0x3014, 1 << 16, 1 << 16, "DLL lock"))
		return -1;
	/* cvx16_set_dfi_init_complete(), cvx16_wait_for_dfi_init_complete() */
	mmio_write_32(PHYD_BASE + 0x120, 0x10);
	mmio_write_32(PHYD_BASE + 0x118, 1);
	if (wait_for(DDRC_BASE + 0x1BC, 1, 1, "DFISTAT.dfi_init_complete"))
		return -1;
	mmio_write_32(DDRC_BASE + 0x320, 0);
	mmio_write_32(DDRC_BASE + 0x1B0, (mmio_read_32(DDRC_BASE + 0x1B0) & ~0x3fu) | 5); /* dfi_init_complete_en */
	mmio_write_32(DDRC_BASE + 0x320, 1);
	if (wait_for(DDRC_BASE + 0x324, 1, 1, "SWSTAT.sw_done_ack"))
		return -1;
	/* cvx16_polling_synp_normal_mode() */
	if (wait_for(DDRC_BASE + 0x004, 7, 1, "STAT.operating_mode normal"))
		return -1;
	/* cvx16_rdglvl_req(), cvx16_rdlvl_req(), cvx16_wdqlvl_req(): ports idle, request, done bit */
	for (int i = 1; i < 4; i++) {
		if (wait_for(DDRC_BASE + 0x3FC, 0xffffffff, 0, "PSTAT"))
			return -1;
		mmio_setbits_32(PHYD_BASE + 0x180 + 4 * i, 1);
		if (wait_for(PHYD_BASE + 0x3444, 1u << i, 1u << i, "training done"))
			return -1;
	}
	/* cvx16_bist_wr_prbs_init() and cvx16_bist_start_check() */
	mmio_write_32(DDR_BIST_BASE + 0x0, 0x00060006);
	mmio_write_32(DDR_BIST_BASE + 0x14, 0x000fffff);
	mmio_write_32(DDR_BIST_BASE + 0x18, 4);
	bist_queue(0, (1u << 30) | (511u << 12) | (5u << 9), (2u << 30) | (511u << 12) | (5u << 9));
	int passed = bist_run();
	if (passed <= 0) {
		NOTICE("DDR BIST FAIL\n");
		return -1;
	}
	int mib = probe_dram_mib();
	if (mib < 0)
		return -1;
	if ((uint64_t)mib << 20 < dram_size) {
		ERROR("the DRAM is %d MiB, smaller than the memmap's DRAM_SIZE 0x%lx\n", mib, (unsigned long)dram_size);
		return -1;
	}
	NOTICE("DDR BIST PASS\n");
	return 0;
}
