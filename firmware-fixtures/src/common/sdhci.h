/*
 * The CV18xx SD controller as the fixtures drive it: SDIO0 at 0x04310000 (facts sdk-boot-flow.md
 * §9), PLIC source 36 at the C906B, registers as the SD Host Controller Simplified Specification
 * (version 3.00, §2.2) lays them out, named as U-Boot's include/sdhci.h names them.
 */
#ifndef DUOBOOT_SDHCI_H
#define DUOBOOT_SDHCI_H

#define SD_BASE		0x04310000UL
#define SD_IRQ		36

/* registers */
#define SDMA_ADDRESS	0x00	/* version 4 mode: the 32-bit block count */
#define BLOCK_SIZE	0x04
#define BLOCK_COUNT	0x06
#define ARGUMENT	0x08
#define TRANSFER_MODE	0x0c
#define COMMAND		0x0e
#define RESPONSE	0x10
#define BUFFER		0x20
#define PRESENT_STATE	0x24
#define HOST_CONTROL	0x28
#define POWER_CONTROL	0x29
#define CLOCK_CONTROL	0x2c
#define TIMEOUT_CONTROL	0x2e
#define SOFTWARE_RESET	0x2f
#define INT_STATUS	0x30
#define INT_ENABLE	0x34
#define INT_SIGNAL	0x38
#define HOST_CONTROL2	0x3e
#define CAPABILITIES	0x40
#define CAPABILITIES_1	0x44
#define ADMA_ADDRESS	0x58	/* version 4 mode: the SDMA system address, low word; high word at 0x5c */
#define HOST_VERSION	0xfe

/* INT_STATUS / INT_ENABLE: normal status in bits 15..0, error status in bits 31..16 */
#define INT_CMD_COMPLETE	(1u << 0)
#define INT_XFER_COMPLETE	(1u << 1)
#define INT_DMA			(1u << 3)
#define INT_SPACE_AVAIL		(1u << 4)
#define INT_DATA_AVAIL		(1u << 5)
#define INT_ERROR		(1u << 15)
#define INT_CMD_TIMEOUT		(1u << 16)
/* U-Boot's SDHCI_INT_CMD_MASK | SDHCI_INT_DATA_MASK: what sdhci_init() enables */
#define INT_ENABLE_U_BOOT	0x027f003bu

/* PRESENT_STATE */
#define PS_CMD_INHIBIT		(1u << 0)
#define PS_DAT_INHIBIT		(1u << 1)
#define PS_CARD_PRESENT		(1u << 16)

/* HOST_CONTROL, POWER_CONTROL, SOFTWARE_RESET, HOST_CONTROL2, CLOCK_CONTROL */
#define HC_4BIT_BUS		(1u << 1)
#define HC_HIGH_SPEED		(1u << 2)
#define HC_DMA_MASK		(3u << 3)
#define POWER_330_ON		0x0f
#define RESET_ALL		0x01
#define RESET_CMD		0x02
#define RESET_DATA		0x04
#define HC2_VERSION4		(1u << 12)
#define HC2_64BIT_ADDRESSING	(1u << 13)
#define CLOCK_INT_EN		(1u << 0)
#define CLOCK_INT_STABLE	(1u << 1)
#define CLOCK_CARD_EN		(1u << 2)

/* TRANSFER_MODE */
#define TM_DMA		(1u << 0)
#define TM_BLK_CNT_EN	(1u << 1)
#define TM_READ		(1u << 4)
#define TM_MULTI	(1u << 5)

/* COMMAND flags: response type, CRC and index checks, data present */
#define RESP_NONE	0x00
#define RESP_LONG	0x01
#define RESP_SHORT	0x02
#define RESP_SHORT_BUSY	0x03
#define CMD_CRC		0x08
#define CMD_INDEX	0x10
#define CMD_DATA	0x20
#define RESP_R2		(RESP_LONG | CMD_CRC)
#define RESP_R3		RESP_SHORT
#define RESP_R1		(RESP_SHORT | CMD_CRC | CMD_INDEX)
#define RESP_R1B	(RESP_SHORT_BUSY | CMD_CRC | CMD_INDEX)
#define DATA		CMD_DATA

#endif
