/* A polled DesignWare APB UART (16550 registers, reg-shift 2, 32-bit) and a small printf. */
#ifndef DUOBOOT_CONSOLE_H
#define DUOBOOT_CONSOLE_H

#include <stdarg.h>
#include <stdint.h>

#define UART0_BASE 0x04140000UL

void console_init(uintptr_t base);
void console_putc(int c);
void console_puts(const char *s);
/* printf subset: %c %s %d %u %x %p with l/ll, '0' flag and width */
void con_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void con_vprintf(const char *fmt, va_list ap);

#endif
