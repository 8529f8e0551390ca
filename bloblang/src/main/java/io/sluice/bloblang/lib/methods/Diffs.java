package io.sluice.bloblang.lib.methods;

import io.sluice.bloblang.lib.Values;
import io.sluice.bloblang.runtime.QueryException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** Structural diffs as changelogs of {@code {Type, Path, From, To}} entries, and applying them back. */
final class Diffs {
    private Diffs() {
    }

    static void diff(Object from, Object to, List<String> path, List<Object> out) {
        if (from instanceof Map<?, ?> a && to instanceof Map<?, ?> b) {
            TreeSet<String> keys = new TreeSet<>();
            for (Object k : a.keySet()) keys.add((String) k);
            for (Object k : b.keySet()) keys.add((String) k);
            for (String k : keys) {
                path.add(k);
                if (!b.containsKey(k)) out.add(change("delete", path, a.get(k), null));
                else if (!a.containsKey(k)) out.add(change("create", path, null, b.get(k)));
                else diff(a.get(k), b.get(k), path, out);
                path.remove(path.size() - 1);
            }
            return;
        }
        if (from instanceof List<?> a && to instanceof List<?> b) {
            int n = Math.max(a.size(), b.size());
            for (int i = 0; i < n; i++) {
                path.add(Integer.toString(i));
                if (i >= b.size()) out.add(change("delete", path, a.get(i), null));
                else if (i >= a.size()) out.add(change("create", path, null, b.get(i)));
                else diff(a.get(i), b.get(i), path, out);
                path.remove(path.size() - 1);
            }
            return;
        }
        if (!Values.equal(from, to)) out.add(change("update", path, from, to));
    }

    private static Map<String, Object> change(String type, List<String> path, Object from, Object to) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Type", type);
        m.put("Path", new ArrayList<Object>(path));
        m.put("From", from);
        m.put("To", to);
        return m;
    }

    @SuppressWarnings("unchecked")
    static Object patch(Object value, List<Object> changelog) {
        Object root = Values.deepCopy(value);
        for (Object c : changelog) {
            Map<String, Object> ch = Values.asObject(c);
            String type = Values.asString(ch.get("Type"));
            List<Object> p = Values.asArray(ch.get("Path"));
            String[] path = new String[p.size()];
            for (int i = 0; i < path.length; i++) path[i] = Values.toText(p.get(i));
            if (path.length == 0) {
                root = "delete".equals(type) ? null : Values.deepCopy(ch.get("To"));
                continue;
            }
            Object parent = root;
            for (int i = 0; i < path.length - 1; i++) {
                Object next = child(parent, path[i]);
                if (next == null) {
                    next = new LinkedHashMap<String, Object>();
                    if (parent instanceof Map) ((Map<String, Object>) parent).put(path[i], next);
                }
                parent = next;
            }
            String last = path[path.length - 1];
            switch (type) {
                case "create", "update" -> put(parent, last, Values.deepCopy(ch.get("To")));
                case "delete" -> remove(parent, last);
                default -> throw new QueryException("unknown change type: " + type);
            }
        }
        return root;
    }

    private static Object child(Object parent, String key) {
        if (parent instanceof Map<?, ?> m) return m.get(key);
        if (parent instanceof List<?> l) {
            int i = Integer.parseInt(key);
            return i < l.size() ? l.get(i) : null;
        }
        return null;
    }

    @SuppressWarnings("unchecked")
    private static void put(Object parent, String key, Object v) {
        if (parent instanceof Map) {
            ((Map<String, Object>) parent).put(key, v);
        } else if (parent instanceof List) {
            List<Object> l = (List<Object>) parent;
            int i = Integer.parseInt(key);
            if (i < l.size()) l.set(i, v);
            else l.add(v);
        }
    }

    private static void remove(Object parent, String key) {
        if (parent instanceof Map<?, ?> m) m.remove(key);
        else if (parent instanceof List<?> l) {
            int i = Integer.parseInt(key);
            if (i < l.size()) l.remove(i);
        }
    }
}
