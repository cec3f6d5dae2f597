/* A tiny little-core firmware in the shape of the Arduino SDK's (milkv-duo/duo-arduino
 * resource_table.h, link.ld): linked at the Duo256M FREERTOS_ADDR, one carveout in a
 * .resource_table section. Test input for dev.duoboot.sdk.ElfFile; rebuild with ./build.sh. */
#include <stdint.h>

struct rsc_carveout {
    uint32_t type, da, pa, len, flags, reserved;
    char name[32];
};

struct rsc_table {
    uint32_t ver, num, reserved[2];
    uint32_t offset[1];
    struct rsc_carveout text;
};

__attribute__((section(".resource_table"), used))
const struct rsc_table resource_table = {
    .ver = 1,
    .num = 1,
    .offset = {__builtin_offsetof(struct rsc_table, text)},
    .text = {.type = 0, .da = 0x8fe00000, .pa = 0x8fe00000, .len = 0x200000, .name = "text"},
};

volatile uint32_t counter = 7;
uint32_t zeroed[16];

__attribute__((section(".vectors"), naked)) void _start(void)
{
    __asm__ volatile("la sp, _stack_top\n j main");
}

int main(void)
{
    for (;;)
        counter += zeroed[counter & 15] + 1;
}
