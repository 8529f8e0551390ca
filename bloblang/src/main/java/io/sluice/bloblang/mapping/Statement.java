package io.sluice.bloblang.mapping;

import io.sluice.bloblang.runtime.ExecContext;

/** An executable statement of a mapping. */
public sealed interface Statement permits Assignment, IfStatement {

    /** Runs the statement; failures are {@link io.sluice.bloblang.runtime.QueryException}s. */
    void execute(ExecContext ctx);
}
