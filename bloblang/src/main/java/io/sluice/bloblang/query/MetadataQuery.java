package io.sluice.bloblang.query;

import io.sluice.bloblang.runtime.ExecContext;
import io.sluice.bloblang.runtime.Query;
import io.sluice.bloblang.runtime.QueryException;
import io.sluice.core.message.Part;

import java.util.LinkedHashMap;

/**
 * {@code @key} reads metadata of the message being built, so it sees assignments made earlier in the
 * mapping; {@code @} alone is all metadata as an object.
 */
public record MetadataQuery(String key) implements Query {
    @Override
    public Object exec(ExecContext ctx) {
        Part p = ctx.newPart();
        if (p == null) throw new QueryException("metadata cannot be queried in this context");
        if (key == null) return new LinkedHashMap<>(p.metadata());
        return p.metadata().get(key);
    }

    @Override
    public String annotation() {
        return key == null ? "meta object" : "meta field " + key;
    }
}
