package dev.duoboot.fdt;

import java.util.ArrayList;
import java.util.List;

/** A property while a DTS is compiled (dtc struct property); deletion only marks it. */
final class DtsProperty {
    final String name;
    DtsValue value;
    final List<DtsLabel> labels = new ArrayList<>();
    boolean deleted;
    /** Where it was (last) defined; null for /delete-property/ entries and added phandles. */
    SrcPos pos;

    DtsProperty(String name, DtsValue value, SrcPos pos) {
        this.name = name;
        this.value = value;
        this.pos = pos;
    }

    /** build_property_delete. */
    static DtsProperty deletion(String name) {
        DtsProperty p = new DtsProperty(name, new DtsValue(), null);
        p.deleted = true;
        return p;
    }
}
