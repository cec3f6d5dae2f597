/*
 * "fatload <ifname> <dev[:part]> <addr> <filename>" as U-Boot 2021.10 runs it: cmd/fat.c
 * do_fat_fsload() -> fs/fs.c do_load() with FS_TYPE_FAT: fs_set_blk_dev() (the partition by
 * disk/part.c part_get_info_by_dev_and_name_or_num(), whole devices allowed; the FAT probe), the
 * file read whole, then the line with its size, time and rate. Without CONFIG_LOG, log_err() is a
 * printf. Messages are U-Boot's.
 */
#include "console.h"
#include "uboot.h"

/* fs_set_blk_dev(): 0 when the partition holds a FAT file system */
static int fs_set_blk_dev(struct blk_desc *dev, const char *ifname, const char *dev_part_str)
{
	struct disk_partition info;
	int part = blk_get_device_part_str(dev, ifname, dev_part_str, &info, 1);

	if (part < 0) {
		con_printf("Couldn't find partition %s %s\n", ifname, dev_part_str);
		return -1;
	}
	return fat_set_blk_dev(dev, &info) ? -1 : 0;
}

int do_fatload(struct blk_desc *dev, const char *ifname, const char *dev_part_str, ulong addr,
	       const char *filename, int64_t *len_read)
{
	ulong time;
	int ret;

	*len_read = 0;
	if (fs_set_blk_dev(dev, ifname, dev_part_str)) {
		con_printf("Can't set block device\n");
		return 1;
	}
	time = get_timer(0);
	ret = fat_read_file(filename, (void *)addr, 0, 0, len_read);
	time = get_timer(time);
	if (ret < 0) {
		con_printf("Failed to load '%s'\n", filename);
		return 1;
	}
	con_printf("%lu bytes read in %lu ms", (unsigned long)*len_read, time);
	if (time > 0) {
		con_printf(" (");
		print_size((uint64_t)*len_read / time * 1000, "/s");
		con_printf(")");
	}
	con_printf("\n");
	return 0;
}
