/*
 * What the SDK's FSBL does to the chip before it loads the rest, in duoboot's own small code: the
 * RTC's request enables (plat/cv18{0,1}x/platform.c set_rtc_en_registers) and the DDR bring-up's
 * handshakes (plat/cv18{0,1}x/ddr/ddr_sys_bring_up.c, ddr_sys.c). No timing is programmed: the
 * point is to wait on the same registers the SDK's FSBL waits on, so the modelled devices are
 * exercised by every boot of the fixture chain.
 */
#ifndef DUOBOOT_CHIP_INIT_H
#define DUOBOOT_CHIP_INIT_H

#include <stdint.h>

/* Returns 0, or -1 after printing why (the caller panics). */
int set_rtc_en_registers(void);

/*
 * DDR PLL, DFI initialisation, normal mode, training requests, a PRBS BIST and the capacity
 * probe; fails when the probed DRAM is smaller than dram_size. Prints the SDK's "DDR BIST PASS".
 */
int ddr_init(uint64_t dram_size);

#endif
