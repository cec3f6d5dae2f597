/*
 * What hart 0 does after duoboot's Linux model has run: the C906B half of the SDK's rtos_cmdqu
 * round trip (the kernel's rtos_cmdqu driver path that the SDK's mailbox test program drives):
 * post CMD_TEST_A to the C906L through the mailbox and wait, with a timeout, for its answer.
 * The texts are those of the SDK's driver and test program.
 */
#include <stdint.h>

#include "../littlecore/mailbox.h"
#include "console.h"
#include "hypercall.h"

long after_kernel(long next, long timeout_ticks);

static uint64_t rdtime(void)
{
	uint64_t t;

	asm volatile("rdtime %0" : "=r"(t));
	return t;
}

static long mailbox_test(long timeout_ticks)
{
	volatile uint32_t *slot = (volatile uint32_t *)MAILBOX_REG_BUFF;
	int i;

	for (i = 0; i < MAILBOX_MAX_NUM; i++, slot += 2) {
		if (((slot[0] >> 16) & 0xffff) == 0)
			break;
	}
	if (i == MAILBOX_MAX_NUM) {
		con_printf("No valid mailbox is available\n");
		return 1;
	}
	/* ip_id 0, cmd_id CMD_TEST_A, block 1, linux_valid 1 */
	slot[0] = 0 | (CMD_TEST_A << 8) | (1u << 15) | (1u << 16);
	slot[1] = 0;
	mbox_write8(MBOX_INT_CLR(MBOX_CPU_C906L), 1 << i);
	mbox_write8(MBOX_EN(MBOX_CPU_C906L), mbox_read8(MBOX_EN(MBOX_CPU_C906L)) | (1 << i));
	mbox_write8(MBOX_SET, 1 << i);

	uint64_t deadline = rdtime() + (uint64_t)timeout_ticks;
	while (rdtime() < deadline) {
		uint8_t pending = mbox_read8(MBOX_INT(MBOX_CPU_C906B));

		for (int j = 0; j < MAILBOX_MAX_NUM; j++) {
			uint8_t bit = 1 << j;
			volatile uint32_t *reply = (volatile uint32_t *)MAILBOX_REG_BUFF + 2 * j;

			if (!(pending & bit))
				continue;
			mbox_write8(MBOX_INT_CLR(MBOX_CPU_C906B), bit);
			mbox_write8(MBOX_EN(MBOX_CPU_C906B), mbox_read8(MBOX_EN(MBOX_CPU_C906B)) & ~bit);
			uint32_t word0 = reply[0], param = reply[1];
			reply[0] = 0;
			reply[1] = 0;
			if (((word0 >> 24) & 0xff) == 1 && ((word0 >> 8) & 0x7f) == CMD_TEST_A) {
				con_printf("C906B: cmd.param_ptr = 0x%x\n", param);
				return param == CMD_TEST_A_REPLY ? 0 : 2;
			}
		}
	}
	con_printf("RTOS_CMDQU_SEND_WAIT timeout\n");
	con_printf("communicate with rtos fail\n");
	return 3;
}

long after_kernel(long next, long timeout_ticks)
{
	console_init(UART0_BASE);
	if (next == KERNEL_NEXT_MAILBOX_TEST)
		return mailbox_test(timeout_ticks);
	return 0;
}
