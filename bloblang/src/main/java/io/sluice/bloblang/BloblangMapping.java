package io.sluice.bloblang;

import io.sluice.bloblang.lib.Values;
import io.sluice.bloblang.mapping.Program;
import io.sluice.bloblang.runtime.ExecContext;
import io.sluice.bloblang.runtime.Marker;
import io.sluice.bloblang.runtime.Query;
import io.sluice.bloblang.runtime.QueryException;
import io.sluice.core.expr.Mapping;
import io.sluice.core.expr.MappingException;
import io.sluice.core.message.Batch;
import io.sluice.core.message.MessageParseException;
import io.sluice.core.message.Part;

import java.util.Map;

/**
 * A compiled mapping. Immutable and safe to share between threads: per-message state lives in the
 * {@link ExecContext} of each call.
 */
public final class BloblangMapping implements Mapping {
    private final String source;
    private final Program program;
    private final Map<String, Query> maps;
    private final boolean usesMetadata;

    BloblangMapping(String source, Program program, Map<String, Query> maps, boolean usesMetadata) {
        this.source = source;
        this.program = program;
        this.maps = maps;
        this.usesMetadata = usesMetadata;
    }

    /** {@code mapping} processor semantics: a new message built from the part at {@code index}; null when deleted. */
    @Override
    public Part map(Batch batch, int index) throws MappingException {
        Part out = batch.get(index).copy();
        ExecContext.ValueBox root = new ExecContext.ValueBox(Marker.NOTHING);
        run(ExecContext.forMessage(batch, index, out, root, maps));
        Object v = root.value;
        if (v == Marker.DELETED) return null;
        if (v != Marker.NOTHING) setBody(out, v);
        return out;
    }

    /** {@code mutation} processor semantics: edits the part in place; false when the mapping deleted it. */
    @Override
    public boolean mutate(Batch batch, int index) throws MappingException {
        Part part = batch.get(index);
        Object initial;
        try {
            initial = part.structured();
        } catch (MessageParseException e) {
            initial = Marker.NOTHING;
        }
        ExecContext.ValueBox root = new ExecContext.ValueBox(initial);
        try {
            run(ExecContext.forMessage(batch, index, part, root, maps));
        } finally {
            Object v = root.value;
            if (v != Marker.DELETED && v != Marker.NOTHING) setBody(part, v);
        }
        return root.value != Marker.DELETED;
    }

    /** The value the mapping assigns to {@code root} (null when it assigns nothing). Metadata writes are discarded. */
    @Override
    public Object query(Batch batch, int index) throws MappingException {
        Object v = evaluate(batch, index);
        return v instanceof Marker ? null : v;
    }

    @Override
    public boolean check(Batch batch, int index) throws MappingException {
        Object v = evaluate(batch, index);
        if (v == Marker.DELETED) throw new MappingException("query mapping resulted in deleted message, expected a boolean value");
        if (v instanceof Boolean b) return b;
        throw new MappingException(Values.typeError(v instanceof Marker ? null : v, "bool").getMessage().replaceFirst(", got (\\S+)", ", got $1 from mapping"));
    }

    /** Runs the mapping on a plain value as {@code this} (no message); returns the new root, {@link Marker}s included. */
    public Object apply(Object value) throws MappingException {
        Part p = Part.ofStructured(value);
        Batch b = Batch.of(p);
        ExecContext.ValueBox root = new ExecContext.ValueBox(Marker.NOTHING);
        run(ExecContext.forMessage(b, 0, p.copy(), root, maps));
        return root.value;
    }

    private Object evaluate(Batch batch, int index) throws MappingException {
        Part in = batch.get(index);
        Part metaTarget = in;
        if (usesMetadata) {
            metaTarget = new Part(new byte[0]);
            metaTarget.setMetadata(in.metadata());
        }
        ExecContext.ValueBox root = new ExecContext.ValueBox(Marker.NOTHING);
        run(ExecContext.forMessage(batch, index, metaTarget, root, maps));
        return root.value;
    }

    private void run(ExecContext ctx) throws MappingException {
        try {
            program.execute(ctx);
        } catch (QueryException e) {
            throw new MappingException(e.getMessage());
        } catch (StackOverflowError e) {
            throw new MappingException("mapping exceeded the maximum recursion depth, this could be due to unbounded recursion");
        } catch (RuntimeException e) {
            throw new MappingException("mapping failed unexpectedly: " + e, e);
        }
    }

    private static void setBody(Part part, Object v) {
        if (v instanceof String s) part.setText(s);
        else if (v instanceof byte[] b) part.setBytes(b);
        else part.setStructured(v);
    }

    /** The mapping text as written. */
    public String source() {
        return source;
    }

    @Override
    public String toString() {
        return source;
    }
}
