package dev.duoboot.report;

import dev.duoboot.DuobootException;
import dev.duoboot.analysis.BootReport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code --report-dir}: report.txt, report.json, memory-map.svg, the DTB each stage passed on
 * (dtb/), and the node-level changes each stage made (dt-diff/).
 */
public final class ReportDirectory {

    private ReportDirectory() {}

    public static void write(BootReport r, Path dir) {
        try {
            Files.createDirectories(dir.resolve("dtb"));
            Files.createDirectories(dir.resolve("dt-diff"));
            Files.writeString(dir.resolve("report.txt"), ReportText.render(r), StandardCharsets.UTF_8);
            Files.writeString(dir.resolve("report.json"), ReportJson.render(r), StandardCharsets.UTF_8);
            Files.writeString(dir.resolve("memory-map.svg"), MemoryMapSvg.render(r.scenario() + ": memory map per stage", r.views(), r.memoryUse()),
                    StandardCharsets.UTF_8);
            for (BootReport.DtFile d : r.deviceTrees()) {
                Files.write(dir.resolve("dtb").resolve(d.fileName()), d.blob());
            }
            for (BootReport.DtDiff d : r.diffs()) {
                Files.writeString(dir.resolve("dt-diff").resolve(d.fileName()), "# " + d.from() + " -> " + d.to() + "\n" + Words.changes(d),
                        StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new DuobootException(dir + ": cannot write the report: " + e.getMessage());
        }
    }
}
