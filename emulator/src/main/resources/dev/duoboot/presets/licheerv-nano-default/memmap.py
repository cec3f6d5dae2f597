"""Sipeed LicheeRV Nano (SG2002, 256 MiB), board sg2002_licheervnano_sd: ION 105 MiB, 8000 KiB logo.

duoboot's own rendering of this layout, in the style of the SDK's board memmap.py. Values from
sipeed/LicheeRV-Nano-Build @7131615 build/boards/sg200x/sg2002_licheervnano_sd/memmap.py (ION 105
MiB, boot logo 8000 KiB; the cv181x formulas unchanged). Other published versions of the same
file: ION 32 MiB (fork Cpasjuste @00ad358) and a NanoKVM one with no FreeRTOS window and ION 48
MiB (@1f61691); see docs/facts/boards.md. Sipeed's build does not set CONFIG_ENABLE_FREERTOS, so the window at
the top of DRAM is kept out of Linux but FSBL loads nothing there.
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
    ION_SIZE = 105 * SIZE_1M
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
