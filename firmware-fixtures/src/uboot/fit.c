/*
 * FIT subimage loading as U-Boot 2021.10 does it for bootm (common/image-fit.c
 * fit_image_load(), fit_image_select(), fit_image_verify_with_data(), fit_image_check_hash()),
 * with the SDK's configuration: CONFIG_FIT_PRINT off (no image details printed), no
 * FIT_SIGNATURE, hashes crc32 and sha256. Messages are U-Boot's.
 */
#include "console.h"
#include "fdt.h"
#include "hash.h"
#include "string.h"
#include "uboot.h"

#define ENOENT 2
#define ENOEXEC 8
#define EXDEV 18
#define EACCES 13
#define ENOSYS 38
#define ENOSPC 28
#define ENOMSG 42
#define EIO 5

static const char *str_prop(const void *fit, int node, const char *name)
{
	int len;
	const char *s = fdt_getprop(fit, node, name, &len);

	return s && len > 0 && s[len - 1] == '\0' ? s : NULL;
}

/* image.h IH_TYPE_* names (common/image.c uimage_type[]) */
const char *fit_type_name(const char *type)
{
	static const struct { char id[16]; char name[32]; } types[] = {
		{ "kernel", "Kernel Image" },
		{ "kernel_noload", "Kernel Image (no loading done)" },
		{ "flat_dt", "Flat Device Tree" },
		{ "ramdisk", "RAMDisk Image" },
		{ "firmware", "Firmware" },
		{ "standalone", "Standalone Program" },
	};

	for (unsigned i = 0; type && i < sizeof(types) / sizeof(types[0]); i++)
		if (!strcmp(type, types[i].id))
			return types[i].name;
	return "Unknown Image";
}

int fit_comp_id(const void *fit, int node)
{
	static const char comps[][8] = { "none", "gzip", "bzip2", "lzma", "lzo", "lz4", "zstd" };
	const char *comp = str_prop(fit, node, "compression");

	for (int i = 0; comp && i < (int)(sizeof(comps) / sizeof(comps[0])); i++)
		if (!strcmp(comp, comps[i]))
			return i;
	return -1;
}

/* fit_image_get_address(): one or two cells */
int fit_get_address(const void *fit, int node, const char *name, ulong *addr)
{
	int len;
	const void *cells = fdt_getprop(fit, node, name, &len);

	if (!cells || len <= 0 || len % 4 || len > 8)
		return -1;
	*addr = (ulong)fdt_read_number(cells, len / 4);
	return 0;
}

/* fit_image_get_data_and_size(): embedded "data", or external data-position / data-offset */
static int image_data(const void *fit, int node, ulong *data, ulong *size)
{
	int len;
	const uint8_t *p;
	ulong offset;

	p = fdt_getprop(fit, node, "data-position", &len);
	if (p && len == 4) {
		offset = fdt_be32(p);
	} else if ((p = fdt_getprop(fit, node, "data-offset", &len)) && len == 4) {
		offset = fdt_be32(p) + ((fdt_totalsize(fit) + 3) & ~3u);
	} else {
		p = fdt_getprop(fit, node, "data", &len);
		if (!p)
			return -1;
		*data = (ulong)p;
		*size = (ulong)len;
		return 0;
	}
	p = fdt_getprop(fit, node, "data-size", &len);
	if (!p || len != 4)
		return -1;
	*data = (ulong)fit + offset;
	*size = fdt_be32(p);
	return 0;
}

/* fit_image_check_hash() */
static int check_hash(const void *fit, int hash, ulong data, ulong size, const char **err)
{
	const char *algo = str_prop(fit, hash, "algo");
	const uint8_t *want;
	uint8_t value[SHA256_SUM_LEN];
	int want_len, value_len;

	if (!algo) {
		*err = "Can't get hash algo property";
		return -1;
	}
	con_printf("%s", algo);
	want = fdt_getprop(fit, hash, "value", &want_len);
	if (!want) {
		*err = "Can't get hash value property";
		return -1;
	}
	if (!strcmp(algo, "crc32")) {
		uint32_t crc = crc32(0, (const void *)data, size);

		value[0] = (uint8_t)(crc >> 24);
		value[1] = (uint8_t)(crc >> 16);
		value[2] = (uint8_t)(crc >> 8);
		value[3] = (uint8_t)crc;
		value_len = 4;
	} else if (!strcmp(algo, "sha256")) {
		sha256((const void *)data, size, value);
		value_len = SHA256_SUM_LEN;
	} else {
		*err = "Unsupported hash algorithm";
		return -1;
	}
	if (value_len != want_len) {
		*err = "Bad hash value len";
		return -1;
	}
	if (memcmp(value, want, (size_t)value_len)) {
		*err = "Bad hash value";
		return -1;
	}
	return 0;
}

/* fit_image_verify(): every "hash*" subnode must match */
static int image_verify(const void *fit, int image)
{
	const char *err = "Can't get image data/size";
	int node = image;
	ulong data, size;

	if (!image_data(fit, image, &data, &size)) {
		for (node = fdt_first_subnode(fit, image); node >= 0; node = fdt_next_subnode(fit, node)) {
			if (strncmp(fdt_get_name(fit, node), "hash", 4))
				continue;
			if (check_hash(fit, node, data, size, &err))
				break;
			con_printf("+ ");
		}
		if (node < 0)
			return 1;
	}
	con_printf(" error!\n%s for '%s' hash node in '%s' image node\n", err, fdt_get_name(fit, node),
		   fdt_get_name(fit, image));
	return 0;
}

/* fit_check_format(): an FDT with a description and an /images node */
static int check_format(const void *fit)
{
	if (fdt_check_header(fit))
		return -ENOEXEC;
	if (!fdt_getprop(fit, 0, "description", NULL))
		return -ENOMSG;
	if (fdt_path_offset(fit, "/images") < 0)
		return -ENOENT;
	return 0;
}

/* fit_conf_get_node(): the named configuration, or the one "default" names */
static int conf_node(const void *fit, const char *config)
{
	int confs = fdt_path_offset(fit, "/configurations");

	if (confs < 0)
		return confs;
	if (!config) {
		config = str_prop(fit, confs, "default");
		if (!config)
			return -FDT_ERR_NOTFOUND;
	}
	return fdt_subnode_offset(fit, confs, config);
}

int fit_image_load(const void *fit, ulong addr, const char *config, const char *prop_name,
		   const char *image_type, int load_op, struct fit_loaded *out)
{
	int cfg, node, ret, comp, type_ok, os_ok;
	const char *uname, *type, *os, *arch;
	ulong data, len, load;

	con_printf("## Loading %s from FIT Image at %08lx ...\n", prop_name, addr);
	ret = check_format(fit);
	if (ret) {
		con_printf("Bad FIT %s image format! (err=%d)\n", prop_name, ret);
		return ret;
	}
	cfg = conf_node(fit, config);
	if (cfg < 0) {
		con_printf("Could not find configuration node\n");
		return -ENOENT;
	}
	out->config = fdt_get_name(fit, cfg);
	con_printf("   Using '%s' configuration\n", out->config);

	/* fit_conf_get_prop_node(): the first image the configuration names for prop_name */
	uname = str_prop(fit, cfg, prop_name);
	node = uname ? fdt_subnode_offset(fit, fdt_path_offset(fit, "/images"), uname) : -FDT_ERR_NOTFOUND;
	if (node < 0) {
		con_printf("Could not find subimage node type '%s'\n", prop_name);
		return -ENOENT;
	}
	out->node = node;
	con_printf("   Trying '%s' %s subimage\n", uname, prop_name);

	/* fit_image_select(): images->verify is on (env "verify" unset) */
	con_printf("   Verifying Hash Integrity ... ");
	if (!image_verify(fit, node)) {
		con_printf("Bad Data Hash\n");
		return -EACCES;
	}
	con_printf("OK\n");

	/* fit_image_check_target_arch() */
	arch = str_prop(fit, node, "arch");
	if (!arch || strcmp(arch, "riscv")) {
		con_printf("Unsupported Architecture\n");
		return -ENOEXEC;
	}
	/* the type must match (a firmware image may stand in), and a kernel must be for Linux */
	type = str_prop(fit, node, "type");
	os = str_prop(fit, node, "os");
	type_ok = type && (!strcmp(type, image_type) || !strcmp(type, "firmware") ||
			   (!strcmp(image_type, "kernel") && !strcmp(type, "kernel_noload")));
	os_ok = !strcmp(image_type, "flat_dt") || (os && !strcmp(os, "linux"));
	if (!type_ok || !os_ok) {
		con_printf("No %s %s %s Image\n", os && !strcmp(os, "linux") ? "Linux" : "Unknown OS", "RISC-V",
			   fit_type_name(image_type));
		return -EIO;
	}
	if (image_data(fit, node, &data, &len)) {
		con_printf("Could not find %s subimage data!\n", prop_name);
		return -ENOENT;
	}
	load = data;
	if (load_op != FIT_LOAD_IGNORED && !fit_get_address(fit, node, "load", &load)) {
		/* the image must not overwrite the FIT it comes from */
		if (load < addr + fdt_totalsize(fit) && load + len > addr) {
			con_printf("Error: %s overwritten\n", prop_name);
			return -EXDEV;
		}
		con_printf("   Loading %s from 0x%08lx to 0x%08lx\n", prop_name, data, load);
	}
	comp = fit_comp_id(fit, node);
	/* kernels are decompressed later, in bootm_load_os() */
	if (strcmp(image_type, "kernel") && comp > IH_COMP_NONE) {
		ulong end;

		if (image_decomp(comp, load, data, fit_type_name(image_type), len, len * 20, &end)) {
			con_printf("Error decompressing %s\n", prop_name);
			return -ENOEXEC;
		}
	} else if (load != data) {
		memmove((void *)load, (const void *)data, len);
	}
	out->data = data;
	out->len = len;
	out->load = load;
	return node;
}

/* print_decomp_msg() and image_decomp() for an image the fixture can only copy */
int image_decomp(int comp, ulong load, ulong image_start, const char *type_name, ulong image_len,
		 ulong unc_len, ulong *load_end)
{
	*load_end = load;
	if (comp != IH_COMP_NONE) {
		con_printf("   Uncompressing %s\n", type_name);
		con_printf("Unimplemented compression type %d\n", comp);
		return -ENOSYS;
	}
	con_printf("   %s %s\n", load == image_start ? "XIP" : "Loading", type_name);
	if (load != image_start) {
		if (image_len > unc_len)
			return -ENOSPC;
		memmove((void *)load, (const void *)image_start, image_len);
	}
	*load_end = load + image_len;
	return 0;
}
