package dev.duoboot.cli;

import dev.duoboot.DuobootException;
import dev.duoboot.platform.Platform;
import dev.duoboot.platform.Platforms;
import dev.duoboot.soc.Machine;
import dev.duoboot.soc.RunLimits;
import dev.duoboot.soc.RunResult;
import dev.duoboot.unicorn.RiscvRegister;
import dev.duoboot.unicorn.Unicorn;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;
import java.util.function.DoubleSupplier;
import java.util.stream.Collectors;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code duoboot bench}: how fast the emulator is, measured on the {@code bench} fixture and, when
 * Debian's packages are installed, on OpenSBI + U-Boot. Every figure is the median of {@code
 * --repeat} runs, in wall-clock time of this host (the only place duoboot reads the wall clock).
 */
@Command(name = "bench", sortOptions = false, mixinStandardHelpOptions = true, description = "Measures emulation speed and prints a table.")
public final class BenchCommand implements Callable<Integer> {

    /** The board every bench runs on: the default one, whose id the table names. */
    private static final Platform BOARD = Platforms.defaultPlatform();
    private static final long ENTRY = BOARD.dram().base();
    /** Tight-loop iterations per compute-loop round: about half a round's time in raw Unicorn. */
    private static final long TIGHT_LOOP_PER_ROUND = 100_000;
    private static final String OPENSBI = "/usr/lib/riscv64-linux-gnu/opensbi/generic/fw_dynamic.bin";
    private static final String UBOOT = "/usr/lib/u-boot/qemu-riscv64_smode/u-boot.bin";

    @Spec
    CommandSpec spec;

    @Option(names = "--rounds", description = "Compute-loop rounds (about 46 000 instructions each; the tight loop runs 100 000 iterations a round; default ${DEFAULT-VALUE}).")
    int rounds = 4000;

    @Option(names = "--iterations", description = "Iterations of the MMIO, trap and time loops (default ${DEFAULT-VALUE}).")
    long iterations = 1_000_000;

    @Option(names = "--repeat", description = "Runs per figure; the median is shown (default ${DEFAULT-VALUE}).")
    int repeat = 5;

    @Override
    public Integer call() throws IOException {
        if (rounds <= 0 || iterations <= 0 || repeat <= 0) {
            throw new DuobootException("bench: --rounds, --iterations and --repeat must be positive");
        }
        PrintWriter out = spec.commandLine().getOut();
        byte[] bench = fixture();
        out.printf("duoboot bench: Java %s, Unicorn %s, median of %d runs%n", Runtime.version(), unicornVersion(),
                repeat);

        compare(out, bench, 0, rounds, "compute loop (CRC-32, insertion sort, copy)", true);
        // a Java upcall on every block is about fourteen times slower here (README): not run
        compare(out, bench, 2, rounds * TIGHT_LOOP_PER_ROUND,
                "tight loop (lw, addi, bnez: 3 instructions a block, no store)", false);

        double ram = median(() -> machineSeconds(bench, 2, iterations));
        double mmio = median(() -> machineSeconds(bench, 1, iterations));
        double nops = median(() -> machineSeconds(bench, 5, iterations));
        double ecalls = median(() -> machineSeconds(bench, 3, iterations));
        double rdtimes = median(() -> machineSeconds(bench, 4, iterations));
        out.printf("one MMIO read (a device register, vs a RAM load)   %8.0f ns%n", perOp(mmio, ram));
        out.printf("one trap (ecall to M-mode and mret, vs a nop)      %8.0f ns%n", perOp(ecalls, nops));
        out.printf("one emulated instruction (rdtime, vs a nop)        %8.0f ns%n", perOp(rdtimes, nops));
        out.printf("machine creation (%s, two harts)              %8.1f ms%n", BOARD.id(),
                1e3 * median(() -> timed(() -> Machine.create(BOARD).close())));

        if (Files.exists(Path.of(OPENSBI)) && Files.exists(Path.of(UBOOT))) {
            RunResult[] last = new RunResult[1];
            double wall = median(() -> timed(() -> last[0] = boot()));
            RunResult r = last[0];
            out.printf("OpenSBI 1.1 + U-Boot 2023.01 to the prompt (" + BOARD.id() + "): %.3f s virtual in %.3f s wall"
                    + " (%.1fx real time), %d instructions%n", r.virtualNanos() / 1e9, wall,
                    r.virtualNanos() / 1e9 / wall, r.instructions());
        } else {
            out.println("OpenSBI + U-Boot: skipped (install the Debian packages opensbi and u-boot-qemu)");
        }
        return 0;
    }

    private static String unicornVersion() {
        int v = Unicorn.version();
        return (v >>> 24) + "." + ((v >>> 16) & 0xff) + "." + ((v >>> 8) & 0xff);
    }

    private static byte[] fixture() throws IOException {
        try (InputStream in = BenchCommand.class.getResourceAsStream("/dev/duoboot/fixtures/bench/bench.bin")) {
            if (in == null) {
                throw new IllegalStateException("the bench fixture is missing from the classpath");
            }
            return in.readAllBytes();
        }
    }

    /**
     * Raw Unicorn, the full machine and, if {@code withUpcall}, raw Unicorn with a Java upcall on
     * every block, on one workload. The runs of a round follow each other, so the host's load
     * changes little between them: the machine layer's cost is the median of the per-round ratios.
     */
    private void compare(PrintWriter out, byte[] bench, int workload, long size, String title, boolean withUpcall) {
        long instructions = machineRun(bench, workload, size, new double[1]).instructions();
        double[][] t = withUpcall
                ? interleaved(() -> rawRun(bench, workload, size, false), () -> machineSeconds(bench, workload, size),
                        () -> rawRun(bench, workload, size, true))
                : interleaved(() -> rawRun(bench, workload, size, false), () -> machineSeconds(bench, workload, size));
        double[] layer = new double[repeat];
        for (int i = 0; i < repeat; i++) {
            layer[i] = 100 * (t[1][i] / t[0][i] - 1);
        }
        out.printf("%s: %d instructions%n", title, instructions);
        out.printf("  raw Unicorn through the binding, no hooks   %8.1f M instructions/s%n", mips(instructions, median(t[0])));
        if (withUpcall) {
            out.printf("  raw Unicorn, a Java upcall on every block   %8.1f M instructions/s%n",
                    mips(instructions, median(t[2])));
        }
        out.printf("  full machine (%s)                      %8.1f M instructions/s%n", BOARD.id(), mips(instructions, median(t[1])));
        out.printf("  machine layer: %+.1f%% time over raw (per round: %s)%n", median(layer),
                Arrays.stream(layer).mapToObj(v -> String.format("%+.1f%%", v)).collect(Collectors.joining(" ")));
    }

    /** The fixture's workload on a bare engine: no machine, at most an empty block hook. */
    private static double rawRun(byte[] bench, int workload, long size, boolean blockHook) {
        try (Unicorn uc = Unicorn.openRiscv64()) {
            uc.map(ENTRY, 1 << 20, Unicorn.PROT_ALL);
            uc.write(ENTRY, bench);
            if (blockHook) {
                uc.onBlock(1, 0, (u, address, bytes) -> {});
            }
            uc.writeRegister(RiscvRegister.A0, workload);
            uc.writeRegister(RiscvRegister.A1, size);
            long t0 = System.nanoTime();
            uc.start(ENTRY, Unicorn.NO_UNTIL, 0, 0); // returns at the final wfi
            return (System.nanoTime() - t0) / 1e9;
        }
    }

    /** Seconds {@link #machineRun} spends in {@code Machine.run} (machine creation excluded). */
    private static double machineSeconds(byte[] bench, int workload, long size) {
        double[] seconds = new double[1];
        machineRun(bench, workload, size, seconds);
        return seconds[0];
    }

    /** The fixture's workload on the bench board, to the final wfi; the run's wall time in {@code seconds[0]}. */
    private static RunResult machineRun(byte[] bench, int workload, long size, double[] seconds) {
        try (Machine m = Machine.create(BOARD)) {
            m.load(ENTRY, bench, "bench");
            m.startHart(Machine.HART_C906B, ENTRY);
            m.hart(0).setRegister(RiscvRegister.A0, workload);
            m.hart(0).setRegister(RiscvRegister.A1, size);
            long t0 = System.nanoTime();
            RunResult r = m.run(new RunLimits(Long.MAX_VALUE, Long.MAX_VALUE, java.util.Optional.empty()));
            seconds[0] = (System.nanoTime() - t0) / 1e9;
            if (r.outcome() != RunResult.Outcome.IDLE) {
                throw new IllegalStateException("bench workload " + workload + " ended with " + r.summary());
            }
            return r;
        }
    }

    private static RunResult boot() {
        try (Machine m = Machine.create(BOARD)) {
            m.load(0x80000000L, Files.readAllBytes(Path.of(OPENSBI)), "opensbi");
            m.load(0x80200000L, Files.readAllBytes(Path.of(UBOOT)), "u-boot");
            m.load(0x80080000L, BOARD.deviceTreeBlob(), "dtb");
            ByteBuffer info = ByteBuffer.allocate(48).order(ByteOrder.LITTLE_ENDIAN);
            info.putLong(0x4942534fL).putLong(2).putLong(0x80200000L).putLong(1).putLong(0).putLong(-1L);
            m.load(0x80081000L, info.array(), "fw_dynamic_info");
            m.startHart(Machine.HART_C906B, 0x80000000L);
            m.hart(0).setRegister(RiscvRegister.A1, 0x80080000L);
            m.hart(0).setRegister(RiscvRegister.A2, 0x80081000L);
            return m.run(RunLimits.defaults().withUntil(Pattern.compile("=> $")));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static double timed(Runnable r) {
        long t0 = System.nanoTime();
        r.run();
        return (System.nanoTime() - t0) / 1e9;
    }

    /** The median of {@code repeat} measurements, after one discarded warm-up run. */
    private double median(DoubleSupplier measure) {
        return median(interleaved(measure)[0]);
    }

    /**
     * {@code repeat} rounds of one run of each measure in turn, after a discarded warm-up round:
     * {@code result[m][round]}.
     */
    private double[][] interleaved(DoubleSupplier... measures) {
        for (DoubleSupplier m : measures) {
            m.getAsDouble();
        }
        double[][] t = new double[measures.length][repeat];
        for (int i = 0; i < repeat; i++) {
            for (int m = 0; m < measures.length; m++) {
                t[m][i] = measures[m].getAsDouble();
            }
        }
        return t;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static double mips(long instructions, double seconds) {
        return instructions / seconds / 1e6;
    }

    private double perOp(double seconds, double baseline) {
        return (seconds - baseline) / iterations * 1e9;
    }
}
