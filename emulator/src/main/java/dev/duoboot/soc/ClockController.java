package dev.duoboot.soc;

import dev.duoboot.platform.Platform;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The clock generator (CLKGEN): plain registers, except that the enable bits of the platform's
 * clock gates are set at power-on (FSBL reads the eFuse and programs SEC_SYS without enabling
 * anything: sophgo/fsbl plat/cv18{0,1}x has no CLK_EN write), and the machine asks it whether a
 * gate is open. Who gates a clock is the software's business (Linux's clk_disable_unused()).
 */
final class ClockController {

    private final long base;
    private final Registers registers;

    /** @param base the block's address; the gates' registers are absolute */
    ClockController(long base, List<Platform.ClockGate> gates) {
        this.base = base;
        Map<Long, Long> reset = new HashMap<>();
        for (Platform.ClockGate g : gates) {
            reset.merge(g.enable().register() - base, g.enable().mask(), (a, b) -> a | b);
        }
        this.registers = new Registers(reset);
    }

    long read(long offset, int size) {
        return registers.read(offset, size);
    }

    void write(long offset, int size, long value) {
        registers.write(offset, size, value);
    }

    boolean enabled(Platform.ClockGate gate) {
        return (registers.word(gate.enable().register() - base) & gate.enable().mask()) != 0;
    }
}
