package dev.duoboot.firmware;

import dev.duoboot.DuobootException;
import dev.duoboot.sdk.ElfFile;
import dev.duoboot.sdk.ElfSection;
import dev.duoboot.sdk.ProgramHeader;
import dev.duoboot.sdk.ResourceTable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * duoboot's own little-core firmware (firmware-fixtures/src/littlecore), linked for any
 * FREERTOS_ADDR a memmap.py gives, the way the SDK's build links FreeRTOS with
 * {@code INCLUDE cvi_board_memmap.ld}. The fixture's code is position independent (PC-relative
 * addressing only; its Makefile build proves identical bytes at two bases), so linking it at
 * another address only moves the addresses the ELF records: program and section headers, the
 * entry point, symbol values, and the resource table's carve-out {@code da}/{@code pa}.
 *
 * <p>Only this fixture is rebased; a user's own ELF is always used as given.
 */
public final class LittleCoreImage {

    /** The variants the fixture is built in (see its Makefile). */
    public enum Variant {
        /** No resource table, like the vendor FreeRTOS build. */
        CVIRTOS("cvirtos"),
        /** The Arduino core's table: one carve-out "text", 2 MiB. */
        ARDUINO("arduino"),
        /** A carve-out over the window plus an rpmsg vdev with two vrings. */
        VDEV("vdev"),
        /** No resource table, and none of milkv's mailbox commands, as Sophgo's own FreeRTOS (sophgo/freertos comm_main.c). */
        SOPHGO("sophgo");

        private final String file;

        Variant(String file) {
            this.file = file;
        }

        public String fileName() {
            return file + ".elf";
        }

        /** Whether it answers mailbox_test's CMD_DUO_LED, as milkv's FreeRTOS does. */
        public boolean servesMailboxTest() {
            return this != SOPHGO;
        }
    }

    private final byte[] elf;
    private final long base;

    private LittleCoreImage(byte[] elf, long base) {
        this.elf = elf;
        this.base = base;
    }

    /** The fixture built in directory {@code board} (a platform's little-core fixture) for a variant, linked at {@code freertosAddr}. */
    public static LittleCoreImage linkedAt(String board, Variant variant, long freertosAddr) {
        String resource = "/dev/duoboot/fixtures/littlecore/" + board + "/" + variant.fileName();
        byte[] bytes;
        try (InputStream in = LittleCoreImage.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new DuobootException("no little-core fixture " + resource + " (board must be duo or duo256m)");
            }
            bytes = in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read fixture " + resource, e);
        }
        ElfFile original = ElfFile.parse(resource, bytes);
        long linkedAt = original.entry();
        byte[] moved = rebase(original, freertosAddr - linkedAt);
        return new LittleCoreImage(moved, freertosAddr);
    }

    /** The ELF, as remoteproc would load it from /lib/firmware. */
    public byte[] elf() {
        return elf.clone();
    }

    public long base() {
        return base;
    }

    /**
     * The raw image FSBL loads as BLCP_2ND (what {@code objcopy -O binary} makes of the ELF): the
     * file bytes of every PT_LOAD segment placed at its address, from the lowest address to the
     * end of the last segment's file bytes, gaps zero-filled.
     */
    public byte[] rawBinary() {
        ElfFile f = ElfFile.parse("little-core", elf);
        long lo = Long.MAX_VALUE;
        long hi = 0;
        for (ProgramHeader ph : f.programHeaders()) {
            if (ph.isLoad() && ph.filesz() > 0) {
                lo = Math.min(lo, ph.paddr());
                hi = Math.max(hi, ph.paddr() + ph.filesz());
            }
        }
        byte[] out = new byte[(int) (hi - lo)];
        for (ProgramHeader ph : f.programHeaders()) {
            if (ph.isLoad() && ph.filesz() > 0) {
                System.arraycopy(elf, (int) ph.offset(), out, (int) (ph.paddr() - lo), (int) ph.filesz());
            }
        }
        return out;
    }

    /** Moves every recorded address of a position-independent ELF64 by {@code delta}. */
    static byte[] rebase(ElfFile f, long delta) {
        byte[] out = f.bytes();
        ByteBuffer b = ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(24, b.getLong(24) + delta); // e_entry
        for (ProgramHeader ph : f.programHeaders()) {
            int at = (int) ph.headerOffset();
            b.putLong(at + 16, ph.vaddr() + delta);
            b.putLong(at + 24, ph.paddr() + delta);
        }
        boolean[] allocated = new boolean[f.sections().size()];
        for (ElfSection s : f.sections()) {
            if ((s.flags() & 0x2) != 0) { // SHF_ALLOC
                allocated[s.index()] = true;
                b.putLong((int) s.headerOffset() + 16, s.addr() + delta);
            }
        }
        for (ElfSection s : f.sections()) {
            if (s.type() != ElfSection.SHT_SYMTAB) {
                continue;
            }
            for (long at = s.offset(); at + 24 <= s.offset() + s.size(); at += 24) {
                int shndx = b.getShort((int) at + 6) & 0xffff;
                if (shndx > 0 && shndx < allocated.length && allocated[shndx]) {
                    b.putLong((int) at + 8, b.getLong((int) at + 8) + delta);
                }
            }
        }
        if (ResourceTable.find(f) instanceof ResourceTable.Found found) {
            long tableAt = found.table().section().offset();
            for (ResourceTable.Entry e : found.table().entries()) {
                if (e.resource() instanceof ResourceTable.Carveout) {
                    int da = (int) (tableAt + e.offset() + 4);
                    b.putInt(da, (int) (Integer.toUnsignedLong(b.getInt(da)) + delta));
                    b.putInt(da + 4, (int) (Integer.toUnsignedLong(b.getInt(da + 4)) + delta));
                }
            }
        }
        return out;
    }

    @Override
    public String toString() {
        return "little-core image at 0x" + Long.toHexString(base) + " (" + elf.length + " bytes, "
                + Arrays.hashCode(elf) + ")";
    }
}
