/*
 * The remoteproc resource table (include/linux/remoteproc.h: struct resource_table,
 * fw_rsc_carveout, fw_rsc_vdev), in the section the kernel looks for (".resource_table").
 */
#ifndef DUOBOOT_RSC_TABLE_H
#define DUOBOOT_RSC_TABLE_H

#include <stdint.h>

#define RSC_CARVEOUT 0
#define RSC_VDEV 3
#define FW_RSC_ADDR_ANY 0xffffffffu
#define VIRTIO_ID_RPMSG 7

struct fw_rsc_carveout {
	uint32_t type;
	uint32_t da;
	uint32_t pa;
	uint32_t len;
	uint32_t flags;
	uint32_t reserved;
	char name[32];
};

struct fw_rsc_vdev_vring {
	uint32_t da;
	uint32_t align;
	uint32_t num;
	uint32_t notifyid;
	uint32_t pa;
};

struct fw_rsc_vdev {
	uint32_t type;
	uint32_t id;
	uint32_t notifyid;
	uint32_t dfeatures;
	uint32_t gfeatures;
	uint32_t config_len;
	uint8_t status;
	uint8_t num_of_vrings;
	uint8_t reserved[2];
	struct fw_rsc_vdev_vring vring[2];
};

#endif
