package dev.duoboot.cli;

import dev.duoboot.analysis.BootReport;
import dev.duoboot.report.ReportDirectory;
import dev.duoboot.report.ReportJson;
import dev.duoboot.report.ReportText;
import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** How {@code boot} and {@code check} hand out their report: text or JSON on stdout, and a report directory. */
final class ReportOptions {

    @Option(names = "--json", description = "the report as JSON on stdout")
    boolean json;

    @Option(names = "--report-dir", paramLabel = "DIR",
            description = "write report.txt, report.json, memory-map.svg, the DTB of each stage and the DT diffs to DIR")
    Path reportDir;

    /** Prints the report, writes the directory if asked, and returns the exit code (0 as expected, 1 not). */
    int emit(BootReport r, PrintWriter out) {
        out.print(json ? ReportJson.render(r) : ReportText.render(r));
        out.flush();
        if (reportDir != null) {
            ReportDirectory.write(r, reportDir);
        }
        return r.exitCode();
    }
}
