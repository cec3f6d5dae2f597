/* Number-to-text helpers for building node names ("%d" and "%x" of snprintf). */
#ifndef DUOBOOT_STRFMT_H
#define DUOBOOT_STRFMT_H

#include <stdint.h>

/* each writes v at dst, NUL-terminates, and returns the position of the NUL */
char *strfmt_dec(char *dst, uint64_t v);
char *strfmt_hex(char *dst, uint64_t v);
/* copies s (NUL included) to dst and returns the position of the NUL */
char *strfmt_str(char *dst, const char *s);

#endif
