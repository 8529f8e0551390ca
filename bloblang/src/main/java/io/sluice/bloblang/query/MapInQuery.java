package io.sluice.bloblang.query;

import io.sluice.bloblang.runtime.ExecContext;
import io.sluice.bloblang.runtime.Query;

/** {@code target.(body)}: runs {@code body} with {@code this} set to the target's value. */
public final class MapInQuery implements Query {
    private final Query target;
    private final Query body;

    public MapInQuery(Query target, Query body) {
        this.target = target;
        this.body = body;
    }

    @Override
    public Object exec(ExecContext ctx) {
        return body.exec(ctx.withValue(target.exec(ctx)));
    }

    @Override
    public String annotation() {
        return body.annotation();
    }
}
