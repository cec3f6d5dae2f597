/*
 * duoboot's FDT library (see fdt.h). The behaviour follows libfdt as shipped with dtc 1.6
 * (fdt.c fdt_next_tag/fdt_next_node, fdt_ro.c lookups, fdt_rw.c edits); the code is our own.
 */
#include "fdt.h"
#include "string.h"

#define FDT_TAGSIZE 4
#define TAGALIGN(x) (((x) + 3u) & ~3u)
#define FDT_MAX_NCELLS 4
#define FDT_MAX_PHANDLE 0xfffffffeu

/* header field offsets */
#define H_MAGIC 0
#define H_TOTALSIZE 4
#define H_OFF_STRUCT 8
#define H_OFF_STRINGS 12
#define H_OFF_RSVMAP 16
#define H_VERSION 20
#define H_LAST_COMP 24
#define H_BOOT_CPUID 28
#define H_SIZE_STRINGS 32
#define H_SIZE_STRUCT 36

uint32_t fdt_be32(const void *p)
{
	const uint8_t *b = p;

	return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3];
}

uint64_t fdt_be64(const void *p)
{
	return (uint64_t)fdt_be32(p) << 32 | fdt_be32((const uint8_t *)p + 4);
}

void fdt_put_be32(void *p, uint32_t v)
{
	uint8_t *b = p;

	b[0] = (uint8_t)(v >> 24);
	b[1] = (uint8_t)(v >> 16);
	b[2] = (uint8_t)(v >> 8);
	b[3] = (uint8_t)v;
}

static uint32_t hdr(const void *fdt, int field)
{
	return fdt_be32((const uint8_t *)fdt + field);
}

static void set_hdr(void *fdt, int field, uint32_t v)
{
	fdt_put_be32((uint8_t *)fdt + field, v);
}

uint32_t fdt_totalsize(const void *fdt) { return hdr(fdt, H_TOTALSIZE); }
uint32_t fdt_off_dt_struct(const void *fdt) { return hdr(fdt, H_OFF_STRUCT); }
uint32_t fdt_off_dt_strings(const void *fdt) { return hdr(fdt, H_OFF_STRINGS); }
uint32_t fdt_size_dt_strings(const void *fdt) { return hdr(fdt, H_SIZE_STRINGS); }
uint32_t fdt_size_dt_struct(const void *fdt) { return hdr(fdt, H_SIZE_STRUCT); }
void fdt_set_totalsize(void *fdt, uint32_t size) { set_hdr(fdt, H_TOTALSIZE, size); }

static int block_inside(uint32_t total, uint32_t off, uint32_t size)
{
	return off >= FDT_HEADER_SIZE && off <= total && size <= total - off;
}

/* fdt_check_header(); duoboot accepts version 17 blobs only (what dtc and mkimage write) */
int fdt_check_header(const void *fdt)
{
	uint32_t total = fdt_totalsize(fdt);

	if (hdr(fdt, H_MAGIC) != FDT_MAGIC)
		return -FDT_ERR_BADMAGIC;
	if (hdr(fdt, H_VERSION) < 17 || hdr(fdt, H_LAST_COMP) > 17)
		return -FDT_ERR_BADVERSION;
	if (total < FDT_HEADER_SIZE || total > 0x7fffffff)
		return -FDT_ERR_TRUNCATED;
	if (!block_inside(total, hdr(fdt, H_OFF_RSVMAP), 0) ||
	    !block_inside(total, fdt_off_dt_struct(fdt), fdt_size_dt_struct(fdt)) ||
	    !block_inside(total, fdt_off_dt_strings(fdt), fdt_size_dt_strings(fdt)))
		return -FDT_ERR_TRUNCATED;
	return 0;
}

/* pointer to len bytes at a structure-block offset, or NULL when outside the block */
static const uint8_t *struct_ptr(const void *fdt, int offset, unsigned len)
{
	if (offset < 0 || (uint32_t)offset > fdt_size_dt_struct(fdt) ||
	    len > fdt_size_dt_struct(fdt) - (uint32_t)offset)
		return NULL;
	return (const uint8_t *)fdt + fdt_off_dt_struct(fdt) + offset;
}

uint32_t fdt_next_tag(const void *fdt, int offset, int *next)
{
	const uint8_t *p = struct_ptr(fdt, offset, FDT_TAGSIZE);
	int start = offset;
	uint32_t tag;

	*next = -FDT_ERR_TRUNCATED;
	if (!p)
		return FDT_END;
	tag = fdt_be32(p);
	offset += FDT_TAGSIZE;
	*next = -FDT_ERR_BADSTRUCTURE;
	switch (tag) {
	case FDT_BEGIN_NODE:
		do {
			p = struct_ptr(fdt, offset++, 1);
		} while (p && *p);
		if (!p)
			return FDT_END;
		break;
	case FDT_PROP:
		p = struct_ptr(fdt, offset, 8);
		if (!p)
			return FDT_END;
		offset += 8 + (int)fdt_be32(p);
		break;
	case FDT_END:
	case FDT_END_NODE:
	case FDT_NOP:
		break;
	default:
		return FDT_END;
	}
	if (!struct_ptr(fdt, start, (unsigned)(offset - start)))
		return FDT_END;
	*next = (int)TAGALIGN((unsigned)offset);
	return tag;
}

/* offset just past a node's BEGIN_NODE tag and name, or -FDT_ERR_BADOFFSET */
static int node_body(const void *fdt, int node)
{
	int next;

	if (node < 0 || node % FDT_TAGSIZE || fdt_next_tag(fdt, node, &next) != FDT_BEGIN_NODE)
		return -FDT_ERR_BADOFFSET;
	return next;
}

const char *fdt_get_name(const void *fdt, int node)
{
	return (const char *)struct_ptr(fdt, node + FDT_TAGSIZE, 1);
}

int fdt_next_node(const void *fdt, int node, int *depth)
{
	int next = 0, offset;
	uint32_t tag;

	if (node >= 0 && (next = node_body(fdt, node)) < 0)
		return next;
	do {
		offset = next;
		tag = fdt_next_tag(fdt, offset, &next);
		switch (tag) {
		case FDT_BEGIN_NODE:
			if (depth)
				(*depth)++;
			break;
		case FDT_END_NODE:
			if (depth && --(*depth) < 0)
				return next;
			break;
		case FDT_END:
			if (next >= 0 || (next == -FDT_ERR_TRUNCATED && !depth))
				return -FDT_ERR_NOTFOUND;
			return next;
		}
	} while (tag != FDT_BEGIN_NODE);
	return offset;
}

int fdt_first_subnode(const void *fdt, int node)
{
	int depth = 0;

	node = fdt_next_node(fdt, node, &depth);
	return node < 0 || depth != 1 ? -FDT_ERR_NOTFOUND : node;
}

int fdt_next_subnode(const void *fdt, int node)
{
	int depth = 1;

	do {
		node = fdt_next_node(fdt, node, &depth);
		if (node < 0 || depth < 1)
			return -FDT_ERR_NOTFOUND;
	} while (depth > 1);
	return node;
}

static int name_matches(const void *fdt, int node, const char *s, size_t len)
{
	const char *p = fdt_get_name(fdt, node);
	size_t i;

	for (i = 0; i < len; i++)
		if (!p || !struct_ptr(fdt, node + FDT_TAGSIZE + (int)i, 1) || p[i] != s[i])
			return 0;
	if (!struct_ptr(fdt, node + FDT_TAGSIZE + (int)len, 1))
		return 0;
	if (p[len] == '\0')
		return 1;
	for (i = 0; i < len; i++)
		if (s[i] == '@')
			return 0;
	return p[len] == '@';
}

static int subnode_namelen(const void *fdt, int parent, const char *name, size_t len)
{
	int depth = 0, offset;

	for (offset = parent; offset >= 0 && depth >= 0; offset = fdt_next_node(fdt, offset, &depth))
		if (depth == 1 && name_matches(fdt, offset, name, len))
			return offset;
	return depth < 0 ? -FDT_ERR_NOTFOUND : offset;
}

int fdt_subnode_offset(const void *fdt, int parent, const char *name)
{
	return subnode_namelen(fdt, parent, name, strlen(name));
}

/* absolute paths only (no aliases) */
int fdt_path_offset(const void *fdt, const char *path)
{
	const char *p = path;
	int offset = 0;

	if (*p != '/')
		return -FDT_ERR_BADPATH;
	while (*p) {
		const char *q;

		while (*p == '/')
			p++;
		if (!*p)
			break;
		for (q = p; *q && *q != '/'; q++)
			;
		offset = subnode_namelen(fdt, offset, p, (size_t)(q - p));
		if (offset < 0)
			return offset;
		p = q;
	}
	return offset;
}

/* skips NOPs; a property offset, -FDT_ERR_NOTFOUND at the node's first subnode or end */
static int next_prop(const void *fdt, int offset)
{
	uint32_t tag;
	int next;

	do {
		tag = fdt_next_tag(fdt, offset, &next);
		if (tag == FDT_END)
			return next >= 0 ? -FDT_ERR_BADSTRUCTURE : next;
		if (tag == FDT_PROP)
			return offset;
		offset = next;
	} while (tag == FDT_NOP);
	return -FDT_ERR_NOTFOUND;
}

int fdt_first_property_offset(const void *fdt, int node)
{
	int body = node_body(fdt, node);

	return body < 0 ? body : next_prop(fdt, body);
}

int fdt_next_property_offset(const void *fdt, int prop)
{
	int next;

	if (prop < 0 || prop % FDT_TAGSIZE || fdt_next_tag(fdt, prop, &next) != FDT_PROP)
		return -FDT_ERR_BADOFFSET;
	return next_prop(fdt, next);
}

const void *fdt_getprop_by_offset(const void *fdt, int prop, const char **name, int *lenp)
{
	const uint8_t *p = struct_ptr(fdt, prop, 12);
	uint32_t nameoff;

	if (!p || fdt_be32(p) != FDT_PROP) {
		if (lenp)
			*lenp = -FDT_ERR_BADOFFSET;
		return NULL;
	}
	nameoff = fdt_be32(p + 8);
	if (nameoff >= fdt_size_dt_strings(fdt)) {
		if (lenp)
			*lenp = -FDT_ERR_BADSTRUCTURE;
		return NULL;
	}
	if (name)
		*name = (const char *)fdt + fdt_off_dt_strings(fdt) + nameoff;
	if (lenp)
		*lenp = (int)fdt_be32(p + 4);
	return p + 12;
}

/* the property's offset, or a negative error */
static int find_prop(const void *fdt, int node, const char *name)
{
	int prop;

	for (prop = fdt_first_property_offset(fdt, node); prop >= 0;
	     prop = fdt_next_property_offset(fdt, prop)) {
		const char *pname;
		int len;

		if (!fdt_getprop_by_offset(fdt, prop, &pname, &len))
			return len;
		if (!strcmp(pname, name))
			return prop;
	}
	return prop;
}

const void *fdt_getprop(const void *fdt, int node, const char *name, int *lenp)
{
	int prop = find_prop(fdt, node, name);

	if (prop < 0) {
		if (lenp)
			*lenp = prop;
		return NULL;
	}
	return fdt_getprop_by_offset(fdt, prop, NULL, lenp);
}

static int cells(const void *fdt, int node, const char *name)
{
	int len;
	const void *c = fdt_getprop(fdt, node, name, &len);
	uint32_t val;

	if (!c)
		return len;
	if (len != 4)
		return -FDT_ERR_BADNCELLS;
	val = fdt_be32(c);
	return val > FDT_MAX_NCELLS ? -FDT_ERR_BADNCELLS : (int)val;
}

/* fdt_address_cells(): absent means 2, zero is invalid */
int fdt_address_cells(const void *fdt, int node)
{
	int val = cells(fdt, node, "#address-cells");

	if (val == 0)
		return -FDT_ERR_BADNCELLS;
	return val == -FDT_ERR_NOTFOUND ? 2 : val;
}

/* fdt_size_cells(): absent means 1 */
int fdt_size_cells(const void *fdt, int node)
{
	int val = cells(fdt, node, "#size-cells");

	return val == -FDT_ERR_NOTFOUND ? 1 : val;
}

uint32_t fdt_get_phandle(const void *fdt, int node)
{
	int len;
	const void *p = fdt_getprop(fdt, node, "phandle", &len);

	if (!p || len != 4) {
		p = fdt_getprop(fdt, node, "linux,phandle", &len);
		if (!p || len != 4)
			return 0;
	}
	return fdt_be32(p);
}

int fdt_node_offset_by_phandle(const void *fdt, uint32_t phandle)
{
	int node;

	if (phandle == 0 || phandle == 0xffffffffu)
		return -FDT_ERR_BADPHANDLE;
	for (node = fdt_next_node(fdt, -1, NULL); node >= 0; node = fdt_next_node(fdt, node, NULL))
		if (fdt_get_phandle(fdt, node) == phandle)
			return node;
	return node;
}

/* fdt_node_check_compatible(): the "compatible" string list contains the string */
static int is_compatible(const void *fdt, int node, const char *compatible)
{
	int len, n = (int)strlen(compatible) + 1;
	const char *list = fdt_getprop(fdt, node, "compatible", &len);

	while (list && len >= n) {
		int item = (int)strlen(list) + 1;

		if (item == n && !memcmp(list, compatible, (size_t)n))
			return 1;
		list += item;
		len -= item;
	}
	return 0;
}

int fdt_node_offset_by_compatible(const void *fdt, int start, const char *compatible)
{
	int node;

	for (node = fdt_next_node(fdt, start, NULL); node >= 0; node = fdt_next_node(fdt, node, NULL))
		if (is_compatible(fdt, node, compatible))
			return node;
	return node;
}

/* fdt_generate_phandle(): one more than the largest phandle in the tree */
int fdt_generate_phandle(const void *fdt, uint32_t *phandle)
{
	uint32_t max = 0;
	int node;

	for (node = fdt_next_node(fdt, -1, NULL); node >= 0; node = fdt_next_node(fdt, node, NULL)) {
		uint32_t value = fdt_get_phandle(fdt, node);

		if (value > max)
			max = value;
	}
	if (node != -FDT_ERR_NOTFOUND)
		return node;
	if (max == FDT_MAX_PHANDLE)
		return -FDT_ERR_NOPHANDLES;
	*phandle = max + 1;
	return 0;
}

int fdt_num_mem_rsv(const void *fdt)
{
	const uint8_t *e = (const uint8_t *)fdt + hdr(fdt, H_OFF_RSVMAP);
	int n = 0;

	while (fdt_be64(e + 8) != 0) {
		e += FDT_RSV_ENTRY_SIZE;
		n++;
	}
	return n;
}

void fdt_get_mem_rsv(const void *fdt, int n, uint64_t *addr, uint64_t *size)
{
	const uint8_t *e = (const uint8_t *)fdt + hdr(fdt, H_OFF_RSVMAP) + n * FDT_RSV_ENTRY_SIZE;

	*addr = fdt_be64(e);
	*size = fdt_be64(e + 8);
}

uint64_t fdt_read_number(const void *cells, int count)
{
	const uint8_t *c = cells;
	uint64_t v = 0;

	while (count--) {
		v = v << 32 | fdt_be32(c);
		c += 4;
	}
	return v;
}

const char *fdt_strerror(int err)
{
	static const char names[][22] = {
		"<valid offset/length>", "FDT_ERR_NOTFOUND", "FDT_ERR_EXISTS", "FDT_ERR_NOSPACE",
		"FDT_ERR_BADOFFSET", "FDT_ERR_BADPATH", "FDT_ERR_BADPHANDLE", "FDT_ERR_BADSTATE",
		"FDT_ERR_TRUNCATED", "FDT_ERR_BADMAGIC", "FDT_ERR_BADVERSION", "FDT_ERR_BADSTRUCTURE",
		"FDT_ERR_BADLAYOUT", "FDT_ERR_INTERNAL", "FDT_ERR_BADNCELLS", "FDT_ERR_BADVALUE",
		"FDT_ERR_BADOVERLAY", "FDT_ERR_NOPHANDLES",
	};

	if (err > 0)
		return "<valid offset/length>";
	if (-err < (int)(sizeof(names) / sizeof(names[0])))
		return names[-err];
	return "<unknown error>";
}

/* ---- structure check ---- */

static int terminated(const char *s, uint32_t max)
{
	while (max--)
		if (!*s++)
			return 1;
	return 0;
}

int fdt_check_structure(const void *fdt)
{
	int offset = 0, next, depth = 0, err = fdt_check_header(fdt);
	uint32_t tag;

	if (err)
		return err;
	do {
		tag = fdt_next_tag(fdt, offset, &next);
		if (next < 0)
			return next;
		switch (tag) {
		case FDT_BEGIN_NODE:
			depth++;
			if (offset == 0 && *fdt_get_name(fdt, 0))
				return -FDT_ERR_BADSTRUCTURE;
			break;
		case FDT_END_NODE:
			if (--depth < 0)
				return -FDT_ERR_BADSTRUCTURE;
			break;
		case FDT_PROP: {
			const char *name;
			int len;
			uint32_t nameoff;

			if (depth < 1 || !fdt_getprop_by_offset(fdt, offset, &name, &len))
				return -FDT_ERR_BADSTRUCTURE;
			nameoff = (uint32_t)(name - ((const char *)fdt + fdt_off_dt_strings(fdt)));
			if (!terminated(name, fdt_size_dt_strings(fdt) - nameoff))
				return -FDT_ERR_BADSTRUCTURE;
			break;
		}
		case FDT_NOP:
			break;
		case FDT_END:
			break;
		}
		if (offset == 0 && tag != FDT_BEGIN_NODE)
			return -FDT_ERR_BADSTRUCTURE;
		offset = next;
	} while (tag != FDT_END);
	return depth ? -FDT_ERR_BADSTRUCTURE : 0;
}

/* ---- editing (fdt_rw.c) ---- */

static int blocks_misordered(const void *fdt)
{
	uint32_t rsv = (uint32_t)(fdt_num_mem_rsv(fdt) + 1) * FDT_RSV_ENTRY_SIZE;

	return hdr(fdt, H_OFF_RSVMAP) < FDT_HEADER_SIZE ||
	       fdt_off_dt_struct(fdt) < hdr(fdt, H_OFF_RSVMAP) + rsv ||
	       fdt_off_dt_strings(fdt) < fdt_off_dt_struct(fdt) + fdt_size_dt_struct(fdt) ||
	       fdt_totalsize(fdt) < fdt_off_dt_strings(fdt) + fdt_size_dt_strings(fdt);
}

/* fdt_rw_probe_() */
static int rw_probe(const void *fdt)
{
	int err = fdt_check_header(fdt);

	if (err)
		return err;
	return blocks_misordered(fdt) ? -FDT_ERR_BADLAYOUT : 0;
}

static uint32_t data_size(const void *fdt)
{
	return fdt_off_dt_strings(fdt) + fdt_size_dt_strings(fdt);
}

/* fdt_splice_(): open or close a gap at p, moving everything up to the end of the strings */
static int splice(void *fdt, uint8_t *p, uint32_t oldlen, uint32_t newlen)
{
	uint8_t *end = (uint8_t *)fdt + data_size(fdt);

	if (p < (uint8_t *)fdt || p + oldlen > end)
		return -FDT_ERR_BADOFFSET;
	if (data_size(fdt) - oldlen + newlen > fdt_totalsize(fdt))
		return -FDT_ERR_NOSPACE;
	memmove(p + newlen, p + oldlen, (size_t)(end - (p + oldlen)));
	return 0;
}

static int splice_struct(void *fdt, uint8_t *p, uint32_t oldlen, uint32_t newlen)
{
	int err = splice(fdt, p, oldlen, newlen);

	if (err)
		return err;
	set_hdr(fdt, H_SIZE_STRUCT, fdt_size_dt_struct(fdt) + newlen - oldlen);
	set_hdr(fdt, H_OFF_STRINGS, fdt_off_dt_strings(fdt) + newlen - oldlen);
	return 0;
}

/* fdt_find_add_string_(): reuse any match, suffixes included, else append */
static int find_add_string(void *fdt, const char *s, int *added)
{
	char *tab = (char *)fdt + fdt_off_dt_strings(fdt);
	uint32_t size = fdt_size_dt_strings(fdt), len = (uint32_t)strlen(s) + 1, i;
	int err;

	*added = 0;
	for (i = 0; i + len <= size; i++)
		if (!memcmp(tab + i, s, len))
			return (int)i;
	err = splice(fdt, (uint8_t *)tab + size, 0, len);
	if (err)
		return err;
	set_hdr(fdt, H_SIZE_STRINGS, size + len);
	memcpy(tab + size, s, len);
	*added = 1;
	return (int)size;
}

static uint8_t *struct_ptr_w(void *fdt, int offset)
{
	return (uint8_t *)fdt + fdt_off_dt_struct(fdt) + offset;
}

int fdt_setprop(void *fdt, int node, const char *name, const void *val, int len)
{
	int err = rw_probe(fdt), prop, body, nameoff, added, oldlen;
	uint8_t *p;

	if (err)
		return err;
	prop = find_prop(fdt, node, name);
	if (prop >= 0) {
		/* fdt_resize_property_(): the value changes size in place */
		p = struct_ptr_w(fdt, prop);
		oldlen = (int)fdt_be32(p + 4);
		err = splice_struct(fdt, p + 12, TAGALIGN((uint32_t)oldlen), TAGALIGN((uint32_t)len));
		if (err)
			return err;
	} else if (prop == -FDT_ERR_NOTFOUND) {
		/* fdt_add_property_(): a new property goes right after the node name */
		body = node_body(fdt, node);
		if (body < 0)
			return body;
		nameoff = find_add_string(fdt, name, &added);
		if (nameoff < 0)
			return nameoff;
		p = struct_ptr_w(fdt, body);
		err = splice_struct(fdt, p, 0, 12 + TAGALIGN((uint32_t)len));
		if (err) {
			if (added) /* fdt_del_last_string_() */
				set_hdr(fdt, H_SIZE_STRINGS, fdt_size_dt_strings(fdt) - (uint32_t)strlen(name) - 1);
			return err;
		}
		fdt_put_be32(p, FDT_PROP);
		fdt_put_be32(p + 8, (uint32_t)nameoff);
	} else {
		return prop;
	}
	fdt_put_be32(p + 4, (uint32_t)len);
	if (len)
		memcpy(p + 12, val, (size_t)len);
	return 0;
}

int fdt_setprop_u32(void *fdt, int node, const char *name, uint32_t val)
{
	uint8_t cell[4];

	fdt_put_be32(cell, val);
	return fdt_setprop(fdt, node, name, cell, 4);
}

int fdt_setprop_string(void *fdt, int node, const char *name, const char *str)
{
	return fdt_setprop(fdt, node, name, str, (int)strlen(str) + 1);
}

/* fdt_add_subnode(): the new node goes after the parent's properties, before its subnodes */
int fdt_add_subnode(void *fdt, int parent, const char *name)
{
	int err = rw_probe(fdt), offset, next;
	uint32_t namelen = (uint32_t)strlen(name), tag, nodelen;
	uint8_t *p;

	if (err)
		return err;
	offset = fdt_subnode_offset(fdt, parent, name);
	if (offset >= 0)
		return -FDT_ERR_EXISTS;
	if (offset != -FDT_ERR_NOTFOUND)
		return offset;
	next = node_body(fdt, parent);
	if (next < 0)
		return next;
	do {
		offset = next;
		tag = fdt_next_tag(fdt, offset, &next);
	} while (tag == FDT_PROP || tag == FDT_NOP);
	nodelen = 4 + TAGALIGN(namelen + 1) + 4;
	p = struct_ptr_w(fdt, offset);
	err = splice_struct(fdt, p, 0, nodelen);
	if (err)
		return err;
	fdt_put_be32(p, FDT_BEGIN_NODE);
	memset(p + 4, 0, TAGALIGN(namelen + 1));
	memcpy(p + 4, name, namelen);
	fdt_put_be32(p + nodelen - 4, FDT_END_NODE);
	return offset;
}

/* fdt_packblocks_(): header, reserve map, structure, strings, back to back */
static void pack_blocks(const void *old, void *new)
{
	uint32_t rsv = (uint32_t)(fdt_num_mem_rsv(old) + 1) * FDT_RSV_ENTRY_SIZE;
	uint32_t struct_size = fdt_size_dt_struct(old), strings_size = fdt_size_dt_strings(old);
	uint32_t rsv_off = FDT_HEADER_SIZE, struct_off = rsv_off + rsv, strings_off = struct_off + struct_size;
	uint32_t old_struct = fdt_off_dt_struct(old), old_strings = fdt_off_dt_strings(old);

	memmove((uint8_t *)new + rsv_off, (const uint8_t *)old + hdr(old, H_OFF_RSVMAP), rsv);
	set_hdr(new, H_OFF_RSVMAP, rsv_off);
	memmove((uint8_t *)new + struct_off, (const uint8_t *)old + old_struct, struct_size);
	set_hdr(new, H_OFF_STRUCT, struct_off);
	set_hdr(new, H_SIZE_STRUCT, struct_size);
	memmove((uint8_t *)new + strings_off, (const uint8_t *)old + old_strings, strings_size);
	set_hdr(new, H_OFF_STRINGS, strings_off);
	set_hdr(new, H_SIZE_STRINGS, strings_size);
}

/*
 * fdt_open_into(): copy (or move in place) the blob to buf with totalsize bufsize. A blob in
 * canonical order is moved whole, as libfdt's fdt_move() does; otherwise its blocks are packed.
 */
int fdt_open_into(const void *fdt, void *buf, int bufsize)
{
	int err = fdt_check_header(fdt);
	uint32_t rsv, need, boot_cpuid;

	if (err)
		return err;
	if (!blocks_misordered(fdt)) {
		if (bufsize < 0 || fdt_totalsize(fdt) > (uint32_t)bufsize)
			return -FDT_ERR_NOSPACE;
		memmove(buf, fdt, fdt_totalsize(fdt));
		set_hdr(buf, H_VERSION, 17);
		set_hdr(buf, H_TOTALSIZE, (uint32_t)bufsize);
		return 0;
	}
	rsv = (uint32_t)(fdt_num_mem_rsv(fdt) + 1) * FDT_RSV_ENTRY_SIZE;
	need = FDT_HEADER_SIZE + rsv + fdt_size_dt_struct(fdt) + fdt_size_dt_strings(fdt);
	/* duoboot only repacks into a separate buffer (libfdt also handles overlap via a bounce) */
	if (bufsize < 0 || need > (uint32_t)bufsize ||
	    ((const uint8_t *)buf < (const uint8_t *)fdt + fdt_totalsize(fdt) &&
	     (const uint8_t *)fdt < (const uint8_t *)buf + bufsize))
		return -FDT_ERR_NOSPACE;
	boot_cpuid = hdr(fdt, H_BOOT_CPUID);
	pack_blocks(fdt, buf);
	set_hdr(buf, H_MAGIC, FDT_MAGIC);
	set_hdr(buf, H_TOTALSIZE, (uint32_t)bufsize);
	set_hdr(buf, H_VERSION, 17);
	set_hdr(buf, H_LAST_COMP, 16);
	set_hdr(buf, H_BOOT_CPUID, boot_cpuid);
	return 0;
}

int fdt_pack(void *fdt)
{
	int err = rw_probe(fdt);

	if (err)
		return err;
	pack_blocks(fdt, fdt);
	set_hdr(fdt, H_TOTALSIZE, data_size(fdt));
	return 0;
}
