package io.sluice.components.processors;

import io.sluice.core.expr.Mapping;
import io.sluice.core.expr.MappingException;
import io.sluice.core.message.Batch;
import io.sluice.core.message.MessageParseException;
import io.sluice.core.message.Part;
import io.sluice.core.message.Structured;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A {@code branch} result map: it reads the branch's result message and writes onto the origin
 * message, so that {@code root.foo = this} adds {@code foo} to the origin and leaves the rest of it,
 * metadata included, as it was.
 *
 * <p>Core's {@link Mapping} can only build a new message from one input ({@link Mapping#map}) or edit
 * one message in place ({@link Mapping#mutate}); it has no "read this message, write onto that one".
 * Until it does, this runs {@link Mapping#map} on the result and carries onto the origin only what the
 * mapping assigns, as {@link MappingTargets} finds in its text: the whole document for
 * {@code root = ...}, a deep merge for path assignments, the named keys for {@code meta k = ...} and
 * all metadata for {@code meta = ...}. One difference remains: inside the mapping, {@code @k} reads the
 * result's metadata rather than the origin's.
 */
final class ResultMapping {
    private final Mapping mapping;
    private final MappingTargets targets;

    ResultMapping(Mapping mapping, String source) {
        this.mapping = mapping;
        this.targets = MappingTargets.scan(source);
    }

    MappingTargets targets() {
        return targets;
    }

    /**
     * Maps {@code results.get(index)} onto {@code origin}.
     *
     * @throws MappingException when the mapping fails; {@code origin} is then left unchanged
     */
    void applyOnto(Part origin, Batch results, int index) throws MappingException {
        Part mapped;
        try {
            mapped = mapping.map(results, index);
        } catch (MessageParseException e) {
            throw new MappingException(e.getMessage(), e);
        }
        if (mapped == null) return; // deleted(): the origin stays as it is
        if (targets.assignsDocument()) applyDocument(origin, mapped);
        if (targets.assignsAllMetadata()) {
            origin.setMetadata(mapped.metadata());
        } else {
            for (String key : targets.assignedMetadataKeys()) origin.setMeta(key, mapped.meta(key));
        }
    }

    private void applyDocument(Part origin, Part mapped) throws MappingException {
        if (targets.assignsWholeDocument()) {
            if (mapped.hasStructured()) origin.setStructured(Structured.deepCopy(mapped.structured()));
            else origin.setBytes(mapped.bytes());
            return;
        }
        Object produced;
        try {
            produced = mapped.structured();
        } catch (MessageParseException e) {
            throw new MappingException("result mapping produced a non-structured document: " + e.getMessage(), e);
        }
        Object current;
        try {
            current = origin.structured();
        } catch (MessageParseException e) {
            current = null;
        }
        origin.setStructured(merge(current, Structured.deepCopy(produced)));
    }

    /** Deep-merges {@code overlay} into {@code base}: objects merge key by key, anything else replaces. */
    @SuppressWarnings("unchecked")
    static Object merge(Object base, Object overlay) {
        if (base instanceof Map<?, ?> b && overlay instanceof Map<?, ?> o) {
            Map<String, Object> out = new LinkedHashMap<>((Map<String, Object>) b);
            for (Map.Entry<String, Object> e : ((Map<String, Object>) o).entrySet()) {
                out.put(e.getKey(), merge(out.get(e.getKey()), e.getValue()));
            }
            return out;
        }
        return overlay;
    }
}
