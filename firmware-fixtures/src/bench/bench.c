/* The compute loop of `duoboot bench`: a bitwise CRC-32 of 512 bytes, an insertion sort of 64 words
 * and a 1 KiB byte copy per round, the mix of docs/facts/unicorn-riscv.md §5. */
#include <stdint.h>
static uint8_t buf[512];
static uint32_t arr[64];
static uint8_t src[1024], dst[1024];

static uint32_t crc32(const uint8_t *p, int n) {
    uint32_t c = 0xffffffffu;
    for (int i = 0; i < n; i++) {
        c ^= p[i];
        for (int k = 0; k < 8; k++) c = (c >> 1) ^ (0xedb88320u & -(c & 1u));
    }
    return ~c;
}

static void isort(uint32_t *a, int n) {
    for (int i = 1; i < n; i++) {
        uint32_t v = a[i];
        int j = i - 1;
        while (j >= 0 && a[j] > v) { a[j + 1] = a[j]; j--; }
        a[j + 1] = v;
    }
}

uint64_t bench(uint64_t rounds) {
    uint64_t sum = 0;
    uint32_t seed = 12345;
    for (uint64_t r = 0; r < rounds; r++) {
        for (int i = 0; i < 512; i++) { seed = seed * 1103515245u + 12345u; buf[i] = seed >> 16; }
        sum += crc32(buf, 512);
        for (int i = 0; i < 64; i++) { seed = seed * 1103515245u + 12345u; arr[i] = seed; }
        isort(arr, 64);
        sum += arr[0] ^ arr[63];
        for (int i = 0; i < 1024; i++) dst[i] = src[i] + (uint8_t) r;
        sum += dst[r & 1023];
    }
    return sum;
}
