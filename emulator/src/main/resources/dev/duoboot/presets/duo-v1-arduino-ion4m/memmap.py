"""Milk-V Duo (CV1800B, 64 MiB), SDK v1 with the Arduino patch (@7221d23), ION_SIZE changed from
the Arduino branch's 0 to 4 MiB to run sample_audio_rtos, as milkv-duo/duo-buildroot-sdk#158 did
(docs/facts/failures.md section 3).

duoboot's own rendering of this layout, written from the formulas in
docs/facts/sdk-boot-flow.md section 1 in the style of the SDK's board memmap.py.
"""
SIZE_1M = 0x100000
SIZE_1K = 1024


class MemoryMap:
    _no_prefix = [
        "CONFIG_SYS_TEXT_BASE",  # U-Boot reads this one without the C preprocessor
    ]

    DRAM_BASE = 0x80000000
    DRAM_SIZE = 64 * SIZE_1M

    # --- little core (C906L): FreeRTOS or an Arduino sketch, at the top of DRAM ---
    FREERTOS_SIZE = 768 * SIZE_1K
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
    ION_SIZE = 4 * SIZE_1M
    H26X_BITSTREAM_SIZE = 0 * SIZE_1M
    H26X_ENC_BUFF_SIZE = 0
    ISP_MEM_BASE_SIZE = 0 * SIZE_1M
    BOOTLOGO_SIZE = 0 * SIZE_1M
    FREERTOS_RESERVED_ION_SIZE = (H26X_BITSTREAM_SIZE + H26X_ENC_BUFF_SIZE + ISP_MEM_BASE_SIZE
                                  + BOOTLOGO_SIZE)
    ION_ADDR = FREERTOS_ADDR - ION_SIZE

    # the fast-image buffers are carved from the start of ION
    H26X_BITSTREAM_ADDR = ION_ADDR
    H26X_ENC_BUFF_ADDR = H26X_BITSTREAM_ADDR + H26X_BITSTREAM_SIZE
    ISP_MEM_BASE_ADDR = H26X_ENC_BUFF_ADDR + H26X_ENC_BUFF_SIZE

    # boot logo after the ISP buffer, still inside ION
    BOOTLOGO_ADDR = ISP_MEM_BASE_ADDR + ISP_MEM_BASE_SIZE
    assert BOOTLOGO_ADDR + BOOTLOGO_SIZE <= ION_ADDR + ION_SIZE, "boot logo must fit inside ION"

    # --- FSBL and U-Boot: where boot.sd is loaded and unpacked ---
    CVI_UPDATE_HEADER_SIZE = SIZE_1K
    UIMAG_SIZE = 15 * SIZE_1M
    UIMAG_ADDR = DRAM_BASE + 20 * SIZE_1M
    CVI_UPDATE_HEADER_ADDR = UIMAG_ADDR - CVI_UPDATE_HEADER_SIZE
    FSBL_UNZIP_ADDR = UIMAG_ADDR
    FSBL_UNZIP_SIZE = UIMAG_SIZE
    assert UIMAG_ADDR + UIMAG_SIZE <= ION_ADDR, "the boot.sd buffer runs into ION"

    # U-Boot runs (and is entered +0x20) at DRAM_BASE + 2 MiB; its early stack tops the boot.sd buffer
    CONFIG_SYS_TEXT_BASE = DRAM_BASE + 2 * SIZE_1M
    CONFIG_SYS_INIT_SP_ADDR = UIMAG_ADDR + UIMAG_SIZE
