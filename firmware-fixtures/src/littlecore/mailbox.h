/*
 * The CV18xx mailbox as the SDK's rtos_cmdqu uses it (freertos/cvitek/common/include/riscv64/
 * cvi_mailbox.h, task/comm/src/riscv64/comm_main.c): byte-wide registers on a 4-byte stride,
 * eight 8-byte message slots at +0x400. CPU numbers: 0 CA53, 1 C906B, 2 C906L.
 */
#ifndef DUOBOOT_MAILBOX_H
#define DUOBOOT_MAILBOX_H

#include <stdint.h>

#define MAILBOX_REG_BASE 0x01900000UL
#define MAILBOX_REG_BUFF (MAILBOX_REG_BASE + 0x400)
#define MAILBOX_MAX_NUM 8

#define MBOX_CPU_C906B 1
#define MBOX_CPU_C906L 2

#define MBOX_EN(cpu) (MAILBOX_REG_BASE + 0x00 + 4 * (cpu))
#define MBOX_INT_CLR(cpu) (MAILBOX_REG_BASE + 0x10 + 0x10 * (cpu))
#define MBOX_INT_MASK(cpu) (MAILBOX_REG_BASE + 0x14 + 0x10 * (cpu))
#define MBOX_INT(cpu) (MAILBOX_REG_BASE + 0x18 + 0x10 * (cpu))
#define MBOX_INT_RAW(cpu) (MAILBOX_REG_BASE + 0x1c + 0x10 * (cpu))
#define MBOX_SET (MAILBOX_REG_BASE + 0x60)

/* rtos_cmdqu.h: one 8-byte message */
struct cmdqu {
	uint8_t ip_id;
	uint8_t cmd_id : 7;
	uint8_t block : 1;
	uint8_t linux_valid;
	uint8_t rtos_valid;
	uint32_t param_ptr;
} __attribute__((packed, aligned(8)));

/* enum SYS_CMD_ID of milkv's rtos_cmdqu.h and duo-examples' mailbox_test.c */
#define CMD_TEST_A 0x10
#define CMD_DUO_LED 0x13
#define CMD_TEST_A_REPLY 0x12345678 /* what milkv's comm_main.c answers */
/* enum DUO_LED_STATUS */
#define DUO_LED_ON 0x02
#define DUO_LED_OFF 0x03
#define DUO_LED_DONE 0x04

static inline uint8_t mbox_read8(uintptr_t reg)
{
	return *(volatile uint8_t *)reg;
}

static inline void mbox_write8(uintptr_t reg, uint8_t v)
{
	*(volatile uint8_t *)reg = v;
}

#endif
