package dev.duoboot.report;

import dev.duoboot.boot.MemoryRegion;
import dev.duoboot.boot.MemoryView;
import java.util.ArrayList;
import java.util.List;

/**
 * The memory map as a text table: one row per address segment, one column per view, each cell
 * naming what that view believes is there ("!" marks a conflict). Notes on conflicts follow.
 */
public final class MemoryMapTable {

    private MemoryMapTable() {}

    public static String render(List<MemoryView> views) {
        AddressAxis axis = new AddressAxis(views);
        List<String[]> rows = new ArrayList<>();
        String[] header = new String[views.size() + 2];
        header[0] = "range";
        header[1] = "size";
        for (int v = 0; v < views.size(); v++) {
            header[v + 2] = views.get(v).title();
        }
        rows.add(header);
        for (int i = 0; i < axis.segmentCount(); i++) {
            String[] row = new String[views.size() + 2];
            row[0] = AddressAxis.hex(axis.segmentBase(i)) + "-" + AddressAxis.hex(axis.segmentEnd(i) - 1);
            row[1] = AddressAxis.size(axis.segmentEnd(i) - axis.segmentBase(i));
            boolean any = false;
            for (int v = 0; v < views.size(); v++) {
                MemoryRegion r = axis.regionAt(views.get(v), i);
                row[v + 2] = r == null ? "" : (r.conflict() ? "!" : "") + r.label();
                any |= r != null;
            }
            if (any) {
                rows.add(row);
            }
        }
        int[] width = new int[header.length];
        for (String[] row : rows) {
            for (int c = 0; c < row.length; c++) {
                width[c] = Math.max(width[c], row[c].length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (int r = 0; r < rows.size(); r++) {
            String[] row = rows.get(r);
            StringBuilder line = new StringBuilder();
            for (int c = 0; c < row.length; c++) {
                line.append(c == 0 ? "" : c == 2 ? " | " : c > 2 ? " | " : "  ");
                line.append(c == 1 ? pad(row[c], width[c], true) : pad(row[c], width[c], false));
            }
            out.append(line.toString().stripTrailing()).append('\n');
            if (r == 0) {
                out.append("-".repeat(line.toString().stripTrailing().length())).append('\n');
            }
        }
        for (MemoryView v : views) {
            for (MemoryRegion reg : v.regions()) {
                if (reg.conflict()) {
                    out.append("! ").append(v.title()).append(": ").append(reg.label()).append(" ")
                            .append(AddressAxis.hex(reg.base())).append("+").append(AddressAxis.size(reg.size()))
                            .append(reg.note().isEmpty() ? "" : ": " + reg.note()).append('\n');
                }
            }
        }
        return out.toString();
    }

    private static String pad(String s, int w, boolean right) {
        String fill = " ".repeat(w - s.length());
        return right ? fill + s : s + fill;
    }
}
