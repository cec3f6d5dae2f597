package dev.duoboot.boot;

import dev.duoboot.platform.Platform;
import dev.duoboot.platform.Region;
import dev.duoboot.soc.BusHang;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The static chain's physical memory: DRAM and registers as plain storage ({@link SparseDram}),
 * with the SoC rules the emulated machine's devices follow where they decide an outcome, from the
 * same platform data: the C906L's active-low reset bit (a 0 to 1 edge releases the core at the
 * SEC_SYS vector, a 1 to 0 edge holds it: soc.ResetController), the clock gates open at power-on,
 * and an access to a block whose gate is closed never answered (soc.Machine). Every access is the
 * C906B's (FSBL's and the kernel model's).
 */
final class StaticSoc implements SocMemory {

    private final Platform board;
    private final SparseDram store = new SparseDram();
    private boolean released;
    private long releasedAt;
    private int releases;
    private int releasesAtLastLoad;
    private Optional<BusHang> hang = Optional.empty();

    StaticSoc(Platform board) {
        this.board = board;
        for (Platform.ClockGate g : board.clockGates()) {
            long reg = g.enable().register();
            store.write32(reg, store.read32(reg) | g.enable().mask());
        }
    }

    @Override
    public byte[] read(long addr, int len) {
        check(addr, false);
        return store.read(addr, len);
    }

    @Override
    public void write(long addr, byte[] bytes) {
        check(addr, true);
        Platform.RegisterBit reset = board.littleCore().reset();
        boolean before = isSet(reset);
        store.write(addr, bytes);
        if (board.dram().contains(addr)) {
            releasesAtLastLoad = releases;
        }
        boolean after = isSet(reset);
        if (!before && after) {
            Platform.LittleCoreControl c = board.littleCore();
            released = true;
            releasedAt = store.read32(c.vectorLow()) | store.read32(c.vectorHigh()) << 32;
            releases++;
        } else if (before && !after) {
            released = false;
        }
    }

    private boolean isSet(Platform.RegisterBit bit) {
        return (store.read32(bit.register()) & bit.mask()) != 0;
    }

    /** An access to a block whose clock gate is closed: recorded, and it never completes. */
    private void check(long addr, boolean write) {
        if (hang.isPresent()) {
            throw new AccessHangs(hang.get().address());
        }
        Optional<Region> r = board.regionAt(addr);
        Optional<Platform.ClockGate> gate = r.flatMap(x -> board.gateOf(x.name()));
        if (gate.isPresent() && !isSet(gate.get().enable())) {
            hang = Optional.of(new BusHang(0, addr, write, r.get().name(), gate.get(), OptionalLong.empty()));
            throw new AccessHangs(addr);
        }
    }

    @Override
    public Optional<BusHang> busHang() {
        return hang;
    }

    @Override
    public boolean littleCoreRestartedSinceLoad() {
        return releases > releasesAtLastLoad;
    }

    /** Whether the C906L is out of reset. */
    boolean littleCoreReleased() {
        return released;
    }

    /** The SEC_SYS vector at the C906L's last release: where it started. */
    long littleCoreStart() {
        return releasedAt;
    }
}
