package io.sluice.console.dashboard;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.console.apis.StreamYaml;
import io.sluice.core.registry.ComponentRegistry;
import io.sluice.core.spec.ComponentKind;
import io.sluice.core.spec.ComponentSpec;
import io.sluice.core.spec.FieldSpec;
import io.sluice.gateway.runtime.GatewayJson;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Turns the wizard's choices (inputs, one processor, outputs, each with the values of its generated form) into the
 * stream's YAML: several inputs become a {@code broker} input, several outputs a {@code broker} output with
 * {@code pattern: fan_out}. Values left empty or equal to the spec's default are left out, so the YAML shows only
 * what was chosen.
 */
final class StreamComposer {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    /** A choice the wizard sent that the registry does not know. */
    static final class UnknownComponent extends Exception {
        UnknownComponent(String message) {
            super(message);
        }
    }

    private final ComponentRegistry registry;

    StreamComposer(ComponentRegistry registry) {
        this.registry = registry;
    }

    String compose(JsonNode request) throws UnknownComponent {
        ObjectNode root = JSON.objectNode();
        List<ObjectNode> inputs = components(request.path("inputs"), ComponentKind.INPUT);
        List<ObjectNode> outputs = components(request.path("outputs"), ComponentKind.OUTPUT);
        if (inputs.isEmpty() || outputs.isEmpty()) {
            throw new UnknownComponent("choose at least one input and one output");
        }
        root.set("input", inputs.size() == 1 ? inputs.getFirst() : broker("inputs", inputs, null));
        JsonNode processor = request.path("processor");
        if (processor.isObject() && !processor.path("name").asText("").isEmpty()) {
            ObjectNode pipeline = root.putObject("pipeline");
            pipeline.putArray("processors").add(component(processor, ComponentKind.PROCESSOR));
        }
        root.set("output", outputs.size() == 1 ? outputs.getFirst() : broker("outputs", outputs, "fan_out"));
        try {
            return StreamYaml.MAPPER.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ObjectNode broker(String field, List<ObjectNode> children, String pattern) {
        ObjectNode broker = JSON.objectNode();
        ObjectNode config = broker.putObject("broker");
        if (pattern != null) {
            config.put("pattern", pattern);
        }
        ArrayNode list = config.putArray(field);
        children.forEach(list::add);
        return broker;
    }

    private List<ObjectNode> components(JsonNode list, ComponentKind kind) throws UnknownComponent {
        List<ObjectNode> out = new ArrayList<>();
        if (list.isArray()) {
            for (JsonNode item : list) {
                out.add(component(item, kind));
            }
        }
        return out;
    }

    private ObjectNode component(JsonNode choice, ComponentKind kind) throws UnknownComponent {
        String name = choice.path("name").asText("");
        ComponentSpec spec = registry.find(kind, name).map(r -> r.spec())
                .orElseThrow(() -> new UnknownComponent("there is no " + kind.singular() + " called '" + name + "'"));
        ObjectNode node = JSON.objectNode();
        JsonNode value = trimmed(choice.get("config"), spec.config());
        node.set(name, value == null ? JSON.objectNode() : value);
        return node;
    }

    /** The value without empty and default entries; null when nothing is left. */
    private static JsonNode trimmed(JsonNode value, FieldSpec spec) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            return null;
        }
        if (value.isTextual() && value.asText().isEmpty()) {
            return null;
        }
        if (spec.hasDefault() && sameAsDefault(value, spec.defaultValue())) {
            return null;
        }
        if (value.isObject() && spec.shape() == FieldSpec.Shape.SCALAR && !spec.children().isEmpty()) {
            ObjectNode out = JSON.objectNode();
            for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> entry = it.next();
                FieldSpec child = spec.child(entry.getKey()).orElse(null);
                JsonNode kept = child == null ? entry.getValue() : trimmed(entry.getValue(), child);
                if (kept != null) {
                    out.set(entry.getKey(), kept);
                }
            }
            return out.isEmpty() && !spec.isRequired() ? null : out;
        }
        if (value.isArray() && value.isEmpty() && !spec.isRequired()) {
            return null;
        }
        return value;
    }

    private static boolean sameAsDefault(JsonNode value, Object defaultValue) {
        JsonNode def = GatewayJson.MAPPER.valueToTree(defaultValue);
        if (def == null) {
            return false;
        }
        if (value.isNumber() && def.isNumber()) {
            return value.asDouble() == def.asDouble();
        }
        return def.equals(value);
    }
}
