package dev.duoboot.report;

import dev.duoboot.analysis.MemoryUse;
import dev.duoboot.boot.MemoryRegion;
import dev.duoboot.boot.MemoryView;
import dev.duoboot.boot.RegionKind;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Draws the memory map as an SVG: one column per view, a shared address axis whose segment heights
 * grow with the logarithm of their size (so 4 KiB and 254 MiB both stay readable), regions
 * coloured by kind, conflicts outlined in red with their note as a tooltip. Output is a pure
 * function of the views (no clock, fixed number formatting), so it can be golden-tested.
 */
public final class MemoryMapSvg {
    private static final int AXIS_WIDTH = 190;
    private static final int COLUMN_WIDTH = 170;
    private static final int COLUMN_GAP = 14;
    private static final int TOP = 56;
    private static final int MARGIN = 16;
    private static final int MIN_SEGMENT = 18;

    private MemoryMapSvg() {}

    public static String render(String title, List<MemoryView> views) {
        return render(title, views, java.util.Optional.empty());
    }

    /**
     * The map, and under its legend "where the memory went": one bar over the board's DRAM, a
     * segment per share (what never was Linux's, carve-outs, the kernel image, ION, other
     * reservations, CMA, what Linux keeps), widths in proportion, each with its size as a tooltip.
     */
    public static String render(String title, List<MemoryView> views, java.util.Optional<MemoryUse> use) {
        AddressAxis axis = new AddressAxis(views);
        int n = axis.segmentCount();
        double[] y = new double[n + 1];
        y[0] = TOP;
        for (int i = 0; i < n; i++) {
            y[i + 1] = y[i] + segmentHeight(axis.segmentEnd(i) - axis.segmentBase(i));
        }
        int width = AXIS_WIDTH + views.size() * (COLUMN_WIDTH + COLUMN_GAP) + MARGIN;
        double legendTop = y[n] + 24;
        int height = (int) Math.ceil(legendTop + 22 * ((RegionKind.values().length + 2) / 3) + 30 + (use.isPresent() ? USE_BAND : 0));

        StringBuilder s = new StringBuilder();
        s.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        s.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(width).append("\" height=\"")
                .append(height).append("\" viewBox=\"0 0 ").append(width).append(' ').append(height)
                .append("\" font-family=\"monospace\" font-size=\"11\">\n");
        s.append("<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n");
        s.append("<text x=\"").append(MARGIN).append("\" y=\"22\" font-size=\"15\" font-weight=\"bold\">")
                .append(esc(title)).append("</text>\n");

        // address axis: a tick and label at every boundary, skipping labels that would overlap
        double lastLabel = -100;
        for (int i = 0; i <= n; i++) {
            long addr = i < n ? axis.segmentBase(i) : axis.segmentEnd(n - 1);
            s.append(line(AXIS_WIDTH - 8, y[i], width - MARGIN, y[i], "#dddddd"));
            if (y[i] - lastLabel >= 12) {
                s.append(text(AXIS_WIDTH - 12, y[i] + 4, "end", AddressAxis.hex(addr), "#333333"));
                lastLabel = y[i];
            }
        }

        Set<RegionKind> used = EnumSet.noneOf(RegionKind.class);
        for (int v = 0; v < views.size(); v++) {
            MemoryView view = views.get(v);
            double x = AXIS_WIDTH + v * (COLUMN_WIDTH + COLUMN_GAP);
            s.append(text(x + COLUMN_WIDTH / 2.0, TOP - 12, "middle", view.title(), "#000000", "bold"));
            s.append("<rect x=\"").append(num(x)).append("\" y=\"").append(num(TOP)).append("\" width=\"")
                    .append(COLUMN_WIDTH).append("\" height=\"").append(num(y[n] - TOP))
                    .append("\" fill=\"#f7f7f7\" stroke=\"#cccccc\"/>\n");
            // large regions first, so the specific ones are drawn on top of their background
            List<MemoryRegion> order = new ArrayList<>(view.regions());
            order.removeIf(r -> r.size() == 0);
            order.sort(Comparator.comparing(MemoryRegion::size, Long::compareUnsigned).reversed());
            for (int k = 0; k < order.size(); k++) {
                MemoryRegion r = order.get(k);
                used.add(r.kind());
                double top = y[axis.boundaryIndex(r.base())];
                double bottom = y[axis.boundaryIndex(r.end())];
                double inset = Math.min(nesting(order.subList(0, k), r), 3) * 6;
                s.append(region(x + inset, top, COLUMN_WIDTH - 2 * inset, bottom - top, r));
            }
        }

        // legend
        RegionKind[] kinds = RegionKind.values();
        int shown = 0;
        for (RegionKind k : kinds) {
            if (!used.contains(k)) {
                continue;
            }
            double lx = MARGIN + (shown % 3) * 200;
            double ly = legendTop + (shown / 3) * 22;
            s.append("<rect x=\"").append(num(lx)).append("\" y=\"").append(num(ly - 10)).append("\" width=\"14\" height=\"14\" fill=\"")
                    .append(fill(k)).append("\" stroke=\"#555555\"/>\n");
            s.append(text(lx + 20, ly + 1, "start", k.legend(), "#000000"));
            shown++;
        }
        double ly = legendTop + ((shown + 2) / 3) * 22;
        s.append("<rect x=\"").append(MARGIN).append("\" y=\"").append(num(ly - 10))
                .append("\" width=\"14\" height=\"14\" fill=\"none\" stroke=\"#d00000\" stroke-width=\"3\"/>\n");
        s.append(text(MARGIN + 20, ly + 1, "start", "conflict (hover for why)", "#000000"));
        use.ifPresent(u -> s.append(useBar(u, ly + 30, width - 2 * MARGIN)));
        s.append("</svg>\n");
        return s.toString();
    }

    private static final int USE_BAND = 70;

    private static String useBar(MemoryUse u, double top, double width) {
        StringBuilder s = new StringBuilder();
        s.append(text(MARGIN, top, "start", Words.memoryUseHeading(u), "#000000", "bold"));
        double x = MARGIN;
        double y = top + 8;
        for (MemoryUse.Share sh : u.shares()) {
            if (sh.bytes() == 0) {
                continue;
            }
            double w = width * sh.bytes() / (double) u.dramBytes();
            String tip = Words.share(u, sh).replaceAll(" +", " ").strip();
            s.append("<g><title>").append(esc(tip)).append("</title><rect x=\"").append(num(x)).append("\" y=\"").append(num(y))
                    .append("\" width=\"").append(num(w)).append("\" height=\"22\" fill=\"").append(useFill(sh.use()))
                    .append("\" stroke=\"#555555\"/>");
            String label = sh.use().label() + " " + AddressAxis.size(sh.bytes());
            if (w >= label.length() * 6.7) {
                s.append(text(x + w / 2, y + 15, "middle", label, "#000000").strip());
            }
            s.append("</g>\n");
            x += w;
        }
        return s.toString();
    }

    private static String useFill(MemoryUse.Use u) {
        return switch (u) {
            case OUTSIDE_LINUX -> "#eeeeee";
            case CARVE_OUT -> "#f4b6b6";
            case KERNEL_IMAGE -> "#c3e6ea";
            case ION -> "#f7d1e6";
            case RESERVED_MEMORY -> "#fce3b0";
            case OTHER_RESERVATIONS -> "#e3c8f2";
            case CMA -> "#b9cdf0";
            case LINUX_KEEPS -> "#d9ecd0";
        };
    }

    /** How many of the regions drawn before {@code r} contain it: its inset level. */
    private static int nesting(List<MemoryRegion> drawn, MemoryRegion r) {
        int n = 0;
        for (MemoryRegion d : drawn) {
            if (Long.compareUnsigned(d.base(), r.base()) <= 0 && Long.compareUnsigned(r.end(), d.end()) <= 0) {
                n++;
            }
        }
        return n;
    }

    private static double segmentHeight(long size) {
        double pages = Math.max(1.0, size / 4096.0);
        return MIN_SEGMENT + 7 * (Math.log(pages) / Math.log(2));
    }

    private static String region(double x, double y, double w, double h, MemoryRegion r) {
        StringBuilder s = new StringBuilder();
        String tip = r.label() + " " + AddressAxis.hex(r.base()) + "-" + AddressAxis.hex(r.end() - 1) + " ("
                + AddressAxis.size(r.size()) + ", " + r.kind().legend() + ")" + (r.note().isEmpty() ? "" : ": " + r.note());
        s.append("<g><title>").append(esc(tip)).append("</title>");
        s.append("<rect x=\"").append(num(x)).append("\" y=\"").append(num(y)).append("\" width=\"").append(num(w))
                .append("\" height=\"").append(num(h)).append("\" fill=\"").append(fill(r.kind()))
                .append("\" stroke=\"").append(r.conflict() ? "#d00000" : "#555555").append("\" stroke-width=\"")
                .append(r.conflict() ? "3" : "1").append("\"/>");
        if (h >= 13) {
            String label = (r.conflict() ? "! " : "") + r.label();
            int maxChars = (int) (w / 6.7);
            if (label.length() > maxChars) {
                label = label.substring(0, Math.max(1, maxChars - 1)) + "~";
            }
            s.append(text(x + w / 2, y + Math.min(h / 2 + 4, 14), "middle", label, r.conflict() ? "#b00000" : "#000000").strip());
            if (h >= 28) {
                s.append(text(x + w / 2, y + Math.min(h / 2 + 4, 14) + 13, "middle", AddressAxis.size(r.size()), "#444444").strip());
            }
        }
        s.append("</g>\n");
        return s.toString();
    }

    private static String fill(RegionKind k) {
        return switch (k) {
            case RAM -> "#d9ecd0";
            case RESERVED -> "#fce3b0";
            case NO_MAP -> "#f4b6b6";
            case FIRMWARE -> "#b9cdf0";
            case DTB -> "#e3c8f2";
            case LOADED -> "#c3e6ea";
            case CARVEOUT -> "#f7d1e6";
            case ABSENT -> "#eeeeee";
        };
    }

    private static String line(double x1, double y1, double x2, double y2, String colour) {
        return "<line x1=\"" + num(x1) + "\" y1=\"" + num(y1) + "\" x2=\"" + num(x2) + "\" y2=\"" + num(y2)
                + "\" stroke=\"" + colour + "\"/>\n";
    }

    private static String text(double x, double y, String anchor, String body, String colour) {
        return text(x, y, anchor, body, colour, null);
    }

    private static String text(double x, double y, String anchor, String body, String colour, String weight) {
        return "<text x=\"" + num(x) + "\" y=\"" + num(y) + "\" text-anchor=\"" + anchor + "\" fill=\"" + colour + "\""
                + (weight == null ? "" : " font-weight=\"" + weight + "\"") + ">" + esc(body) + "</text>\n";
    }

    private static String num(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
