package io.sluice.bloblang;

import io.sluice.bloblang.lib.Values;
import io.sluice.bloblang.runtime.ExecContext;
import io.sluice.bloblang.runtime.Marker;
import io.sluice.bloblang.runtime.Query;
import io.sluice.bloblang.runtime.QueryException;
import io.sluice.core.expr.Interpolation;
import io.sluice.core.expr.MappingException;
import io.sluice.core.message.Batch;
import io.sluice.core.message.Part;

import java.util.List;
import java.util.Map;

/** A compiled string with {@code ${! expr }} parts; each part renders with the text form of its value. */
public final class BloblangInterpolation implements Interpolation {
    private static final System.Logger LOG = System.getLogger(BloblangInterpolation.class.getName());

    private final String source;
    private final Object[] parts;
    private final boolean isStatic;

    /** @param parts literal {@code String}s and {@link Query}s, in order */
    public BloblangInterpolation(String source, List<Object> parts) {
        this.source = source;
        this.parts = parts.toArray();
        boolean st = true;
        for (Object p : this.parts) if (p instanceof Query) st = false;
        this.isStatic = st;
    }

    /** Renders; an expression that fails renders as {@code null} and is logged, as the original does for fields. */
    @Override
    public String render(Batch batch, int index) {
        try {
            return render(batch, index, false);
        } catch (MappingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Renders, failing on the first expression error instead of writing {@code null}. */
    public String renderStrict(Batch batch, int index) throws MappingException {
        return render(batch, index, true);
    }

    private String render(Batch batch, int index, boolean strict) throws MappingException {
        if (isStatic) return parts.length == 0 ? "" : (String) parts[0];
        if (parts.length == 1 && parts[0] instanceof Query q) return eval(q, batch, index, strict);
        StringBuilder sb = new StringBuilder();
        for (Object p : parts) {
            if (p instanceof String s) sb.append(s);
            else sb.append(eval((Query) p, batch, index, strict));
        }
        return sb.toString();
    }

    private String eval(Query q, Batch batch, int index, boolean strict) throws MappingException {
        Part part = batch.get(index);
        ExecContext ctx = ExecContext.forMessage(batch, index, part, new ExecContext.ValueBox(Marker.NOTHING), Map.of());
        try {
            Object v = q.exec(ctx);
            return Values.toText(v);
        } catch (QueryException e) {
            if (strict) throw new MappingException(e.getMessage());
            LOG.log(System.Logger.Level.DEBUG, "interpolation `{0}` failed: {1}", source, e.getMessage());
            return "null";
        }
    }

    @Override
    public boolean isStatic() {
        return isStatic;
    }

    @Override
    public String toString() {
        return source;
    }
}
