package io.sluice.bloblang.query;

import io.sluice.bloblang.runtime.ExecContext;
import io.sluice.bloblang.runtime.Marker;
import io.sluice.bloblang.runtime.Query;

import java.util.ArrayList;
import java.util.List;

/** An array literal with computed elements; {@code deleted()} and {@code nothing()} elements are left out. */
public final class ArrayQuery implements Query {
    private final Query[] items;

    public ArrayQuery(List<Query> items) {
        this.items = items.toArray(Query[]::new);
    }

    @Override
    public Object exec(ExecContext ctx) {
        List<Object> out = new ArrayList<>(items.length);
        for (Query q : items) {
            Object v = q.exec(ctx);
            if (!(v instanceof Marker)) out.add(v);
        }
        return out;
    }

    @Override
    public String annotation() {
        return "array literal";
    }
}
