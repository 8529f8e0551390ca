package io.sluice.bloblang.compile;

import io.sluice.bloblang.lib.Args;
import io.sluice.bloblang.runtime.ExecContext;
import io.sluice.bloblang.runtime.Query;
import io.sluice.bloblang.runtime.QueryException;

import java.util.function.Function;

/**
 * A function or method call with computed arguments: the arguments are evaluated and the
 * implementation is instantiated for each execution (calls with literal arguments are instantiated
 * once at compile time instead).
 */
final class DynamicCall implements Query {
    private final String annotation;
    private final BoundArgs args;
    private final Function<Args, Query> factory;

    DynamicCall(String annotation, BoundArgs args, Function<Args, Query> factory) {
        this.annotation = annotation;
        this.args = args;
        this.factory = factory;
    }

    @Override
    public Object exec(ExecContext ctx) {
        Args resolved = args.resolve(ctx);
        Query q;
        try {
            q = factory.apply(resolved);
        } catch (QueryException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new QueryException(e.getMessage() == null ? e.toString() : e.getMessage());
        }
        return q.exec(ctx);
    }

    @Override
    public String annotation() {
        return annotation;
    }
}
