package io.sluice.bloblang.query;

import io.sluice.bloblang.lib.Values;
import io.sluice.bloblang.runtime.ExecContext;
import io.sluice.bloblang.runtime.Query;
import io.sluice.bloblang.runtime.QueryException;

/** {@code a | b}: {@code a} unless it fails or is null, else {@code b}. */
public final class CoalesceQuery implements Query {
    private final Query left;
    private final Query right;

    public CoalesceQuery(Query left, Query right) {
        this.left = left;
        this.right = right;
    }

    @Override
    public Object exec(ExecContext ctx) {
        try {
            Object v = left.exec(ctx);
            if (!Values.isNull(v)) return v;
        } catch (QueryException e) {
            // fall through to the alternative
        }
        return right.exec(ctx);
    }

    @Override
    public String annotation() {
        return right.annotation();
    }
}
