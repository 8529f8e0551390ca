package io.sluice.bloblang.query;

import io.sluice.bloblang.runtime.ExecContext;
import io.sluice.bloblang.runtime.Marker;
import io.sluice.bloblang.runtime.Query;
import io.sluice.bloblang.runtime.QueryException;

import java.util.List;

/**
 * {@code if c { a } else if d { b } else { e }} as an expression. Without a matching branch the result
 * is {@code nothing()}, so the enclosing assignment is skipped. A null condition counts as false (the
 * original's leniency).
 */
public final class IfQuery implements Query {
    private final Query[] conditions;
    private final Query[] values;
    private final Query otherwise;

    public IfQuery(List<Query> conditions, List<Query> values, Query otherwise) {
        this.conditions = conditions.toArray(Query[]::new);
        this.values = values.toArray(Query[]::new);
        this.otherwise = otherwise;
    }

    @Override
    public Object exec(ExecContext ctx) {
        for (int i = 0; i < conditions.length; i++) {
            if (test(conditions[i], i, ctx)) return values[i].exec(ctx);
        }
        return otherwise == null ? Marker.NOTHING : otherwise.exec(ctx);
    }

    /** Evaluates a condition: true, false, or null (false); anything else is an error. */
    static boolean test(Query condition, int index, ExecContext ctx) {
        Object v;
        try {
            v = condition.exec(ctx);
        } catch (QueryException e) {
            throw e.prefixed(index == 0 ? "failed to check if condition: " : "failed to check if condition " + index + ": ");
        }
        if (v instanceof Boolean b) return b;
        if (v == null) return false;
        throw new QueryException(condition.annotation() + " resolved to a non-boolean value "
                + Describe.goValue(v) + " (" + Describe.goType(v) + ")", true);
    }

    @Override
    public String annotation() {
        return "if expression";
    }
}
