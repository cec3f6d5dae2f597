/*
 * A small flattened-device-tree library for the duoboot fixtures: read and edit a DTB in place,
 * with libfdt's semantics (dtc 1.6 libfdt/fdt.c, fdt_ro.c, fdt_rw.c, fdt_wip.c), because the
 * stages it stands in for (OpenSBI, U-Boot) edit their trees with libfdt and the blob the kernel
 * receives should be laid out as theirs is: a new property goes first in its node, a new subnode
 * goes after its parent's properties, new strings are appended to the strings block, and blocks
 * keep the canonical order header, reserve map, structure, strings, free space.
 *
 * Offsets are structure-block offsets of FDT_BEGIN_NODE tags (0 is the root), as in libfdt;
 * errors are the negative FDT_ERR_* codes below.
 */
#ifndef DUOBOOT_FDT_H
#define DUOBOOT_FDT_H

#include <stddef.h>
#include <stdint.h>

#define FDT_MAGIC 0xd00dfeed
#define FDT_BEGIN_NODE 1
#define FDT_END_NODE 2
#define FDT_PROP 3
#define FDT_NOP 4
#define FDT_END 9

/* libfdt's error numbers */
#define FDT_ERR_NOTFOUND 1
#define FDT_ERR_EXISTS 2
#define FDT_ERR_NOSPACE 3
#define FDT_ERR_BADOFFSET 4
#define FDT_ERR_BADPATH 5
#define FDT_ERR_BADPHANDLE 6
#define FDT_ERR_TRUNCATED 8
#define FDT_ERR_BADMAGIC 9
#define FDT_ERR_BADVERSION 10
#define FDT_ERR_BADSTRUCTURE 11
#define FDT_ERR_BADLAYOUT 12
#define FDT_ERR_BADNCELLS 14
#define FDT_ERR_NOPHANDLES 17

#define FDT_HEADER_SIZE 40
#define FDT_RSV_ENTRY_SIZE 16

uint32_t fdt_be32(const void *p);
uint64_t fdt_be64(const void *p);
void fdt_put_be32(void *p, uint32_t v);

uint32_t fdt_totalsize(const void *fdt);
uint32_t fdt_off_dt_struct(const void *fdt);
uint32_t fdt_off_dt_strings(const void *fdt);
uint32_t fdt_size_dt_strings(const void *fdt);
uint32_t fdt_size_dt_struct(const void *fdt);
void fdt_set_totalsize(void *fdt, uint32_t size);

/* fdt_check_header(): magic, versions 16/17, block offsets and sizes inside totalsize */
int fdt_check_header(const void *fdt);
/* walks the whole structure block: tags, nesting, property names inside the strings block */
int fdt_check_structure(const void *fdt);

/* tag at offset; *next = offset of the following tag (negative error for a malformed tag) */
uint32_t fdt_next_tag(const void *fdt, int offset, int *next);
const char *fdt_get_name(const void *fdt, int node);
int fdt_first_subnode(const void *fdt, int node);
int fdt_next_subnode(const void *fdt, int node);
/* next node in document order; *depth tracks nesting as libfdt's fdt_next_node() does */
int fdt_next_node(const void *fdt, int node, int *depth);
/* "name" matches "name" and "name@unit"; "name@unit" matches only itself (fdt_nodename_eq_) */
int fdt_subnode_offset(const void *fdt, int parent, const char *name);
int fdt_path_offset(const void *fdt, const char *path);

const void *fdt_getprop(const void *fdt, int node, const char *name, int *lenp);
/* property by position: first/next property offset of a node, then its name and value */
int fdt_first_property_offset(const void *fdt, int node);
int fdt_next_property_offset(const void *fdt, int prop);
const void *fdt_getprop_by_offset(const void *fdt, int prop, const char **name, int *lenp);

int fdt_address_cells(const void *fdt, int node);
int fdt_size_cells(const void *fdt, int node);
uint32_t fdt_get_phandle(const void *fdt, int node);
int fdt_node_offset_by_phandle(const void *fdt, uint32_t phandle);
int fdt_node_offset_by_compatible(const void *fdt, int start, const char *compatible);
int fdt_generate_phandle(const void *fdt, uint32_t *phandle);

int fdt_num_mem_rsv(const void *fdt);
void fdt_get_mem_rsv(const void *fdt, int n, uint64_t *addr, uint64_t *size);

/* edits; the blob must be in canonical block order with room up to its totalsize */
int fdt_open_into(const void *fdt, void *buf, int bufsize);
int fdt_pack(void *fdt);
int fdt_setprop(void *fdt, int node, const char *name, const void *val, int len);
int fdt_setprop_u32(void *fdt, int node, const char *name, uint32_t val);
int fdt_setprop_string(void *fdt, int node, const char *name, const char *str);
int fdt_add_subnode(void *fdt, int parent, const char *name);

/* libfdt's fdt_strerror(): "FDT_ERR_NOSPACE" and so on */
const char *fdt_strerror(int err);

/* a number of 1 or 2 big-endian cells */
uint64_t fdt_read_number(const void *cells, int count);

#endif
