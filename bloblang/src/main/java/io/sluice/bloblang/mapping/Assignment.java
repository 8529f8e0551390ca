package io.sluice.bloblang.mapping;

import io.sluice.bloblang.runtime.ExecContext;
import io.sluice.bloblang.runtime.Marker;
import io.sluice.bloblang.runtime.Query;

/** {@code target = value}; a {@code nothing()} value skips the assignment. */
public record Assignment(Target target, Query value) implements Statement {
    @Override
    public void execute(ExecContext ctx) {
        Object v = value.exec(ctx);
        if (v == Marker.NOTHING) return;
        target.assign(v, ctx);
    }
}
