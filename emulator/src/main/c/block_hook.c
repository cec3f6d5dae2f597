/*
 * duoboot's native UC_HOOK_BLOCK callback: the common case of C906Hart's block accounting, without
 * a Java upcall per translated block (an upcall costs about as much as running a short block).
 *
 * A block is counted here when the Java side has cached its instruction count and the slice's
 * budget allows it. Java caches only blocks that need no decision (no fetch handler at the
 * address, code granule already watched) and lowers fast_limit below zero to have every block
 * sent to it (a stop request). Every other block goes to C906Hart.onBlock through `slow`, which
 * does the whole job. Both sides share the struct below; Java checks its layout at load
 * (duoboot_block_offset). No Unicorn function is called here, so the library links against nothing.
 */
#include <stddef.h>
#include <stdint.h>

#define CACHE_SLOTS 65536 /* direct mapped by address */

typedef void (*slow_path)(void *uc, uint64_t address, uint32_t size, void *user_data);

struct block_entry {
    uint64_t address;
    uint32_t size;  /* bytes, as the hook reports them */
    uint32_t count; /* instructions */
};

struct hart_blocks {
    int64_t slice_used;   /* instructions counted in this slice */
    int64_t fast_limit;   /* the slice's budget, or -1 to send every block to Java */
    uint64_t block_start; /* the block running now (UINT64_MAX: none) */
    int64_t block_bytes;
    int64_t block_count;
    slow_path slow;       /* the Java upcall */
    struct block_entry cache[CACHE_SLOTS];
};

void duoboot_block_hook(void *uc, uint64_t address, uint32_t size, void *user_data) {
    struct hart_blocks *h = user_data;
    const struct block_entry *e = &h->cache[(address >> 1) & (CACHE_SLOTS - 1)];
    int64_t used = h->slice_used + e->count;
    if (e->address != address || e->size != size || used > h->fast_limit) {
        h->slow(uc, address, size, user_data);
        return;
    }
    h->slice_used = used;
    h->block_start = address;
    h->block_bytes = size;
    h->block_count = e->count;
}

/* Byte offsets of the struct's fields in declaration order, then its size: Java checks its layout. */
int64_t duoboot_block_offset(int32_t field) {
    static const size_t offsets[] = {
        offsetof(struct hart_blocks, slice_used), offsetof(struct hart_blocks, fast_limit),
        offsetof(struct hart_blocks, block_start), offsetof(struct hart_blocks, block_bytes),
        offsetof(struct hart_blocks, block_count), offsetof(struct hart_blocks, slow),
        offsetof(struct hart_blocks, cache), sizeof(struct block_entry), sizeof(struct hart_blocks),
    };
    return field >= 0 && field < (int32_t)(sizeof offsets / sizeof offsets[0]) ? (int64_t)offsets[field] : -1;
}
