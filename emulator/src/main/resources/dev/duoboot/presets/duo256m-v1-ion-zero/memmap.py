"""Milk-V Duo256M (SG2002, 256 MiB), SDK v1 (cv1812cp board), with ION_SIZE set to 0 as the
SDK's FAQ suggests and milkv-duo/duo-buildroot-sdk#78 did: the fast-image buffers (H26X 2 MiB,
ISP 20 MiB) are still carved from the start of ION, so the assert below them fails and mmap_conv.py
stops the build (docs/facts/failures.md section 2). The assert has no message, as in the SDK's file.

duoboot's own rendering of this layout, written from the formulas in
docs/facts/sdk-boot-flow.md section 1 in the style of the SDK's board memmap.py.
mmap_conv.py turns every MemoryMap attribute not starting with "_" into a
CVIMMAP_<NAME> macro (no prefix for the names in _no_prefix).
"""
SIZE_1M = 0x100000
SIZE_1K = 1024


class MemoryMap:
    _no_prefix = [
        "CONFIG_SYS_TEXT_BASE",  # U-Boot reads this one without the C preprocessor
    ]

    DRAM_BASE = 0x80000000
    DRAM_SIZE = 256 * SIZE_1M

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
    ION_SIZE = 0 * SIZE_1M
    H26X_BITSTREAM_SIZE = 2 * SIZE_1M
    H26X_ENC_BUFF_SIZE = 0
    ISP_MEM_BASE_SIZE = 20 * SIZE_1M
    FREERTOS_RESERVED_ION_SIZE = H26X_BITSTREAM_SIZE + H26X_ENC_BUFF_SIZE + ISP_MEM_BASE_SIZE
    ION_ADDR = FREERTOS_ADDR - ION_SIZE

    # the fast-image buffers are carved from the start of ION
    H26X_BITSTREAM_ADDR = ION_ADDR
    H26X_ENC_BUFF_ADDR = H26X_BITSTREAM_ADDR + H26X_BITSTREAM_SIZE
    ISP_MEM_BASE_ADDR = H26X_ENC_BUFF_ADDR + H26X_ENC_BUFF_SIZE
    assert ISP_MEM_BASE_ADDR + ISP_MEM_BASE_SIZE <= ION_ADDR + ION_SIZE

    # boot logo (shared with the framebuffer) just below ION
    BOOTLOGO_SIZE = 1800 * SIZE_1K
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
