package io.sluice.core.observe;

import io.sluice.core.expr.Mapping;
import io.sluice.core.expr.MappingException;
import io.sluice.core.message.Batch;
import io.sluice.core.message.Part;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code metrics.mapping} of a stream config: a Bloblang mapping run once per metric when it is registered, with
 * the metric name as {@code this} and its labels as metadata. Assigning {@code root} renames it, {@code deleted()}
 * drops it, and metadata edits change its labels. It runs at registration, never per message.
 */
public final class MetricNameMapping {

    /** What a metric becomes: its (possibly new) name and labels. */
    public record Renamed(String name, Map<String, String> labels) {
    }

    private final Mapping mapping;

    public MetricNameMapping(Mapping mapping) {
        this.mapping = mapping;
    }

    /** The renamed metric, or null when the mapping drops it. A failing mapping keeps the metric as it was. */
    public Renamed apply(String name, Map<String, String> labels) {
        Part part = Part.ofStructured(name);
        labels.forEach(part::setMeta);
        Batch batch = Batch.of(part);
        try {
            if (!mapping.mutate(batch, 0)) return null;
        } catch (MappingException e) {
            return new Renamed(name, labels);
        }
        Part out = batch.get(0);
        // `root = "x"` leaves the text x; an untouched root is still the structured name.
        String renamed = out.hasStructured() && out.structured() instanceof String s ? s : out.text();
        Map<String, String> newLabels = new LinkedHashMap<>();
        out.metadata().forEach((k, v) -> newLabels.put(k, String.valueOf(v)));
        return new Renamed(renamed == null || renamed.isEmpty() ? name : renamed, newLabels);
    }
}
