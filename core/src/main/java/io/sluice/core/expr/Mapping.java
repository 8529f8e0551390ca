package io.sluice.core.expr;

import io.sluice.core.message.Batch;
import io.sluice.core.message.Part;

/**
 * A compiled mapping (Bloblang). Compiled once, applied to many messages; safe to call from many
 * threads at once (per-call state lives in the call).
 */
public interface Mapping {

    /**
     * Runs the mapping as the {@code mapping} processor does: builds a new document from the part at
     * {@code index} of {@code batch}. Returns the new part, or {@code null} when the mapping deleted
     * the message.
     *
     * @throws MappingException when the mapping fails on this message
     */
    Part map(Batch batch, int index) throws MappingException;

    /**
     * Runs the mapping as the {@code mutation} processor does: edits the part at {@code index} in place.
     * Returns false when the mapping deleted the message.
     */
    boolean mutate(Batch batch, int index) throws MappingException;

    /** Evaluates the mapping as a query and returns the value assigned to {@code root} (for {@code check} fields and the like). */
    Object query(Batch batch, int index) throws MappingException;

    /** A query that must produce a boolean; anything else is a {@link MappingException}. */
    default boolean check(Batch batch, int index) throws MappingException {
        Object v = query(batch, index);
        if (v instanceof Boolean b) return b;
        throw new MappingException("expected bool value, got " + describe(v));
    }

    private static String describe(Object v) {
        if (v == null) return "null";
        return v.getClass().getSimpleName().toLowerCase() + " (" + v + ")";
    }
}
