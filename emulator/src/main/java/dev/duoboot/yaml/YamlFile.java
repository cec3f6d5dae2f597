package dev.duoboot.yaml;

import dev.duoboot.DuobootException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * A YAML file read as a tree of {@link Value}s that remember where they stand, so that every
 * complaint about a value is one line {@code file:line:column: what was expected}. Scalars stay
 * text (duoboot's files use hex addresses, which YAML's schemas read differently from version to
 * version); the readers of scenario and platform files convert them.
 */
public final class YamlFile {

    private final String file;

    private YamlFile(String file) {
        this.file = file;
    }

    /** Parses {@code text}; {@code file} names it in messages. An empty file is an error naming {@code expected}. */
    public static Value parse(String file, String text, String expected) {
        YamlFile f = new YamlFile(file);
        Node root;
        try {
            root = new Compose(LoadSettings.builder().setLabel(file).build()).composeString(text)
                    .orElseThrow(() -> new DuobootException(file + ":1:1: empty file, expected " + expected));
        } catch (MarkedYamlEngineException e) {
            Mark m = e.getProblemMark().or(e::getContextMark).orElse(null);
            String where = m == null ? file : file + ":" + (m.getLine() + 1) + ":" + (m.getColumn() + 1);
            throw new DuobootException(where + ": YAML syntax: " + oneLine(e.getProblem()));
        } catch (YamlEngineException e) {
            throw new DuobootException(file + ": YAML: " + oneLine(e.getMessage()));
        }
        return f.new Value(root);
    }

    private static String oneLine(String s) {
        return s == null ? "malformed" : s.replaceAll("\\s+", " ").strip();
    }

    /** One node of the file. */
    public final class Value {
        private final Node node;

        private Value(Node node) {
            this.node = node;
        }

        /** {@code file:line:column} of this value. */
        public String where() {
            return node.getStartMark().map(m -> file + ":" + (m.getLine() + 1) + ":" + (m.getColumn() + 1)).orElse(file);
        }

        /** An error about this value, one line. */
        public DuobootException error(String message) {
            return new DuobootException(where() + ": " + message);
        }

        public boolean isScalar() {
            return node instanceof ScalarNode;
        }

        public boolean isList() {
            return node instanceof SequenceNode;
        }

        /** The scalar's text; {@code what} says what was expected when it is not a scalar. */
        public String text(String what) {
            if (node instanceof ScalarNode s) {
                return s.getValue();
            }
            throw error("expected " + what + ", found a " + (node instanceof SequenceNode ? "list" : "mapping"));
        }

        /** A mapping's entries in file order; a key given twice is an error. */
        public Map<String, Value> mapping(String what) {
            if (!(node instanceof MappingNode m)) {
                throw error("expected " + what + " to be a mapping of keys");
            }
            Map<String, Value> out = new LinkedHashMap<>();
            for (NodeTuple t : m.getValue()) {
                Value key = new Value(t.getKeyNode());
                String k = key.text("a key");
                if (out.put(k, new Value(t.getValueNode())) != null) {
                    throw key.error("key '" + k + "' appears twice");
                }
            }
            return out;
        }

        /** A mapping, refusing keys not in {@code allowed}. */
        public Map<String, Value> mapping(String what, List<String> allowed) {
            Map<String, Value> m = mapping(what);
            if (!(node instanceof MappingNode mn)) {
                throw new IllegalStateException();
            }
            for (NodeTuple t : mn.getValue()) {
                Value key = new Value(t.getKeyNode());
                String k = key.text("a key");
                if (!allowed.contains(k)) {
                    throw key.error("unknown key '" + k + "', expected one of " + String.join(", ", allowed));
                }
            }
            return m;
        }

        /** A list's items; a single scalar counts as a list of one. */
        public List<Value> list(String what) {
            if (node instanceof ScalarNode) {
                return List.of(this);
            }
            if (!(node instanceof SequenceNode seq)) {
                throw error("expected " + what + " to be a list");
            }
            List<Value> out = new ArrayList<>();
            for (Node item : seq.getValue()) {
                out.add(new Value(item));
            }
            return out;
        }

        /** {@code true/yes/on} or {@code false/no/off}. */
        public boolean bool() {
            String s = text("true or false");
            return switch (s) {
                case "true", "yes", "on" -> true;
                case "false", "no", "off" -> false;
                default -> throw error("expected true or false, found '" + s + "'");
            };
        }

        /** A non-negative number: decimal, or hex with 0x; {@code what} names it in the message. */
        public long number(String what) {
            String s = text(what).replace("_", "");
            try {
                long v = s.startsWith("0x") || s.startsWith("0X") ? Long.parseUnsignedLong(s.substring(2), 16) : Long.parseLong(s);
                if (v < 0) {
                    throw new NumberFormatException();
                }
                return v;
            } catch (NumberFormatException e) {
                throw error("expected " + what + " (a number, decimal or 0x hex), found '" + s + "'");
            }
        }
    }

    /** The entry {@code key} of {@code map}, which must be there. */
    public static Value require(Map<String, Value> map, String key, Value owner) {
        Value v = map.get(key);
        if (v == null) {
            throw owner.error("missing key '" + key + "'");
        }
        return v;
    }

    /** The entry {@code key} of {@code map}, if there. */
    public static Optional<Value> optional(Map<String, Value> map, String key) {
        return Optional.ofNullable(map.get(key));
    }
}
