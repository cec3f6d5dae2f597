/* The two FIT hash algorithms the U-Boot fixture verifies (U-Boot common/hash.c, lib/crc32.c). */
#ifndef DUOBOOT_HASH_H
#define DUOBOOT_HASH_H

#include <stddef.h>
#include <stdint.h>

#define SHA256_SUM_LEN 32

/* IEEE 802.3 CRC-32 (reflected, polynomial 0xedb88320), as zlib's crc32(crc, buf, len) */
uint32_t crc32(uint32_t crc, const void *buf, size_t len);
/* FIPS 180-4 SHA-256 of one buffer */
void sha256(const void *buf, size_t len, uint8_t out[SHA256_SUM_LEN]);

#endif
