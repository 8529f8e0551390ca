package io.sluice.bloblang.query;

import io.sluice.bloblang.runtime.ExecContext;
import io.sluice.bloblang.runtime.Query;

/** {@code &&} and {@code ||}, short-circuiting. */
public final class LogicQuery implements Query {
    private final boolean and;
    private final Query left;
    private final Query right;

    public LogicQuery(boolean and, Query left, Query right) {
        this.and = and;
        this.left = left;
        this.right = right;
    }

    @Override
    public Object exec(ExecContext ctx) {
        boolean l = Operators.truthy(left.exec(ctx));
        if (and && !l) return Boolean.FALSE;
        if (!and && l) return Boolean.TRUE;
        return Operators.truthy(right.exec(ctx));
    }

    @Override
    public String annotation() {
        return right.annotation();
    }
}
