/*
 * duoboot's native UC_HOOK_BLOCK callback: the common case of C906Hart's block accounting, without
 * a Java upcall per translated block (an upcall costs about as much as a short block's execution).
 *
 * For each block Unicorn is about to run, the hook adds the block's instruction count to the
 * slice and remembers the block, as long as nothing needs deciding: the count is cached for this
 * (address, size), the slice budget allows the block, no stop is requested, no fetch handler is
 * registered at the address and the block's granule is already watched. Anything else goes to the
 * Java side (C906Hart.onBlockSlow), which does the whole job, fills the count cache and may stop the
 * run. Both sides share one struct; its layout is checked by Java at load (duoboot_block_offset).
 *
 * No Unicorn functions are called here: no link dependency, and nothing to keep in step with.
 */
#include <stddef.h>
#include <stdint.h>

#define CACHE_SLOTS 65536    /* count cache: direct mapped by address */
#define FETCH_SLOTS 256      /* fetch-handler addresses: open addressing, exact */
#define WATCH_GRANULES 256   /* watched code granules (WriteTracker.GRANULES) */
#define MAX_BLOCK_BYTES 2048 /* TCG_MAX_INSNS (512) instructions of 4 bytes */
#define EMPTY UINT64_MAX

typedef void (*slow_path)(void *uc, uint64_t address, uint32_t size, void *user_data);

struct hart_blocks {
    int64_t slice_used;      /* instructions counted in this slice */
    int64_t slice_limit;     /* the slice's budget */
    int64_t stop_requested;  /* set by Java: the next block goes to the slow path, which stops */
    uint64_t block_start;    /* the block running now (EMPTY: none) */
    int64_t block_bytes;
    int64_t block_count;
    uint64_t resume_at;      /* the slow path's marker; reset at every block */
    uint64_t watch_base;     /* granules [watch_base, + watch_granules << watch_shift) are watched */
    int64_t watch_shift;
    int64_t watch_granules;
    slow_path slow;          /* the Java upcall */
    uint64_t fetch[FETCH_SLOTS];
    uint8_t watched[WATCH_GRANULES];
    uint64_t cache_address[CACHE_SLOTS];
    uint32_t cache_size[CACHE_SLOTS];
    uint32_t cache_count[CACHE_SLOTS];
};

static int has_fetch_handler(const struct hart_blocks *h, uint64_t address) {
    for (uint32_t i = (uint32_t)(address >> 1) & (FETCH_SLOTS - 1);; i = (i + 1) & (FETCH_SLOTS - 1)) {
        if (h->fetch[i] == address) {
            return 1;
        }
        if (h->fetch[i] == EMPTY) {
            return 0;
        }
    }
}

static int unwatched(const struct hart_blocks *h, uint64_t address) {
    uint64_t g = (address - h->watch_base) >> h->watch_shift; /* below the base wraps to huge */
    return g < (uint64_t)h->watch_granules && !h->watched[g];
}

void duoboot_block_hook(void *uc, uint64_t address, uint32_t size, void *user_data) {
    struct hart_blocks *h = user_data;
    uint32_t slot = (uint32_t)(address >> 1) & (CACHE_SLOTS - 1);
    int64_t n = h->cache_count[slot];
    if (size == 0 || size > MAX_BLOCK_BYTES || h->cache_address[slot] != address || h->cache_size[slot] != size
            || h->stop_requested || (h->slice_used > 0 && h->slice_used + n > h->slice_limit)
            || has_fetch_handler(h, address) || unwatched(h, address)) {
        h->slow(uc, address, size, user_data);
        return;
    }
    h->resume_at = EMPTY;
    h->slice_used += n;
    h->block_start = address;
    h->block_bytes = size;
    h->block_count = n;
}

/* Byte offsets of the struct's fields in declaration order, then its size: Java checks its layout. */
int64_t duoboot_block_offset(int32_t field) {
    static const size_t offsets[] = {
        offsetof(struct hart_blocks, slice_used), offsetof(struct hart_blocks, slice_limit),
        offsetof(struct hart_blocks, stop_requested), offsetof(struct hart_blocks, block_start),
        offsetof(struct hart_blocks, block_bytes), offsetof(struct hart_blocks, block_count),
        offsetof(struct hart_blocks, resume_at), offsetof(struct hart_blocks, watch_base),
        offsetof(struct hart_blocks, watch_shift), offsetof(struct hart_blocks, watch_granules),
        offsetof(struct hart_blocks, slow), offsetof(struct hart_blocks, fetch),
        offsetof(struct hart_blocks, watched), offsetof(struct hart_blocks, cache_address),
        offsetof(struct hart_blocks, cache_size), offsetof(struct hart_blocks, cache_count),
        sizeof(struct hart_blocks),
    };
    return field >= 0 && field < (int32_t)(sizeof offsets / sizeof offsets[0]) ? (int64_t)offsets[field] : -1;
}
