package io.sluice.bloblang.query;

import io.sluice.bloblang.lib.Values;
import io.sluice.bloblang.runtime.ExecContext;
import io.sluice.bloblang.runtime.Query;
import io.sluice.bloblang.runtime.QueryException;

import java.util.ArrayList;
import java.util.List;

/** {@code target[start:end:step]} from the Bento dialect, with Python's slice rules, on arrays and strings. */
public final class SliceQuery implements Query {
    private final Query target;
    private final Query start;
    private final Query end;
    private final Query step;

    public SliceQuery(Query target, Query start, Query end, Query step) {
        this.target = target;
        this.start = start;
        this.end = end;
        this.step = step;
    }

    @Override
    public Object exec(ExecContext ctx) {
        Object v = target.exec(ctx);
        Long a = start == null ? null : Values.asLong(start.exec(ctx));
        Long b = end == null ? null : Values.asLong(end.exec(ctx));
        long st = step == null ? 1 : Values.asLong(step.exec(ctx));
        if (st == 0) throw new QueryException("slice step cannot be zero");
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            for (int i : indexes(l.size(), a, b, st)) out.add(l.get(i));
            return out;
        }
        if (v instanceof String s) {
            int[] cps = s.codePoints().toArray();
            StringBuilder sb = new StringBuilder();
            for (int i : indexes(cps.length, a, b, st)) sb.appendCodePoint(cps[i]);
            return sb.toString();
        }
        throw Values.typeErrorFrom(target, v, "array", "string");
    }

    private static int[] indexes(int n, Long a, Long b, long step) {
        long lo;
        long hi;
        if (step > 0) {
            lo = a == null ? 0 : clamp(a < 0 ? a + n : a, 0, n);
            hi = b == null ? n : clamp(b < 0 ? b + n : b, 0, n);
            int count = hi > lo ? (int) ((hi - lo + step - 1) / step) : 0;
            int[] out = new int[count];
            for (int i = 0; i < count; i++) out[i] = (int) (lo + i * step);
            return out;
        }
        lo = a == null ? n - 1 : clamp(a < 0 ? a + n : a, -1, n - 1);
        hi = b == null ? -1 : clamp(b < 0 ? b + n : b, -1, n - 1);
        int count = lo > hi ? (int) ((lo - hi + (-step) - 1) / (-step)) : 0;
        int[] out = new int[count];
        for (int i = 0; i < count; i++) out[i] = (int) (lo + i * step);
        return out;
    }

    private static long clamp(long v, long min, long max) {
        return Math.max(min, Math.min(max, v));
    }

    @Override
    public String annotation() {
        return "slice of " + target.annotation();
    }
}
