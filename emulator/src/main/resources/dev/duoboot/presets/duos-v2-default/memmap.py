"""Milk-V Duo S (SG2000, 512 MiB), SDK v2 board sg2000_milkv_duos_musl_riscv64_sd: ION 170 MiB.

duoboot's own rendering of this layout, in the style of the SDK's board memmap.py. Values:
DRAM_SIZE 512 MiB, FREERTOS 2 MiB at the top of DRAM and the formulas are those of every cv181x
board file (sophgo/build sg200x-dev @1f55859 boards/cv181x/sg2000_wevb_riscv64_sd/memmap.py,
milkv v1 @54977e9 build/boards/cv181x/cv1813h_milkv_duos_sd/memmap.py). ION_SIZE 170 MiB and
BOOTLOGO_SIZE 8000 KiB are the v2 Duo S file as copied in the fork mcpanl/duo-buildroot-sdk-v2
@2a4b2e7 (milkv's own v2 copy is not in the index; see docs/facts/boards.md): v1 has 1800 KiB for the logo.
mmap_conv.py turns every MemoryMap attribute not starting with "_" into a CVIMMAP_<NAME> macro
(no prefix for the names in _no_prefix).
"""
SIZE_1M = 0x100000
SIZE_1K = 1024


class MemoryMap:
    _no_prefix = [
        "CONFIG_SYS_TEXT_BASE",  # U-Boot reads this one without the C preprocessor
    ]

    DRAM_BASE = 0x80000000
    DRAM_SIZE = 512 * SIZE_1M

    # --- little core (C906L): FreeRTOS or an Arduino sketch, at the top of DRAM ---
    FREERTOS_SIZE = 2 * SIZE_1M
    FREERTOS_ADDR = DRAM_BASE + DRAM_SIZE - FREERTOS_SIZE
    # FSBL releases the C906L at this address
    FSBL_C906L_START_ADDR = FREERTOS_ADDR

    # --- OpenSBI (the monitor) at the bottom of DRAM; its FDT right after it ---
    MONITOR_ADDR = DRAM_BASE
    ATF_SIZE = 512 * SIZE_1K
    OPENSBI_SIZE = 512 * SIZE_1K
    OPENSBI_FDT_ADDR = MONITOR_ADDR + OPENSBI_SIZE

    # --- what memory@80000000 tells U-Boot and Linux: everything below FreeRTOS ---
    KERNEL_MEMORY_ADDR = DRAM_BASE
    KERNEL_MEMORY_SIZE = DRAM_SIZE - FREERTOS_SIZE

    # --- ION multimedia pool, just below FreeRTOS ---
    ION_SIZE = 170 * SIZE_1M
    H26X_BITSTREAM_SIZE = 2 * SIZE_1M
    H26X_ENC_BUFF_SIZE = 0
    ISP_MEM_BASE_SIZE = 20 * SIZE_1M
    FREERTOS_RESERVED_ION_SIZE = H26X_BITSTREAM_SIZE + H26X_ENC_BUFF_SIZE + ISP_MEM_BASE_SIZE
    ION_ADDR = FREERTOS_ADDR - ION_SIZE

    # the fast-image buffers are carved from the start of ION
    H26X_BITSTREAM_ADDR = ION_ADDR
    H26X_ENC_BUFF_ADDR = H26X_BITSTREAM_ADDR + H26X_BITSTREAM_SIZE
    ISP_MEM_BASE_ADDR = H26X_ENC_BUFF_ADDR + H26X_ENC_BUFF_SIZE
    assert ISP_MEM_BASE_ADDR + ISP_MEM_BASE_SIZE <= ION_ADDR + ION_SIZE, "ISP buffer must fit inside ION"

    # boot logo (shared with the framebuffer) just below ION
    BOOTLOGO_SIZE = 8000 * SIZE_1K
    BOOTLOGO_ADDR = ION_ADDR - BOOTLOGO_SIZE
    FRAMEBUFFER_SIZE = BOOTLOGO_SIZE
    FRAMEBUFFER_ADDR = BOOTLOGO_ADDR

    # --- FSBL and U-Boot: where boot.sd is loaded and unpacked ---
    CVI_UPDATE_HEADER_SIZE = SIZE_1K
    UIMAG_SIZE = 16 * SIZE_1M
    UIMAG_ADDR = DRAM_BASE + 24 * SIZE_1M
    CVI_UPDATE_HEADER_ADDR = UIMAG_ADDR - CVI_UPDATE_HEADER_SIZE
    FSBL_UNZIP_ADDR = UIMAG_ADDR
    FSBL_UNZIP_SIZE = UIMAG_SIZE
    assert UIMAG_ADDR + UIMAG_SIZE <= BOOTLOGO_ADDR, "the boot.sd buffer runs into the boot logo"

    # U-Boot runs (and is entered +0x20) at DRAM_BASE + 2 MiB; its early stack tops the boot.sd buffer
    CONFIG_SYS_TEXT_BASE = DRAM_BASE + 2 * SIZE_1M
    CONFIG_SYS_INIT_SP_ADDR = UIMAG_ADDR + UIMAG_SIZE
