package io.sluice.bloblang.mapping;

import io.sluice.bloblang.runtime.ExecContext;
import io.sluice.bloblang.runtime.Query;
import java.util.Map;

/**
 * {@code map name { ... }}: runs its statements with {@code this} set to the applied value, a fresh
 * {@code root} and isolated variables, and returns the resulting {@code root}.
 */
public final class NamedMap implements Query {
    private final String name;
    private Program program;

    public NamedMap(String name) {
        this.name = name;
    }

    /** Suggestions for errors, see {@link Program#hints}. */
    public void hints(Map<String, String> h) {
        if (program != null) program.hints(h);
    }

    /** Set once after compilation (maps may refer to each other and to themselves). */
    public void define(Program p) {
        this.program = p;
    }

    @Override
    public Object exec(ExecContext ctx) {
        ExecContext inner = ctx.forNamedMap(ctx.hasValue() ? ctx.value() : null, ctx.maps());
        program.execute(inner);
        return inner.rootBox().value;
    }

    @Override
    public String annotation() {
        return "map " + name;
    }
}
