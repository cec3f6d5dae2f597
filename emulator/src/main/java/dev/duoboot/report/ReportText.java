package dev.duoboot.report;

import dev.duoboot.analysis.BootReport;
import dev.duoboot.analysis.Diagnosis;
import dev.duoboot.analysis.Finding;
import dev.duoboot.analysis.FixCheck;
import dev.duoboot.boot.BootRecord;
import dev.duoboot.boot.StageRecord;
import dev.duoboot.boot.Verdict;
import java.util.List;

/**
 * A boot report as text: inputs, what each stage did, consoles (hart-attributed), the kernel log,
 * the verdict and its diagnosis with the fixes and how each re-check went, the layout checks,
 * the device-tree changes each stage made, the memory map, and the expectations.
 */
public final class ReportText {

    private ReportText() {}

    public static String render(BootReport r) {
        StringBuilder s = new StringBuilder();
        s.append("duoboot: ").append(r.scenario()).append('\n');
        if (!r.description().isEmpty()) {
            wrap(s, r.description(), "  ");
        }
        r.reports().forEach(x -> s.append("  reported in ").append(x).append('\n'));
        s.append("chain: ").append(r.chain().description()).append("\n\n");

        s.append("inputs\n");
        List<Words.Input> inputs = Words.inputs(r.inputs());
        int w = inputs.stream().mapToInt(i -> i.what().length()).max().orElse(0);
        inputs.forEach(i -> s.append("  ").append(pad(i.what(), w)).append("  ").append(i.value()).append('\n'));

        if (r.verdict() instanceof Verdict.MemmapAssertFailed m) {
            s.append("\nbuild: stopped at memmap.py (mmap_conv.py --type h, as the SDK's build runs it; nothing booted)\n");
            m.buildOutput().forEach(l -> s.append("  ").append(l).append('\n'));
        } else {
            s.append("\nstages\n");
            for (StageRecord st : r.stages()) {
                s.append("  ").append(st.stage().label()).append('\n');
                Words.events(st.events()).forEach(a -> s.append("    ").append(a).append('\n'));
            }
            for (BootRecord.HartConsole c : r.consoles()) {
                s.append("\nconsole: hart ").append(c.hart()).append(" (").append(c.name()).append(")\n");
                c.lines().forEach(l -> s.append("  ").append(l).append('\n'));
            }
            if (r.kernel().isPresent()) {
                s.append("\nkernel log (").append(r.kernel().get().profile()).append(")\n");
                r.kernelLog().forEach(l -> s.append("  ").append(l).append('\n'));
            } else {
                s.append("\nkernel: not reached\n");
            }
        }

        s.append("\nverdict: ").append(r.verdict().success() ? "ok " : "FAILED ").append(r.verdict().id()).append('\n');
        wrap(s, Words.verdict(r.verdict()), "  ");
        r.diagnosis().ifPresent(d -> diagnosis(s, d));

        r.memoryUse().ifPresent(u -> {
            s.append('\n').append(Words.memoryUseHeading(u)).append('\n');
            u.shares().forEach(x -> s.append("  ").append(Words.share(u, x)).append('\n'));
            u.kernelCount().ifPresent(m -> s.append("  the kernel's count: ").append(m.line()).append('\n'));
        });

        s.append("\nlayout checks\n");
        for (Finding f : r.findings()) {
            s.append("  ").append(pad(f.status() == Finding.Status.OK ? "ok" : f.status().word().toUpperCase(java.util.Locale.ROOT), 9))
                    .append(f.check().label()).append(": ").append(f.text()).append('\n');
        }
        if (!r.dtcWarnings().isEmpty()) {
            s.append("\ndtc warnings (").append(r.dtcWarnings().size()).append(")\n");
            r.dtcWarnings().forEach(x -> s.append("  ").append(x).append('\n'));
        }

        s.append("\ndevice tree changes\n");
        for (BootReport.DtDiff d : r.diffs()) {
            s.append("  ").append(d.from()).append(" -> ").append(d.to()).append('\n');
            Words.changes(d).lines().forEach(l -> s.append("    ").append(l).append('\n'));
        }

        s.append("\nmemory map\n");
        MemoryMapTable.render(r.views()).lines().forEach(l -> s.append("  ").append(l).append('\n'));

        s.append("\nexpectations\n");
        if (r.expectations().isEmpty()) {
            s.append("  none: the boot should succeed\n");
        }
        r.expectations().verdict().ifPresent(v -> s.append("  verdict ").append(v.id()).append('\n'));
        r.expectations().logContains().forEach(l -> s.append("  log contains \"").append(l).append("\"\n"));
        r.expectations().logAbsent().forEach(l -> s.append("  log lacks \"").append(l).append("\"\n"));
        r.expectations().linuxMemoryAtLeast().ifPresent(m -> s.append("  Linux keeps at least ")
                .append(dev.duoboot.scenario.Expectations.size(m)).append('\n'));
        if (r.asExpected()) {
            s.append("result: as expected\n");
        } else {
            s.append("result: NOT as expected\n");
            r.unmet().forEach(u -> s.append("  ").append(u).append('\n'));
        }
        return s.toString();
    }

    /** The diagnosis block, as a single run and each failing sweep cell print it. */
    static void diagnosis(StringBuilder s, Diagnosis d) {
        s.append("\ndiagnosis\n");
        s.append("  rule    ").append(d.rule().id()).append('\n');
        wrap(s, d.summary(), "  why     ", "          ");
        s.append("  node    ").append(d.node()).append('\n');
        s.append("  source  ").append(d.kernelSource()).append('\n');
        if (!d.otherProfiles().isEmpty()) {
            wrap(s, String.join("; ", d.otherProfiles()), "  other kernels ", "          ");
        }
        if (d.fixes().isEmpty()) {
            s.append("  fixes   none known\n");
            return;
        }
        s.append("  fixes (each applied to a copy of this scenario and ")
                .append(d.fixesCheckedWith().map(FixCheck::description).orElse("not tried")).append("):\n");
        int i = 1;
        for (Diagnosis.Fix f : d.fixes()) {
            wrap(s, Words.fixChange(f), "    " + i++ + ". ", "       ");
            s.append("       ").append(Words.fixResult(f)).append('\n');
        }
    }

    static void wrap(StringBuilder s, String text, String indent) {
        wrap(s, text, indent, indent);
    }

    /** Words to 100 columns, the first line after {@code first}, the rest after {@code rest}. */
    static void wrap(StringBuilder s, String text, String first, String rest) {
        StringBuilder line = new StringBuilder(first);
        boolean empty = true;
        for (String word : text.split(" ")) {
            if (!empty && line.length() + 1 + word.length() > 100) {
                s.append(line).append('\n');
                line = new StringBuilder(rest);
                empty = true;
            }
            if (!empty) {
                line.append(' ');
            }
            line.append(word);
            empty = false;
        }
        s.append(line).append('\n');
    }

    private static String pad(String x, int w) {
        return x.length() >= w ? x : x + " ".repeat(w - x.length());
    }
}
