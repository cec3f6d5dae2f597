#include "console.h"
#include "mmio.h"

/* 16550 registers at a 4-byte stride (DT reg-shift = <2>). */
#define UART_THR 0x00
#define UART_LSR 0x14
#define UART_LSR_THRE 0x20

static uintptr_t uart_base = UART0_BASE;

void console_init(uintptr_t base)
{
	uart_base = base;
}

void console_putc(int c)
{
	while (!(mmio_read_32(uart_base + UART_LSR) & UART_LSR_THRE))
		;
	mmio_write_32(uart_base + UART_THR, (uint32_t)c & 0xff);
}

void console_puts(const char *s)
{
	while (*s)
		console_putc(*s++);
}

static void put_number(unsigned long long v, unsigned base, int width, char pad, int negative)
{
	char buf[24];
	int n = 0;

	do {
		unsigned d = (unsigned)(v % base);
		buf[n++] = (char)(d < 10 ? '0' + d : 'a' + d - 10);
		v /= base;
	} while (v);
	if (negative)
		buf[n++] = '-';
	while (n < width--)
		console_putc(pad);
	while (n)
		console_putc(buf[--n]);
}

void con_vprintf(const char *fmt, va_list ap)
{
	for (; *fmt; fmt++) {
		if (*fmt != '%') {
			console_putc(*fmt);
			continue;
		}
		fmt++;
		char pad = ' ';
		int width = 0, longs = 0;
		if (*fmt == '0') {
			pad = '0';
			fmt++;
		}
		while (*fmt >= '0' && *fmt <= '9')
			width = width * 10 + (*fmt++ - '0');
		while (*fmt == 'l') {
			longs++;
			fmt++;
		}
		switch (*fmt) {
		case 'c':
			console_putc(va_arg(ap, int));
			break;
		case 's': {
			const char *s = va_arg(ap, const char *);
			console_puts(s ? s : "(null)");
			break;
		}
		case 'd': {
			long long v = longs ? va_arg(ap, long) : va_arg(ap, int);
			put_number(v < 0 ? -(unsigned long long)v : (unsigned long long)v, 10, width, pad, v < 0);
			break;
		}
		case 'u':
			put_number(longs ? va_arg(ap, unsigned long) : va_arg(ap, unsigned), 10, width, pad, 0);
			break;
		case 'x':
			put_number(longs ? va_arg(ap, unsigned long) : va_arg(ap, unsigned), 16, width, pad, 0);
			break;
		case 'p':
			console_puts("0x");
			put_number((uintptr_t)va_arg(ap, void *), 16, width, pad, 0);
			break;
		case '%':
			console_putc('%');
			break;
		default:
			console_putc('%');
			console_putc(*fmt);
			break;
		}
	}
}

void con_printf(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	con_vprintf(fmt, ap);
	va_end(ap);
}
