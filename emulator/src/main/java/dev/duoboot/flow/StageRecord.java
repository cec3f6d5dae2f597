package dev.duoboot.flow;

import java.util.List;
import java.util.Optional;

/**
 * What one boot stage did that matters for memory: its actions in words, the memory it placed or
 * claimed (one column of the memory map), and the device tree it handed to the next stage.
 */
public record StageRecord(String stage, List<String> actions, MemoryView view, Optional<PassedDt> dtPassedOn) {

    public StageRecord {
        actions = List.copyOf(actions);
    }

    /**
     * A device tree as a stage left it for the next one: a file name for the report directory
     * ({@code opensbi.dtb}), the file it was made from (its diff is taken against that one:
     * {@link #BOARD_UBOOT}, {@link #BOARD_KERNEL} or an earlier stage's file), where it lies, the blob.
     */
    public record PassedDt(String fileName, String basedOn, long addr, byte[] blob) {

        /** The board DT as U-Boot's build compiles it: what OpenSBI starts from. */
        public static final String BOARD_UBOOT = "board-uboot.dtb";
        /** The board DT as the kernel's build compiles it (boot.sd): what U-Boot's bootm starts from. */
        public static final String BOARD_KERNEL = "board-kernel.dtb";

        public PassedDt {
            blob = blob.clone();
        }

        @Override
        public byte[] blob() {
            return blob.clone();
        }
    }
}
