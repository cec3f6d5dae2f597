package dev.duoboot.linux;

import static org.assertj.core.api.Assertions.assertThat;

import dev.duoboot.linux.MemblockRegion.Flag;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MemblockTest {

    static MemblockRegion r(long base, long size, Flag... flags) {
        return new MemblockRegion(base, size, Set.of(flags));
    }

    @Test
    void addMergesTouchingAndOverlappingRanges() {
        Memblock mb = new Memblock();
        mb.add(0x80000000L, 0x1000000);
        mb.add(0x82000000L, 0x1000000);
        assertThat(mb.memory()).containsExactly(r(0x80000000L, 0x1000000), r(0x82000000L, 0x1000000));
        mb.add(0x80800000L, 0x1800000); // overlaps the first, touches the second
        assertThat(mb.memory()).containsExactly(r(0x80000000L, 0x3000000));
    }

    @Test
    void removeSplitsAndDoesNothingOutsideMemory() {
        Memblock mb = new Memblock();
        mb.add(0x80000000L, 0x4000000);
        mb.remove(0x90000000L, 0x1000);
        assertThat(mb.memory()).containsExactly(r(0x80000000L, 0x4000000));
        mb.remove(0x81000000L, 0x1000000);
        assertThat(mb.memory()).containsExactly(r(0x80000000L, 0x1000000), r(0x82000000L, 0x2000000));
    }

    @Test
    void reserveNeedNotBeMemoryAndMergesWithNeighbours() {
        Memblock mb = new Memblock();
        mb.reserve(0x83f40000L, 0xc0000);
        mb.reserve(0x83f00000L, 0x40000);
        assertThat(mb.reserved()).containsExactly(r(0x83f00000L, 0x100000));
        assertThat(mb.isRegionReserved(0x83ffffffL, 1)).isTrue();
        assertThat(mb.isRegionReserved(0x84000000L, 0x1000)).isFalse();
        mb.free(0x83f40000L, 0x40000);
        assertThat(mb.reserved()).containsExactly(r(0x83f00000L, 0x40000), r(0x83f80000L, 0x80000));
    }

    @Test
    void markNomapSplitsMemoryAndClearMergesItBack() {
        Memblock mb = new Memblock();
        mb.add(0x80000000L, 0x4000000);
        mb.markNomap(0x83f40000L, 0x200000); // runs past the end: only the part inside is marked
        assertThat(mb.memory()).containsExactly(r(0x80000000L, 0x3f40000), r(0x83f40000L, 0xc0000, Flag.NOMAP));
        mb.clearNomap(0x83f40000L, 0xc0000);
        assertThat(mb.memory()).containsExactly(r(0x80000000L, 0x4000000));
        mb.markNomap(0x90000000L, 0x1000); // wholly outside: no-op
        assertThat(mb.memory()).containsExactly(r(0x80000000L, 0x4000000));
    }

    @Test
    void findTopDownAvoidsReservedAndNomap() {
        Memblock mb = new Memblock();
        mb.add(0x80000000L, 0x4000000);
        mb.reserve(0x83e00000L, 0x200000);
        mb.markNomap(0x83c00000L, 0x200000);
        assertThat(mb.findInRange(0, Memblock.ALLOC_ANYWHERE, 0x100000, 0x1000)).isEqualTo(0x83b00000L);
        mb.setBottomUp(true);
        assertThat(mb.findInRange(0, Memblock.ALLOC_ANYWHERE, 0x100000, 0x1000)).isEqualTo(0x80000000L);
        assertThat(mb.findInRange(0x83d00000L, Memblock.ALLOC_ANYWHERE, 0x100000, 0x1000)).isZero();
    }

    @Test
    void findHonoursAlignmentAndFailsWithZero() {
        Memblock mb = new Memblock();
        mb.add(0x80000000L, 0x4000000);
        mb.reserve(0x83f00001L, 0xfffff);
        assertThat(mb.findInRange(0, 0, 0x1000, 0x400000)).isEqualTo(0x83c00000L);
        assertThat(mb.physAllocRange(0x8000000, 0x1000, 0, Memblock.ALLOC_ANYWHERE)).isZero();
        long got = mb.physAllocRange(0x1000, 0, 0, Memblock.ALLOC_ANYWHERE);
        assertThat(got).isEqualTo(0x83eff000L);
        assertThat(mb.isRegionReserved(got, 0x1000)).isTrue();
    }

    @Test
    void enforceMemoryLimitCutsMemoryAndReserved() {
        Memblock mb = new Memblock();
        mb.add(0x80200000L, 0xfe00000);
        mb.reserve(0x8f000000L, 0x100000);
        mb.reserve(0x80200000L, 0x1000000);
        mb.enforceMemoryLimit(200L << 20);
        assertThat(mb.memory()).containsExactly(r(0x80200000L, 0xc800000));
        assertThat(mb.endOfDram()).isEqualTo(0x8ca00000L);
        assertThat(mb.reserved()).containsExactly(r(0x80200000L, 0x1000000));
        mb.enforceMemoryLimit(1L << 40); // more than there is: nothing changes
        assertThat(mb.memory()).hasSize(1);
    }

    @Test
    void hotplugFlagKeepsRegionsApart() {
        Memblock mb = new Memblock();
        mb.add(0x80000000L, 0x1000000);
        mb.add(0x81000000L, 0x1000000);
        mb.markHotplug(0x81000000L, 0x1000000);
        assertThat(mb.memory()).isEqualTo(List.of(r(0x80000000L, 0x1000000), r(0x81000000L, 0x1000000, Flag.HOTPLUG)));
    }
}
