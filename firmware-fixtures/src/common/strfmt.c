#include "strfmt.h"

static char *number(char *dst, uint64_t v, unsigned base)
{
	char tmp[20];
	int n = 0;

	do {
		unsigned d = (unsigned)(v % base);

		tmp[n++] = (char)(d < 10 ? '0' + d : 'a' + d - 10);
		v /= base;
	} while (v);
	while (n)
		*dst++ = tmp[--n];
	*dst = '\0';
	return dst;
}

char *strfmt_dec(char *dst, uint64_t v)
{
	return number(dst, v, 10);
}

char *strfmt_hex(char *dst, uint64_t v)
{
	return number(dst, v, 16);
}

char *strfmt_str(char *dst, const char *s)
{
	while ((*dst = *s++))
		dst++;
	return dst;
}
