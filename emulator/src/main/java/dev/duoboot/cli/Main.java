package dev.duoboot.cli;

import dev.duoboot.DuobootException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code duoboot} command. Each subcommand lives in its own class in this package.
 *
 * <p>Exit codes (documented in README): 0 success, 1 not as expected, 2 bad input, 3 emulation
 * error, 70 internal error. Errors are one line on stderr; set {@code DUOBOOT_DEBUG=1} to also get
 * the stack trace of an internal error.
 */
@Command(
        name = "duoboot",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = "Emulates the Milk-V Duo dual-core boot flow and explains its memory layout.",
        subcommands = {CommandLine.HelpCommand.class, BootCommand.class, CheckCommand.class, SweepCommand.class,
                RunCommand.class, BenchCommand.class, LinuxCommand.class, DtCommand.class, MemmapCommand.class,
                FipCommand.class, FitCommand.class, ElfCommand.class, PresetsCommand.class})
public final class Main {

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the CLI with the given streams and returns the exit code (used by tests). */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cmd = new CommandLine(new Main());
        cmd.setOut(out);
        cmd.setErr(err);
        cmd.setExecutionExceptionHandler((ex, commandLine, parseResult) -> report(ex, err));
        // a usage error is bad input like any other: one line, exit 2 (--help shows the usage)
        cmd.setParameterExceptionHandler((ex, rawArgs) -> {
            err.println("duoboot: " + ex.getMessage() + " (see " + ex.getCommandLine().getCommandName() + " --help)");
            err.flush();
            return DuobootException.EXIT_BAD_INPUT;
        });
        return cmd.execute(args);
    }

    static int report(Exception ex, PrintWriter err) {
        if (ex instanceof DuobootException de) {
            err.println("duoboot: " + de.getMessage());
            err.flush();
            return de.exitCode();
        }
        err.println("duoboot: internal error: " + ex + " (set DUOBOOT_DEBUG=1 for the stack trace)");
        if (System.getenv("DUOBOOT_DEBUG") != null) {
            ex.printStackTrace(err);
        }
        err.flush();
        return DuobootException.EXIT_INTERNAL;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"duoboot " + (v == null ? "0.1.0-SNAPSHOT" : v)};
        }
    }
}
