/*
 * The SD card in slot 0 ("mmc 0") as the SDK's U-Boot 2021.10 brings it up and reads it:
 *   cmd/mmc.c do_mmc_dev();
 *   drivers/mmc/mmc.c mmc_init() (mmc_start_init: card detect; mmc_get_op_cond: power cycle,
 *     mmc_set_initial_state, mmc_go_idle, mmc_send_if_cond, sd_send_op_cond, CMD1 when ACMD41 gets
 *     no answer; mmc_startup: CMD2, CMD3, CMD9, CMD7, sd_get_capabilities, sd_select_mode_and_width
 *     with the SDK's change of trying every mode the host offers whatever the card says,
 *     sd_read_ssr), mmc_bread() (the range check, CMD16 before each read, CMD17 or CMD18 and CMD12),
 *     the retries of CONFIG_MMC_QUIRKS;
 *   drivers/mmc/sdhci.c sdhci_setup_cfg(), sdhci_init(), sdhci_reset(), sdhci_set_clock() (version
 *     3.00 divisors), sdhci_set_ios(), sdhci_send_command() and sdhci_transfer_data() with SDMA for
 *     every data command (CONFIG_MMC_SDHCI_SDMA), restarted at each 512 KiB boundary;
 *   drivers/mmc/cvitek/sdhci-cv181x.c cvi_sdhci_probe(), cvi_general_reset(), cvi_get_cd(): card
 *     detect from the present state, the version 4 registers for 64_addressing, the PHY defaults.
 * The host's settings are those of the SDK's device tree for cv-sd@4310000 (arch/riscv/dts/
 * cv181x_base.dtsi: src-frequency 375 MHz, min-frequency 400 kHz, max-frequency 200 MHz, bus-width
 * 4, 64_addressing, reset_tx_rx_phy): duoboot's control DT has no SD node to read them from. The
 * pads, the SD power switch and the clock PLL, which the vendor driver sets outside the controller,
 * are left alone (duoboot models no signal levels). Messages are U-Boot's at CONFIG_LOGLEVEL 4:
 * pr_err() is printed, pr_warn() and below are not.
 */
#include "console.h"
#include "mmio.h"
#include "sdhci.h"
#include "string.h"
#include "uboot.h"

#define EIO 5
#define EINVAL 22
#define ECOMM 70
#define ETIMEDOUT 110
#define ENOMEDIUM 123
#define EOPNOTSUPP 95
#define ENOTSUPP 524

/* the SDK's DT for cv-sd@4310000 */
#define SRC_FREQUENCY 375000000u
#define MIN_FREQUENCY 400000u
#define MAX_FREQUENCY 200000000u
/* the vendor registers (board/cvitek/cv181x/sdhci_reg.h) */
#define MSHC_CTRL 0x200
#define PHY_TX_RX_DLY 0x240
#define PHY_CONFIG 0x24c

/* struct mmc_cmd response types (include/mmc.h MMC_RSP_*) */
#define RSP_PRESENT (1u << 0)
#define RSP_136 (1u << 1)
#define RSP_CRC (1u << 2)
#define RSP_BUSY (1u << 3)
#define RSP_OPCODE (1u << 4)
#define MMC_RSP_NONE 0
#define MMC_RSP_R1 (RSP_PRESENT | RSP_CRC | RSP_OPCODE)
#define MMC_RSP_R1B (MMC_RSP_R1 | RSP_BUSY)
#define MMC_RSP_R2 (RSP_PRESENT | RSP_136 | RSP_CRC)
#define MMC_RSP_R3 RSP_PRESENT

#define OCR_BUSY 0x80000000u
#define OCR_HCS 0x40000000u
#define SD_DATA_4BIT 0x00040000u
#define SD_HIGHSPEED_BUSY 0x00020000u
#define SD_HIGHSPEED_SUPPORTED 0x00020000u
#define MMC_MAX_BLOCK_LEN 512
#define MAX_BLK_COUNT 65535               /* CONFIG_SYS_MMC_MAX_BLK_COUNT: the host's b_max */
#define BOUNDARY_SIZE (512 * 1024)        /* SDHCI_DEFAULT_BOUNDARY_SIZE, block size bits 7 */
#define READ_STATUS_TIMEOUT_MS 1000
#define CMD_DEFAULT_TIMEOUT_MS 100
#define CMD_MAX_TIMEOUT_MS 3200

enum mode { MMC_LEGACY, SD_HS };
enum { SD_VERSION_UNKNOWN, SD_VERSION_1_0, SD_VERSION_2, SD_VERSION_3 };

struct mmc_cmd {
	unsigned idx;
	uint32_t arg;
	unsigned resp_type;
	uint32_t response[4];
};

struct mmc_data {
	uint8_t *dest;
	unsigned blocks, blocksize;
};

static struct {
	int probed, has_init;
	uint32_t voltages;      /* MMC_VDD_* the host offers (sdhci_setup_cfg) */
	int host_hs;            /* SDHCI_CAN_DO_HISPD: SD_HS among the host's modes */
	int version, high_capacity;
	uint32_t ocr, rca, scr[2], csd[4];
	unsigned read_bl_len, bus_width, clock, legacy_speed, tran_speed;
	int clk_disable;
	enum mode mode;
	unsigned cmd_timeout;
	struct blk_desc blk;
} mmc = { .cmd_timeout = CMD_DEFAULT_TIMEOUT_MS };

/* register buffers the card's data goes to: SCR, switch status, SD status */
static uint8_t reg_buf[64] __attribute__((aligned(64)));

static inline uint8_t rb(unsigned off) { return *(volatile uint8_t *)(SD_BASE + off); }
static inline uint16_t rw(unsigned off) { return *(volatile uint16_t *)(SD_BASE + off); }
static inline uint32_t rl(unsigned off) { return mmio_read_32(SD_BASE + off); }
static inline void wb(unsigned off, uint8_t v) { *(volatile uint8_t *)(SD_BASE + off) = v; }
static inline void ww(unsigned off, uint16_t v) { *(volatile uint16_t *)(SD_BASE + off) = v; }
static inline void wl(unsigned off, uint32_t v) { mmio_write_32(SD_BASE + off, v); }

static uint32_t be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | p[1] << 16 | p[2] << 8 | p[3];
}

static void mdelay(ulong ms)
{
	udelay(ms * 1000);
}

/* ---- the host: drivers/mmc/sdhci.c and cvitek's driver ---------------------------------------- */

/* sdhci_reset() and cvi_general_reset(): the vendor PHY defaults of the default and high speed modes */
static void sdhci_reset(uint8_t mask)
{
	unsigned timeout = 100;

	wb(SOFTWARE_RESET, mask);
	while (rb(SOFTWARE_RESET) & mask) {
		if (timeout == 0) {
			con_printf("%s: Reset 0x%x never completed.\n", "sdhci_reset", (unsigned)mask);
			return;
		}
		timeout--;
		udelay(1000);
	}
	wl(MSHC_CTRL, rl(MSHC_CTRL) | 1u << 1);
	wl(PHY_CONFIG, rl(PHY_CONFIG) | 1u << 0);
	wl(PHY_TX_RX_DLY, 0x1000100);
}

/* sdhci_set_clock(): the version 3.00 divided clock from src-frequency; 0 stops the card clock */
static int sdhci_set_clock(unsigned clock)
{
	unsigned div, timeout = 200;
	uint16_t clk;

	while (rl(PRESENT_STATE) & (PS_CMD_INHIBIT | PS_DAT_INHIBIT)) {
		if (timeout == 0) {
			con_printf("%s: Timeout to wait cmd & data inhibit\n", "sdhci_set_clock");
			return -1;
		}
		timeout--;
		udelay(100);
	}
	ww(CLOCK_CONTROL, 0);
	if (clock == 0)
		return 0;
	if (SRC_FREQUENCY <= clock) {
		div = 1;
	} else {
		for (div = 2; div < 2046; div += 2)
			if (SRC_FREQUENCY / div <= clock)
				break;
	}
	div >>= 1;
	clk = (uint16_t)((div & 0xff) << 8 | ((div >> 8) & 3) << 6 | CLOCK_INT_EN);
	ww(CLOCK_CONTROL, clk);
	for (timeout = 20; !((clk = rw(CLOCK_CONTROL)) & CLOCK_INT_STABLE); timeout--) {
		if (timeout == 0) {
			con_printf("%s: Internal clock never stabilised.\n", "sdhci_set_clock");
			return -1;
		}
		udelay(1000);
	}
	ww(CLOCK_CONTROL, clk | CLOCK_CARD_EN);
	return 0;
}

/* mmc_set_ios() -> sdhci_set_ios(): the clock, the bus width, the high speed bit */
static void set_ios(void)
{
	uint8_t ctrl;

	sdhci_set_clock(mmc.clk_disable ? 0 : mmc.clock);
	ctrl = rb(HOST_CONTROL) & ~0x20; /* version 3.00: no 8-bit bus */
	ctrl = mmc.bus_width == 4 ? ctrl | HC_4BIT_BUS : ctrl & ~HC_4BIT_BUS;
	ctrl = mmc.mode == SD_HS ? ctrl | HC_HIGH_SPEED : ctrl & ~HC_HIGH_SPEED;
	wb(HOST_CONTROL, ctrl);
}

/* mmc_set_clock(): within min-frequency and max-frequency */
static void set_clock(unsigned clock, int disable)
{
	if (!disable) {
		if (clock > MAX_FREQUENCY)
			clock = MAX_FREQUENCY;
		if (clock < MIN_FREQUENCY)
			clock = MIN_FREQUENCY;
	}
	mmc.clock = clock;
	mmc.clk_disable = disable;
	set_ios();
}

static void set_bus_width(unsigned width)
{
	mmc.bus_width = width;
	set_ios();
}

/* mmc_select_mode(): the transfer speed of a mode */
static void select_mode(enum mode m)
{
	mmc.mode = m;
	mmc.tran_speed = m == SD_HS ? 50000000u : mmc.legacy_speed;
}

/* sdhci_prepare_dma(): the buffer's address, and the block count, in the registers of the mode */
static void prepare_dma(const struct mmc_data *data)
{
	uintptr_t addr = (uintptr_t)data->dest;

	wb(HOST_CONTROL, rb(HOST_CONTROL) & ~HC_DMA_MASK); /* SDMA */
	if (rw(HOST_CONTROL2) & HC2_VERSION4) {
		wl(ADMA_ADDRESS, (uint32_t)addr);
		wl(ADMA_ADDRESS + 4, (uint32_t)((uint64_t)addr >> 32));
		wl(SDMA_ADDRESS, data->blocks);
		ww(BLOCK_COUNT, 0);
	} else {
		wl(SDMA_ADDRESS, (uint32_t)addr);
		ww(BLOCK_COUNT, (uint16_t)data->blocks);
	}
}

/* sdhci_transfer_data() by SDMA: until transfer complete, restarting at each buffer boundary */
static int transfer_data(const struct mmc_data *data)
{
	uint64_t next = (uintptr_t)data->dest;
	unsigned timeout = 1000000;
	uint32_t stat;

	do {
		stat = rl(INT_STATUS);
		if (stat & INT_ERROR)
			return -EIO;
		if (stat & INT_DMA) {
			wl(INT_STATUS, INT_DMA);
			next = (next & ~(uint64_t)(BOUNDARY_SIZE - 1)) + BOUNDARY_SIZE;
			if (rw(HOST_CONTROL2) & HC2_VERSION4) {
				wl(ADMA_ADDRESS, (uint32_t)next);
				wl(ADMA_ADDRESS + 4, (uint32_t)(next >> 32));
			} else {
				wl(SDMA_ADDRESS, (uint32_t)next);
			}
		}
		if (timeout-- > 0) {
			udelay(10);
		} else {
			con_printf("%s: Transfer data timeout\n", "sdhci_transfer_data");
			return -ETIMEDOUT;
		}
	} while (!(stat & INT_XFER_COMPLETE));
	return 0;
}

/* sdhci_send_command() */
static int send_cmd(struct mmc_cmd *cmd, struct mmc_data *data)
{
	uint32_t mask = PS_CMD_INHIBIT | PS_DAT_INHIBIT, stat = 0;
	unsigned flags, time = 0;
	int ret = 0;
	ulong start;

	/* a stop command does not wait for the data lines */
	if (cmd->idx == 12)
		mask &= ~PS_DAT_INHIBIT;
	while (rl(PRESENT_STATE) & mask) {
		if (time >= mmc.cmd_timeout) {
			con_printf("%s: MMC: %d busy ", "sdhci_send_command", 0);
			if (2 * mmc.cmd_timeout <= CMD_MAX_TIMEOUT_MS) {
				mmc.cmd_timeout += mmc.cmd_timeout;
				con_printf("timeout increasing to: %u ms.\n", mmc.cmd_timeout);
			} else {
				con_printf("timeout.\n");
				return -ECOMM;
			}
		}
		time++;
		udelay(1000);
	}
	wl(INT_STATUS, 0xffffffffu);

	mask = INT_CMD_COMPLETE;
	if (!(cmd->resp_type & RSP_PRESENT))
		flags = RESP_NONE;
	else if (cmd->resp_type & RSP_136)
		flags = RESP_LONG;
	else if (cmd->resp_type & RSP_BUSY) {
		flags = RESP_SHORT_BUSY;
		mask |= INT_XFER_COMPLETE;
	} else
		flags = RESP_SHORT;
	if (cmd->resp_type & RSP_CRC)
		flags |= CMD_CRC;
	if (cmd->resp_type & RSP_OPCODE)
		flags |= CMD_INDEX;
	if (data)
		flags |= CMD_DATA;

	if (data) {
		uint16_t mode = TM_BLK_CNT_EN | TM_READ | TM_DMA;
		wb(TIMEOUT_CONTROL, 0xe);
		if (data->blocks > 1)
			mode |= TM_MULTI;
		prepare_dma(data);
		ww(BLOCK_SIZE, (uint16_t)(7 << 12 | data->blocksize));
		ww(TRANSFER_MODE, mode);
	} else if (cmd->resp_type & RSP_BUSY) {
		wb(TIMEOUT_CONTROL, 0xe);
	}
	wl(ARGUMENT, cmd->arg);
	ww(COMMAND, (uint16_t)(cmd->idx << 8 | flags));
	start = get_timer(0);
	do {
		stat = rl(INT_STATUS);
		if (stat & INT_ERROR)
			break;
		if (get_timer(start) >= READ_STATUS_TIMEOUT_MS) {
			con_printf("%s: Timeout for status update!\n", "sdhci_send_command");
			return -ETIMEDOUT;
		}
	} while ((stat & mask) != mask);

	if ((stat & (INT_ERROR | mask)) == mask) {
		/* sdhci_cmd_done(): a long response lacks its CRC byte, so it is shifted into place */
		if (cmd->resp_type & RSP_136) {
			for (int i = 0; i < 4; i++) {
				cmd->response[i] = rl(RESPONSE + (3 - i) * 4) << 8;
				if (i != 3)
					cmd->response[i] |= rb(RESPONSE + (3 - i) * 4 - 1);
			}
		} else {
			cmd->response[0] = rl(RESPONSE);
		}
		wl(INT_STATUS, mask);
	} else {
		ret = -1;
	}
	if (!ret && data)
		ret = transfer_data(data);

	stat = rl(INT_STATUS);
	wl(INT_STATUS, 0xffffffffu);
	if (!ret)
		return 0;
	sdhci_reset(RESET_CMD);
	sdhci_reset(RESET_DATA);
	return stat & INT_CMD_TIMEOUT ? -ETIMEDOUT : -ECOMM;
}

/* mmc_send_cmd_retry(): at least once, then up to retries more times while it fails */
static int send_cmd_retry(struct mmc_cmd *cmd, struct mmc_data *data, unsigned retries)
{
	int ret;

	do
		ret = send_cmd(cmd, data);
	while (ret && retries--);
	return ret;
}

static int cmd(unsigned idx, uint32_t arg, unsigned resp_type, struct mmc_cmd *out)
{
	struct mmc_cmd c = { .idx = idx, .arg = arg, .resp_type = resp_type };
	int ret = send_cmd(&c, NULL);

	if (out)
		*out = c;
	return ret;
}

/*
 * cvi_sdhci_probe() -> sdhci_setup_cfg(), sdhci_init(): what U-Boot does when the driver binds at
 * start-up. Bus power follows card detect; an empty slot gets none.
 */
static void mmc_probe(void)
{
	uint32_t caps = rl(CAPABILITIES);

	mmc.voltages = (caps & 1u << 24 ? 0x00300000u : 0) | (caps & 1u << 25 ? 0x00060000u : 0) |
		(caps & 1u << 26 ? 0x00000080u : 0);
	mmc.host_hs = !!(caps & 1u << 21);
	sdhci_reset(RESET_ALL);
	if (rl(PRESENT_STATE) & PS_CARD_PRESENT) {
		wb(POWER_CONTROL, POWER_330_ON); /* fls(voltages) - 1 is MMC_VDD_33_34 */
		mdelay(5);
	} else {
		wb(POWER_CONTROL, 0);
		mdelay(30);
	}
	wl(INT_ENABLE, INT_ENABLE_U_BOOT);
	wl(INT_SIGNAL, 0);
	/* 64_addressing: the version 4 registers, 64-bit system addresses */
	ww(HOST_CONTROL2, rw(HOST_CONTROL2) | HC2_VERSION4 | HC2_64BIT_ADDRESSING);
	/* reset_tx_rx_phy */
	wl(MSHC_CTRL, rl(MSHC_CTRL) | 1u << 1 | 1u << 8 | 1u << 9);
	wl(PHY_TX_RX_DLY, 0x01000100);
	wl(PHY_CONFIG, 1);
	mmc.probed = 1;
}

/* ---- the card: drivers/mmc/mmc.c ---------------------------------------------------------------- */

static void go_idle(void)
{
	udelay(1000);
	cmd(0, 0, MMC_RSP_NONE, NULL);
	udelay(2000);
}

/* sd_send_op_cond(): ACMD41 until the card is powered up */
static int sd_send_op_cond(void)
{
	struct mmc_cmd c;
	int timeout = 1000, err;

	for (;;) {
		if ((err = cmd(55, 0, MMC_RSP_R1, NULL)))
			return err;
		uint32_t arg = (mmc.voltages & 0xff8000) | (mmc.version == SD_VERSION_2 ? OCR_HCS : 0);
		if ((err = cmd(41, arg, MMC_RSP_R3, &c)))
			return err;
		if (c.response[0] & OCR_BUSY)
			break;
		if (timeout-- <= 0)
			return -EOPNOTSUPP;
		udelay(1000);
	}
	if (mmc.version != SD_VERSION_2)
		mmc.version = SD_VERSION_1_0;
	mmc.ocr = c.response[0];
	mmc.high_capacity = (mmc.ocr & OCR_HCS) == OCR_HCS;
	mmc.rca = 0;
	return 0;
}

/* mmc_get_op_cond(): power, the initial state, and an SD card's operating conditions */
static int get_op_cond(void)
{
	struct mmc_cmd c;
	int err;

	/* mmc_power_cycle(): the clock off, 2 ms (no regulator to switch) */
	set_clock(0, 1);
	udelay(2000);
	/* mmc_set_initial_state() */
	select_mode(MMC_LEGACY);
	set_bus_width(1);
	set_clock(0, 0);

	go_idle();
	mmc.version = SD_VERSION_UNKNOWN;
	/* mmc_send_if_cond(): CMD8 makes a version 2 card of one that echoes the pattern */
	if (!cmd(8, ((mmc.voltages & 0xff8000) != 0) << 8 | 0xaa, MMC_RSP_R1, &c) && (c.response[0] & 0xff) == 0xaa)
		mmc.version = SD_VERSION_2;
	err = sd_send_op_cond();
	if (err == -ETIMEDOUT) {
		/* no SD card answered: mmc_send_op_cond() asks for an MMC one with CMD1 */
		go_idle();
		err = cmd(1, 0, MMC_RSP_R3, NULL);
		if (err) {
			con_printf("Card did not respond to voltage select! : %d\n", err);
			return -EOPNOTSUPP;
		}
		/* an MMC card: not what an SD slot holds, and not modelled */
		return -EOPNOTSUPP;
	}
	return err;
}

/* sd_switch(): CMD6, the 64-byte switch status into reg_buf */
static int sd_switch(int set, unsigned value)
{
	struct mmc_cmd c = { .idx = 6, .arg = (uint32_t)set << 31 | 0xfffff0u | value, .resp_type = MMC_RSP_R1 };
	struct mmc_data d = { .dest = reg_buf, .blocks = 1, .blocksize = 64 };

	return send_cmd(&c, &d);
}

/* sd_get_capabilities(): the SCR's bus widths and version, high speed from CMD6 */
static int sd_get_capabilities(int *card_hs)
{
	struct mmc_cmd c = { .idx = 51, .arg = 0, .resp_type = MMC_RSP_R1 };
	struct mmc_data d = { .dest = reg_buf, .blocks = 1, .blocksize = 8 };
	int err, timeout = 4;

	*card_hs = 0;
	if ((err = cmd(55, mmc.rca << 16, MMC_RSP_R1, NULL)))
		return err;
	if ((err = send_cmd_retry(&c, &d, 3)))
		return err;
	mmc.scr[0] = be32(reg_buf);
	mmc.scr[1] = be32(reg_buf + 4);
	switch ((mmc.scr[0] >> 24) & 0xf) {
	case 2:
		mmc.version = (mmc.scr[0] >> 15) & 1 ? SD_VERSION_3 : SD_VERSION_2;
		break;
	default:
		mmc.version = SD_VERSION_1_0; /* 1.10 too, for what follows */
		break;
	}
	if (mmc.version == SD_VERSION_1_0)
		return 0;
	while (timeout--) {
		if ((err = sd_switch(0, 1)))
			return err;
		if (!(be32(reg_buf + 28) & SD_HIGHSPEED_BUSY))
			break;
	}
	*card_hs = !!(be32(reg_buf + 12) & SD_HIGHSPEED_SUPPORTED);
	return 0;
}

/* sd_select_bus_width(): ACMD6 */
static int sd_select_bus_width(unsigned w)
{
	int err = cmd(55, mmc.rca << 16, MMC_RSP_R1, NULL);

	return err ? err : cmd(6, w == 4 ? 2 : 0, MMC_RSP_R1, NULL);
}

/* sd_set_card_speed(): CMD6 switch to the mode's bus speed, and the card must say it switched */
static int sd_set_card_speed(enum mode m)
{
	unsigned speed = m == SD_HS ? 1 : 0; /* HIGH_SPEED_BUS_SPEED, UHS_SDR12_BUS_SPEED */
	int err;

	if (mmc.version == SD_VERSION_1_0)
		return 0;
	if ((err = sd_switch(1, speed)))
		return err;
	return ((be32(reg_buf + 16) >> 24) & 0xf) == speed ? 0 : -ENOTSUPP;
}

/* sd_read_ssr(): ACMD13, the SD status (its erase figures matter to erase only) */
static int sd_read_ssr(void)
{
	struct mmc_cmd c = { .idx = 55, .arg = mmc.rca << 16, .resp_type = MMC_RSP_R1 };
	struct mmc_cmd s = { .idx = 13, .arg = 0, .resp_type = MMC_RSP_R1 };
	struct mmc_data d = { .dest = reg_buf, .blocks = 1, .blocksize = 64 };
	int err = send_cmd_retry(&c, NULL, 4);

	return err ? err : send_cmd_retry(&s, &d, 3);
}

/*
 * sd_select_mode_and_width(): high speed, then the default speed, each at 4 bits then 1 bit; the
 * SDK's U-Boot tries what the host can do without asking what the card can (its card_caps line is
 * commented out), so a card without high speed fails CMD6 and the next one is tried
 */
static int sd_select_mode_and_width(void)
{
	static const enum mode modes[] = { SD_HS, MMC_LEGACY };
	static const unsigned widths[] = { 4, 1 };
	int err;

	for (unsigned m = 0; m < 2; m++) {
		if (modes[m] == SD_HS && !mmc.host_hs)
			continue;
		for (unsigned w = 0; w < 2; w++) {
			err = sd_select_bus_width(widths[w]);
			if (!err) {
				set_bus_width(widths[w]);
				err = sd_set_card_speed(modes[m]);
			}
			if (!err) {
				select_mode(modes[m]);
				set_clock(mmc.tran_speed, 0);
				err = sd_read_ssr(); /* "unable to read ssr" is a pr_warn: not printed */
				if (!err)
					return 0;
			}
			select_mode(MMC_LEGACY);
			set_clock(mmc.tran_speed, 0);
		}
	}
	con_printf("unable to select a mode\n");
	return -ENOTSUPP;
}

/* mmc_startup() for an SD card */
static int startup(void)
{
	static const unsigned fbase[] = { 10000, 100000, 1000000, 10000000, 0, 0, 0, 0 };
	static const unsigned multipliers[] = { 0, 10, 12, 13, 15, 20, 25, 30, 35, 40, 45, 50, 55, 60, 70, 80 };
	struct mmc_cmd c = { .idx = 2, .arg = 0, .resp_type = MMC_RSP_R2 };
	uint64_t csize, cmult, capacity;
	int card_hs, err;

	if ((err = send_cmd_retry(&c, NULL, 4)))
		return err;
	if ((err = cmd(3, 0, MMC_RSP_R1, &c)))
		return err;
	mmc.rca = (c.response[0] >> 16) & 0xffff;
	if ((err = cmd(9, mmc.rca << 16, MMC_RSP_R2, &c)))
		return err;
	memcpy(mmc.csd, c.response, sizeof(mmc.csd));
	/* TRAN_SPEED: the default speed (the multipliers are ten times too big, the bases ten times too small) */
	mmc.legacy_speed = fbase[mmc.csd[0] & 7] * multipliers[(mmc.csd[0] >> 3) & 0xf];
	select_mode(MMC_LEGACY);
	mmc.read_bl_len = 1u << ((mmc.csd[1] >> 16) & 0xf);
	if (mmc.high_capacity) {
		csize = (mmc.csd[1] & 0x3f) << 16 | (mmc.csd[2] & 0xffff0000) >> 16;
		cmult = 8;
	} else {
		csize = (mmc.csd[1] & 0x3ff) << 2 | (mmc.csd[2] & 0xc0000000) >> 30;
		cmult = (mmc.csd[2] & 0x00038000) >> 15;
	}
	capacity = ((csize + 1) << (cmult + 2)) * mmc.read_bl_len;
	if (mmc.read_bl_len > MMC_MAX_BLOCK_LEN)
		mmc.read_bl_len = MMC_MAX_BLOCK_LEN;
	if ((err = cmd(7, mmc.rca << 16, MMC_RSP_R1, NULL)))
		return err;
	if ((err = sd_get_capabilities(&card_hs)))
		return err;
	(void)card_hs; /* see sd_select_mode_and_width() */
	if ((err = sd_select_mode_and_width()))
		return err;
	mmc.blk.blksz = mmc.read_bl_len;
	mmc.blk.lba = capacity / mmc.read_bl_len;
	return 0;
}

/* mmc_init(): the card present, identified and at its speed; 0, or a negative error */
static int mmc_init(void)
{
	int err;

	if (mmc.has_init)
		return 0;
	if (!mmc.probed)
		mmc_probe();
	if (!(rl(PRESENT_STATE) & PS_CARD_PRESENT)) {
		con_printf("MMC: no card present\n");
		return -ENOMEDIUM;
	}
	err = get_op_cond();
	if (!err)
		err = startup();
	mmc.has_init = !err; /* mmc_init's own failure line is a pr_info: not printed */
	return err;
}

/* mmc_read_blocks(): CMD17 for one block, CMD18 and CMD12 for more; the blocks read */
static unsigned long read_blocks(void *dst, uint64_t start, unsigned long blkcnt)
{
	struct mmc_cmd c = { .idx = blkcnt > 1 ? 18 : 17, .arg = (uint32_t)(mmc.high_capacity ? start : start * mmc.read_bl_len),
			     .resp_type = MMC_RSP_R1 };
	struct mmc_data d = { .dest = dst, .blocks = (unsigned)blkcnt, .blocksize = mmc.read_bl_len };

	if (send_cmd(&c, &d))
		return 0;
	if (blkcnt > 1 && cmd(12, 0, MMC_RSP_R1B, NULL)) {
		con_printf("mmc fail to send stop cmd\n");
		return 0;
	}
	return blkcnt;
}

/* mmc_bread(): the range check, CMD16, then requests of at most b_max blocks */
static unsigned long mmc_bread(struct blk_desc *dev, uint64_t start, unsigned long blkcnt, void *dst)
{
	struct mmc_cmd c = { .idx = 16, .arg = mmc.read_bl_len, .resp_type = MMC_RSP_R1 };
	unsigned long todo = blkcnt;
	uint8_t *p = dst;

	if (start + blkcnt > dev->lba) {
		con_printf("MMC: block number 0x%lx exceeds max(0x%lx)\n", (unsigned long)(start + blkcnt),
			   (unsigned long)dev->lba);
		return 0;
	}
	if (send_cmd_retry(&c, NULL, 4))
		return 0;
	while (todo) {
		unsigned long cur = todo > MAX_BLK_COUNT ? MAX_BLK_COUNT : todo;
		if (read_blocks(p, start, cur) != cur)
			return 0;
		todo -= cur;
		start += cur;
		p += cur * mmc.read_bl_len;
	}
	return blkcnt;
}

struct blk_desc *mmc_dev0(void)
{
	mmc.blk.if_name = "mmc";
	mmc.blk.devnum = 0;
	mmc.blk.read = mmc_bread;
	return &mmc.blk;
}

/* do_mmc_dev() for "mmc dev 0": the card (re)initialised, hardware partition 0 selected */
int do_mmc_dev0(void)
{
	mmc_dev0();
	mmc.has_init = 0; /* "mmc dev" forces a new init */
	if (mmc_init())
		return 1;
	/* blk_select_hwpart_devnum(): an SD card has only partition 0, the user area */
	con_printf("switch to partitions #%d, %s\n", 0, "OK");
	con_printf("mmc%d is current device\n", 0);
	return 0;
}

void mmc_initialize(void)
{
	mmc_probe();
}
