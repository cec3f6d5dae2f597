/*
 * Reading a file from a FAT12/16/32 volume as U-Boot 2021.10's fs/fat/fat.c does for fatload:
 * fat_set_blk_dev() (the probe), get_fs_info() and read_bootsectandvi() (the geometry),
 * fat_itr_root()/fat_itr_next()/fat_itr_resolve() (the directory walk, long names with their
 * checksum, 8.3 names with the NT lower-case flags, names compared ignoring case),
 * get_fatent() (six FAT sectors cached at a time), get_contents() and get_cluster() (runs of
 * consecutive clusters read at once, a misaligned buffer a sector at a time), fat_read_file().
 * CONFIG_FS_FAT_MAX_CLUSTSIZE is the SDK's 65536. Messages are U-Boot's; the reads go to the
 * block device (blk_dread), whose driver prints its own.
 */
#include "console.h"
#include "string.h"
#include "uboot.h"

#define ENOENT 2
#define ENXIO 6

#define MAX_CLUSTSIZE 65536
#define FATBUFBLOCKS 6
#define SECTOR 512
#define VFAT_MAXLEN_BYTES 256
#define ATTR_VOLUME 0x08
#define ATTR_DIR 0x10
#define ATTR_VFAT 0x0f
#define DELETED_FLAG 0xe5
#define ARING 0x05
#define LAST_LONG_ENTRY_MASK 0x40
#define CASE_LOWER_BASE 0x08
#define CASE_LOWER_EXT 0x10

/* the directory entry (include/fat.h dir_entry), byte offsets */
#define DE_NAME 0
#define DE_EXT 8
#define DE_ATTR 11
#define DE_LCASE 12
#define DE_STARTHI 20
#define DE_START 26
#define DE_SIZE 28
#define DE_BYTES 32

struct fsdata {
	int fatsize;                 /* 12, 16 or 32 */
	uint32_t fatlength;          /* sectors per FAT */
	uint32_t fat_sect;           /* first FAT sector */
	uint32_t rootdir_sect;       /* FAT12/16: the fixed root directory */
	uint32_t rootdir_size;       /* its length in sectors */
	int32_t data_begin;          /* sector of "cluster 0" (may lie before the data area) */
	uint32_t root_cluster;       /* FAT32 */
	unsigned sect_size, clust_size;
	uint32_t fatbufnum;          /* which FATBUFBLOCKS-sector piece of the FAT is in fatbuf */
};

static struct blk_desc *cur_dev;
static struct disk_partition cur_part;
static uint8_t fatbuf[FATBUFBLOCKS * SECTOR] __attribute__((aligned(64)));
static uint8_t sect_buf[SECTOR] __attribute__((aligned(64)));

/* the directory iterator (struct fat_itr), one cluster of entries at a time */
static struct {
	struct fsdata *fs;
	uint32_t clust, next_clust;
	int last_cluster, is_root;
	int remaining;             /* entries left in block after dent */
	uint8_t *dent;
	char l_name[VFAT_MAXLEN_BYTES];
	char s_name[14];
	const char *name;
	uint8_t block[MAX_CLUSTSIZE] __attribute__((aligned(64)));
} itr;

static uint16_t le16(const uint8_t *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

static uint32_t le32(const uint8_t *p)
{
	return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24;
}

static int lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c + 'a' - 'A' : c;
}

static int strncasecmp_(const char *a, const char *b, size_t n)
{
	for (; n; n--, a++, b++) {
		int d = lower((unsigned char)*a) - lower((unsigned char)*b);
		if (d || !*a)
			return d;
	}
	return 0;
}

/* CHECK_CLUST(): a cluster number that is no next cluster (free, reserved, bad or the end) */
static int bad_clust(uint32_t c, int fatsize)
{
	return c <= 1 || c >= (fatsize == 32 ? 0xffffff0u : fatsize == 16 ? 0xfff0u : 0xff0u);
}

static uint32_t start_cluster(const struct fsdata *fs, const uint8_t *dent)
{
	return le16(dent + DE_START) + (fs->fatsize == 32 ? (uint32_t)le16(dent + DE_STARTHI) << 16 : 0);
}

static uint32_t clust_to_sect(const struct fsdata *fs, uint32_t clust)
{
	return (uint32_t)(fs->data_begin + (int64_t)clust * fs->clust_size);
}

/* disk_read(): sectors relative to the partition; the count read, or -1 */
static int disk_read(uint32_t block, uint32_t nr, void *buf)
{
	if (!cur_dev)
		return -1;
	return blk_dread(cur_dev, cur_part.start + block, nr, buf) == nr ? (int)nr : -1;
}

int fat_set_blk_dev(struct blk_desc *dev, const struct disk_partition *info)
{
	cur_dev = dev;
	cur_part = *info;
	/* a DOS boot sector with a FAT12/16 or FAT32 file system type */
	if (dev->blksz != SECTOR || disk_read(0, 1, sect_buf) != 1 || sect_buf[0x1fe] != 0x55 || sect_buf[0x1ff] != 0xaa) {
		cur_dev = NULL;
		return -1;
	}
	if (!memcmp(sect_buf + 0x36, "FAT", 3) || !memcmp(sect_buf + 0x52, "FAT32", 5))
		return 0;
	cur_dev = NULL;
	return -1;
}

/* read_bootsectandvi() and get_fs_info() */
static int get_fs_info(struct fsdata *fs)
{
	const uint8_t *bs = sect_buf;
	const char *sign;
	uint16_t fat_length;
	uint32_t total;

	if (!cur_dev || disk_read(0, 1, sect_buf) < 0)
		return -1;
	fat_length = le16(bs + 22);
	if (fat_length == 0) {
		fs->fatsize = 32;
		sign = (const char *)bs + 0x52;
		if (memcmp(sign, "FAT32   ", 8))
			return -1;
		fs->fatlength = le32(bs + 36);
		total = le32(bs + 32);
	} else {
		sign = (const char *)bs + 0x36;
		if (!memcmp(sign, "FAT12   ", 8))
			fs->fatsize = 12;
		else if (!memcmp(sign, "FAT16   ", 8))
			fs->fatsize = 16;
		else
			return -1;
		fs->fatlength = fat_length;
		total = le16(bs + 19);
		if (!total)
			total = le32(bs + 32);
	}
	(void)total; /* U-Boot keeps it for writing only */
	fs->fat_sect = le16(bs + 14);
	fs->rootdir_sect = fs->fat_sect + fs->fatlength * bs[16];
	fs->sect_size = le16(bs + 11);
	fs->clust_size = bs[13];
	if (fs->sect_size != cur_part.blksz) {
		con_printf("Error: FAT sector size mismatch (fs=%u, dev=%lu)\n", fs->sect_size, cur_part.blksz);
		return -1;
	}
	if (fs->clust_size == 0) {
		con_printf("Error: FAT cluster size not set\n");
		return -1;
	}
	if (fs->clust_size * fs->sect_size > MAX_CLUSTSIZE) {
		con_printf("Error: FAT cluster size too big (cs=%u, max=%u)\n", fs->clust_size * fs->sect_size, MAX_CLUSTSIZE);
		return -1;
	}
	if (fs->fatsize == 32) {
		fs->data_begin = (int32_t)fs->rootdir_sect - (int32_t)(fs->clust_size * 2);
		fs->root_cluster = le32(bs + 44);
	} else {
		fs->rootdir_size = le16(bs + 17) * DE_BYTES / fs->sect_size;
		fs->data_begin = (int32_t)(fs->rootdir_sect + fs->rootdir_size) - (int32_t)(fs->clust_size * 2);
		fs->root_cluster = 0; /* the fixed root directory, counted in cluster-sized pieces */
	}
	fs->fatbufnum = 0xffffffffu;
	return 0;
}

/* get_fatent(): the FAT entry of a cluster; 0 on an error */
static uint32_t get_fatent(struct fsdata *fs, uint32_t entry)
{
	uint32_t per_buf, bufnum, offset;

	if (bad_clust(entry, fs->fatsize)) {
		con_printf("Error: Invalid FAT entry: 0x%08x\n", entry);
		return 0;
	}
	per_buf = fs->fatsize == 32 ? FATBUFBLOCKS * SECTOR / 4 : fs->fatsize == 16 ? FATBUFBLOCKS * SECTOR / 2 :
		FATBUFBLOCKS * SECTOR * 2 / 3;
	bufnum = entry / per_buf;
	offset = entry - bufnum * per_buf;
	if (bufnum != fs->fatbufnum) {
		uint32_t start = bufnum * FATBUFBLOCKS, count = FATBUFBLOCKS;
		if (start + count > fs->fatlength)
			count = fs->fatlength - start;
		if (disk_read(fs->fat_sect + start, count, fatbuf) < 0)
			return 0;
		fs->fatbufnum = bufnum;
	}
	switch (fs->fatsize) {
	case 32:
		return le32(fatbuf + 4 * offset);
	case 16:
		return le16(fatbuf + 2 * offset);
	default: {
		uint32_t at = offset * 3 / 2, v = fatbuf[at] | fatbuf[at + 1] << 8;
		return (offset & 1 ? v >> 4 : v) & 0xfff;
	}
	}
}

/* get_cluster(): size bytes from cluster clustnum on; 0, or -1 on a read error */
static int get_cluster(struct fsdata *fs, uint32_t clustnum, uint8_t *buffer, unsigned long size)
{
	uint32_t sect = clustnum > 0 ? clust_to_sect(fs, clustnum) : fs->rootdir_sect;

	if ((uintptr_t)buffer & 63) {
		/* the controller's DMA wants an aligned buffer: a sector at a time through one */
		for (; size >= fs->sect_size; size -= fs->sect_size, buffer += fs->sect_size) {
			if (disk_read(sect++, 1, sect_buf) != 1)
				return -1;
			memcpy(buffer, sect_buf, fs->sect_size);
		}
	} else {
		uint32_t n = (uint32_t)(size / fs->sect_size);
		if (n && disk_read(sect, n, buffer) != (int)n)
			return -1;
		sect += n;
		buffer += (unsigned long)n * fs->sect_size;
		size -= (unsigned long)n * fs->sect_size;
	}
	if (size) {
		if (disk_read(sect, 1, sect_buf) != 1)
			return -1;
		memcpy(buffer, sect_buf, size);
	}
	return 0;
}

/* get_contents(): the file from pos on, at most maxsize bytes (0: all); -1 on an error */
static int get_contents(struct fsdata *fs, const uint8_t *dent, int64_t pos, uint8_t *buffer, int64_t maxsize,
			int64_t *gotsize)
{
	int64_t filesize = le32(dent + DE_SIZE), actsize;
	unsigned bytesperclust = fs->clust_size * fs->sect_size;
	uint32_t curclust = start_cluster(fs, dent), endclust, newclust;

	*gotsize = 0;
	if (pos >= filesize)
		return 0;
	if (maxsize > 0 && filesize > pos + maxsize)
		filesize = pos + maxsize;

	/* to the cluster holding pos */
	for (actsize = bytesperclust; actsize <= pos; actsize += bytesperclust) {
		curclust = get_fatent(fs, curclust);
		if (bad_clust(curclust, fs->fatsize)) {
			con_printf("Invalid FAT entry\n");
			return -1;
		}
	}
	actsize -= bytesperclust;
	filesize -= actsize;
	pos -= actsize;
	if (pos) {
		/* the rest of a partly read cluster goes through the cluster buffer */
		actsize = filesize < bytesperclust ? filesize : bytesperclust;
		if (get_cluster(fs, curclust, itr.block, (unsigned long)actsize)) {
			con_printf("Error reading cluster\n");
			return -1;
		}
		filesize -= actsize;
		actsize -= pos;
		memcpy(buffer, itr.block + pos, (size_t)actsize);
		*gotsize += actsize;
		if (!filesize)
			return 0;
		buffer += actsize;
		curclust = get_fatent(fs, curclust);
		if (bad_clust(curclust, fs->fatsize)) {
			con_printf("Invalid FAT entry\n");
			return -1;
		}
	}

	actsize = bytesperclust;
	endclust = curclust;
	for (;;) {
		/* a run of consecutive clusters is read with one request */
		int run_ends = 0;
		while (actsize < filesize) {
			newclust = get_fatent(fs, endclust);
			if (newclust - 1 != endclust) {
				run_ends = 1;
				break;
			}
			if (bad_clust(newclust, fs->fatsize)) {
				con_printf("Invalid FAT entry\n");
				return -1;
			}
			endclust = newclust;
			actsize += bytesperclust;
		}
		if (!run_ends) {
			/* the last run: what is left of the file */
			if (get_cluster(fs, curclust, buffer, (unsigned long)filesize)) {
				con_printf("Error reading cluster\n");
				return -1;
			}
			*gotsize += filesize;
			return 0;
		}
		if (get_cluster(fs, curclust, buffer, (unsigned long)actsize)) {
			con_printf("Error reading cluster\n");
			return -1;
		}
		*gotsize += actsize;
		filesize -= actsize;
		buffer += actsize;
		curclust = get_fatent(fs, endclust);
		if (bad_clust(curclust, fs->fatsize)) {
			con_printf("Invalid FAT entry\n");
			return -1;
		}
		actsize = bytesperclust;
		endclust = curclust;
	}
}

/* fat_next_cluster(): the next cluster of directory entries; its byte count, or 0 at the end */
static unsigned next_cluster(void)
{
	struct fsdata *fs = itr.fs;
	uint32_t sect, count;

	if (itr.last_cluster)
		return 0;
	if (itr.is_root && fs->fatsize != 32) {
		/* the fixed root directory, in cluster-sized pieces; not past its end */
		uint32_t offset = itr.next_clust * fs->clust_size;
		sect = fs->rootdir_sect + offset;
		count = fs->rootdir_size - offset < fs->clust_size ? fs->rootdir_size - offset : fs->clust_size;
	} else {
		sect = clust_to_sect(fs, itr.next_clust);
		count = fs->clust_size;
	}
	if (disk_read(sect, count, itr.block) < 0)
		return 0;
	itr.clust = itr.next_clust;
	if (itr.is_root && fs->fatsize != 32) {
		itr.next_clust++;
		if (itr.next_clust * fs->clust_size >= fs->rootdir_size)
			itr.last_cluster = 1;
	} else {
		itr.next_clust = get_fatent(fs, itr.next_clust);
		if (bad_clust(itr.next_clust, fs->fatsize))
			itr.last_cluster = 1;
	}
	return count * fs->sect_size;
}

/* next_dent(): the next entry, or NULL at the end of the directory */
static uint8_t *next_dent(void)
{
	if (itr.remaining == 0) {
		unsigned bytes = next_cluster();
		if (!bytes) {
			itr.dent = NULL;
			return NULL;
		}
		itr.remaining = (int)(bytes / DE_BYTES) - 1;
		itr.dent = itr.block;
	} else {
		itr.remaining--;
		itr.dent += DE_BYTES;
	}
	return itr.dent[DE_NAME] == 0 ? NULL : itr.dent;
}

/* the checksum of an 8.3 name that its long-name entries carry */
static uint8_t short_name_checksum(const uint8_t *name)
{
	uint8_t sum = 0;

	for (int i = 0; i < 11; i++)
		sum = (uint8_t)(((sum & 1) << 7 | (sum & 0xfe) >> 1) + name[i]);
	return sum;
}

/* extract_vfat_name(): a long name's entries, then its 8.3 entry; NULL when they do not belong together */
static uint8_t *vfat_name(void)
{
	uint8_t *dent = itr.dent;
	int seq = dent[0] & ~LAST_LONG_ENTRY_MASK, n = 0;
	uint8_t alias_checksum = dent[13];
	static const uint8_t chars[13] = { 1, 3, 5, 7, 9, 14, 16, 18, 20, 22, 24, 28, 30 };

	while (seq--) {
		char part[13];
		int len = 0;
		/* slot2str(): the low byte of each UTF-16 unit, up to a NUL */
		while (len < 13 && dent[chars[len]] != 0) {
			part[len] = (char)dent[chars[len]];
			len++;
		}
		if (n + len >= (int)sizeof(itr.l_name))
			return NULL;
		/* the entries come last part first */
		memmove(itr.l_name + len, itr.l_name, (size_t)n);
		memcpy(itr.l_name, part, (size_t)len);
		n += len;
		dent = next_dent();
		if (!dent)
			return NULL;
	}
	if (dent[0] == DELETED_FLAG || dent[0] == ARING)
		return NULL;
	itr.l_name[n] = '\0';
	return short_name_checksum(dent) == alias_checksum ? dent : NULL;
}

/* get_name(): "NAME.EXT" from the 8.3 entry, lower-cased where its NT flags say */
static void short_name(const uint8_t *dent, char *s)
{
	char *p = s;
	int i;

	for (i = 0; i < 8 && dent[DE_NAME + i] && dent[DE_NAME + i] != ' '; i++)
		*p++ = (char)(dent[DE_LCASE] & CASE_LOWER_BASE ? lower(dent[DE_NAME + i]) : dent[DE_NAME + i]);
	if (dent[DE_EXT] && dent[DE_EXT] != ' ') {
		*p++ = '.';
		for (i = 0; i < 3 && dent[DE_EXT + i] && dent[DE_EXT + i] != ' '; i++)
			*p++ = (char)(dent[DE_LCASE] & CASE_LOWER_EXT ? lower(dent[DE_EXT + i]) : dent[DE_EXT + i]);
	}
	*p = '\0';
	if ((uint8_t)s[0] == DELETED_FLAG)
		s[0] = '\0';
	else if (s[0] == ARING)
		s[0] = (char)DELETED_FLAG;
}

/* fat_itr_next(): the next file or directory, with its long name if it has one */
static int itr_next(void)
{
	uint8_t *dent;

	itr.name = NULL;
	for (;;) {
		dent = next_dent();
		if (!dent)
			return 0;
		if (dent[0] == DELETED_FLAG)
			continue;
		if (dent[DE_ATTR] & ATTR_VOLUME) {
			if ((dent[DE_ATTR] & ATTR_VFAT) == ATTR_VFAT && (dent[0] & LAST_LONG_ENTRY_MASK)) {
				dent = vfat_name();
				if (!dent)
					continue;
				itr.name = itr.l_name;
				break;
			}
			continue; /* the volume label, or a stray long-name entry */
		}
		break;
	}
	short_name(dent, itr.s_name);
	if (!itr.name)
		itr.name = itr.s_name;
	return 1;
}

/* the iterator at the start of a directory: the root, or a subdirectory's first cluster (0 is the root) */
static void itr_dir(uint32_t clust)
{
	struct fsdata *fs = itr.fs;

	itr.is_root = clust == 0;
	itr.clust = itr.next_clust = clust ? clust : fs->root_cluster;
	itr.dent = NULL;
	itr.remaining = 0;
	itr.last_cluster = 0;
}

/*
 * fat_itr_root() and fat_itr_resolve() for a file: each path component looked up by its long or
 * its 8.3 name ignoring case, directories descended into; 0 with itr.dent at the file's entry
 */
static int resolve_file(struct fsdata *fs, const char *path)
{
	if (get_fs_info(fs))
		return -ENXIO;
	itr.fs = fs;
	itr_dir(0);
	for (;;) {
		const char *next;
		size_t len;
		int found = 0;

		while (*path == '/' || *path == '\\')
			path++;
		if (!*path)
			return -ENOENT; /* the path names a directory */
		for (next = path; *next && *next != '/' && *next != '\\'; next++)
			;
		len = (size_t)(next - path);
		if (itr.is_root && ((len == 1 && path[0] == '.') || (len == 2 && !strncmp(path, "..", 2)))) {
			/* the root has no "." or "..": they name the root itself */
			itr_dir(0);
			if (!*next)
				return -ENOENT;
			path = next;
			continue;
		}
		while (itr_next()) {
			size_t n = strlen(itr.name) > len ? strlen(itr.name) : len;
			if (!strncasecmp_(path, itr.name, n) ||
			    (itr.name != itr.s_name && !strncasecmp_(path, itr.s_name, n))) {
				found = 1;
				break;
			}
		}
		if (!found)
			return -ENOENT;
		if (itr.dent[DE_ATTR] & ATTR_DIR) {
			itr_dir(start_cluster(fs, itr.dent));
			path = next;
			continue;
		}
		return *next ? -ENOENT : 0; /* a file named as if it were a directory */
	}
}

int fat_read_file(const char *filename, void *buf, int64_t offset, int64_t len, int64_t *actread)
{
	struct fsdata fs;
	int ret = resolve_file(&fs, filename);

	if (!ret) {
		uint8_t dent[DE_BYTES];
		/* the entry is copied out: reading the file reuses the cluster buffer */
		memcpy(dent, itr.dent, DE_BYTES);
		ret = get_contents(&fs, dent, offset, buf, len, actread);
	}
	if (ret)
		con_printf("** Unable to read file %s **\n", filename);
	return ret;
}
