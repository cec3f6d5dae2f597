/*
 * Two harts on one console. Hart 0 (the C906B) prints, copies hart 1's code to DRAM, flushes the
 * data cache and invalidates the instruction cache with the T-Head instructions, programs the
 * C906L reset vector in SEC_SYS and toggles its reset bit, the sequence of sophgo/fsbl
 * plat/cv18{0,1}x/platform.c reset_c906l(). Hart 1 prints and answers through a DRAM word, which
 * hart 0 waits for and prints.
 */
#include <stdint.h>

#define UART0          0x04140000UL
#define UART_THR       0x00
#define UART_LSR       0x14
#define LSR_THRE       0x20
#define SEC_SYS        0x020B0000UL
#define RST_C906L      0x03003024UL
#define C906L_RESET_N  (1u << 6)
#define HART1_REPLY    0xC906C906u

#define REG32(a) (*(volatile uint32_t *)(uintptr_t)(a))

extern char __hart1_load[], __hart1_size[];
extern void hart1_start(void);

/* Where hart 1 answers: in hart 1's section, so both sides agree on the address. */
__attribute__((section(".hart1.data"))) volatile uint32_t hart1_reply;

static void putc0(char c)
{
	while (!(REG32(UART0 + UART_LSR) & LSR_THRE))
		;
	REG32(UART0 + UART_THR) = (uint8_t)c;
}

static void puts0(const char *s)
{
	for (; *s; s++) {
		if (*s == '\n')
			putc0('\r');
		putc0(*s);
	}
}

static void puthex0(uint64_t v)
{
	puts0("0x");
	for (int shift = 60; shift >= 0; shift -= 4)
		putc0("0123456789abcdef"[(v >> shift) & 0xf]);
}

void hart0_main(void)
{
	puts0("hart 0: C906B up, releasing the C906L\n");

	/* hart 1's code is part of this image; it runs from HART1_BASE */
	volatile uint8_t *dst = (volatile uint8_t *)(uintptr_t)hart1_start;
	const uint8_t *src = (const uint8_t *)__hart1_load;
	for (uintptr_t i = 0; i < (uintptr_t)__hart1_size; i++)
		dst[i] = src[i];
	hart1_reply = 0;
	__asm__ volatile(".word 0x0010000b\n" /* th.dcache.call */
			 ".word 0x0180000b\n" /* th.sync */
			 ".word 0x0100000b\n" /* th.icache.iall */
			 ".word 0x01a0000b"   /* th.sync.i */
			 ::: "memory");

	REG32(RST_C906L) &= ~C906L_RESET_N;
	REG32(SEC_SYS + 0x04) |= 1u << 13;
	REG32(SEC_SYS + 0x20) = (uint32_t)(uintptr_t)hart1_start;
	REG32(SEC_SYS + 0x24) = (uint32_t)((uint64_t)(uintptr_t)hart1_start >> 32);
	REG32(RST_C906L) |= C906L_RESET_N;

	for (long spins = 0; hart1_reply != HART1_REPLY; spins++) {
		if (spins == 100000000) {
			puts0("hart 0: no answer from hart 1\n");
			return;
		}
	}
	puts0("hart 0: hart 1 answered ");
	puthex0(hart1_reply);
	puts0("\n");
}

/* hart 1 has its own copy of the console routines: all of its code lives in .hart1 */
__attribute__((section(".hart1.text"))) static void putc1(char c)
{
	while (!(REG32(UART0 + UART_LSR) & LSR_THRE))
		;
	REG32(UART0 + UART_THR) = (uint8_t)c;
}

__attribute__((section(".hart1.text"))) static void puts1(const char *s)
{
	for (; *s; s++) {
		if (*s == '\n')
			putc1('\r');
		putc1(*s);
	}
}

__attribute__((section(".hart1.text"))) void hart1_main(void)
{
	uint64_t hartid;
	__asm__ volatile("csrr %0, mhartid" : "=r"(hartid));
	puts1(hartid == 1 ? "hart 1: C906L running from DRAM written by hart 0\n"
			  : "hart 1: C906L running, unexpected mhartid\n");
	hart1_reply = HART1_REPLY;
}
