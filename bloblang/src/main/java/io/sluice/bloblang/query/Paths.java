package io.sluice.bloblang.query;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Field paths: reading a path out of a document, and the dot-path text form where a literal dot in a
 * key is written {@code ~1} and a tilde {@code ~0} (as the original's field paths).
 */
public final class Paths {
    private Paths() {
    }

    /**
     * Follows {@code path} from {@code root}: object keys, array indexes ({@code "0"}) and {@code "*"} (every
     * element). A missing step yields null.
     */
    public static Object get(Object root, String[] path) {
        return get(root, path, 0);
    }

    private static Object get(Object v, String[] path, int from) {
        for (int i = from; i < path.length; i++) {
            if (v instanceof Map<?, ?> m) {
                v = m.get(path[i]);
            } else if (v instanceof List<?> l) {
                String seg = path[i];
                if (seg.equals("*")) {
                    List<Object> out = new ArrayList<>(l.size());
                    for (Object e : l) {
                        Object r = get(e, path, i + 1);
                        if (r != null) out.add(r);
                    }
                    return out;
                }
                int idx = parseIndex(seg);
                if (idx < 0 || idx >= l.size()) return null;
                v = l.get(idx);
            } else {
                return null;
            }
        }
        return v;
    }

    /** A non-negative decimal index, or -1. */
    static int parseIndex(String seg) {
        if (seg.isEmpty() || seg.length() > 9) return -1;
        int n = 0;
        for (int i = 0; i < seg.length(); i++) {
            char c = seg.charAt(i);
            if (c < '0' || c > '9') return -1;
            n = n * 10 + (c - '0');
        }
        return n;
    }

    /** {@code a.b~1c} to {@code [a, b.c]}. */
    public static String[] fromDotPath(String dotPath) {
        if (dotPath.isEmpty()) return new String[0];
        String[] parts = dotPath.split("\\.", -1);
        for (int i = 0; i < parts.length; i++) parts[i] = parts[i].replace("~1", ".").replace("~0", "~");
        return parts;
    }

    /** {@code [a, b.c]} to {@code a.b~1c}. */
    public static String toDotPath(List<String> path) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < path.size(); i++) {
            if (i > 0) sb.append('.');
            sb.append(path.get(i).replace("~", "~0").replace(".", "~1"));
        }
        return sb.toString();
    }

    public static String toDotPath(String[] path) {
        return toDotPath(List.of(path));
    }
}
