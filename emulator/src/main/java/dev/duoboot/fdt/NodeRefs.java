package dev.duoboot.fdt;

/**
 * How dtc finds the node a reference names (livetree.c get_node_by_ref, get_node_by_path,
 * get_node_by_label, get_node_by_phandle), on the compile-time tree: deleted nodes and labels
 * do not count, and path components must match full node names exactly.
 */
final class NodeRefs {
    private NodeRefs() {}

    /** "/" is the root, "/a/b" a path, anything else a label. */
    static DtsNode byRef(DtsNode root, String ref) {
        if (ref.equals("/")) {
            return root;
        }
        if (ref.startsWith("/")) {
            return byPath(root, ref);
        }
        return byLabel(root, ref);
    }

    static DtsNode byPath(DtsNode tree, String path) {
        if (path.isEmpty()) {
            return tree.deleted ? null : tree;
        }
        int i = 0;
        while (i < path.length() && path.charAt(i) == '/') {
            i++;
        }
        String rest = path.substring(i);
        int slash = rest.indexOf('/');
        String first = slash < 0 ? rest : rest.substring(0, slash);
        for (DtsNode child : tree.liveChildren()) {
            if (child.name.equals(first)) {
                return slash < 0 ? child : byPath(child, rest.substring(slash + 1));
            }
        }
        return null;
    }

    static DtsNode byLabel(DtsNode tree, String label) {
        if (DtsLabel.has(tree.labels, label)) {
            return tree;
        }
        for (DtsNode child : tree.liveChildren()) {
            DtsNode n = byLabel(child, label);
            if (n != null) {
                return n;
            }
        }
        return null;
    }

    static DtsNode byPhandle(DtsNode tree, long phandle) {
        if (tree.phandle == phandle) {
            return tree.deleted ? null : tree;
        }
        for (DtsNode child : tree.liveChildren()) {
            DtsNode n = byPhandle(child, phandle);
            if (n != null) {
                return n;
            }
        }
        return null;
    }
}
