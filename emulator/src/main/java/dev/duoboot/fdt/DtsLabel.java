package dev.duoboot.fdt;

import java.util.List;

/** A label in a DTS (dtc struct label): deleting a node only marks its labels deleted. */
final class DtsLabel {
    final String name;
    boolean deleted;

    DtsLabel(String name) {
        this.name = name;
    }

    /**
     * dtc add_label: a label already on the list comes back to life; a new one goes in front,
     * which is why dtc prints the most recent label first.
     */
    static void add(List<DtsLabel> labels, String name) {
        for (DtsLabel l : labels) {
            if (l.name.equals(name)) {
                l.deleted = false;
                return;
            }
        }
        labels.add(0, new DtsLabel(name));
    }

    static boolean has(List<DtsLabel> labels, String name) {
        for (DtsLabel l : labels) {
            if (!l.deleted && l.name.equals(name)) {
                return true;
            }
        }
        return false;
    }
}
