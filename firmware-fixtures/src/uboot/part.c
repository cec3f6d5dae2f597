/*
 * Which part of the card "fatload mmc 0" reads, as U-Boot 2021.10 decides it (disk/part.c
 * part_init(), blk_get_device_by_str(), blk_get_device_part_str(), part_get_info(); disk/part_dos.c
 * test_block_type(), part_test_dos(), part_get_info_extended()) with the SDK's configuration:
 * CONFIG_DOS_PARTITION only (no EFI, ISO, Mac or Amiga tables), no "bootdevice" in the environment.
 * Messages are U-Boot's.
 */
#include "console.h"
#include "string.h"
#include "uboot.h"

#define ENODEV 19
#define ENOENT 2
#define EINVAL 22
#define EPROTONOSUPPORT 93

/* include/part.h, disk/part_dos.h */
#define MAX_SEARCH_PARTITIONS 64
#define MAX_EXT_PARTS 256
#define PART_TBL_OFFSET 0x1be
#define PART_MAGIC_OFFSET 0x1fe
#define PBR_FSTYPE_OFFSET 0x36
#define PBR32_FSTYPE_OFFSET 0x52
#define DOS_MBR 0
#define DOS_PBR 1
#define PART_UNSPECIFIED -2
#define PART_AUTO -1

#define SECTOR 512

/* one MBR or EBR sector; each caller reads it afresh, as U-Boot's stack buffers do */
static uint8_t table[SECTOR] __attribute__((aligned(64)));

static uint32_t le32(const uint8_t *p)
{
	return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24;
}

static int extended(int type)
{
	return type == 0x05 || type == 0x0f || type == 0x85;
}

/* test_block_type(): a partition table with valid boot flags, a FAT boot sector, or neither */
static int block_type(const uint8_t *b)
{
	int slot, parts = 0;

	if (b[PART_MAGIC_OFFSET] != 0x55 || b[PART_MAGIC_OFFSET + 1] != 0xaa)
		return -1;
	for (slot = 0; slot < 4; slot++) {
		const uint8_t *e = b + PART_TBL_OFFSET + 16 * slot;
		if (e[0] != 0 && e[0] != 0x80)
			break;
		if (e[4])
			parts++;
	}
	if (slot != 4 || !parts) {
		if (!memcmp(b + PBR_FSTYPE_OFFSET, "FAT", 3) || !memcmp(b + PBR32_FSTYPE_OFFSET, "FAT32", 5))
			return DOS_PBR;
	}
	return slot == 4 ? DOS_MBR : -1;
}

void part_init(struct blk_desc *dev)
{
	dev->part_type = PART_TYPE_UNKNOWN;
	if (dev->blksz == SECTOR && blk_dread(dev, 0, 1, table) == 1 && block_type(table) == DOS_MBR)
		dev->part_type = PART_TYPE_DOS;
}

/*
 * part_get_info_extended(): partition which_part, counting as fdisk does (1-4 the primary slots,
 * 5 on the logical partitions, followed through the extended ones)
 */
static int dos_partition(struct blk_desc *dev, uint64_t ext_sector, uint64_t relative, int part_num,
			 int which_part, struct disk_partition *info)
{
	const uint8_t *e;
	int i;

	if (part_num > MAX_EXT_PARTS) {
		con_printf("** Nested DOS partitions detected, stopping **\n");
		return -1;
	}
	if (blk_dread(dev, ext_sector, 1, table) != 1) {
		con_printf("** Can't read partition table on %d:%lu **\n", dev->devnum, (unsigned long)ext_sector);
		return -1;
	}
	if (table[PART_MAGIC_OFFSET] != 0x55 || table[PART_MAGIC_OFFSET + 1] != 0xaa) {
		con_printf("bad MBR sector signature 0x%02x%02x\n", table[PART_MAGIC_OFFSET], table[PART_MAGIC_OFFSET + 1]);
		return -1;
	}
	for (i = 0, e = table + PART_TBL_OFFSET; i < 4; i++, e += 16) {
		if ((e[0] & ~0x80) == 0 && e[4] != 0 && part_num == which_part &&
		    (ext_sector == 0 || !extended(e[4]))) {
			info->blksz = SECTOR;
			info->start = ext_sector + le32(e + 8);
			info->size = le32(e + 12);
			info->bootable = e[0] == 0x80;
			return 0;
		}
		if (ext_sector == 0 || (e[4] != 0 && !extended(e[4])))
			part_num++;
	}
	for (i = 0, e = table + PART_TBL_OFFSET; i < 4; i++, e += 16) {
		if (extended(e[4])) {
			uint64_t start = le32(e + 8) + relative;
			return dos_partition(dev, start, ext_sector == 0 ? start : relative, part_num, which_part, info);
		}
	}
	/* no such partition: a FAT boot sector in place of a table is the whole disk */
	if (block_type(table) == DOS_PBR) {
		info->start = 0;
		info->size = dev->lba;
		info->blksz = SECTOR;
		info->bootable = 0;
		return 0;
	}
	return -1;
}

/* part_get_info() */
static int part_get_info(struct blk_desc *dev, int part, struct disk_partition *info)
{
	if (dev->part_type != PART_TYPE_DOS)
		return -EPROTONOSUPPORT;
	return dos_partition(dev, 0, 0, 1, part, info) == 0 ? 0 : -ENOENT;
}

static unsigned long hextoul(const char *s, const char **end)
{
	unsigned long v = 0;

	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
		s += 2;
	for (;; s++) {
		int d = *s >= '0' && *s <= '9' ? *s - '0' : *s >= 'a' && *s <= 'f' ? *s - 'a' + 10 :
			*s >= 'A' && *s <= 'F' ? *s - 'A' + 10 : -1;
		if (d < 0)
			break;
		v = v * 16 + (unsigned long)d;
	}
	*end = s;
	return v;
}

/*
 * blk_get_device_part_str() for "<dev>[.<hwpart>][:<part>|:auto]" on the one device there is:
 * the partition number it chose (0: the whole disk) and its extent, or a negative error
 */
int blk_get_device_part_str(struct blk_desc *dev, const char *ifname, const char *dev_part_str,
			    struct disk_partition *info, int allow_whole_dev)
{
	char dev_str[32];
	const char *part_str, *ep;
	unsigned long devnum, hwpart = 0;
	int part, p;
	size_t n;

	if (!dev_part_str || !*dev_part_str || !strcmp(dev_part_str, "-")) {
		con_printf("** No device specified **\n");
		return -ENODEV;
	}
	for (n = 0; dev_part_str[n] && dev_part_str[n] != ':'; n++)
		;
	part_str = dev_part_str[n] ? dev_part_str + n + 1 : NULL;
	if (n >= sizeof(dev_str))
		n = sizeof(dev_str) - 1;
	memcpy(dev_str, dev_part_str, n);
	dev_str[n] = '\0';

	/* blk_get_device_by_str(): "<dev>[.<hwpart>]" */
	{
		char *dot = dev_str;
		while (*dot && *dot != '.')
			dot++;
		int has_hw = *dot == '.';
		*dot = '\0';
		devnum = hextoul(dev_str, &ep);
		if (*ep) {
			con_printf("** Bad device specification %s %s **\n", ifname, dev_str);
			return -EINVAL;
		}
		if (has_hw) {
			hwpart = hextoul(dot + 1, &ep);
			if (*ep) {
				con_printf("** Bad HW partition specification %s %s **\n", ifname, dot + 1);
				return -EINVAL;
			}
		}
		/* an SD card has no hardware partitions: any other than 0 is no device (a debug message only) */
		if (devnum != (unsigned long)dev->devnum || hwpart != 0)
			return -ENODEV;
		part_init(dev);
	}

	if (!part_str || !*part_str) {
		part = PART_UNSPECIFIED;
	} else if (!strcmp(part_str, "auto")) {
		part = PART_AUTO;
	} else {
		part = (int)hextoul(part_str, &ep);
		if (*ep || (part == 0 && !allow_whole_dev)) {
			con_printf("** Bad partition specification %s %s **\n", ifname, dev_part_str);
			return -ENOENT;
		}
	}

	/* no partition table (or partition 0 asked for): the whole disk, where that is allowed */
	if (dev->part_type == PART_TYPE_UNKNOWN || part == 0) {
		if (!dev->lba) {
			con_printf("** Bad device size - %s %s **\n", ifname, dev_str);
			return -EINVAL;
		}
		if (part > 0 || !allow_whole_dev) {
			con_printf("** No partition table - %s %s **\n", ifname, dev_str);
			return -EPROTONOSUPPORT;
		}
		info->start = 0;
		info->size = dev->lba;
		info->blksz = dev->blksz;
		info->bootable = 0;
		return 0;
	}

	if (part == PART_UNSPECIFIED)
		part = 1;
	if (part != PART_AUTO) {
		int ret = part_get_info(dev, part, info);
		if (ret) {
			con_printf("** Invalid partition %d **\n", part);
			return ret;
		}
	} else {
		/* the first bootable partition, else the first valid one */
		struct disk_partition first = { 0 };
		part = 0;
		for (p = 1; p <= MAX_SEARCH_PARTITIONS; p++) {
			if (part_get_info(dev, p, info))
				continue;
			if (!part || info->bootable)
				part = p;
			if (info->bootable)
				break;
			if (part == p)
				first = *info;
		}
		if (!part) {
			con_printf("** No valid partitions found **\n");
			return -ENOENT;
		}
		if (p == MAX_SEARCH_PARTITIONS + 1)
			*info = first;
	}
	/* the DOS table names every partition type "U-Boot", so BOOT_PART_TYPE always matches */
	return part;
}
