package io.sluice.gateway.streamapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A JSON Schema (draft-07 words, which AsyncAPI's schema format accepts) guessed from sample messages: the shape every
 * sample shares. Properties present in every sample object are required; a property whose type differs between
 * samples gets the list of types seen; integers and numbers together make a number. Nested objects and arrays are
 * merged the same way, to a bounded depth so a deeply nested sample cannot make the document huge.
 */
final class SchemaInference {

    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final int MAX_DEPTH = 8;
    private static final int MAX_PROPERTIES = 200;

    private SchemaInference() {
    }

    /** The merged schema of the samples, or null when there is none. */
    static ObjectNode infer(List<JsonNode> samples) {
        ObjectNode merged = null;
        for (JsonNode sample : samples) {
            ObjectNode one = of(sample, 0);
            merged = merged == null ? one : merge(merged, one, 0);
        }
        return merged;
    }

    private static ObjectNode of(JsonNode value, int depth) {
        ObjectNode schema = F.objectNode();
        if (depth >= MAX_DEPTH) {
            return schema; // anything: deeper levels are not described
        }
        switch (value.getNodeType()) {
            case OBJECT -> {
                schema.put("type", "object");
                ObjectNode props = schema.putObject("properties");
                ArrayNode required = F.arrayNode();
                int n = 0;
                for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext() && n < MAX_PROPERTIES; n++) {
                    Map.Entry<String, JsonNode> field = it.next();
                    props.set(field.getKey(), of(field.getValue(), depth + 1));
                    required.add(field.getKey());
                }
                if (!required.isEmpty()) schema.set("required", required);
            }
            case ARRAY -> {
                schema.put("type", "array");
                ObjectNode items = null;
                for (JsonNode item : value) {
                    ObjectNode one = of(item, depth + 1);
                    items = items == null ? one : merge(items, one, depth + 1);
                }
                if (items != null) schema.set("items", items);
            }
            case STRING -> schema.put("type", "string");
            case NUMBER -> schema.put("type", value.isIntegralNumber() ? "integer" : "number");
            case BOOLEAN -> schema.put("type", "boolean");
            case NULL -> schema.put("type", "null");
            default -> {
                // binary or unknown nodes do not come out of a JSON parser; leave them undescribed
            }
        }
        return schema;
    }

    private static ObjectNode merge(ObjectNode a, ObjectNode b, int depth) {
        Set<String> types = new LinkedHashSet<>();
        types.addAll(types(a));
        types.addAll(types(b));
        if (types.isEmpty() || types(a).isEmpty() || types(b).isEmpty()) {
            return F.objectNode(); // one side is "anything"
        }
        if (types.contains("number")) types.remove("integer");
        ObjectNode out = F.objectNode();
        if (types.size() == 1) out.put("type", types.iterator().next());
        else {
            ArrayNode list = out.putArray("type");
            types.forEach(list::add);
        }
        if (types.contains("object")) {
            ObjectNode props = out.putObject("properties");
            JsonNode pa = a.path("properties");
            JsonNode pb = b.path("properties");
            Set<String> names = new LinkedHashSet<>();
            pa.fieldNames().forEachRemaining(names::add);
            pb.fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                JsonNode x = pa.get(name);
                JsonNode y = pb.get(name);
                props.set(name, x == null ? y : y == null ? x : merge((ObjectNode) x, (ObjectNode) y, depth + 1));
            }
            // required only what both sides require (an object side that is missing requires nothing)
            List<String> required = new ArrayList<>();
            Set<String> rb = new LinkedHashSet<>();
            b.path("required").forEach(r -> rb.add(r.asText()));
            boolean bothObjects = types(a).contains("object") && types(b).contains("object");
            if (bothObjects) a.path("required").forEach(r -> {
                if (rb.contains(r.asText())) required.add(r.asText());
            });
            if (!required.isEmpty()) {
                ArrayNode list = out.putArray("required");
                required.forEach(list::add);
            }
        }
        if (types.contains("array")) {
            JsonNode ia = a.get("items");
            JsonNode ib = b.get("items");
            if (ia != null && ib != null) out.set("items", merge((ObjectNode) ia, (ObjectNode) ib, depth + 1));
            else if (ia != null || ib != null) out.set("items", ia != null ? ia : ib);
        }
        return out;
    }

    private static Set<String> types(ObjectNode schema) {
        Set<String> out = new LinkedHashSet<>();
        JsonNode t = schema.get("type");
        if (t == null) return out;
        if (t.isArray()) t.forEach(x -> out.add(x.asText()));
        else out.add(t.asText());
        return out;
    }
}
