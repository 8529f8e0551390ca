package io.sluice.core.spec;

import io.sluice.core.config.ConfigNode;
import io.sluice.core.config.Position;

import java.util.ArrayList;
import java.util.List;

/**
 * The shape every component config takes: {@code { <type>: <config>, label: x, processors: [...] }}
 * (or the older {@code { type: <type>, <type>: <config> }}). Finds the type key and its value.
 */
public record ComponentNode(String type, Position typePos, ConfigNode config, String label, ConfigNode processors) {

    /** Keys that sit beside the type key. */
    public static final List<String> RESERVED = List.of("label", "processors", "type", "plugin");

    /** Keys that sit beside the type key for one kind only: {@code metrics} has a {@code mapping} that renames metrics. */
    public static boolean besideType(ComponentKind kind, String key) {
        return kind == ComponentKind.METRICS && key.equals("mapping");
    }

    /** The spec of the metrics {@code mapping} beside the type; lint checks it like any mapping. */
    public static final FieldSpec METRICS_MAPPING = FieldSpec.bloblang("mapping").optional()
            .description("Runs once per metric as it is registered, with the metric name as `this` and its labels as metadata: "
                    + "assign `root` to rename it, `deleted()` to drop it, metadata to change its labels.");

    /** Splits a component config; returns an error message instead when the type cannot be told. */
    public static Object parse(ConfigNode node, ComponentKind kind) {
        if (!(node instanceof ConfigNode.MapNode m)) {
            return "expected an object with one " + kind.singular() + " type as its key, got " + node.typeName();
        }
        String label = null;
        ConfigNode labelNode = m.get("label");
        if (labelNode instanceof ConfigNode.ScalarNode s && s.value() != null) label = String.valueOf(s.value());
        List<String> candidates = new ArrayList<>();
        for (String k : m.entries().keySet()) if (!RESERVED.contains(k) && !besideType(kind, k)) candidates.add(k);
        String type;
        Position typePos;
        ConfigNode typeNode = m.get("type");
        if (typeNode instanceof ConfigNode.ScalarNode s && s.value() instanceof String t) {
            type = t;
            typePos = s.pos();
            for (String c : candidates) {
                if (!c.equals(type)) return "field '" + c + "' is not valid beside type '" + type + "'";
            }
        } else if (candidates.size() == 1) {
            type = candidates.get(0);
            typePos = m.entries().get(type).keyPos();
        } else if (candidates.isEmpty() && kind == ComponentKind.PROCESSOR && m.get("processors") != null) {
            // A processor whose type is `processors` (a grouping): the key is its type, not a list beside one.
            type = "processors";
            typePos = m.entries().get(type).keyPos();
        } else if (candidates.isEmpty()) {
            return "no " + kind.singular() + " type given (expected a key such as the component name)";
        } else {
            return "more than one " + kind.singular() + " type given: " + String.join(", ", candidates) + " (a component has exactly one)";
        }
        ConfigNode processors = kind == ComponentKind.PROCESSOR && type.equals("processors") ? null : m.get("processors");
        return new ComponentNode(type, typePos, m.get(type), label, processors);
    }
}
