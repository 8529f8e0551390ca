package io.sluice.bloblang.query;

import io.sluice.bloblang.runtime.ExecContext;
import io.sluice.bloblang.runtime.NoContextException;
import io.sluice.bloblang.runtime.Query;
import io.sluice.bloblang.runtime.QueryException;

/**
 * {@code name -> body}: binds the current value to {@code name} and runs the body with the enclosing
 * value as {@code this}. Methods such as {@code map_each} run their argument with
 * {@code ctx.withValue(element)}; this node then moves the element into the name.
 */
public final class LambdaQuery implements Query {
    private final String parameter;
    private final Query body;

    public LambdaQuery(String parameter, Query body) {
        this.parameter = parameter;
        this.body = body;
    }

    @Override
    public Object exec(ExecContext ctx) {
        ExecContext inner;
        try {
            inner = ctx.bindAndPop(parameter);
        } catch (NoContextException e) {
            throw new QueryException("failed to capture context " + parameter + ": context was undefined", true);
        }
        return body.exec(inner);
    }

    @Override
    public String annotation() {
        return body.annotation();
    }
}
