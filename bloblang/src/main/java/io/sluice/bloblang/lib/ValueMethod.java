package io.sluice.bloblang.lib;

import io.sluice.bloblang.runtime.ExecContext;

/**
 * The body of an ordinary method: receives the already evaluated target value and returns the result.
 * Throw {@code Values.typeError(...)} or a {@code QueryException} to fail; the framework adds which
 * expression failed ({@code field `this.a`: ...}). The context is needed only to run query arguments
 * ({@code query.exec(ctx.withValue(element))}).
 */
@FunctionalInterface
public interface ValueMethod {
    Object apply(Object value, ExecContext ctx);
}
