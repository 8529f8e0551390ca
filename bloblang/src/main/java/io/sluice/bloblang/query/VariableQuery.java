package io.sluice.bloblang.query;

import io.sluice.bloblang.runtime.ExecContext;
import io.sluice.bloblang.runtime.Query;

/** {@code $name}. */
public record VariableQuery(String name) implements Query {
    @Override
    public Object exec(ExecContext ctx) {
        return ctx.variable(name);
    }

    @Override
    public String annotation() {
        return "variable " + name;
    }
}
