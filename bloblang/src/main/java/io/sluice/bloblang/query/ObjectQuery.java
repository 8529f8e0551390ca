package io.sluice.bloblang.query;

import io.sluice.bloblang.runtime.ExecContext;
import io.sluice.bloblang.runtime.Marker;
import io.sluice.bloblang.runtime.Query;
import io.sluice.bloblang.runtime.QueryException;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An object literal with computed keys or values. Keys must be strings; {@code deleted()} and
 * {@code nothing()} values leave the key out.
 */
public final class ObjectQuery implements Query {
    private final Query[] keys;
    private final String[] staticKeys;
    private final Query[] values;

    /** @param keys per entry a constant key (in {@code staticKeys}) or a query (null static key) */
    public ObjectQuery(List<String> staticKeys, List<Query> keys, List<Query> values) {
        this.staticKeys = staticKeys.toArray(String[]::new);
        this.keys = keys.toArray(Query[]::new);
        this.values = values.toArray(Query[]::new);
    }

    @Override
    public Object exec(ExecContext ctx) {
        Map<String, Object> out = new LinkedHashMap<>(Math.max(4, values.length * 2));
        for (int i = 0; i < values.length; i++) {
            String key = staticKeys[i];
            if (key == null) {
                Object k;
                try {
                    k = keys[i].exec(ctx);
                } catch (QueryException e) {
                    throw e.prefixed("failed to resolve key: ");
                }
                if (k instanceof String s) key = s;
                else if (k instanceof byte[] b) key = new String(b, StandardCharsets.UTF_8);
                else throw new QueryException("mapping returned invalid key type: " + Describe.goType(k), true);
            }
            Object v;
            try {
                v = values[i].exec(ctx);
            } catch (QueryException e) {
                throw e.prefixed("failed to resolve '" + key + "' value: ");
            }
            if (!(v instanceof Marker)) out.put(key, v);
        }
        return out;
    }

    @Override
    public String annotation() {
        return "object literal";
    }
}
