/*
 * duoboot's little-core (C906L) image: stands in for the SDK's FreeRTOS / an Arduino sketch.
 * It prints a banner naming its hart and the address it runs from, then serves the rtos_cmdqu
 * mailbox protocol as milkv's FreeRTOS does (duo-buildroot-sdk freertos/cvitek/task/comm/src/
 * riscv64/comm_main.c prvCmdQuRunTask()): CMD_TEST_A is answered with 0x12345678 and CMD_DUO_LED
 * (duo-examples' mailbox_test) with DUO_LED_DONE. Sophgo's own FreeRTOS serves neither, so the
 * C906B's mailbox test tells the two apart.
 *
 * It wakes from wfi on its CLINT tick (1 ms) and on the mailbox interrupt (PLIC source 61).
 */
#include <stdint.h>

#include "console.h"
#include "mailbox.h"
#include "mmio.h"
#include "rsc_table.h"

#define CLINT_BASE 0x74000000UL
#define CLINT_MTIMECMP_LO (CLINT_BASE + 0x4000)
#define CLINT_MTIMECMP_HI (CLINT_BASE + 0x4004)
#define CLINT_MTIME_LO (CLINT_BASE + 0xbff8)
#define CLINT_MTIME_HI (CLINT_BASE + 0xbffc)
#define TICK (25000000 / 1000) /* 25 MHz timebase, 1 ms */

#define PLIC_BASE 0x70000000UL
#define MBOX_INT_C906_2ND 61 /* hal/cv18{0,1}x/config/intr_conf.h */

#define MIE_MTIE (1UL << 7)
#define MIE_MEIE (1UL << 11)

#if defined(TABLE_ARDUINO) || defined(TABLE_VDEV)
/* The Arduino core's table (cores/sg200x/bsp/include/resource_table.h): one carveout named
 * "text" at the image's own address; the vdev variant adds an rpmsg device with two vrings. */
struct rsc_table {
	uint32_t ver;
	uint32_t num;
	uint32_t reserved[2];
#ifdef TABLE_VDEV
	uint32_t offset[2];
#else
	uint32_t offset[1];
#endif
	struct fw_rsc_carveout text;
#ifdef TABLE_VDEV
	struct fw_rsc_vdev rpmsg;
#endif
};

__attribute__((used, section(".resource_table"))) const struct rsc_table resource_table = {
	.ver = 1,
#ifdef TABLE_VDEV
	.num = 2,
	.offset = { __builtin_offsetof(struct rsc_table, text), __builtin_offsetof(struct rsc_table, rpmsg) },
#else
	.num = 1,
	.offset = { __builtin_offsetof(struct rsc_table, text) },
#endif
	.text = { RSC_CARVEOUT, START_ADDR, START_ADDR, CARVEOUT_LEN, 0, 0, "text" },
#ifdef TABLE_VDEV
	.rpmsg = { RSC_VDEV, VIRTIO_ID_RPMSG, 0, 1, 0, 0, 0, 2, { 0, 0 },
		   { { FW_RSC_ADDR_ANY, 4096, 16, 1, 0 }, { FW_RSC_ADDR_ANY, 4096, 16, 2, 0 } } },
#endif
};
#endif

extern char _start[];
void trap_handler(unsigned long cause, unsigned long epc, unsigned long tval);
void main(void);

static uint64_t mtime(void)
{
	uint32_t hi, lo;

	do {
		hi = mmio_read_32(CLINT_MTIME_HI);
		lo = mmio_read_32(CLINT_MTIME_LO);
	} while (hi != mmio_read_32(CLINT_MTIME_HI));
	return ((uint64_t)hi << 32) | lo;
}

static void arm_tick(void)
{
	uint64_t next = mtime() + TICK;

	mmio_write_32(CLINT_MTIMECMP_HI, 0xffffffff);
	mmio_write_32(CLINT_MTIMECMP_LO, (uint32_t)next);
	mmio_write_32(CLINT_MTIMECMP_HI, (uint32_t)(next >> 32));
}

/* comm_main.c send path: first free slot, clear the C906B's pending bit, enable it, raise it. */
static void send_to_c906b(struct cmdqu *reply)
{
	volatile struct cmdqu *slot = (volatile struct cmdqu *)MAILBOX_REG_BUFF;

	for (int i = 0; i < MAILBOX_MAX_NUM; i++, slot++) {
		if (slot->linux_valid == 0 && slot->rtos_valid == 0) {
			volatile uint32_t *word = (volatile uint32_t *)slot;

			word[0] = reply->ip_id | ((uint32_t)reply->cmd_id << 8) | ((uint32_t)reply->block << 15) |
				  ((uint32_t)reply->linux_valid << 16) | ((uint32_t)reply->rtos_valid << 24);
			word[1] = reply->param_ptr;
			mbox_write8(MBOX_INT_CLR(MBOX_CPU_C906B), 1 << i);
			mbox_write8(MBOX_EN(MBOX_CPU_C906B), mbox_read8(MBOX_EN(MBOX_CPU_C906B)) | (1 << i));
			mbox_write8(MBOX_SET, 1 << i);
			return;
		}
	}
	con_printf("No valid mailbox is available\n");
}

/* comm_main.c prvQueueISR + prvCmdQuRunTask, without the task queue. */
static void serve_mailbox(void)
{
	uint8_t pending = mbox_read8(MBOX_INT(MBOX_CPU_C906L));

	for (int i = 0; i < MAILBOX_MAX_NUM; i++) {
		uint8_t bit = 1 << i;
		volatile uint64_t *slot = (volatile uint64_t *)MAILBOX_REG_BUFF + i;
		union {
			uint64_t raw;
			struct cmdqu cmd;
		} msg;

		if (!(pending & bit))
			continue;
		mbox_write8(MBOX_INT_CLR(MBOX_CPU_C906L), bit);
		mbox_write8(MBOX_EN(MBOX_CPU_C906L), mbox_read8(MBOX_EN(MBOX_CPU_C906L)) & ~bit);
		msg.raw = *slot;
		*slot = 0;
		if (msg.cmd.linux_valid != 1) {
			con_printf("rtos cmdq is not valid %d, ip=%d , cmd=%d\n", msg.cmd.rtos_valid, msg.cmd.ip_id,
				   msg.cmd.cmd_id);
			continue;
		}
		switch (msg.cmd.cmd_id) {
#ifdef SOPHGO_COMMANDS
		/* Sophgo's comm_main.c: a message for ip_id 0 (ISP) goes to a queue no task reads */
#else
		case CMD_TEST_A:
			msg.cmd.param_ptr = CMD_TEST_A_REPLY;
			break;
		case CMD_DUO_LED:
			/* milkv's FreeRTOS switches the LED here; duoboot models no GPIO */
			con_printf("recv cmd(%d) from C906B, param_ptr [0x%x]\n", msg.cmd.cmd_id, msg.cmd.param_ptr);
			msg.cmd.param_ptr = DUO_LED_DONE;
			break;
#endif
		default: /* the other commands are not modelled */
			continue;
		}
		msg.cmd.rtos_valid = 1;
		msg.cmd.linux_valid = 0;
		con_printf("recv cmd(%d) from C906B...send [0x%x] to C906B\n", msg.cmd.cmd_id, msg.cmd.param_ptr);
		send_to_c906b(&msg.cmd);
	}
}

void trap_handler(unsigned long cause, unsigned long epc, unsigned long tval)
{
	if ((long)cause < 0) {
		unsigned long code = cause & 0xff;

		if (code == 7) {
			arm_tick();
		} else if (code == 11) {
			uint32_t irq = mmio_read_32(PLIC_BASE + 0x200004);

			mmio_write_32(PLIC_BASE + 0x200004, irq);
		}
		serve_mailbox();
		return;
	}
	con_printf("C906L: exception mcause=0x%lx mepc=0x%lx mtval=0x%lx, halting\n", cause, epc, tval);
	for (;;)
		asm volatile("wfi");
}

void main(void)
{
	unsigned long hart, here;

	asm volatile("csrr %0, mhartid" : "=r"(hart));
	here = (unsigned long)_start; /* PC-relative: where the image really runs */
	console_init(UART0_BASE);
	con_printf("C906L: duoboot little-core image (%s) on hart %lu, running at 0x%lx\n", VARIANT, hart, here);

	/* mailbox interrupt through the little core's PLIC (M-mode context 0), plus a 1 ms tick */
	mmio_write_32(PLIC_BASE + 4 * MBOX_INT_C906_2ND, 1);
	mmio_write_32(PLIC_BASE + 0x2000 + 4 * (MBOX_INT_C906_2ND / 32), 1u << (MBOX_INT_C906_2ND % 32));
	mmio_write_32(PLIC_BASE + 0x200000, 0);
	arm_tick();
	asm volatile("csrw mie, %0" : : "r"(MIE_MTIE | MIE_MEIE));
	asm volatile("csrsi mstatus, 8");
	con_printf("C906L: waiting for rtos_cmdqu commands\n");
	for (;;)
		asm volatile("wfi");
}
