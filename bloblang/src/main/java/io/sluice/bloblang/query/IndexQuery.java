package io.sluice.bloblang.query;

import io.sluice.bloblang.lib.Values;
import io.sluice.bloblang.runtime.ExecContext;
import io.sluice.bloblang.runtime.Query;

import java.util.List;
import java.util.Map;

/**
 * {@code target[i]} from the Bento dialect: an array element or a character of a string (negative
 * indexes count from the end), or an object field for a string index.
 */
public final class IndexQuery implements Query {
    private final Query target;
    private final Query index;

    public IndexQuery(Query target, Query index) {
        this.target = target;
        this.index = index;
    }

    @Override
    public Object exec(ExecContext ctx) {
        Object v = target.exec(ctx);
        Object i = index.exec(ctx);
        if (v instanceof Map<?, ?> m && (i instanceof String)) return m.get(i);
        if (v instanceof List<?> l) {
            int at = position(Values.asLong(i), l.size());
            return at < 0 ? null : l.get(at);
        }
        if (v instanceof String s) {
            int[] cps = s.codePoints().toArray();
            int at = position(Values.asLong(i), cps.length);
            return at < 0 ? null : new String(cps, at, 1);
        }
        if (v instanceof byte[] b) {
            int at = position(Values.asLong(i), b.length);
            return at < 0 ? null : (long) (b[at] & 0xff);
        }
        throw Values.typeErrorFrom(target, v, "array", "string", "object");
    }

    private static int position(long i, int size) {
        long p = i < 0 ? size + i : i;
        return p < 0 || p >= size ? -1 : (int) p;
    }

    @Override
    public String annotation() {
        return "index of " + target.annotation();
    }
}
