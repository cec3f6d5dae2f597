/*
 * Host stand-ins for the fixtures' console, so their C logic (FDT library, OpenSBI fix-ups, the
 * U-Boot bootm flow) runs natively in the host tests: output goes to stdout.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>

#include "console.h"

void console_init(uintptr_t base)
{
	(void)base;
}

void console_putc(int c)
{
	putchar(c);
}

void console_puts(const char *s)
{
	fputs(s, stdout);
}

void con_vprintf(const char *fmt, va_list ap)
{
	vprintf(fmt, ap);
}

void con_printf(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
}
