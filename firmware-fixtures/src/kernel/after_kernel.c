/*
 * What hart 0 does after duoboot's Linux model has run: duo-examples' mailbox_test program
 * (mailbox-test/mailbox_test.c) through the vendor kernel's rtos_cmdqu driver (rtos_cmdqu.c), on
 * the real emulated mailbox. The program sends CMD_DUO_LED with DUO_LED_ON by RTOS_CMDQU_SEND_WAIT
 * (wait 100 ms), prints the command's param_ptr, sends DUO_LED_OFF by RTOS_CMDQU_SEND and prints it
 * again. The driver's ioctl ignores the wait's -ETIME and returns the command unchanged, so with no
 * answer the program prints its own 0x2 (the driver logs its timeout). The texts are the program's
 * and the driver's; the program's sleeps are left out (nothing they wait for is modelled).
 */
#include <stdint.h>

#include "../littlecore/mailbox.h"
#include "console.h"
#include "hypercall.h"

long after_kernel(long next, long timeout_ticks);

/* what the test returns to the emulator (LittleCoreProbe reads it) */
#define TEST_ANSWERED 0
#define TEST_NO_SLOT 1
#define TEST_WRONG_ANSWER 2
#define TEST_TIMEOUT 3

static uint64_t rdtime(void)
{
	uint64_t t;

	asm volatile("rdtime %0" : "=r"(t));
	return t;
}

#define TICKS_PER_MS 25000 /* the 25 MHz timebase */

/* SBI TIME set_timer (EID "TIME", FID 0), as the kernel's riscv_timer does */
static void sbi_set_timer(uint64_t when)
{
	register uint64_t a0 asm("a0") = when;
	register uint64_t a6 asm("a6") = 0;
	register uint64_t a7 asm("a7") = 0x54494D45;

	asm volatile("ecall" : "+r"(a0) : "r"(a6), "r"(a7) : "a1", "memory");
}

/*
 * Sleeps until the next millisecond or the deadline, as a kernel's idle loop would: the SBI timer
 * wakes the hart from wfi, and the machine skips the time while both harts sleep.
 */
static void nap(uint64_t deadline)
{
	uint64_t next = rdtime() + TICKS_PER_MS;

	sbi_set_timer(next < deadline ? next : deadline);
	asm volatile("wfi");
}

/* rtos_cmdqu_send(): the first slot neither side holds, linux_valid set, the C906L's bit raised */
static int cmdqu_send(uint8_t cmd_id, uint32_t param)
{
	volatile uint32_t *slot = (volatile uint32_t *)MAILBOX_REG_BUFF;
	int i;

	for (i = 0; i < MAILBOX_MAX_NUM; i++, slot += 2) {
		if (((slot[0] >> 16) & 0xffff) == 0)
			break;
	}
	if (i == MAILBOX_MAX_NUM) {
		con_printf("No valid mailbox is available\n");
		return -1;
	}
	/* ip_id 0, block 1 (send_wait sets it and the ioctl copies it back to the program) */
	slot[0] = 0 | ((uint32_t)cmd_id << 8) | (1u << 15) | (1u << 16);
	slot[1] = param;
	mbox_write8(MBOX_INT_CLR(MBOX_CPU_C906L), 1 << i);
	mbox_write8(MBOX_EN(MBOX_CPU_C906L), mbox_read8(MBOX_EN(MBOX_CPU_C906L)) | (1 << i));
	mbox_write8(MBOX_SET, 1 << i);
	return 0;
}

/*
 * rtos_irq_handler() until the deadline: takes each message the C906L raised for the C906B, clears
 * its slot, and returns the first that answers cmd_id (rtos_valid 1, block 1); 0 when none came.
 */
static int cmdqu_wait(uint8_t cmd_id, uint64_t deadline, uint32_t *param)
{
	while (rdtime() < deadline) {
		uint8_t pending = mbox_read8(MBOX_INT(MBOX_CPU_C906B));

		for (int j = 0; j < MAILBOX_MAX_NUM; j++) {
			uint8_t bit = 1 << j;
			volatile uint32_t *reply = (volatile uint32_t *)MAILBOX_REG_BUFF + 2 * j;

			if (!(pending & bit))
				continue;
			mbox_write8(MBOX_INT_CLR(MBOX_CPU_C906B), bit);
			mbox_write8(MBOX_EN(MBOX_CPU_C906B), mbox_read8(MBOX_EN(MBOX_CPU_C906B)) & ~bit);
			uint32_t word0 = reply[0], value = reply[1];
			reply[0] = 0;
			reply[1] = 0;
			if (((word0 >> 24) & 0xff) == 1 && ((word0 >> 15) & 1) && ((word0 >> 8) & 0x7f) == cmd_id) {
				*param = value;
				return 1;
			}
		}
		if (!pending)
			nap(deadline);
	}
	return 0;
}

static long mailbox_test(long wait_ticks)
{
	uint32_t param = DUO_LED_ON;
	long status;

	/* ioctl(RTOS_CMDQU_SEND_WAIT), mstime 100: rtos_cmdqu_send_wait() waits whether or not the send found a slot */
	int sent = cmdqu_send(CMD_DUO_LED, DUO_LED_ON) == 0;

	if (cmdqu_wait(CMD_DUO_LED, rdtime() + (uint64_t)wait_ticks, &param)) {
		status = param == DUO_LED_DONE ? TEST_ANSWERED : TEST_WRONG_ANSWER;
	} else {
		con_printf("RTOS_CMDQU_SEND_WAIT timeout\n");
		status = sent ? TEST_TIMEOUT : TEST_NO_SLOT;
	}
	con_printf("C906B: cmd.param_ptr = 0x%x\n", param);

	/* ioctl(RTOS_CMDQU_SEND): no wait; the answer, if any, is taken and dropped by the IRQ handler */
	uint32_t dropped;

	if (cmdqu_send(CMD_DUO_LED, DUO_LED_OFF) != 0)
		con_printf("ioctl error!\n");
	else if (status == TEST_ANSWERED || status == TEST_WRONG_ANSWER)
		cmdqu_wait(CMD_DUO_LED, rdtime() + (uint64_t)wait_ticks, &dropped);
	con_printf("C906B: cmd.param_ptr = 0x%x\n", DUO_LED_OFF);
	return status;
}

long after_kernel(long next, long timeout_ticks)
{
	console_init(UART0_BASE);
	if (next == KERNEL_NEXT_MAILBOX_TEST)
		return mailbox_test(timeout_ticks);
	if (next == KERNEL_NEXT_IDLE) {
		uint64_t end = rdtime() + (uint64_t)timeout_ticks;

		while (rdtime() < end)
			nap(end);
	}
	return 0;
}
