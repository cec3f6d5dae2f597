/* lib/display_options.c print_size() of U-Boot 2021.10: "254 MiB", "2.1 KiB", one decimal, rounded. */
#include "console.h"
#include "uboot.h"

void print_size(uint64_t size, const char *s)
{
	static const char names[] = { 'E', 'P', 'T', 'G', 'M', 'K' };
	unsigned d = 60, i;
	uint64_t n, m = 0, f;

	for (i = 0; i < sizeof(names); i++, d -= 10)
		if (size >> d)
			break;
	if (i == sizeof(names)) {
		con_printf("%u Bytes%s", (unsigned)size, s);
		return;
	}
	n = size >> d;
	f = size & ((1ULL << d) - 1);
	if (f) {
		m = (10ULL * f + (1ULL << (d - 1))) >> d;
		if (m >= 10) {
			m -= 10;
			n += 1;
		}
	}
	con_printf("%lu", (unsigned long)n);
	if (m)
		con_printf(".%lu", (unsigned long)m);
	con_printf(" %ciB%s", names[i], s);
}
