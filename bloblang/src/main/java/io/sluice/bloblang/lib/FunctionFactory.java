package io.sluice.bloblang.lib;

import io.sluice.bloblang.runtime.Query;

/**
 * Builds the runtime form of a function call from its arguments.
 *
 * <p>Called once when the mapping is compiled if every argument is a literal; when an argument is
 * dynamic (e.g. {@code range(0, this.n)}) it is called per execution with the resolved arguments. So
 * do argument validation and expensive preparation (regex compilation...) here, not in the query.
 * Throw {@link IllegalArgumentException} (or a {@code QueryException}) for bad arguments: it becomes a
 * compile error when the arguments are literals.
 */
@FunctionalInterface
public interface FunctionFactory {
    Query create(Args args);
}
