package io.sluice.bloblang.mapping;

import io.sluice.bloblang.lib.Values;
import io.sluice.bloblang.query.Paths;
import io.sluice.bloblang.runtime.ExecContext;
import io.sluice.bloblang.runtime.Marker;
import io.sluice.bloblang.runtime.QueryException;
import io.sluice.core.message.Part;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Where an assignment writes: a path of the new document, a metadata key, or a variable. */
public sealed interface Target {

    /** Writes {@code value}; {@link Marker#DELETED} removes the target instead. */
    void assign(Object value, ExecContext ctx);

    /** {@code root.a.b = v}. Values are copied so that later edits do not reach the source. */
    record RootPath(String[] path) implements Target {
        @Override
        public void assign(Object value, ExecContext ctx) {
            ExecContext.ValueBox box = ctx.rootBox();
            if (value == Marker.DELETED) {
                if (path.length == 0) box.value = Marker.DELETED;
                else delete(box.value, path);
                return;
            }
            Object v = Values.deepCopy(value);
            if (path.length == 0) {
                box.value = v;
                return;
            }
            if (box.value == null || box.value instanceof Marker) box.value = new LinkedHashMap<String, Object>();
            set(box.value, v);
        }

        @SuppressWarnings("unchecked")
        private void set(Object root, Object v) {
            Object cur = root;
            for (int i = 0; i < path.length; i++) {
                String seg = path[i];
                boolean last = i == path.length - 1;
                if (cur instanceof Map<?, ?> m) {
                    Map<String, Object> map = (Map<String, Object>) m;
                    if (last) {
                        map.put(seg, v);
                        return;
                    }
                    Object next = map.get(seg);
                    if (next == null) {
                        next = new LinkedHashMap<String, Object>();
                        map.put(seg, next);
                    } else if (!(next instanceof Map) && !(next instanceof List)) {
                        throw collision(root, i + 1);
                    }
                    cur = next;
                } else if (cur instanceof List<?> l) {
                    List<Object> list = (List<Object>) l;
                    int idx = parseIndex(seg, list.size());
                    if (idx < 0) throw collision(root, i);
                    if (last) {
                        if (idx == list.size()) list.add(v);
                        else list.set(idx, v);
                        return;
                    }
                    if (idx == list.size()) list.add(new LinkedHashMap<String, Object>());
                    Object next = list.get(idx);
                    if (next == null) {
                        next = new LinkedHashMap<String, Object>();
                        list.set(idx, next);
                    } else if (!(next instanceof Map) && !(next instanceof List)) {
                        throw collision(root, i + 1);
                    }
                    cur = next;
                } else {
                    throw collision(root, i);
                }
            }
        }

        private static int parseIndex(String seg, int size) {
            if (seg.equals("-")) return size;
            int n;
            try {
                n = Integer.parseInt(seg);
            } catch (NumberFormatException e) {
                return -1;
            }
            return n >= 0 && n <= size ? n : -1;
        }

        /** The original's message naming the first step of the path that is not an object. */
        private QueryException collision(Object root, int depth) {
            String full = Paths.toDotPath(path);
            if (depth == 0) {
                return new QueryException("unable to set target path " + full + " as the value of the root was a non-object type ("
                        + Values.typeName(root) + ")");
            }
            String[] prefix = Arrays.copyOf(path, depth);
            Object culprit = Paths.get(root, prefix);
            return new QueryException("unable to set target path " + full + " as the value of " + Paths.toDotPath(prefix)
                    + " was a non-object type (" + Values.typeName(culprit) + ")");
        }

        private void delete(Object root, String[] p) {
            Object parent = p.length == 1 ? root : Paths.get(root, Arrays.copyOf(p, p.length - 1));
            String last = p[p.length - 1];
            if (parent instanceof Map<?, ?> m) {
                m.remove(last);
            } else if (parent instanceof List<?> l) {
                try {
                    int idx = Integer.parseInt(last);
                    if (idx >= 0 && idx < l.size()) l.remove(idx);
                } catch (NumberFormatException e) {
                    // not an index: nothing to delete
                }
            }
        }
    }

    /** {@code meta key = v} / {@code @key = v}; a null key replaces all metadata with an object. */
    record MetaKey(String key) implements Target {
        @Override
        public void assign(Object value, ExecContext ctx) {
            Part p = ctx.newPart();
            if (p == null) throw new QueryException("unable to assign metadata in the current context");
            Map<String, Object> meta = p.metadata();
            if (value == Marker.DELETED) {
                if (key == null) meta.clear();
                else meta.remove(key);
                return;
            }
            Object v = Values.deepCopy(value);
            if (key != null) {
                meta.put(key, v);
                return;
            }
            if (!(v instanceof Map<?, ?> m)) {
                throw new QueryException("setting root meta object requires object value, received: " + Values.typeName(v));
            }
            meta.clear();
            for (Map.Entry<?, ?> e : m.entrySet()) meta.put((String) e.getKey(), e.getValue());
        }
    }

    /** {@code let name = v}. */
    record Variable(String name) implements Target {
        @Override
        public void assign(Object value, ExecContext ctx) {
            if (value == Marker.DELETED) ctx.deleteVariable(name);
            else ctx.setVariable(name, value);
        }
    }
}
