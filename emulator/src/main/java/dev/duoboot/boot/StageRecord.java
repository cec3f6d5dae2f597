package dev.duoboot.boot;

import dev.duoboot.fdt.FdtBlob;
import java.util.List;
import java.util.Optional;

/**
 * What one boot stage did that matters for memory: its events, the memory it placed or claimed
 * (one column of the memory map), and the device tree it handed to the next stage.
 */
public record StageRecord(StageId stage, List<StageEvent> events, MemoryView view, Optional<PassedDt> dtPassedOn) {

    public StageRecord {
        events = List.copyOf(events);
    }

    /** The board DT as one of the two builds compiles it: what the first stage to pass a DT starts from. */
    public enum BoardDt {
        /** As U-Boot's build compiles it: what OpenSBI starts from. */
        UBOOT("board-uboot.dtb"),
        /** As the kernel's build compiles it (boot.sd): what U-Boot's bootm starts from. */
        KERNEL("board-kernel.dtb");

        private final String fileName;

        BoardDt(String fileName) {
            this.fileName = fileName;
        }

        /** The file name in the report directory's dtb/. */
        public String fileName() {
            return fileName;
        }
    }

    /**
     * A device tree as a stage left it for the next one: a file name for the report directory
     * ({@code opensbi.dtb}), the board DT it was made from (its diff is taken against that one),
     * where it lies, the blob.
     */
    public record PassedDt(String fileName, BoardDt basedOn, long addr, FdtBlob dt) {}
}
