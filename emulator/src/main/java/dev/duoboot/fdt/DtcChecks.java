package dev.duoboot.fdt;

import dev.duoboot.fdt.DtsValue.Marker;
import dev.duoboot.fdt.DtsValue.MarkerType;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * dtc's checks and fix-ups (checks.c, dtc 1.6.1), in its table order and with its prerequisite
 * and status logic: the structural errors that stop compilation, phandle allocation and reference
 * fix-ups, /omit-if-no-ref/, and the warnings enabled by default (reg_format,
 * unit_address_vs_reg, avoid_default_addr_size, unique_unit_address, the bus and provider checks).
 * Messages are dtc's lines, in dtc's order.
 *
 * <p>As in dtc, once a check marked as an error fails, the checks after it do not run.
 */
final class DtcChecks {
    private enum Status { UNCHECKED, PREREQ, PASSED, FAILED }

    /** A per-node check function (dtc check_fn), run over the live tree in pre-order. */
    @FunctionalInterface
    private interface NodeCheck {
        void run(Check c, DtsNode node);
    }

    /** One entry of dtc's check table. */
    private static final class Check {
        final String name;
        final boolean warn;
        final boolean error;
        final NodeCheck fn;
        final List<Check> prereqs;
        Status status = Status.UNCHECKED;
        boolean inProgress;

        Check(String name, boolean warn, boolean error, NodeCheck fn, Check... prereqs) {
            this.name = name;
            this.warn = warn;
            this.error = error;
            this.fn = fn;
            this.prereqs = List.of(prereqs);
        }
    }

    private final DtsNode root;
    private final String outName;
    private final List<String> messages = new ArrayList<>();
    private String firstError;
    private SrcPos firstErrorPos;
    private int linesBeforeError;
    /** get_node_phandle's static counter. */
    private long nextPhandle = 1;

    private DtcChecks(DtsNode root, String outName) {
        this.root = root;
        this.outName = outName;
    }

    /**
     * The outcome: dtc's stderr lines and, if a check error fired, the first error line, its
     * place (null if it had none) and how many message lines came before it.
     */
    record Outcome(List<String> messages, String firstError, SrcPos firstErrorPos, int linesBeforeError) {}

    /**
     * Fills in full paths, runs the checks (which fix up the tree in place) and returns what dtc
     * would print.
     *
     * @param outName dtc's output file name, which it names in messages without a place
     */
    static Outcome run(DtsNode root, String outName) {
        fillFullpaths(root, "");
        DtcChecks c = new DtcChecks(root, outName);
        c.process();
        return new Outcome(List.copyOf(c.messages), c.firstError, c.firstErrorPos, c.linesBeforeError);
    }

    /** dtc.c fill_fullpaths. */
    private static void fillFullpaths(DtsNode node, String prefix) {
        node.fullpath = prefix.endsWith("/") ? prefix + node.name : prefix + "/" + node.name;
        int at = node.name.indexOf('@');
        node.basenameLength = at < 0 ? node.name.length() : at;
        for (DtsNode c : node.liveChildren()) {
            fillFullpaths(c, node.fullpath);
        }
    }

    private void process() {
        boolean error = false;
        for (Check c : table()) {
            if ((c.warn || c.error) && !error) {
                error = runCheck(c);
            }
        }
    }

    /** checks.c run_check. */
    private boolean runCheck(Check c) {
        boolean error = false;
        if (c.status == Status.UNCHECKED) {
            c.inProgress = true;
            for (Check p : c.prereqs) {
                error = error || runCheck(p);
                if (p.status != Status.PASSED) {
                    c.status = Status.PREREQ;
                    message(c, null, null, "Failed prerequisite '" + p.name + "'");
                }
            }
            if (c.status == Status.UNCHECKED) {
                walk(c, root);
                if (c.status == Status.UNCHECKED) {
                    c.status = Status.PASSED;
                }
            }
            c.inProgress = false;
        }
        return error || (c.status != Status.PASSED && c.error);
    }

    private void walk(Check c, DtsNode node) {
        c.fn.run(c, node);
        for (DtsNode child : node.liveChildren()) {
            walk(c, child);
        }
    }

    private void fail(Check c, DtsNode node, String message) {
        c.status = Status.FAILED;
        message(c, node, null, message);
    }

    private void failProp(Check c, DtsNode node, DtsProperty prop, String message) {
        c.status = Status.FAILED;
        message(c, node, prop, message);
    }

    /** checks.c check_msg: place, level, check name, node[:property], text, "also defined at". */
    private void message(Check c, DtsNode node, DtsProperty prop, String text) {
        if (!c.warn && !c.error) {
            return;
        }
        SrcPos pos = prop != null && prop.pos != null ? prop.pos : node != null ? node.pos() : null;
        StringBuilder s = new StringBuilder(pos != null ? pos.toString() : outName);
        s.append(": ").append(c.error ? "ERROR" : "Warning").append(" (").append(c.name).append("): ");
        if (node != null) {
            s.append(node.pathOrNull()).append(prop != null ? ":" + prop.name : "").append(": ");
        }
        s.append(text);
        String line = s.toString();
        if (c.error && firstError == null) {
            firstError = line.lines().findFirst().orElse(line);
            firstErrorPos = pos;
            linesBeforeError = messages.size();
        }
        for (String l : line.split("\n", -1)) {
            messages.add(l);
        }
        if (prop == null && pos != null) {
            for (SrcPos also : node.positions.subList(1, node.positions.size())) {
                messages.add("  also defined at " + also);
            }
        }
    }

    // ---- the table ----

    private List<Check> table() {
        Check duplicateNodeNames = new Check("duplicate_node_names", false, true, this::duplicateNodeNames);
        Check duplicatePropertyNames = new Check("duplicate_property_names", false, true,
                this::duplicatePropertyNames);
        Check nodeNameChars = new Check("node_name_chars", false, true,
                (c, n) -> badChar(c, n, null, n.name, NODE_CHARS, "node name"));
        Check nodeNameFormat = new Check("node_name_format", false, true, (c, n) -> {
            if (n.unitName().contains("@")) {
                fail(c, n, "multiple '@' characters in node name");
            }
        }, nodeNameChars);
        Check propertyNameChars = new Check("property_name_chars", false, true, (c, n) -> {
            for (DtsProperty p : n.liveProperties()) {
                badChar(c, n, p, p.name, PROP_CHARS, "property name");
            }
        });
        Check nameIsString = new Check("name_is_string", false, true, (c, n) -> isString(c, n, "name"));
        Check nameProperties = new Check("name_properties", false, true, this::nameProperties, nameIsString);
        Check nodeNameVsPropertyName = new Check("node_name_vs_property_name", true, false, (c, n) -> {
            if (n.parent != null && n.parent.property(n.name) != null) {
                fail(c, n, "node name and property name conflict");
            }
        }, nodeNameChars);
        Check duplicateLabel = new Check("duplicate_label", false, true, this::duplicateLabels);
        Check explicitPhandles = new Check("explicit_phandles", false, true, this::explicitPhandles);
        Check phandleReferences = new Check("phandle_references", false, true, this::phandleReferences,
                duplicateNodeNames, explicitPhandles);
        Check pathReferences = new Check("path_references", false, true, this::pathReferences,
                duplicateNodeNames);
        Check omitUnusedNodes = new Check("omit_unused_nodes", false, true, (c, n) -> {
            if (n.omitIfNoRef && !n.referenced) {
                n.delete();
            }
        }, phandleReferences, pathReferences);
        Check addressCellsIsCell = isCellCheck("address_cells_is_cell", "#address-cells");
        Check sizeCellsIsCell = isCellCheck("size_cells_is_cell", "#size-cells");
        Check deviceTypeIsString = isStringCheck("device_type_is_string", "device_type");
        Check modelIsString = isStringCheck("model_is_string", "model");
        Check statusIsString = isStringCheck("status_is_string", "status");
        Check labelIsString = isStringCheck("label_is_string", "label");
        Check compatibleIsStringList = new Check("compatible_is_string_list", true, false,
                (c, n) -> isStringList(c, n, n.property("compatible")));
        Check namesIsStringList = new Check("names_is_string_list", true, false, (c, n) -> {
            for (DtsProperty p : n.liveProperties()) {
                if (p.name.endsWith("-names")) {
                    isStringList(c, n, n.property(p.name));
                }
            }
        });
        Check addrSizeCells = new Check("addr_size_cells", true, false, (c, n) -> {
            n.addrCells = -1;
            n.sizeCells = -1;
            DtsProperty a = n.property("#address-cells");
            if (a != null) {
                n.addrCells = (int) cell(a, 0);
            }
            DtsProperty s = n.property("#size-cells");
            if (s != null) {
                n.sizeCells = (int) cell(s, 0);
            }
        }, addressCellsIsCell, sizeCellsIsCell);
        Check regFormat = new Check("reg_format", true, false, this::regFormat, addrSizeCells);
        Check rangesFormat = new Check("ranges_format", true, false,
                (c, n) -> rangesFormat(c, n, "ranges"), addrSizeCells);
        Check dmaRangesFormat = new Check("dma_ranges_format", true, false,
                (c, n) -> rangesFormat(c, n, "dma-ranges"), addrSizeCells);
        Check unitAddressVsReg = new Check("unit_address_vs_reg", true, false, this::unitAddressVsReg);
        Check pciBridge = new Check("pci_bridge", true, false, this::pciBridge, deviceTypeIsString,
                addrSizeCells);
        Check simpleBusBridge = new Check("simple_bus_bridge", true, false, (c, n) -> {
            if (isCompatible(n, "simple-bus")) {
                n.bus = "simple-bus";
            }
        }, addrSizeCells, compatibleIsStringList);
        Check unitAddressFormat = new Check("unit_address_format", true, false, this::unitAddressFormat,
                nodeNameFormat, pciBridge, simpleBusBridge);
        Check pciDeviceReg = new Check("pci_device_reg", true, false, this::pciDeviceReg, regFormat, pciBridge);
        Check pciDeviceBusNum = new Check("pci_device_bus_num", true, false, this::pciDeviceBusNum,
                regFormat, pciBridge);
        Check simpleBusReg = new Check("simple_bus_reg", true, false, this::simpleBusReg, regFormat,
                simpleBusBridge);
        Check i2cBusBridge = new Check("i2c_bus_bridge", true, false, this::i2cBusBridge, addrSizeCells);
        Check i2cBusReg = new Check("i2c_bus_reg", true, false, this::i2cBusReg, regFormat, i2cBusBridge);
        Check spiBusBridge = new Check("spi_bus_bridge", true, false, this::spiBusBridge, addrSizeCells);
        Check spiBusReg = new Check("spi_bus_reg", true, false, this::spiBusReg, regFormat, spiBusBridge);
        Check avoidDefaultAddrSize = new Check("avoid_default_addr_size", true, false, (c, n) -> {
            if (n.parent == null || (n.property("reg") == null && n.property("ranges") == null)) {
                return;
            }
            if (n.parent.addrCells == -1) {
                fail(c, n, "Relying on default #address-cells value");
            }
            if (n.parent.sizeCells == -1) {
                fail(c, n, "Relying on default #size-cells value");
            }
        }, addrSizeCells);
        Check avoidUnnecessaryAddrSize = new Check("avoid_unnecessary_addr_size", true, false,
                this::avoidUnnecessaryAddrSize, avoidDefaultAddrSize);
        Check uniqueUnitAddress = new Check("unique_unit_address", true, false, this::uniqueUnitAddress,
                avoidDefaultAddrSize);
        Check obsoleteChosenInterruptController = new Check("obsolete_chosen_interrupt_controller", true,
                false, (c, n) -> {
                    if (n != root) {
                        return;
                    }
                    DtsNode chosen = NodeRefs.byPath(root, "/chosen");
                    DtsProperty p = chosen == null ? null : chosen.property("interrupt-controller");
                    if (p != null) {
                        failProp(c, n, p, "/chosen has obsolete \"interrupt-controller\" property");
                    }
                });
        Check chosenNodeIsRoot = new Check("chosen_node_is_root", true, false, (c, n) -> {
            if (n.name.equals("chosen") && n.parent != root) {
                fail(c, n, "chosen node must be at root node");
            }
        });
        Check chosenNodeBootargs = new Check("chosen_node_bootargs", true, false, (c, n) -> {
            if (n.name.equals("chosen") && n.property("bootargs") != null) {
                isString(c, n, "bootargs");
            }
        });
        Check chosenNodeStdoutPath = new Check("chosen_node_stdout_path", true, false, (c, n) -> {
            if (!n.name.equals("chosen")) {
                return;
            }
            DtsProperty p = n.property("stdout-path");
            if (p == null) {
                p = n.property("linux,stdout-path");
                if (p == null) {
                    return;
                }
                failProp(c, n, p, "Use 'stdout-path' instead");
            }
            isString(c, n, p.name);
        });
        List<Check> table = new ArrayList<>(List.of(duplicateNodeNames, duplicatePropertyNames,
                nodeNameChars, nodeNameFormat, propertyNameChars, nameIsString, nameProperties,
                nodeNameVsPropertyName, duplicateLabel, explicitPhandles, phandleReferences,
                pathReferences, omitUnusedNodes, addressCellsIsCell, sizeCellsIsCell,
                deviceTypeIsString, modelIsString, statusIsString, labelIsString,
                compatibleIsStringList, namesIsStringList, addrSizeCells, regFormat, rangesFormat,
                dmaRangesFormat, unitAddressVsReg, unitAddressFormat, pciBridge, pciDeviceReg,
                pciDeviceBusNum, simpleBusBridge, simpleBusReg, i2cBusBridge, i2cBusReg, spiBusBridge,
                spiBusReg, avoidDefaultAddrSize, avoidUnnecessaryAddrSize, uniqueUnitAddress,
                obsoleteChosenInterruptController, chosenNodeIsRoot, chosenNodeBootargs,
                chosenNodeStdoutPath));
        // WARNING_PROPERTY_PHANDLE_CELLS: each provider check and its "#...-cells is a cell" check.
        String[][] providers = {
            {"clocks", "clocks", "#clock-cells"},
            {"cooling_device", "cooling-device", "#cooling-cells"},
            {"dmas", "dmas", "#dma-cells"},
            {"hwlocks", "hwlocks", "#hwlock-cells"},
            {"interrupts_extended", "interrupts-extended", "#interrupt-cells"},
            {"io_channels", "io-channels", "#io-channel-cells"},
            {"iommus", "iommus", "#iommu-cells"},
            {"mboxes", "mboxes", "#mbox-cells"},
            {"msi_parent", "msi-parent", "#msi-cells"},
            {"mux_controls", "mux-controls", "#mux-control-cells"},
            {"phys", "phys", "#phy-cells"},
            {"power_domains", "power-domains", "#power-domain-cells"},
            {"pwms", "pwms", "#pwm-cells"},
            {"resets", "resets", "#reset-cells"},
            {"sound_dai", "sound-dai", "#sound-dai-cells"},
            {"thermal_sensors", "thermal-sensors", "#thermal-sensor-cells"},
        };
        for (String[] p : providers) {
            Check isCell = isCellCheck(p[0] + "_is_cell", p[2]);
            boolean optional = p[0].equals("msi_parent");
            Check property = new Check(p[0] + "_property", true, false, (c, n) -> {
                DtsProperty prop = n.property(p[1]);
                if (prop != null) {
                    phandleArgs(c, n, prop, p[2], optional);
                }
            }, isCell, phandleReferences);
            table.add(property);
            table.add(isCell);
        }
        table.add(new Check("gpios_property", true, false, this::gpiosProperty, phandleReferences));
        table.add(new Check("interrupts_property", true, false, this::interruptsProperty));
        table.add(new Check("interrupt_provider", true, false, (c, n) -> {
            if (!isInterruptProvider(n)) {
                return;
            }
            if (n.property("#interrupt-cells") == null) {
                fail(c, n, "Missing #interrupt-cells in interrupt provider");
            }
            if (n.property("#address-cells") == null) {
                fail(c, n, "Missing #address-cells in interrupt provider");
            }
        }));
        table.add(new Check("alias_paths", true, false, this::aliasPaths));
        Check graphNodes = new Check("graph_nodes", true, false, this::graphNodes);
        table.add(graphNodes);
        table.add(new Check("graph_child_address", true, false, this::graphChildAddress, graphNodes));
        table.add(new Check("graph_port", true, false, (c, n) -> {
            if (!"graph-port".equals(n.bus)) {
                return;
            }
            if (!n.name.startsWith("port") || n.basenameLength != 4) {
                fail(c, n, "graph port node name should be 'port'");
            }
            graphReg(c, n);
        }, graphNodes));
        table.add(new Check("graph_endpoint", true, false, this::graphEndpoint, graphNodes));
        return table;
    }

    // ---- structural checks ----

    private static final String LETTERS_DIGITS =
            "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    private static final String NODE_CHARS = LETTERS_DIGITS + ",._+-@";
    private static final String PROP_CHARS = LETTERS_DIGITS + ",._+*#?-";

    private void badChar(Check c, DtsNode n, DtsProperty p, String name, String allowed, String what) {
        for (int i = 0; i < name.length(); i++) {
            if (allowed.indexOf(name.charAt(i)) < 0) {
                String text = "Bad character '" + name.charAt(i) + "' in " + what;
                if (p == null) {
                    fail(c, n, text);
                } else {
                    failProp(c, n, p, text);
                }
                return;
            }
        }
    }

    private void duplicateNodeNames(Check c, DtsNode n) {
        List<DtsNode> all = n.children;
        for (int i = 0; i < all.size(); i++) {
            if (all.get(i).deleted) {
                continue;
            }
            for (int j = i + 1; j < all.size(); j++) {
                if (all.get(i).name.equals(all.get(j).name)) {
                    fail(c, all.get(j), "Duplicate node name");
                }
            }
        }
    }

    private void duplicatePropertyNames(Check c, DtsNode n) {
        List<DtsProperty> all = n.properties;
        for (int i = 0; i < all.size(); i++) {
            if (all.get(i).deleted) {
                continue;
            }
            for (int j = i + 1; j < all.size(); j++) {
                if (!all.get(j).deleted && all.get(i).name.equals(all.get(j).name)) {
                    failProp(c, n, all.get(i), "Duplicate property name");
                }
            }
        }
    }

    private void nameProperties(Check c, DtsNode n) {
        DtsProperty name = null;
        for (DtsProperty p : n.properties) {
            if (p.name.equals("name")) {
                name = p;
                break;
            }
        }
        if (name == null) {
            return;
        }
        byte[] v = name.value.bytes();
        String base = n.name.substring(0, n.basenameLength);
        byte[] b = base.getBytes(StandardCharsets.ISO_8859_1);
        if (v.length != b.length + 1 || !Arrays.equals(v, 0, b.length, b, 0, b.length)) {
            // An empty value has no buffer in dtc; printf prints the NULL as "(null)".
            String shown = v.length == 0 ? "(null)" : cString(v);
            fail(c, n, "\"name\" property is incorrect (\"" + shown + "\" instead of base node name)");
        } else {
            // Correct, and so redundant: dtc drops it.
            n.properties.remove(name);
        }
    }

    private void duplicateLabels(Check c, DtsNode n) {
        for (DtsLabel l : n.labels) {
            if (!l.deleted) {
                duplicateLabel(c, l.name, n, null, null);
            }
        }
        for (DtsProperty p : n.liveProperties()) {
            for (DtsLabel l : p.labels) {
                if (!l.deleted) {
                    duplicateLabel(c, l.name, n, p, null);
                }
            }
            for (Marker m : p.value.markers()) {
                if (m.type() == MarkerType.LABEL) {
                    duplicateLabel(c, m.ref(), n, p, m);
                }
            }
        }
    }

    /** The first holder of a label: a node, a property, or a label inside a value. */
    private record LabelHolder(DtsNode node, DtsProperty prop, Marker mark) {}

    private void duplicateLabel(Check c, String label, DtsNode node, DtsProperty prop, Marker mark) {
        LabelHolder other = labelHolder(label);
        if (other == null) {
            return;
        }
        if (other.node != node || other.prop != prop || other.mark != mark) {
            fail(c, node, "Duplicate label '" + label + "' on " + describe(node, prop, mark) + " and "
                    + describe(other.node, other.prop, other.mark));
        }
    }

    private LabelHolder labelHolder(String label) {
        DtsNode n = NodeRefs.byLabel(root, label);
        if (n != null) {
            return new LabelHolder(n, null, null);
        }
        LabelHolder h = propertyLabel(root, label);
        return h != null ? h : markerLabel(root, label);
    }

    private static LabelHolder propertyLabel(DtsNode tree, String label) {
        for (DtsProperty p : tree.liveProperties()) {
            if (DtsLabel.has(p.labels, label)) {
                return new LabelHolder(tree, p, null);
            }
        }
        for (DtsNode c : tree.liveChildren()) {
            LabelHolder h = propertyLabel(c, label);
            if (h != null) {
                return h;
            }
        }
        return null;
    }

    private static LabelHolder markerLabel(DtsNode tree, String label) {
        for (DtsProperty p : tree.liveProperties()) {
            for (Marker m : p.value.markers()) {
                if (m.type() == MarkerType.LABEL && m.ref().equals(label)) {
                    return new LabelHolder(tree, p, m);
                }
            }
        }
        for (DtsNode c : tree.liveChildren()) {
            LabelHolder h = markerLabel(c, label);
            if (h != null) {
                return h;
            }
        }
        return null;
    }

    private static String describe(DtsNode n, DtsProperty p, Marker m) {
        return (m != null ? "value of " : "") + (p != null ? "'" + p.name + "' in " : "") + n.pathOrNull();
    }

    // ---- phandles and references ----

    /** check_phandle_prop: the explicit phandle value, or 0. */
    private long phandleProp(Check c, DtsNode n, String propName) {
        DtsProperty p = n.property(propName);
        if (p == null) {
            return 0;
        }
        if (p.value.length() != 4) {
            failProp(c, n, p, "bad length (" + p.value.length() + ") " + p.name + " property");
            return 0;
        }
        for (Marker m : p.value.markers()) {
            if (m.type() == MarkerType.REF_PHANDLE) {
                if (NodeRefs.byRef(root, m.ref()) != n) {
                    fail(c, n, p.name + " is a reference to another node");
                }
                // A reference to itself means "give this node a phandle", filled in later.
                return 0;
            }
        }
        long phandle = cell(p, 0);
        if (phandle == 0 || phandle == 0xffffffffL) {
            failProp(c, n, p, "bad value (0x" + Long.toHexString(phandle) + ") in " + p.name + " property");
            return 0;
        }
        return phandle;
    }

    private void explicitPhandles(Check c, DtsNode n) {
        long phandle = phandleProp(c, n, "phandle");
        long linux = phandleProp(c, n, "linux,phandle");
        if (phandle == 0 && linux == 0) {
            return;
        }
        if (linux != 0 && phandle != 0 && phandle != linux) {
            fail(c, n, "mismatching 'phandle' and 'linux,phandle' properties");
        }
        if (phandle == 0) {
            phandle = linux;
        }
        DtsNode other = NodeRefs.byPhandle(root, phandle);
        if (other != null && other != n) {
            fail(c, n, "duplicated phandle 0x" + Long.toHexString(phandle) + " (seen before at "
                    + other.pathOrNull() + ")");
            return;
        }
        n.phandle = phandle;
    }

    /** livetree.c get_node_phandle: allocate the lowest free phandle and add a "phandle" property. */
    private long phandleOf(DtsNode n) {
        if (n.phandle != 0 && n.phandle != 0xffffffffL) {
            return n.phandle;
        }
        while (NodeRefs.byPhandle(root, nextPhandle) != null) {
            nextPhandle++;
        }
        n.phandle = nextPhandle;
        if (n.property("phandle") == null) {
            DtsValue v = new DtsValue().addMarker(MarkerType.TYPE_UINT32, null).appendInteger(n.phandle, 32);
            n.properties.add(new DtsProperty("phandle", v, null));
        }
        return n.phandle;
    }

    private void phandleReferences(Check c, DtsNode n) {
        for (DtsProperty p : n.liveProperties()) {
            for (Marker m : List.copyOf(p.value.markers())) {
                if (m.type() != MarkerType.REF_PHANDLE) {
                    continue;
                }
                DtsNode target = NodeRefs.byRef(root, m.ref());
                if (target == null) {
                    fail(c, n, "Reference to non-existent node or label \"" + m.ref() + "\"\n");
                    continue;
                }
                p.value.setCell(m.offset(), phandleOf(target));
                target.referenced = true;
            }
        }
    }

    private void pathReferences(Check c, DtsNode n) {
        for (DtsProperty p : n.liveProperties()) {
            List<Marker> markers = p.value.markers();
            for (int i = 0; i < markers.size(); i++) {
                Marker m = markers.get(i);
                if (m.type() != MarkerType.REF_PATH) {
                    continue;
                }
                DtsNode target = NodeRefs.byRef(root, m.ref());
                if (target == null) {
                    fail(c, n, "Reference to non-existent node or label \"" + m.ref() + "\"\n");
                    continue;
                }
                p.value.insertAt(i, (target.fullpath + "\0").getBytes(StandardCharsets.ISO_8859_1));
                target.referenced = true;
            }
        }
    }

    // ---- value-shape checks ----

    private Check isCellCheck(String name, String propName) {
        return new Check(name, true, false, (c, n) -> {
            DtsProperty p = n.property(propName);
            if (p != null && p.value.length() != 4) {
                failProp(c, n, p, "property is not a single cell");
            }
        });
    }

    private Check isStringCheck(String name, String propName) {
        return new Check(name, true, false, (c, n) -> isString(c, n, propName));
    }

    private void isString(Check c, DtsNode n, String propName) {
        DtsProperty p = n.property(propName);
        if (p != null && !isOneString(p.value.bytes())) {
            failProp(c, n, p, "property is not a string");
        }
    }

    /** data_is_one_string. */
    private static boolean isOneString(byte[] v) {
        if (v.length == 0 || v[v.length - 1] != 0) {
            return false;
        }
        for (int i = 0; i < v.length - 1; i++) {
            if (v[i] == 0) {
                return false;
            }
        }
        return true;
    }

    /** check_is_string_list: every piece NUL-terminated. */
    private void isStringList(Check c, DtsNode n, DtsProperty p) {
        if (p == null) {
            return;
        }
        byte[] v = p.value.bytes();
        int at = 0;
        while (at < v.length) {
            int nul = at;
            while (nul < v.length && v[nul] != 0) {
                nul++;
            }
            if (nul == v.length) {
                failProp(c, n, p, "property is not a string list");
                return;
            }
            at = nul + 1;
        }
    }

    private static int addrCells(DtsNode n) {
        return n.addrCells == -1 ? 2 : n.addrCells;
    }

    private static int sizeCells(DtsNode n) {
        return n.sizeCells == -1 ? 1 : n.sizeCells;
    }

    private static boolean isMultipleOf(int length, int divisor) {
        return divisor == 0 ? length == 0 : length % divisor == 0;
    }

    private void regFormat(Check c, DtsNode n) {
        DtsProperty p = n.property("reg");
        if (p == null) {
            return;
        }
        if (n.parent == null) {
            fail(c, n, "Root node has a \"reg\" property");
            return;
        }
        if (p.value.length() == 0) {
            failProp(c, n, p, "property is empty");
        }
        int a = addrCells(n.parent);
        int s = sizeCells(n.parent);
        if (!isMultipleOf(p.value.length(), (a + s) * 4)) {
            failProp(c, n, p, "property has invalid length (" + p.value.length() + " bytes) (#address-cells == "
                    + a + ", #size-cells == " + s + ")");
        }
    }

    private void rangesFormat(Check c, DtsNode n, String name) {
        DtsProperty p = n.property(name);
        if (p == null) {
            return;
        }
        if (n.parent == null) {
            failProp(c, n, p, "Root node has a \"" + name + "\" property");
            return;
        }
        int pa = addrCells(n.parent);
        int ps = sizeCells(n.parent);
        int ca = addrCells(n);
        int cs = sizeCells(n);
        if (p.value.length() == 0) {
            if (pa != ca) {
                failProp(c, n, p, "empty \"" + name + "\" property but its #address-cells (" + ca
                        + ") differs from " + n.parent.fullpath + " (" + pa + ")");
            }
            if (ps != cs) {
                failProp(c, n, p, "empty \"" + name + "\" property but its #size-cells (" + cs
                        + ") differs from " + n.parent.fullpath + " (" + ps + ")");
            }
        } else if (!isMultipleOf(p.value.length(), (pa + ca + cs) * 4)) {
            failProp(c, n, p, "\"" + name + "\" property has invalid length (" + p.value.length()
                    + " bytes) (parent #address-cells == " + pa + ", child #address-cells == " + ca
                    + ", #size-cells == " + cs + ")");
        }
    }

    private void unitAddressVsReg(Check c, DtsNode n) {
        for (DtsNode child : n.liveChildren()) {
            if (child.name.equals("__overlay__")) {
                return;
            }
        }
        DtsProperty p = n.property("reg");
        if (p == null) {
            p = n.property("ranges");
            if (p != null && p.value.length() == 0) {
                p = null;
            }
        }
        if (p != null && n.unitName().isEmpty()) {
            fail(c, n, "node has a reg or ranges property, but no unit name");
        } else if (p == null && !n.unitName().isEmpty()) {
            fail(c, n, "node has a unit name, but no reg or ranges property");
        }
    }

    private void unitAddressFormat(Check c, DtsNode n) {
        if (n.parent != null && n.parent.bus != null) {
            return;
        }
        String unit = n.unitName();
        if (unit.isEmpty()) {
            return;
        }
        if (unit.startsWith("0x")) {
            fail(c, n, "unit name should not have leading \"0x\"");
            unit = unit.substring(2);
        }
        if (unit.length() >= 2 && unit.charAt(0) == '0' && Character.digit(unit.charAt(1), 16) >= 0) {
            fail(c, n, "unit name should not have leading 0s");
        }
    }

    // ---- bus checks ----

    private void pciBridge(Check c, DtsNode n) {
        DtsProperty dt = n.property("device_type");
        if (dt == null || !cString(dt.value.bytes()).equals("pci")) {
            return;
        }
        n.bus = "pci";
        String base = n.name.substring(0, n.basenameLength);
        if (!base.equals("pci") && !base.equals("pcie")) {
            fail(c, n, "node name is not \"pci\" or \"pcie\"");
        }
        if (n.property("ranges") == null) {
            fail(c, n, "missing ranges for PCI bridge (or not a bridge)");
        }
        if (addrCells(n) != 3) {
            fail(c, n, "incorrect #address-cells for PCI bridge");
        }
        if (sizeCells(n) != 2) {
            fail(c, n, "incorrect #size-cells for PCI bridge");
        }
        DtsProperty range = n.property("bus-range");
        if (range == null) {
            return;
        }
        if (range.value.length() != 8) {
            failProp(c, n, range, "value must be 2 cells");
            return;
        }
        if (cell(range, 0) > cell(range, 1)) {
            failProp(c, n, range, "1st cell must be less than or equal to 2nd cell");
        }
        if (cell(range, 1) > 0xff) {
            failProp(c, n, range, "maximum bus number must be less than 256");
        }
    }

    private void pciDeviceBusNum(Check c, DtsNode n) {
        if (n.parent == null || !"pci".equals(n.parent.bus)) {
            return;
        }
        DtsProperty reg = n.property("reg");
        if (reg == null) {
            return;
        }
        long bus = (cell(reg, 0) & 0x00ff0000L) >> 16;
        DtsProperty range = n.parent.property("bus-range");
        long min = range == null ? 0 : cell(range, 0);
        long max = range == null ? 0 : cell(range, 1);
        if (bus < min || bus > max) {
            failProp(c, n, range, "PCI bus number " + bus + " out of range, expected (" + min + " - " + max + ")");
        }
    }

    private void pciDeviceReg(Check c, DtsNode n) {
        if (n.parent == null || !"pci".equals(n.parent.bus)) {
            return;
        }
        DtsProperty reg = n.property("reg");
        if (reg == null) {
            return;
        }
        if (cell(reg, 1) != 0 || cell(reg, 2) != 0) {
            failProp(c, n, reg, "PCI reg config space address cells 2 and 3 must be 0");
        }
        long r = cell(reg, 0);
        long dev = (r & 0xf800) >> 11;
        long func = (r & 0x700) >> 8;
        if ((r & 0xff000000L) != 0) {
            failProp(c, n, reg, "PCI reg address is not configuration space");
        }
        if ((r & 0xff) != 0) {
            failProp(c, n, reg, "PCI reg config space address register number must be 0");
        }
        if (func == 0 && n.unitName().equals(Long.toHexString(dev))) {
            return;
        }
        String expected = Long.toHexString(dev) + "," + Long.toHexString(func);
        if (!n.unitName().equals(expected)) {
            fail(c, n, "PCI unit address format error, expected \"" + expected + "\"");
        }
    }

    private void simpleBusReg(Check c, DtsNode n) {
        if (n.parent == null || !"simple-bus".equals(n.parent.bus)) {
            return;
        }
        DtsProperty reg = n.property("reg");
        int first = 0;
        if (reg == null) {
            DtsProperty ranges = n.property("ranges");
            if (ranges != null && ranges.value.length() > 0) {
                reg = ranges;
                first = addrCells(n);
            }
        }
        if (reg == null) {
            if (n.parent.parent != null && !"simple-bus".equals(n.bus)) {
                fail(c, n, "missing or empty reg/ranges property");
            }
            return;
        }
        long address = 0;
        for (int i = 0; i < addrCells(n.parent); i++) {
            address = (address << 32) | cell(reg, first + i);
        }
        String expected = Long.toHexString(address);
        if (!n.unitName().equals(expected)) {
            fail(c, n, "simple-bus unit address format error, expected \"" + expected + "\"");
        }
    }

    private void i2cBusBridge(Check c, DtsNode n) {
        String base = n.name.substring(0, n.basenameLength);
        if (base.equals("i2c-bus") || base.equals("i2c-arb")) {
            n.bus = "i2c";
        } else if (base.equals("i2c")) {
            for (DtsNode child : n.liveChildren()) {
                if (child.name.length() >= n.basenameLength
                        && child.name.substring(0, n.basenameLength).equals("i2c-bus")) {
                    return;
                }
            }
            n.bus = "i2c";
        } else {
            return;
        }
        if (n.children.isEmpty()) {
            return;
        }
        if (addrCells(n) != 1) {
            fail(c, n, "incorrect #address-cells for I2C bus");
        }
        if (sizeCells(n) != 0) {
            fail(c, n, "incorrect #size-cells for I2C bus");
        }
    }

    private void i2cBusReg(Check c, DtsNode n) {
        if (n.parent == null || !"i2c".equals(n.parent.bus)) {
            return;
        }
        DtsProperty reg = n.property("reg");
        if (reg == null || reg.value.length() == 0) {
            fail(c, n, "missing or empty reg property");
            return;
        }
        final long ownSlave = 1L << 30;
        final long tenBit = 1L << 31;
        String expected = Long.toHexString(cell(reg, 0) & ~ownSlave);
        if (!n.unitName().equals(expected)) {
            fail(c, n, "I2C bus unit address format error, expected \"" + expected + "\"");
        }
        for (int i = 0; i < reg.value.length() / 4; i++) {
            long r = cell(reg, i) & ~ownSlave;
            if ((r & tenBit) != 0 && (r & ~tenBit) > 0x3ff) {
                failProp(c, n, reg, "I2C address must be less than 10-bits, got \"0x" + Long.toHexString(r) + "\"");
            } else if (r > 0x7f) {
                failProp(c, n, reg, "I2C address must be less than 7-bits, got \"0x" + Long.toHexString(r)
                        + "\". Set I2C_TEN_BIT_ADDRESS for 10 bit addresses or fix the property");
            }
        }
    }

    private void spiBusBridge(Check c, DtsNode n) {
        String base = n.name.substring(0, n.basenameLength);
        if (base.equals("spi")) {
            n.bus = "spi";
        } else {
            if (addrCells(n) != 1 || sizeCells(n) != 0) {
                return;
            }
            outer:
            for (DtsNode child : n.liveChildren()) {
                for (DtsProperty p : child.liveProperties()) {
                    if (p.name.startsWith("spi-")) {
                        n.bus = "spi";
                        break outer;
                    }
                }
            }
            if ("spi".equals(n.bus) && n.property("reg") != null) {
                fail(c, n, "node name for SPI buses should be 'spi'");
            }
        }
        if (!"spi".equals(n.bus) || n.children.isEmpty()) {
            return;
        }
        int expected = n.property("spi-slave") != null ? 0 : 1;
        if (addrCells(n) != expected) {
            fail(c, n, "incorrect #address-cells for SPI bus");
        }
        if (sizeCells(n) != 0) {
            fail(c, n, "incorrect #size-cells for SPI bus");
        }
    }

    private void spiBusReg(Check c, DtsNode n) {
        if (n.parent == null || !"spi".equals(n.parent.bus) || n.parent.property("spi-slave") != null) {
            return;
        }
        DtsProperty reg = n.property("reg");
        if (reg == null || reg.value.length() == 0) {
            fail(c, n, "missing or empty reg property");
            return;
        }
        String expected = Long.toHexString(cell(reg, 0));
        if (!n.unitName().equals(expected)) {
            fail(c, n, "SPI bus unit address format error, expected \"" + expected + "\"");
        }
    }

    private void avoidUnnecessaryAddrSize(Check c, DtsNode n) {
        if (n.parent == null || n.addrCells < 0 || n.sizeCells < 0) {
            return;
        }
        if (n.property("ranges") != null || n.children.isEmpty()) {
            return;
        }
        for (DtsNode child : n.liveChildren()) {
            if (child.property("reg") != null) {
                return;
            }
        }
        fail(c, n, "unnecessary #address-cells/#size-cells without \"ranges\" or child \"reg\" property");
    }

    private void uniqueUnitAddress(Check c, DtsNode n) {
        if (n.addrCells < 0 || n.sizeCells < 0 || n.children.isEmpty()) {
            return;
        }
        List<DtsNode> live = n.liveChildren();
        for (DtsNode a : live) {
            if (a.unitName().isEmpty()) {
                continue;
            }
            for (DtsNode b : live) {
                if (a == b) {
                    break;
                }
                if (a.unitName().equals(b.unitName())) {
                    fail(c, b, "duplicate unit-address (also used in node " + a.fullpath + ")");
                }
            }
        }
    }

    // ---- phandle-argument and interrupt checks ----

    /** check_property_phandle_args. */
    private void phandleArgs(Check c, DtsNode n, DtsProperty p, String cellName, boolean optional) {
        int length = p.value.length();
        if (!isMultipleOf(length, 4)) {
            failProp(c, n, p, "property size (" + length + ") is invalid, expected multiple of 4");
            return;
        }
        long cellSize = 0;
        for (long cell = 0; cell < length / 4; cell += cellSize + 1) {
            long phandle = cell(p, (int) cell);
            if (phandle == 0 || phandle == 0xffffffffL) {
                cellSize = 0;
                continue;
            }
            if (!p.value.markers().isEmpty()) {
                long at = cell * 4;
                boolean isRef = p.value.markers().stream()
                        .anyMatch(m -> m.type() == MarkerType.REF_PHANDLE && m.offset() == at);
                if (!isRef) {
                    failProp(c, n, p, "cell " + cell + " is not a phandle reference");
                }
            }
            DtsNode provider = NodeRefs.byPhandle(root, phandle);
            if (provider == null) {
                failProp(c, n, p, "Could not get phandle node for (cell " + cell + ")");
                break;
            }
            DtsProperty cells = provider.property(cellName);
            if (cells != null) {
                cellSize = cell(cells, 0);
            } else if (optional) {
                cellSize = 0;
            } else {
                fail(c, n, "Missing property '" + cellName + "' in node " + provider.fullpath
                        + " or bad phandle (referred from " + p.name + "[" + cell + "])");
                break;
            }
            if (length < (cell + cellSize + 1) * 4) {
                failProp(c, n, p, "property size (" + length + ") too small for cell size " + cellSize);
                break;
            }
        }
    }

    private void gpiosProperty(Check c, DtsNode n) {
        if (n.property("gpio-hog") != null) {
            return;
        }
        for (DtsProperty p : n.liveProperties()) {
            String name = p.name;
            boolean gpio = !name.endsWith(",nr-gpios") && (name.endsWith("-gpios") || name.equals("gpios")
                    || name.endsWith("-gpio") || name.equals("gpio"));
            if (gpio) {
                phandleArgs(c, n, p, "#gpio-cells", false);
            }
        }
    }

    private static boolean isInterruptProvider(DtsNode n) {
        return n.property("interrupt-controller") != null || n.property("interrupt-map") != null;
    }

    private void interruptsProperty(Check c, DtsNode n) {
        DtsProperty irq = n.property("interrupts");
        if (irq == null) {
            return;
        }
        if (!isMultipleOf(irq.value.length(), 4)) {
            failProp(c, n, irq, "size (" + irq.value.length() + ") is invalid, expected multiple of 4");
        }
        DtsNode irqNode = null;
        DtsProperty parentProp = null;
        for (DtsNode parent = n; parent != null && parentProp == null; parent = parent.parent) {
            if (parent != n && isInterruptProvider(parent)) {
                irqNode = parent;
                break;
            }
            parentProp = parent.property("interrupt-parent");
            if (parentProp != null) {
                long phandle = cell(parentProp, 0);
                if (phandle == 0 || phandle == 0xffffffffL) {
                    failProp(c, parent, parentProp, "Invalid phandle");
                    continue;
                }
                irqNode = NodeRefs.byPhandle(root, phandle);
                if (irqNode == null) {
                    failProp(c, parent, parentProp, "Bad phandle");
                    return;
                }
                if (!isInterruptProvider(irqNode)) {
                    fail(c, irqNode, "Missing interrupt-controller or interrupt-map property");
                }
                break;
            }
        }
        if (irqNode == null) {
            fail(c, n, "Missing interrupt-parent");
            return;
        }
        DtsProperty cellsProp = irqNode.property("#interrupt-cells");
        if (cellsProp == null) {
            return;
        }
        long cells = cell(cellsProp, 0);
        if (!isMultipleOf(irq.value.length(), (int) (cells * 4))) {
            failProp(c, n, cellsProp, "size is (" + irq.value.length() + "), expected multiple of " + cells * 4);
        }
    }

    private void aliasPaths(Check c, DtsNode n) {
        if (!n.name.equals("aliases")) {
            return;
        }
        for (DtsProperty p : n.liveProperties()) {
            if (p.name.equals("phandle") || p.name.equals("linux,phandle")) {
                continue;
            }
            byte[] v = p.value.bytes();
            if (v.length == 0 || NodeRefs.byPath(root, cString(v)) == null) {
                failProp(c, n, p, "aliases property is not a valid node (" + (v.length == 0 ? "(null)" : cString(v)) + ")");
                continue;
            }
            if (!p.name.chars().allMatch(ch -> (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '-')) {
                fail(c, n, "aliases property name must include only lowercase and '-'");
            }
        }
    }

    // ---- graph checks ----

    private void graphNodes(Check c, DtsNode n) {
        for (DtsNode child : n.liveChildren()) {
            boolean endpoint = child.name.startsWith("endpoint") && child.basenameLength == 8;
            if (!endpoint && child.property("remote-endpoint") == null) {
                continue;
            }
            n.bus = "graph-port";
            if (n.parent.bus == null && (n.parent.name.equals("ports") || n.property("reg") != null)) {
                n.parent.bus = "graph-ports";
            }
            break;
        }
    }

    private void graphChildAddress(Check c, DtsNode n) {
        if (!"graph-ports".equals(n.bus) && !"graph-port".equals(n.bus)) {
            return;
        }
        int count = 0;
        for (DtsNode child : n.liveChildren()) {
            DtsProperty reg = child.property("reg");
            if (reg != null && reg.value.length() >= 4 && cell(reg, 0) != 0) {
                return;
            }
            count++;
        }
        if (count == 1 && n.addrCells != -1) {
            fail(c, n, "graph node has single child node '" + n.children.get(0).name
                    + "', #address-cells/#size-cells are not necessary");
        }
    }

    private void graphReg(Check c, DtsNode n) {
        DtsProperty reg = n.property("reg");
        if (reg == null) {
            return;
        }
        if (reg.value.length() != 4) {
            fail(c, n, "graph node malformed 'reg' property");
            return;
        }
        String expected = Long.toHexString(cell(reg, 0));
        if (!n.unitName().equals(expected)) {
            fail(c, n, "graph node unit address error, expected \"" + expected + "\"");
        }
        if (n.parent.addrCells != 1) {
            failProp(c, n, n.property("#address-cells"), "graph node '#address-cells' is "
                    + n.parent.addrCells + ", must be 1");
        }
        if (n.parent.sizeCells != 0) {
            failProp(c, n, n.property("#size-cells"), "graph node '#size-cells' is "
                    + n.parent.sizeCells + ", must be 0");
        }
    }

    private DtsNode remoteEndpoint(Check c, DtsNode endpoint) {
        DtsProperty p = endpoint.property("remote-endpoint");
        if (p == null) {
            return null;
        }
        long phandle = cell(p, 0);
        if (phandle == 0 || phandle == 0xffffffffL) {
            return null;
        }
        DtsNode n = NodeRefs.byPhandle(root, phandle);
        if (n == null) {
            failProp(c, endpoint, p, "graph phandle is not valid");
        }
        return n;
    }

    private void graphEndpoint(Check c, DtsNode n) {
        if (n.parent == null || !"graph-port".equals(n.parent.bus)) {
            return;
        }
        if (!n.name.startsWith("endpoint") || n.basenameLength != 8) {
            fail(c, n, "graph endpoint node name should be 'endpoint'");
        }
        graphReg(c, n);
        DtsNode remote = remoteEndpoint(c, n);
        if (remote != null && remoteEndpoint(c, remote) != n) {
            fail(c, n, "graph connection to node '" + remote.fullpath + "' is not bidirectional");
        }
    }

    // ---- value helpers ----

    /** The big-endian cell {@code index} of a property; 0 past its end (dtc reads garbage there). */
    private static long cell(DtsProperty p, int index) {
        byte[] b = p.value.bytes();
        int at = index * 4;
        if (at + 4 > b.length) {
            return 0;
        }
        return ((b[at] & 0xffL) << 24) | ((b[at + 1] & 0xffL) << 16) | ((b[at + 2] & 0xffL) << 8)
                | (b[at + 3] & 0xffL);
    }

    private static boolean isCompatible(DtsNode n, String compat) {
        DtsProperty p = n.property("compatible");
        if (p == null) {
            return false;
        }
        byte[] v = p.value.bytes();
        int at = 0;
        while (at < v.length) {
            int end = at;
            while (end < v.length && v[end] != 0) {
                end++;
            }
            if (new String(v, at, end - at, StandardCharsets.ISO_8859_1).equals(compat) && end < v.length) {
                return true;
            }
            at = end + 1;
        }
        return false;
    }

    /** The bytes up to the first NUL, as C would print them with %s. */
    private static String cString(byte[] v) {
        int end = 0;
        while (end < v.length && v[end] != 0) {
            end++;
        }
        return new String(v, 0, end, StandardCharsets.ISO_8859_1);
    }
}
