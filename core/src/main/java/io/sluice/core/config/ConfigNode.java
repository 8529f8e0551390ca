package io.sluice.core.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A parsed config value that remembers where it came from, so every error can point at file:line:col. */
public sealed interface ConfigNode permits ConfigNode.MapNode, ConfigNode.ListNode, ConfigNode.ScalarNode {

    Position pos();

    /** The value as plain Java objects (maps, lists, strings, numbers, booleans, null). */
    Object toPlain();

    /** A short description of the node's type for error messages. */
    String typeName();

    record Entry(String key, Position keyPos, ConfigNode value) {
    }

    record MapNode(Position pos, Map<String, Entry> entries) implements ConfigNode {
        public ConfigNode get(String key) {
            Entry e = entries.get(key);
            return e == null ? null : e.value();
        }

        public boolean has(String key) {
            return entries.containsKey(key);
        }

        @Override
        public Object toPlain() {
            Map<String, Object> m = new LinkedHashMap<>();
            entries.forEach((k, e) -> m.put(k, e.value().toPlain()));
            return m;
        }

        @Override
        public String typeName() {
            return "object";
        }
    }

    record ListNode(Position pos, List<ConfigNode> items) implements ConfigNode {
        @Override
        public Object toPlain() {
            List<Object> l = new ArrayList<>();
            for (ConfigNode n : items) l.add(n.toPlain());
            return l;
        }

        @Override
        public String typeName() {
            return "array";
        }
    }

    /**
     * A scalar: {@code value} is the typed value the parser saw (String, Long, Double, Boolean or null),
     * {@code text} the source text, so a string field can take {@code 10} or {@code yes} literally.
     * {@code block} marks YAML block scalars (| and >), whose content starts on the next line.
     */
    record ScalarNode(Position pos, Object value, String text, boolean block) implements ConfigNode {
        @Override
        public Object toPlain() {
            return value;
        }

        @Override
        public String typeName() {
            if (value == null) return "null";
            if (value instanceof String) return "string";
            if (value instanceof Boolean) return "bool";
            if (value instanceof Double) return "float";
            return "int";
        }

        public boolean isNull() {
            return value == null;
        }
    }

    /** Builds a node tree from plain values (maps, lists, scalars), all at one position. */
    static ConfigNode fromPlain(Object v, Position pos) {
        if (v instanceof Map<?, ?> m) {
            Map<String, Entry> entries = new LinkedHashMap<>();
            m.forEach((k, val) -> entries.put(String.valueOf(k), new Entry(String.valueOf(k), pos, fromPlain(val, pos))));
            return new MapNode(pos, entries);
        }
        if (v instanceof List<?> l) {
            List<ConfigNode> items = new ArrayList<>();
            for (Object o : l) items.add(fromPlain(o, pos));
            return new ListNode(pos, items);
        }
        if (v instanceof Integer i) v = i.longValue();
        if (v instanceof Float f) v = f.doubleValue();
        return new ScalarNode(pos, v, v == null ? "" : String.valueOf(v), false);
    }
}
