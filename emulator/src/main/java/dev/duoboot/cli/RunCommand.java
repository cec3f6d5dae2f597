package dev.duoboot.cli;

import dev.duoboot.DuobootException;
import dev.duoboot.EmulationException;
import dev.duoboot.firmware.BootCard;
import dev.duoboot.platform.Platform;
import dev.duoboot.platform.Platforms;
import dev.duoboot.platform.Region;
import dev.duoboot.soc.Console;
import dev.duoboot.soc.Machine;
import dev.duoboot.soc.RunLimits;
import dev.duoboot.soc.RunResult;
import dev.duoboot.soc.device.BootMedium;
import dev.duoboot.soc.device.BootRom;
import dev.duoboot.unicorn.RiscvRegister;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code duoboot run}: a generic runner in the manner of QEMU's {@code -bios/-kernel/-dtb}. Loads
 * files at addresses, places a DTB and an OpenSBI {@code fw_dynamic_info}, starts hart 0, feeds the
 * console, and stops on a console pattern, the instruction budget or a virtual-time limit. Prints
 * the console, then one summary line.
 */
@Command(name = "run", sortOptions = false, mixinStandardHelpOptions = true,
        description = {"Boots files on a modelled board and prints the console.",
            "Exit status: 0 when --until matched (or, without --until, the run ended by its time limit),"
                    + " 1 when it stopped otherwise, 2 for bad input, 3 for a guest fault or an exhausted budget."})
public final class RunCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--board", required = true, paramLabel = "ID",
            description = "The board: ${COMPLETION-CANDIDATES}.", completionCandidates = BoardIds.class)
    String boardName;

    @Option(names = "--load", paramLabel = "FILE@ADDR", description = "Copies FILE into memory at ADDR (repeatable).")
    List<String> loads = new ArrayList<>();

    @Option(names = "--dtb", paramLabel = "FILE@ADDR",
            description = "Places a device tree blob at ADDR and passes its address in a1; FILE 'board' is the"
                    + " board's built-in DTB.")
    String dtb;

    @Option(names = "--fw-dynamic", paramLabel = "NEXT_ADDR",
            description = "Writes an OpenSBI fw_dynamic_info (next stage at NEXT_ADDR, S-mode) and passes it in a2.")
    String fwDynamic;

    @Option(names = "--fw-dynamic-info", paramLabel = "ADDR",
            description = "Where the fw_dynamic_info goes (default: the 4 KiB page after the DTB).")
    String fwDynamicInfo;

    @Option(names = "--entry", paramLabel = "ADDR",
            description = "Hart 0 starts here, in M-mode, a0 = 0. With --rom or --sd and no --entry (or the ROM's"
                    + " address), the mask ROM model cold-boots: param1 and BL2 from the SD card's fip.bin, BL2 entered at +0x20.")
    String entry;

    @Option(names = "--rom", description = "Serves the mask ROM model's API (get_boot_src, load_image, image_crc, ...) at the"
            + " board's ROM address, so a BL2 (FSBL) can call it.")
    boolean rom;

    @Option(names = "--sd", paramLabel = "FIP|IMAGE",
            description = "What the mask ROM model's load_image reads (implies --rom): a fip.bin, or an SD card image"
                    + " (sdcard.img), which goes into the SD slot as it is, its fip.bin read from its FAT boot partition.")
    Path sdFip;

    @Option(names = "--console-input", paramLabel = "TEXT",
            description = "Typed on UART0, a line at a time, each after a prompt (escapes: \\n \\r \\t \\\\ \\xNN).")
    String consoleInput;

    @Option(names = "--prompt", paramLabel = "REGEX",
            description = "What a prompt looks like at the end of the output (default: '${DEFAULT-VALUE}').")
    String prompt = Console.DEFAULT_PROMPT.pattern();

    @Option(names = "--until-prompt",
            description = "Stops at the first prompt (--prompt) once all console input is typed: U-Boot's '=> ', the"
                    + " vendor's 'soph# ' or 'cv180x_c906# ', a shell's '# '.")
    boolean untilPrompt;

    @Option(names = "--until", paramLabel = "REGEX",
            description = "Stops when the console output after the last input line matches.")
    String until;

    @Option(names = "--max-virtual-time", paramLabel = "SECONDS", description = "Virtual-time limit (default: 60).")
    String maxVirtualTime = "60";

    @Option(names = "--max-instructions", paramLabel = "N",
            description = "Instruction budget of all harts together (default: 4000000000).")
    long maxInstructions = RunLimits.DEFAULT_MAX_INSTRUCTIONS;

    @Option(names = "--trace", paramLabel = "FILE",
            description = "Writes every trap, release and unimplemented access to FILE.")
    Path trace;

    /** One file to load. */
    record Load(String what, Path file, byte[] bytes, long address) {
        long end() {
            return address + bytes.length;
        }
    }

    @Override
    public Integer call() throws IOException {
        Platform board = Platforms.require(boardName, "--board");
        List<Load> images = new ArrayList<>();
        for (String l : loads) {
            images.add(load("--load", l, board));
        }
        Optional<Load> dtbImage = Optional.ofNullable(dtb).map(d -> load("--dtb", d, board));
        dtbImage.ifPresent(images::add);
        Optional<Load> info = Optional.ofNullable(fwDynamic).map(next -> fwDynamicInfo(board, dtbImage));
        info.ifPresent(images::add);
        checkOverlaps(images);
        boolean withRom = rom || sdFip != null;
        if (entry == null && !withRom) {
            throw new DuobootException("--entry: missing (or give --rom/--sd for a cold boot through the mask ROM model)");
        }
        long romBase = board.bootRom().romBase();
        long entryAddress = entry == null ? romBase : address("--entry", entry);
        boolean coldBoot = withRom && entryAddress == romBase;
        if (coldBoot && sdFip == null) {
            throw new DuobootException("--rom: a cold boot through the mask ROM model reads fip.bin from the SD card; give --sd FIP");
        }
        // a card image goes into the slot too (U-Boot reads it); a bare fip.bin is only the ROM's
        Optional<BootCard> card = Optional.ofNullable(sdFip).filter(RunCommand::isCardImage).map(BootCard::open);
        BootMedium medium = BootMedium.sdCard(card.isPresent() ? card.get().bootFile("fip.bin").bytes().orElseThrow()
                : sdFip == null ? new byte[0] : readSdFip(sdFip));
        RunLimits limits = limits();
        Pattern promptPattern = pattern("--prompt", prompt);

        PrintWriter out = spec.commandLine().getOut();
        try (Machine machine = Machine.create(board)) {
            for (Load image : images) {
                machine.load(image.address(), image.bytes(), image.what());
            }
            card.ifPresent(c -> machine.insertCard(c.device()));
            machine.console().setPrompt(promptPattern);
            if (consoleInput != null) {
                machine.console().script(0, unescape(consoleInput));
            }
            List<String> traceLines = new ArrayList<>();
            if (trace != null) {
                for (int h = 0; h < machine.hartCount(); h++) {
                    machine.hart(h).onTrap(t -> traceLines.add(t.toString()));
                }
            }
            if (coldBoot) {
                Optional<BootRom.Refusal> refused = machine.powerOn(medium);
                if (refused.isPresent()) {
                    throw new DuobootException("--sd " + sdFip + ": the mask ROM model refuses it: " + refused.get().reason());
                }
            } else {
                if (withRom) {
                    machine.installBootRom(medium);
                }
                machine.startHart(Machine.HART_C906B, entryAddress);
                machine.hart(0).setRegister(RiscvRegister.A0, 0);
            }
            dtbImage.ifPresent(d -> machine.hart(0).setRegister(RiscvRegister.A1, d.address()));
            info.ifPresent(i -> machine.hart(0).setRegister(RiscvRegister.A2, i.address()));

            RunResult result = machine.run(limits);

            byte[] console = machine.console().transcript();
            String text = new String(console, java.nio.charset.StandardCharsets.ISO_8859_1);
            out.print(text);
            if (!text.isEmpty() && !text.endsWith("\n")) {
                out.println();
            }
            out.println(result.summary());
            out.flush();
            if (trace != null) {
                traceLines.addAll(machine.events());
                traceLines.addAll(machine.unimplementedAccesses());
                Files.write(trace, traceLines);
            }
            return exitCode(result);
        }
    }

    /** Whether {@code file} is an SD card image with a fip.bin on its boot partition (else it is taken as a fip.bin). */
    private static boolean isCardImage(Path file) {
        try {
            return Files.isRegularFile(file) && BootCard.open(file).bootFile("fip.bin").bytes().isPresent();
        } catch (DuobootException e) {
            return false;
        }
    }

    private static byte[] readSdFip(Path file) {
        try {
            byte[] bytes = Files.readAllBytes(file);
            if (bytes.length == 0) {
                throw new DuobootException("--sd " + file + ": the file is empty, expected a fip.bin");
            }
            return bytes;
        } catch (IOException e) {
            throw new DuobootException("--sd " + file + ": cannot read it ("
                    + (e instanceof java.nio.file.NoSuchFileException ? "no such file" : e.getMessage()) + ")");
        }
    }

    private int exitCode(RunResult result) {
        return switch (result.outcome()) {
            case MATCHED -> 0;
            case TIME_LIMIT, IDLE -> until == null && !untilPrompt ? 0 : DuobootException.EXIT_NOT_AS_EXPECTED;
            case STOPPED, BUS_HANG -> DuobootException.EXIT_NOT_AS_EXPECTED;
            case BUDGET, FAULT -> throw new EmulationException(result.summary());
        };
    }

    private RunLimits limits() {
        double seconds;
        try {
            seconds = Double.parseDouble(maxVirtualTime);
        } catch (NumberFormatException e) {
            throw new DuobootException("--max-virtual-time: '" + maxVirtualTime + "' is not a number of seconds");
        }
        if (!(seconds > 0) || seconds > 1e6) {
            throw new DuobootException("--max-virtual-time: expected seconds between 0 and 1000000, got " + maxVirtualTime);
        }
        if (maxInstructions <= 0) {
            throw new DuobootException("--max-instructions: expected a positive count, got " + maxInstructions);
        }
        RunLimits limits = RunLimits.defaults().withMaxVirtualNanos((long) (seconds * 1e9)).withMaxInstructions(maxInstructions);
        if (untilPrompt) {
            if (until != null) {
                throw new DuobootException("--until-prompt and --until: give one of them");
            }
            return limits.withUntil(pattern("--prompt", prompt));
        }
        return until == null ? limits : limits.withUntil(pattern("--until", until));
    }

    private static Pattern pattern(String option, String regex) {
        try {
            return Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw new DuobootException(option + ": '" + regex + "' is not a regular expression: " + e.getDescription());
        }
    }

    /** FILE@ADDR, read and checked against the board's memory. */
    private static Load load(String option, String spec, Platform board) {
        int at = spec.lastIndexOf('@');
        if (at <= 0 || at == spec.length() - 1) {
            throw new DuobootException(option + " " + spec + ": expected FILE@ADDR, e.g. fw_dynamic.bin@0x80000000");
        }
        String name = spec.substring(0, at);
        long address = address(option + " " + spec, spec.substring(at + 1));
        byte[] bytes;
        Path file = Path.of(name);
        if (option.equals("--dtb") && name.equals("board")) {
            bytes = board.deviceTreeBlob();
        } else {
            try {
                bytes = Files.readAllBytes(file);
            } catch (IOException e) {
                throw new DuobootException(option + " " + spec + ": cannot read " + name + " ("
                        + (e instanceof java.nio.file.NoSuchFileException ? "no such file" : e.getMessage()) + ")");
            }
        }
        if (bytes.length == 0) {
            throw new DuobootException(option + " " + spec + ": " + name + " is empty");
        }
        Load l = new Load(option.equals("--dtb") ? "dtb" : file.getFileName().toString(), file, bytes, address);
        inMemory(option + " " + spec, l, board);
        return l;
    }

    /** OpenSBI's {@code struct fw_dynamic_info} (include/sbi/fw_dynamic.h): version 2, next stage in S-mode. */
    private Load fwDynamicInfo(Platform board, Optional<Load> dtbImage) {
        long next = address("--fw-dynamic", fwDynamic);
        long where;
        if (fwDynamicInfo != null) {
            where = address("--fw-dynamic-info", fwDynamicInfo);
        } else if (dtbImage.isPresent()) {
            where = (dtbImage.get().end() + 0xfff) & ~0xfffL;
        } else {
            throw new DuobootException("--fw-dynamic: needs --dtb or --fw-dynamic-info to know where the info goes");
        }
        ByteBuffer b = ByteBuffer.allocate(6 * 8).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(0x4942534fL); // FW_DYNAMIC_INFO_MAGIC_VALUE "OSBI"
        b.putLong(2); // FW_DYNAMIC_INFO_VERSION_2: has boot_hart
        b.putLong(next);
        b.putLong(1); // FW_DYNAMIC_INFO_NEXT_MODE_S
        b.putLong(0); // options
        b.putLong(-1L); // boot_hart: any
        Load l = new Load("fw_dynamic_info", Path.of("fw_dynamic_info"), b.array(), where);
        inMemory("--fw-dynamic-info 0x" + Long.toHexString(where), l, board);
        return l;
    }

    private static void inMemory(String where, Load l, Platform board) {
        Optional<Region> r = board.regionAt(l.address());
        boolean memory = r.isPresent() && r.get().kind().isMemory();
        if (!memory || l.end() > r.get().end()) {
            Region dram = board.dram();
            throw new DuobootException(String.format(
                    "%s: 0x%x..0x%x (%d bytes) is not inside one memory region of %s (DRAM is 0x%x..0x%x)", where,
                    l.address(), l.end(), l.bytes().length, board.id(), dram.base(), dram.end()));
        }
    }

    private static void checkOverlaps(List<Load> images) {
        for (int i = 0; i < images.size(); i++) {
            for (int j = i + 1; j < images.size(); j++) {
                Load a = images.get(i);
                Load b = images.get(j);
                if (a.address() < b.end() && b.address() < a.end()) {
                    throw new DuobootException(String.format("%s at 0x%x..0x%x overlaps %s at 0x%x..0x%x", b.what(),
                            b.address(), b.end(), a.what(), a.address(), a.end()));
                }
            }
        }
    }

    static long address(String option, String text) {
        try {
            String t = text.replace("_", "");
            return t.startsWith("0x") || t.startsWith("0X") ? Long.parseUnsignedLong(t.substring(2), 16) : Long.parseLong(t);
        } catch (NumberFormatException e) {
            throw new DuobootException(option + ": '" + text + "' is not an address (expected e.g. 0x80000000)");
        }
    }

    /** C-style escapes: \n \r \t \\ \xNN. */
    static String unescape(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '\\' || i + 1 == s.length()) {
                b.append(c);
                continue;
            }
            char e = s.charAt(++i);
            switch (e) {
                case 'n' -> b.append('\n');
                case 'r' -> b.append('\r');
                case 't' -> b.append('\t');
                case '\\' -> b.append('\\');
                case 'x' -> {
                    try {
                        b.append((char) Integer.parseInt(s.substring(i + 1, i + 3), 16));
                    } catch (NumberFormatException | StringIndexOutOfBoundsException ex) {
                        throw new DuobootException("--console-input: \\x needs two hex digits at position " + i);
                    }
                    i += 2;
                }
                default -> b.append('\\').append(e);
            }
        }
        return b.toString();
    }

    /** The board ids, for --help. */
    static final class BoardIds implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return Platforms.all().stream().map(dev.duoboot.platform.Platform::id).iterator();
        }
    }
}
