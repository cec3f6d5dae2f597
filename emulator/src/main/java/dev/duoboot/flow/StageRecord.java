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
     * A device tree as a stage left it for the next one: the blob, where it lies, and a file name
     * for the report directory ({@code opensbi.dtb}).
     */
    public record PassedDt(String fileName, long addr, byte[] blob) {
        public PassedDt {
            blob = blob.clone();
        }

        @Override
        public byte[] blob() {
            return blob.clone();
        }
    }
}
