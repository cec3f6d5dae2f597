/*
 * sdread: the SD card through the CV18xx SD controller (SDIO0 at 0x04310000, PLIC source 36 at the
 * C906B), driven in the order U-Boot 2021.10's drivers/mmc/sdhci.c and mmc.c drive it: software
 * reset, 3.3 V bus power, the status enables, a 400 kHz clock (sdhci_init, sdhci_set_clock), the SD
 * identification (mmc_go_idle, mmc_send_if_cond, sd_send_op_cond, mmc_startup: CMD0, CMD8, ACMD41,
 * CMD2, CMD3, CMD9, CMD7), a 4-bit bus at 25 MHz (ACMD6, CMD16). Then it reads the MBR by PIO, blocks
 * by PIO and by SDMA (waiting for IRQ 36 and restarting at each buffer boundary), by SDMA with the
 * version 4 registers the SDK's U-Boot selects (64_addressing), writes blocks by PIO and SDMA and
 * reads them back, and prints what it saw. The register layout is the SD Host Controller
 * Simplified Specification's (U-Boot include/sdhci.h).
 */
#include <stdint.h>
#include "console.h"
#include "mmio.h"
#include "sdhci.h"
#include "string.h"

#define PLIC_BASE	0x70000000UL

#define BLOCK		512u
#define SPINS		2000000

/* DMA buffers, above the image: the first 2 KiB below a 4 KiB boundary, the second 1 KiB below a 512 KiB one */
#define DMA_BUFFER	0x80200800UL
#define DMA_BUFFER_V4	0x8027fc00UL

static uint8_t block_buf[8 * BLOCK] __attribute__((aligned(8)));
static uint8_t check_buf[2 * BLOCK] __attribute__((aligned(8)));
static unsigned irqs_taken;

static inline uint8_t rb(unsigned off) { return *(volatile uint8_t *)(SD_BASE + off); }
static inline uint16_t rw(unsigned off) { return *(volatile uint16_t *)(SD_BASE + off); }
static inline uint32_t rl(unsigned off) { return mmio_read_32(SD_BASE + off); }
static inline void wb(unsigned off, uint8_t v) { *(volatile uint8_t *)(SD_BASE + off) = v; }
static inline void ww(unsigned off, uint16_t v) { *(volatile uint16_t *)(SD_BASE + off) = v; }
static inline void wl(unsigned off, uint32_t v) { mmio_write_32(SD_BASE + off, v); }

void unexpected_trap(uint64_t cause, uint64_t epc)
{
	con_printf("sdread: unexpected trap, mcause 0x%lx at 0x%lx\r\n", cause, epc);
}

static uint32_t crc32(const uint8_t *p, unsigned n)
{
	uint32_t c = 0xffffffffu;

	for (unsigned i = 0; i < n; i++) {
		c ^= p[i];
		for (int k = 0; k < 8; k++)
			c = (c >> 1) ^ (0xedb88320u & -(c & 1u));
	}
	return ~c;
}

/* Waits for any of bits in INT_STATUS; 0 and the status on success, -1 (and the status) on an error or no answer. */
static int wait_status(uint32_t bits, uint32_t *stat)
{
	for (int i = 0; i < SPINS; i++) {
		uint32_t s = rl(INT_STATUS);
		*stat = s;
		if (s & INT_ERROR)
			return -1;
		if (s & bits)
			return 0;
	}
	return -1;
}

/* sdhci_send_command: wait for the inhibits, clear the status, argument, command, wait for it. */
static int sd_cmd(unsigned index, uint32_t arg, unsigned flags, uint32_t resp[4])
{
	uint32_t inhibit = (flags & DATA) ? (PS_CMD_INHIBIT | PS_DAT_INHIBIT) : PS_CMD_INHIBIT;
	uint32_t stat;

	for (int i = 0; rl(PRESENT_STATE) & inhibit; i++) {
		if (i == SPINS) {
			con_printf("sdread: CMD%u: controller busy\r\n", index);
			return -1;
		}
	}
	wl(INT_STATUS, 0xffffffffu);
	wl(ARGUMENT, arg);
	ww(COMMAND, (uint16_t)(index << 8 | flags));
	if (wait_status(INT_CMD_COMPLETE, &stat)) {
		con_printf("sdread: CMD%u: error, status 0x%08x\r\n", index, stat);
		wb(SOFTWARE_RESET, 2);
		wb(SOFTWARE_RESET, 4);
		return -1;
	}
	wl(INT_STATUS, INT_CMD_COMPLETE);
	if (resp) {
		if ((flags & 3) == 1) {
			/* R2: RESPONSE holds bits 127..8; put the register back together, most significant word first */
			for (int i = 0; i < 4; i++) {
				resp[i] = rl(RESPONSE + (3 - i) * 4) << 8;
				if (i != 3)
					resp[i] |= rb(RESPONSE + (3 - i) * 4 - 1);
			}
		} else {
			resp[0] = rl(RESPONSE);
		}
	}
	if ((flags & 3) == 3) {
		/* R1b: the busy ends with transfer complete */
		if (wait_status(INT_XFER_COMPLETE, &stat)) {
			con_printf("sdread: CMD%u: busy did not end, status 0x%08x\r\n", index, stat);
			return -1;
		}
		wl(INT_STATUS, INT_XFER_COMPLETE);
	}
	return 0;
}

static int app_cmd(unsigned rca, unsigned index, uint32_t arg, unsigned flags, uint32_t resp[4])
{
	if (sd_cmd(55, rca << 16, RESP_R1, 0))
		return -1;
	return sd_cmd(index, arg, flags, resp);
}

/* sdhci_set_clock, version 3.00 divided clock: base / (2 * div), from the SDK's 375 MHz src-frequency; returns the SD clock. */
static unsigned set_clock(unsigned hz)
{
	unsigned base = 375000000u, div = 0;

	if (base > hz)
		for (div = 1; base / (2 * div) > hz; div++)
			;
	ww(CLOCK_CONTROL, 0);
	ww(CLOCK_CONTROL, (uint16_t)((div & 0xff) << 8 | ((div >> 8) & 3) << 6 | 1));
	for (int i = 0; !(rw(CLOCK_CONTROL) & 2); i++)
		if (i == SPINS) {
			con_printf("sdread: internal clock never stabilised\r\n");
			return 0;
		}
	ww(CLOCK_CONTROL, rw(CLOCK_CONTROL) | 4);
	return div ? base / (2 * div) : base;
}

/* Moves blocks by PIO (sdhci_transfer_data without DMA); a multiple-block command is stopped by CMD12. */
static int pio(unsigned index, uint32_t arg, unsigned blocks, unsigned size, uint8_t *buf, int read)
{
	uint32_t stat;
	uint32_t mode = TM_BLK_CNT_EN | (read ? TM_READ : 0) | (blocks > 1 ? TM_MULTI : 0);

	ww(BLOCK_SIZE, (uint16_t)(7 << 12 | size));
	ww(BLOCK_COUNT, (uint16_t)blocks);
	ww(TRANSFER_MODE, (uint16_t)mode);
	if (sd_cmd(index, arg, RESP_R1 | DATA, 0))
		return -1;
	for (unsigned b = 0; b < blocks; b++) {
		if (wait_status(read ? INT_DATA_AVAIL : INT_SPACE_AVAIL, &stat)) {
			con_printf("sdread: CMD%u block %u: no buffer, status 0x%08x\r\n", index, b, stat);
			return -1;
		}
		wl(INT_STATUS, read ? INT_DATA_AVAIL : INT_SPACE_AVAIL);
		for (unsigned i = 0; i < size; i += 4) {
			uint32_t *w = (uint32_t *)(buf + b * size + i);
			if (read)
				*w = rl(BUFFER);
			else
				wl(BUFFER, *w);
		}
	}
	if (wait_status(INT_XFER_COMPLETE, &stat)) {
		con_printf("sdread: CMD%u: no transfer complete, status 0x%08x\r\n", index, stat);
		return -1;
	}
	wl(INT_STATUS, INT_XFER_COMPLETE);
	return blocks > 1 ? sd_cmd(12, 0, RESP_R1B, 0) : 0;
}

static void plic_enable(void)
{
	mmio_write_32(PLIC_BASE + 4 * SD_IRQ, 1);                          /* priority */
	mmio_setbits_32(PLIC_BASE + 0x2000 + 4 * (SD_IRQ / 32), 1u << (SD_IRQ % 32)); /* context 0: M-mode */
	mmio_write_32(PLIC_BASE + 0x200000, 0);                             /* threshold */
	__asm__ volatile("csrs mie, %0" :: "r"(1ul << 11));                 /* MEIE; MIE stays clear: wfi wakes */
}

/*
 * SDMA with the version 3 registers: the address at 0x00, a 4 KiB buffer boundary. Waits for the
 * controller's interrupt with wfi, claims it at the PLIC, restarts the DMA at each boundary stop.
 * Returns the number of stops, or -1.
 */
static int sdma_irq(unsigned index, uint32_t arg, unsigned blocks, uintptr_t buffer, int read)
{
	int stops = 0;

	wl(INT_SIGNAL, INT_XFER_COMPLETE | INT_DMA | 0xffff0000u);
	wl(SDMA_ADDRESS, (uint32_t)buffer);
	ww(BLOCK_SIZE, (uint16_t)(0 << 12 | BLOCK));
	ww(BLOCK_COUNT, (uint16_t)blocks);
	ww(TRANSFER_MODE, (uint16_t)(TM_DMA | TM_BLK_CNT_EN | (blocks > 1 ? TM_MULTI : 0) | (read ? TM_READ : 0)));
	if (sd_cmd(index, arg, RESP_R1 | DATA, 0))
		return -1;
	for (int i = 0; i < 1000; i++) {
		__asm__ volatile("wfi");
		uint32_t claim = mmio_read_32(PLIC_BASE + 0x200004);
		if (claim == 0)
			continue;
		irqs_taken++;
		uint32_t stat = rl(INT_STATUS);
		int done = 0;
		if (claim != SD_IRQ || (stat & INT_ERROR)) {
			con_printf("sdread: interrupt %u, SD status 0x%08x\r\n", claim, stat);
			done = -1;
		} else if (stat & INT_XFER_COMPLETE) {
			wl(INT_STATUS, INT_XFER_COMPLETE | INT_DMA);
			done = 1;
		} else if (stat & INT_DMA) {
			/* the address register points at the next byte: writing it back restarts the DMA */
			wl(INT_STATUS, INT_DMA);
			stops++;
			wl(SDMA_ADDRESS, rl(SDMA_ADDRESS));
		}
		mmio_write_32(PLIC_BASE + 0x200004, claim);
		if (done) {
			wl(INT_SIGNAL, 0);
			return done < 0 ? -1 : stops;
		}
	}
	wl(INT_SIGNAL, 0);
	con_printf("sdread: CMD%u: no end of the transfer\r\n", index);
	return -1;
}

/*
 * SDMA as the SDK's U-Boot does it with 64_addressing (drivers/mmc/sdhci.c sdhci_prepare_dma and
 * sdhci_transfer_data): Host Control 2 version 4 and 64-bit addressing, the address at 0x58/0x5c,
 * the 32-bit block count at 0x00, a 512 KiB boundary, polled. Returns the number of stops, or -1.
 */
static int sdma_v4(unsigned index, uint32_t arg, unsigned blocks, uintptr_t buffer)
{
	int stops = 0;
	uint32_t stat;
	uint64_t next = buffer;

	ww(HOST_CONTROL2, rw(HOST_CONTROL2) | 0x3000);
	wl(ADMA_ADDRESS, (uint32_t)next);
	wl(ADMA_ADDRESS + 4, (uint32_t)(next >> 32));
	wl(SDMA_ADDRESS, blocks);
	ww(BLOCK_COUNT, 0);
	ww(BLOCK_SIZE, (uint16_t)(7 << 12 | BLOCK));
	ww(TRANSFER_MODE, (uint16_t)(TM_DMA | TM_BLK_CNT_EN | TM_READ | (blocks > 1 ? TM_MULTI : 0)));
	if (sd_cmd(index, arg, RESP_R1 | DATA, 0))
		return -1;
	while (1) {
		if (wait_status(INT_XFER_COMPLETE | INT_DMA, &stat)) {
			con_printf("sdread: CMD%u: status 0x%08x\r\n", index, stat);
			return -1;
		}
		if (stat & INT_XFER_COMPLETE)
			break;
		wl(INT_STATUS, INT_DMA);
		stops++;
		next = (next & ~(uint64_t)(512 * 1024 - 1)) + 512 * 1024;
		wl(ADMA_ADDRESS, (uint32_t)next);
		wl(ADMA_ADDRESS + 4, (uint32_t)(next >> 32));
	}
	wl(INT_STATUS, INT_XFER_COMPLETE);
	ww(HOST_CONTROL2, rw(HOST_CONTROL2) & ~0x3000);
	return blocks > 1 && sd_cmd(12, 0, RESP_R1B, 0) ? -1 : stops;
}

static uint32_t le32(const uint8_t *p)
{
	return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24;
}

static void fill(uint8_t *p, unsigned n, unsigned seed)
{
	for (unsigned i = 0; i < n; i++)
		p[i] = (uint8_t)(i * 13 + seed);
}

int main(void)
{
	uint32_t r[4];

	console_init(UART0_BASE);
	con_printf("sdread: SD controller version 0x%04x, capabilities 0x%08x 0x%08x\r\n", rw(HOST_VERSION),
		   rl(CAPABILITIES), rl(CAPABILITIES_1));
	if (!(rl(PRESENT_STATE) & PS_CARD_PRESENT)) {
		con_printf("sdread: no card present\r\n");
		return 0;
	}
	con_printf("sdread: card present\r\n");

	/* sdhci_init: reset all, bus power at 3.3 V, the status enables, nothing signalled */
	wb(SOFTWARE_RESET, 1);
	while (rb(SOFTWARE_RESET) & 1)
		;
	wb(POWER_CONTROL, 0x0f);
	wl(INT_ENABLE, 0x027f003bu);
	wl(INT_SIGNAL, 0);
	set_clock(400000);

	sd_cmd(0, 0, RESP_NONE, 0);
	if (sd_cmd(8, 0x1aa, RESP_R1, r))
		return 0;
	con_printf("sdread: CMD8 echoed 0x%03x\r\n", r[0]);
	unsigned tries = 0;
	do {
		if (app_cmd(0, 41, 0x40300000u, RESP_R3, r))
			return 0;
		tries++;
	} while (!(r[0] & 0x80000000u) && tries < 1000);
	con_printf("sdread: OCR 0x%08x after %u ACMD41\r\n", r[0], tries);
	if (!(r[0] & 0x40000000u)) {
		con_printf("sdread: not a high-capacity card\r\n");
		return 0;
	}

	if (sd_cmd(2, 0, RESP_R2, r))
		return 0;
	con_printf("sdread: CID manufacturer 0x%02x OEM %c%c product %c%c%c%c%c rev %u.%u serial 0x%08x made %u-%02u\r\n",
		   r[0] >> 24, (r[0] >> 16) & 0xff, (r[0] >> 8) & 0xff, r[0] & 0xff, r[1] >> 24, (r[1] >> 16) & 0xff,
		   (r[1] >> 8) & 0xff, r[1] & 0xff, r[2] >> 28, (r[2] >> 24) & 0xf, (r[2] << 8) | (r[3] >> 24),
		   2000 + ((r[3] >> 12) & 0xff), (r[3] >> 8) & 0xf);
	if (sd_cmd(3, 0, RESP_R1, r))
		return 0;
	unsigned rca = r[0] >> 16;
	if (sd_cmd(9, rca << 16, RESP_R2, r))
		return 0;
	unsigned csd_version = r[0] >> 30;
	uint32_t c_size = (r[1] & 0x3f) << 16 | r[2] >> 16;
	uint32_t blocks = (c_size + 1) * 1024;
	con_printf("sdread: RCA 0x%04x, CSD version %u.0, C_SIZE %u: %u blocks of 512 bytes\r\n", rca, csd_version + 1,
		   c_size, blocks);

	if (sd_cmd(7, rca << 16, RESP_R1B, 0) || app_cmd(rca, 6, 2, RESP_R1, 0) || sd_cmd(16, BLOCK, RESP_R1, 0))
		return 0;
	wb(HOST_CONTROL, rb(HOST_CONTROL) | 2);
	unsigned hz = set_clock(25000000);
	con_printf("sdread: selected, 4-bit bus at %u Hz, block length 512\r\n", hz);

	if (pio(17, 0, 1, BLOCK, block_buf, 1))
		return 0;
	con_printf("sdread: MBR (PIO CMD17): disk signature 0x%08x, boot signature 0x%02x%02x\r\n", le32(block_buf + 440),
		   block_buf[510], block_buf[511]);
	for (int p = 0; p < 4; p++) {
		const uint8_t *e = block_buf + 446 + 16 * p;
		if (e[4])
			con_printf("sdread: partition %d: type 0x%02x, start %u, %u sectors\r\n", p + 1, e[4], le32(e + 8),
				   le32(e + 12));
	}

	if (pio(18, 1, 4, BLOCK, block_buf, 1))
		return 0;
	con_printf("sdread: PIO CMD18+CMD12 blocks 1..4: crc32");
	for (int b = 0; b < 4; b++)
		con_printf(" 0x%08x", crc32(block_buf + b * BLOCK, BLOCK));
	con_printf("\r\n");

	plic_enable();
	int stops = sdma_irq(18, 8, 16, DMA_BUFFER, 1);
	if (stops < 0 || sd_cmd(12, 0, RESP_R1B, 0))
		return 0;
	con_printf("sdread: SDMA CMD18 blocks 8..23 to 0x%lx, 4 KiB boundary: %d stops, %u interrupts, crc32 0x%08x\r\n",
		   DMA_BUFFER, stops, irqs_taken, crc32((const uint8_t *)DMA_BUFFER, 16 * BLOCK));

	stops = sdma_v4(18, 24, 8, DMA_BUFFER_V4);
	if (stops < 0)
		return 0;
	con_printf("sdread: SDMA (version 4 registers) CMD18 blocks 24..31 to 0x%lx: %d stops, crc32 0x%08x\r\n",
		   DMA_BUFFER_V4, stops, crc32((const uint8_t *)DMA_BUFFER_V4, 8 * BLOCK));

	unsigned last = blocks - 1;
	fill(block_buf, BLOCK, last);
	if (pio(24, last, 1, BLOCK, block_buf, 0))
		return 0;
	memset((void *)DMA_BUFFER, 0, BLOCK);
	if (sdma_irq(17, last, 1, DMA_BUFFER, 1) < 0)
		return 0;
	con_printf("sdread: PIO CMD24 block %u, SDMA CMD17 back: %s\r\n", last,
		   memcmp((const void *)DMA_BUFFER, block_buf, BLOCK) ? "DIFFERENT" : "same");

	fill((uint8_t *)DMA_BUFFER, 2 * BLOCK, last - 2);
	if (sdma_irq(25, last - 2, 2, DMA_BUFFER, 0) < 0 || sd_cmd(12, 0, RESP_R1B, 0))
		return 0;
	unsigned state;
	do {
		if (sd_cmd(13, rca << 16, RESP_R1, r))
			return 0;
		state = (r[0] >> 9) & 0xf;
	} while (state == 7 || !(r[0] & (1u << 8)));
	if (pio(18, last - 2, 2, BLOCK, check_buf, 1))
		return 0;
	con_printf("sdread: SDMA CMD25+CMD12 blocks %u..%u, CMD13 state %u, PIO CMD18 back: %s\r\n", last - 2, last - 1,
		   state, memcmp(check_buf, (const void *)DMA_BUFFER, 2 * BLOCK) ? "DIFFERENT" : "same");
	con_printf("sdread: done, %u interrupts from the SD controller\r\n", irqs_taken);
	return 0;
}
