package io.sluice.bloblang.lib;

import io.sluice.bloblang.runtime.Query;

/**
 * Builds the runtime form of a method call with full control over its target, for methods that must
 * see the target's failure ({@code catch}, {@code or}) or run it in another context ({@code from}).
 * Most methods should use the simpler {@link ValueMethodFactory}. Same call rules as
 * {@link FunctionFactory}.
 */
@FunctionalInterface
public interface MethodFactory {
    Query create(Query target, Args args);
}
