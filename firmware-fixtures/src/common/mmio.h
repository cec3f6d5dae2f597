/* Memory-mapped register access for the duoboot fixtures. */
#ifndef DUOBOOT_MMIO_H
#define DUOBOOT_MMIO_H

#include <stdint.h>

static inline uint32_t mmio_read_32(uintptr_t addr)
{
	return *(volatile uint32_t *)addr;
}

static inline void mmio_write_32(uintptr_t addr, uint32_t value)
{
	*(volatile uint32_t *)addr = value;
}

static inline void mmio_setbits_32(uintptr_t addr, uint32_t bits)
{
	mmio_write_32(addr, mmio_read_32(addr) | bits);
}

static inline void mmio_clrbits_32(uintptr_t addr, uint32_t bits)
{
	mmio_write_32(addr, mmio_read_32(addr) & ~bits);
}

#endif
