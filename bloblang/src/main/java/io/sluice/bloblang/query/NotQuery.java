package io.sluice.bloblang.query;

import io.sluice.bloblang.lib.Values;
import io.sluice.bloblang.runtime.ExecContext;
import io.sluice.bloblang.runtime.Query;

/** {@code !expr}: requires a boolean. */
public final class NotQuery implements Query {
    private final Query operand;

    public NotQuery(Query operand) {
        this.operand = operand;
    }

    @Override
    public Object exec(ExecContext ctx) {
        Object v = operand.exec(ctx);
        if (v instanceof Boolean b) return !b;
        throw Values.typeErrorFrom(operand, v, "bool");
    }

    @Override
    public String annotation() {
        return "not " + operand.annotation();
    }
}
