package dev.duoboot.scenario;

import java.util.List;

/**
 * A change to a scenario's inputs, in the user's terms: a memmap.py constant, a .config line, a
 * device-tree node, the kernel line. Fixes are edits (each one verified by re-running the static
 * chain with it applied), and so are the cells of a sweep. Device-tree edits apply to both the
 * DT U-Boot is built with and the kernel's.
 */
public sealed interface ScenarioEdit {

    /** One line for humans: which file, what changes. */
    String describe();

    /** {@code NAME = expression} in memmap.py's class MemoryMap (the expression is Python, e.g. {@code 4 * SIZE_1M}). */
    record MemmapAssign(String name, String expression) implements ScenarioEdit {
        @Override
        public String describe() {
            return "memmap.py: " + name + " = " + expression;
        }
    }

    /** {@code CONFIG_X=value} in the kernel .config ({@code y}, {@code m}, or {@code n} for "is not set"). */
    record ConfigSet(String symbol, String value) implements ScenarioEdit {
        @Override
        public String describe() {
            return value.equals("n") ? ".config: # " + symbol + " is not set" : ".config: " + symbol + "=" + value;
        }
    }

    /** Gives the node at {@code path} a new full name (labels and phandle stay). */
    record RenameNode(String path, String newName) implements ScenarioEdit {
        @Override
        public String describe() {
            return "DTS: rename node " + path + " to " + newName;
        }
    }

    /** Deletes the node at {@code path}. */
    record DeleteNode(String path) implements ScenarioEdit {
        @Override
        public String describe() {
            return "DTS: delete node " + path;
        }
    }

    /** Makes the node at {@code path} its parent's first child. */
    record MoveNodeFirst(String path) implements ScenarioEdit {
        @Override
        public String describe() {
            return "DTS: move node " + path + " first in its parent";
        }
    }

    /** Sets the node's {@code reg} to one (base, size) entry in its parent's cells. */
    record SetReg(String path, long base, long size) implements ScenarioEdit {
        @Override
        public String describe() {
            return String.format("DTS: %s reg = <0x%x size 0x%x>", path, base, size);
        }
    }

    /** Runs another kernel line. */
    record UseKernel(String profile) implements ScenarioEdit {
        @Override
        public String describe() {
            return "kernel: " + profile;
        }
    }

    /** Builds fip.bin with FreeRTOS: CONFIG_ENABLE_FREERTOS=y in the board's defconfig (freertos-in-fip). */
    record PackFreertosInFip() implements ScenarioEdit {
        @Override
        public String describe() {
            return "board defconfig: CONFIG_ENABLE_FREERTOS=y";
        }
    }

    /**
     * Several edits made as one change (a fix that only works whole, such as setting three
     * memmap.py constants together). A scenario holds its parts, in order, never the group.
     */
    record Together(List<ScenarioEdit> parts) implements ScenarioEdit {
        public Together {
            parts = List.copyOf(parts);
        }

        @Override
        public String describe() {
            return String.join("; ", parts.stream().map(ScenarioEdit::describe).toList());
        }
    }

    /** Runs the kernel with another remoteproc driver. */
    record UseRprocDriver(RprocDriverChoice driver) implements ScenarioEdit {
        @Override
        public String describe() {
            return "kernel: rproc driver " + driver.id();
        }
    }

    /**
     * Sets {@code property} of the node at {@code path} to {@code <&target cells...>}: a phandle to
     * the node at {@code target} (given one if it has none) followed by {@code cells}
     * ({@code clocks = <&clk 19>}, {@code sophgo,syscon = <&sec_sys>}).
     *
     * @param shown how the DTS writes the reference ({@code &clk CLK_EFUSE}), for the description
     */
    record SetReference(String path, String property, String target, java.util.List<Long> cells, String shown) implements ScenarioEdit {
        public SetReference {
            cells = java.util.List.copyOf(cells);
        }

        @Override
        public String describe() {
            return "DTS: " + path + " " + property + " = <" + shown + ">";
        }
    }

    /** Appends {@code word} to the kernel command line U-Boot passes ({@code clk_ignore_unused}). */
    record AppendBootarg(String word) implements ScenarioEdit {
        @Override
        public String describe() {
            return "bootargs: add " + word;
        }
    }
}
