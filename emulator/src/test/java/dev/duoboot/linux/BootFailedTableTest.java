package dev.duoboot.linux;

import dev.duoboot.platform.Platform;
import dev.duoboot.platform.Platforms;
import static org.assertj.core.api.Assertions.assertThat;

import dev.duoboot.fdt.DeviceTree;
import dev.duoboot.fdt.Node;
import dev.duoboot.sdk.ElfFile;
import dev.duoboot.sdk.ElfSection;
import dev.duoboot.sdk.ProgramHeader;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The spec's §9: the ways "echo start > state" ends in {@code Boot failed: -22}, on the vendor
 * kernel and on the 6.x lines with the driver ported unchanged. Each row gives the tree change,
 * the firmware change, the driver, and the exact remoteproc lines after "powering up".
 */
class BootFailedTableTest {

    /** The Duo's C906L registers, as the platform file gives them. */
    static final Platform.LittleCoreControl REGS = Platforms.require("duo", "test").littleCore();

    static final List<String> VENDOR_AND_PORTS = List.of("cvitek-5.10-c:y", "linux-6.1", "linux-6.6", "linux-6.12", "mainline");

    static final byte[] CVIRTOS = Fixtures.littlecore("cvirtos.elf");
    static final byte[] ARDUINO = Fixtures.littlecore("arduino.elf");

    record Row(String id, List<String> profiles, Consumer<DeviceTree> tree, byte[] firmware, RprocDriver driver,
            int expectedRc, List<String> expectedLines) {}

    static ByteBuffer le(byte[] b) {
        return ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
    }

    static byte[] patch(byte[] elf, UnaryOperator<byte[]> f) {
        return f.apply(elf.clone());
    }

    static ProgramHeader firstLoad(byte[] elf) {
        return ElfFile.of("fw", elf).programHeaders().stream().filter(ProgramHeader::isLoad).findFirst().orElseThrow();
    }

    static long rscOffset(byte[] elf) {
        ElfSection s = ElfFile.of("fw", elf).section(".resource_table").orElseThrow();
        return s.offset();
    }

    static Node rtos(DeviceTree t) {
        return t.node("/reserved-memory/rtos_dram@83f40000").orElseThrow();
    }

    static final CvitekRproc LATER = new CvitekRproc(CvitekRproc.Variant.LATER, REGS);

    static List<Row> rows() {
        List<Row> rows = new ArrayList<>();
        String booting = "remoteproc remoteproc0: Booting fw image cvirtos.elf, size ";
        rows.add(new Row("1 lookup NULL in parse_fw (target disabled)", VENDOR_AND_PORTS,
                t -> rtos(t).setProperty(Dt.str("status", "disabled")), CVIRTOS, LATER, -22,
                List.of(booting + CVIRTOS.length, "cvitek-rproc c906l_rproc@0: unable to acquire memory-region",
                        "remoteproc remoteproc0: Boot failed: -22")));
        rows.add(new Row("2 lookup NULL in prepare (imx-shaped driver)", List.of("linux-6.1", "linux-6.6", "linux-6.12"),
                t -> rtos(t).setProperty(Dt.str("status", "disabled")), CVIRTOS, new MainlineStyleRproc(REGS), -22,
                List.of(booting + CVIRTOS.length, "cvitek-rproc c906l_rproc@0: unable to acquire memory-region",
                        "remoteproc remoteproc0: can't prepare rproc c906l_rproc@0: -22", "remoteproc remoteproc0: Boot failed: -22")));
        rows.add(new Row("3a ELF sanity: bad magic", VENDOR_AND_PORTS, t -> { }, new byte[64], LATER, -22,
                List.of("remoteproc remoteproc0: Image is corrupted (bad magic)", "remoteproc remoteproc0: Boot failed: -22")));
        rows.add(new Row("3b ELF sanity: class", VENDOR_AND_PORTS, t -> { }, patch(CVIRTOS, b -> { b[4] = 3; return b; }), LATER, -22,
                List.of("remoteproc remoteproc0: Unsupported class: 3", "remoteproc remoteproc0: Boot failed: -22")));
        rows.add(new Row("3c ELF sanity: endianness", VENDOR_AND_PORTS, t -> { }, patch(CVIRTOS, b -> { b[5] = 2; return b; }), LATER, -22,
                List.of("remoteproc remoteproc0: Unsupported firmware endianness", "remoteproc remoteproc0: Boot failed: -22")));
        rows.add(new Row("3d ELF sanity: no program headers", VENDOR_AND_PORTS, t -> { },
                patch(CVIRTOS, b -> { le(b).putShort(56, (short) 0); return b; }), LATER, -22,
                List.of("remoteproc remoteproc0: No loadable segments", "remoteproc remoteproc0: Boot failed: -22")));
        rows.add(new Row("3e ELF sanity: section headers past the end (before 6.12)", List.of("cvitek-5.10-c:y", "linux-6.1", "linux-6.6"),
                t -> { }, patch(CVIRTOS, b -> { le(b).putLong(40, b.length); return b; }), LATER, -22,
                List.of("remoteproc remoteproc0: Image is too small", "remoteproc remoteproc0: Boot failed: -22")));
        rows.add(new Row("3f ELF sanity: section headers past the end (6.12.117+)", List.of("linux-6.12", "mainline"),
                t -> { }, patch(CVIRTOS, b -> { le(b).putLong(40, b.length); return b; }), LATER, -22,
                List.of("remoteproc remoteproc0: Section headers are out of bounds", "remoteproc remoteproc0: Boot failed: -22")));
        rows.add(new Row("4 empty firmware name", VENDOR_AND_PORTS,
                t -> t.node("/c906l_rproc@0").orElseThrow().setProperty(Dt.str("firmware-name", "")), CVIRTOS, LATER, -22,
                List.of("remoteproc remoteproc0: request_firmware failed: -22", "remoteproc remoteproc0: Boot failed: -22")));
        rows.add(new Row("5 malformed resource table only warns (cvitek)", VENDOR_AND_PORTS, t -> { },
                patch(ARDUINO, b -> { le(b).putInt((int) rscOffset(b), 2); return b; }), LATER, 0,
                List.of("remoteproc remoteproc0: Booting fw image cvirtos.elf, size " + ARDUINO.length,
                        "remoteproc remoteproc0: unsupported fw ver: 2",
                        "remoteproc remoteproc0: no resource table found for this firmware",
                        "cvitek-rproc c906l_rproc@0: Started from 0x83f40000",
                        "remoteproc remoteproc0: remote processor c906l_rproc@0 is now up")));
        rows.add(new Row("6 resource handler rejects an entry", VENDOR_AND_PORTS, t -> { },
                patch(ARDUINO, b -> {
                    ByteBuffer bb = le(b);
                    int table = (int) rscOffset(b);
                    int entry = table + bb.getInt(table + 16);
                    bb.putInt(entry + 4 + 16, 1); // fw_rsc_carveout.reserved
                    return b;
                }), LATER, -22,
                List.of("remoteproc remoteproc0: Booting fw image cvirtos.elf, size " + ARDUINO.length,
                        "remoteproc remoteproc0: carveout rsc has non zero reserved bytes",
                        "remoteproc remoteproc0: Failed to process resources: -22", "remoteproc remoteproc0: Boot failed: -22")));
        ProgramHeader load = firstLoad(CVIRTOS);
        rows.add(new Row("7a segment outside the carveout (region too small)", VENDOR_AND_PORTS,
                t -> rtos(t).setProperty(Dt.cells64("reg", 0x83f40000L, 0x100)), CVIRTOS, LATER, -22,
                List.of(booting + CVIRTOS.length, "remoteproc remoteproc0: no resource table found for this firmware",
                        "remoteproc remoteproc0: bad phdr da 0x83f40000 mem 0x" + Long.toHexString(load.memsz()),
                        "remoteproc remoteproc0: Failed to load program segments: -22", "remoteproc remoteproc0: Boot failed: -22")));
        rows.add(new Row("7b no memory-region at all", VENDOR_AND_PORTS,
                t -> t.node("/c906l_rproc@0").orElseThrow().removeProperty("memory-region"), CVIRTOS, LATER, -22,
                List.of(booting + CVIRTOS.length, "remoteproc remoteproc0: no resource table found for this firmware",
                        "remoteproc remoteproc0: bad phdr da 0x83f40000 mem 0x" + Long.toHexString(load.memsz()),
                        "remoteproc remoteproc0: Failed to load program segments: -22", "remoteproc remoteproc0: Boot failed: -22")));
        rows.add(new Row("8a filesz > memsz", VENDOR_AND_PORTS, t -> { },
                patch(CVIRTOS, b -> { le(b).putLong((int) load.headerOffset() + 32, load.memsz() + 1); return b; }), LATER, -22,
                List.of(booting + CVIRTOS.length, "remoteproc remoteproc0: no resource table found for this firmware",
                        "remoteproc remoteproc0: bad phdr filesz 0x" + Long.toHexString(load.memsz() + 1) + " memsz 0x" + Long.toHexString(load.memsz()),
                        "remoteproc remoteproc0: Failed to load program segments: -22", "remoteproc remoteproc0: Boot failed: -22")));
        byte[] truncated = patch(CVIRTOS, b -> {
            le(b).putLong(40, 0); // no section headers left to check
            le(b).putShort(60, (short) 0);
            return Arrays.copyOf(b, (int) (load.offset() + load.filesz() - 1));
        });
        rows.add(new Row("8b truncated firmware", VENDOR_AND_PORTS, t -> { }, truncated, LATER, -22,
                List.of(booting + truncated.length, "remoteproc remoteproc0: no resource table found for this firmware",
                        "remoteproc remoteproc0: truncated fw: need 0x" + Long.toHexString(load.offset() + load.filesz())
                                + " avail 0x" + Integer.toHexString(truncated.length),
                        "remoteproc remoteproc0: Failed to load program segments: -22", "remoteproc remoteproc0: Boot failed: -22")));
        return rows;
    }

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (Row r : rows()) {
            for (String p : r.profiles()) {
                out.add(Arguments.of(r.id(), p, r));
            }
        }
        return out.stream();
    }

    static KernelRun boot(String profileSpec, DeviceTree t) {
        String[] p = profileSpec.split(":");
        KernelInputs in = KernelInputs.of(t, 0x2000, KernelProfile.byName(p[0]).orElseThrow());
        if (p.length > 1) {
            in = in.withConfig(Map.of("CONFIG_ARCH_CVITEK", "y", "CONFIG_CVITEK_REMOTEPROC", p[1]));
        }
        return KernelModel.boot(in);
    }

    /** The log from the sysfs write on ("powering up" excluded), DEBUG hidden. */
    static List<String> afterPoweringUp(KernelRun k) {
        List<String> lines = k.printk().visible(LogLevel.INFO).stream().map(LogLine::text).toList();
        int at = lines.lastIndexOf("remoteproc remoteproc0: powering up c906l_rproc@0");
        return lines.subList(at + 1, lines.size());
    }

    @ParameterizedTest(name = "§9 row {0} on {1}")
    @MethodSource("cases")
    void startFailsAsTheKernelDoes(String id, String profile, Row row) {
        DeviceTree t = Dt.duo64();
        row.tree().accept(t);
        KernelRun k = boot(profile, t);
        SparseMemory mem = new SparseMemory();
        Remoteproc r = Remoteproc.probe(k, t.node("/c906l_rproc@0").orElseThrow(), row.driver(), mem).orElseThrow();
        RemoteprocOutcome out = r.stateStore("start\n", Map.of("cvirtos.elf", row.firmware()));
        assertThat(out.returnCode()).isEqualTo(row.expectedRc());
        assertThat(afterPoweringUp(k)).containsExactlyElementsOf(row.expectedLines());
        if (row.expectedRc() != 0) {
            assertThat(out.state()).isEqualTo(RprocState.OFFLINE);
            assertThat(mem.regWrites).as("the core is never released").isEmpty();
            assertThat(k.explanations()).as("the failure is explained").isNotEmpty();
        }
    }

    @ParameterizedTest(name = "§9 row 10 on {0}: an unknown word is rejected without Boot failed")
    @MethodSource("profiles")
    void unrecognisedOption(String profile) {
        DeviceTree t = Dt.duo64();
        KernelRun k = boot(profile, t);
        Remoteproc r = Remoteproc.probe(k, t.node("/c906l_rproc@0").orElseThrow(), LATER, new SparseMemory()).orElseThrow();
        RemoteprocOutcome out = r.stateStore("foo\n", Map.of());
        assertThat(out.returnCode()).isEqualTo(-22);
        List<String> lines = k.printk().visible(LogLevel.INFO).stream().map(LogLine::text).toList();
        assertThat(lines).endsWith("remoteproc remoteproc0: Unrecognised option: foo", "");
        assertThat(lines).noneMatch(s -> s.contains("Boot failed"));
    }

    static Stream<String> profiles() {
        return VENDOR_AND_PORTS.stream();
    }

    @ParameterizedTest(name = "start while running on {0}")
    @MethodSource("profiles")
    void startWhileRunningIsBusyOnlyOn510(String profile) {
        DeviceTree t = Dt.duo64();
        KernelRun k = boot(profile, t);
        Remoteproc r = Remoteproc.probe(k, t.node("/c906l_rproc@0").orElseThrow(), LATER, new SparseMemory()).orElseThrow();
        Map<String, byte[]> fw = Map.of("cvirtos.elf", CVIRTOS);
        assertThat(r.stateStore("start\n", fw).returnCode()).isZero();
        assertThat(r.stateStore("start\n", fw).returnCode()).isEqualTo(profile.startsWith("cvitek") ? -16 : 0);
    }

    @ParameterizedTest(name = "size-0 region on {0} is -ENOMEM, not -EINVAL")
    @MethodSource("profiles")
    void zeroSizedRegionCannotBeMapped(String profile) {
        DeviceTree t = Dt.duo64();
        rtos(t).setProperty(Dt.cells64("reg", 0x83f40000L, 0));
        KernelRun k = boot(profile, t);
        Remoteproc r = Remoteproc.probe(k, t.node("/c906l_rproc@0").orElseThrow(), LATER, new SparseMemory()).orElseThrow();
        RemoteprocOutcome out = r.stateStore("start\n", Map.of("cvirtos.elf", CVIRTOS));
        boolean saved = !profile.equals("linux-6.12") && !profile.equals("mainline");
        assertThat(out.returnCode()).isEqualTo(saved ? -12 : -22);
        List<String> lines = afterPoweringUp(k);
        if (saved) {
            assertThat(lines).contains("cvitek-rproc c906l_rproc@0: Unable to map memory region: 0x0000000083f40000+0",
                    "remoteproc remoteproc0: Unable to allocate carveout rtos_dram: -12",
                    "remoteproc remoteproc0: Failed to allocate associated carveouts: -12");
        } else {
            assertThat(lines).contains("cvitek-rproc c906l_rproc@0: unable to acquire memory-region");
        }
    }
}
